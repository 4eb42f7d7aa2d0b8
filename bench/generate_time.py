"""Time `python -m generator`: a full generation into an empty directory, and a no-op run."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(arguments: list[str]) -> tuple[float, str]:
    """Run the generator once from the repository root; return seconds and its output."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "generator", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - started, result.stdout


def report(rounds: int = 5) -> str:
    """Run both cases and return a Markdown table."""
    full, noop = [], []
    written = ""
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as directory:
            seconds, _ = run(["--out", str(Path(directory) / "tlsspec")])
            full.append(seconds)
        seconds, written = run([])
        noop.append(seconds)
    lines = [
        f"`python -m generator`, median of {rounds} runs (whole process, interpreter start included).",
        "",
        "| case | seconds | output |",
        "| --- | ---: | --- |",
        f"| full generation into an empty directory | {statistics.median(full):.2f} | |",
        f"| up-to-date tree | {statistics.median(noop):.2f} | {written.strip().splitlines()[-1]} |",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
