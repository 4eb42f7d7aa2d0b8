"""Compare rendered files with the output directory, and write the ones that changed."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Drift:
    """The differences between the output directory and the rendered files."""

    stale: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.stale or self.missing or self.orphaned)

    def lines(self) -> list[str]:
        return (
            [f"stale: {name}" for name in self.stale]
            + [f"missing: {name}" for name in self.missing]
            + [f"orphaned: {name}" for name in self.orphaned]
        )


def compare(files: dict[str, str], out_dir: Path) -> Drift:
    """Return which files are stale, missing or orphaned in `out_dir`."""
    drift = Drift()
    for name in sorted(files):
        path = out_dir / name
        if not path.is_file():
            drift.missing.append(name)
        elif path.read_bytes() != files[name].encode("utf-8"):
            drift.stale.append(name)
    if out_dir.is_dir():
        for path in sorted(out_dir.rglob("*")):
            relative = path.relative_to(out_dir)
            if "__pycache__" in relative.parts or path.is_dir():
                continue
            if relative.as_posix() not in files:
                drift.orphaned.append(relative.as_posix())
    return drift


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write(files: dict[str, str], out_dir: Path) -> Drift:
    """Bring `out_dir` in line with `files`: write changed files, remove orphaned ones."""
    drift = compare(files, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in drift.stale + drift.missing:
        write_atomic(out_dir / name, files[name].encode("utf-8"))
    for name in drift.orphaned:
        (out_dir / name).unlink()
    for directory in sorted({(out_dir / name).parent for name in drift.orphaned}, reverse=True):
        while directory != out_dir and not any(directory.iterdir()):
            directory.rmdir()
            directory = directory.parent
    return drift
