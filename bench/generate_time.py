"""Time the generator: a full generation into an empty directory, and `make generate` on an
up-to-date tree, checking that the second writes no file.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated" / "tlsspec"


def timed(command: list[str]) -> float:
    """Run a command from the repository root and return its wall time in seconds."""
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return time.perf_counter() - started


def stamps() -> dict[str, int]:
    """Return the modification time of every generated file, in nanoseconds."""
    return {path.name: path.stat().st_mtime_ns for path in GENERATED.iterdir() if path.is_file()}


def report(rounds: int = 5) -> str:
    """Run both cases and return a Markdown table."""
    full, noop = [], []
    created = written = 0
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as directory:
            out = Path(directory) / "tlsspec"
            full.append(timed([sys.executable, "-m", "generator", "--out", str(out)]))
            created = sum(1 for path in out.iterdir() if path.is_file())
        before = stamps()
        noop.append(timed(["make", "--no-print-directory", "generate"]))
        written += sum(before.get(name) != stamp for name, stamp in stamps().items())
    lines = [
        f"Median of {rounds} runs, whole process (interpreter start-up included).",
        "",
        "| case | seconds | files written |",
        "| --- | ---: | ---: |",
        f"| `python -m generator --out EMPTY_DIR` (full generation) | {statistics.median(full):.2f} | {created} |",
        f"| `make generate` on an up-to-date tree | {statistics.median(noop):.2f} | {written} |",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
