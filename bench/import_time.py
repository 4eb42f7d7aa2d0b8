"""Time `import tlsspec` against tlslite-ng's and scapy's constants, a fresh interpreter each.

Each sample is one new `python -c` process that imports one module and prints how long the
import took (time.perf_counter around the import statement). Samples of the candidates are
interleaved, so a slow moment of the machine hits them all alike. The whole process is also
timed from the outside and the bare interpreter's start-up subtracted.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

CANDIDATES: dict[str, str] = {
    "bare interpreter": "",
    "tlsspec": "import tlsspec",
    "tlslite-ng 0.8.2 (tlslite.constants)": "import tlslite.constants",
    "scapy 2.8.0 (scapy.layers.tls.crypto.suites)": "import scapy.layers.tls.crypto.suites",
}
PROBE = "import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"


@dataclass
class Sample:
    """Times of one candidate, in seconds."""

    inside: list[float]
    process: list[float]


def measure(rounds: int) -> dict[str, Sample]:
    """Return interleaved samples of every candidate."""
    samples = {name: Sample([], []) for name in CANDIDATES}
    for _ in range(rounds):
        for name, statement in CANDIDATES.items():
            code = PROBE.format(statement=statement or "pass")
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            )
            samples[name].process.append(time.perf_counter() - started)
            samples[name].inside.append(float(result.stdout))
    return samples


def report(rounds: int = 40) -> str:
    """Run the benchmark and return a Markdown table."""
    samples = measure(rounds)
    bare = statistics.median(samples["bare interpreter"].process)
    ours = statistics.median(samples["tlsspec"].inside)
    lines = [
        f"Import time, median of {rounds} fresh interpreters ({sys.version.split()[0]}).",
        "",
        "| module | import (ms) | process above bare start-up (ms) | import time / tlsspec's |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, sample in samples.items():
        if name == "bare interpreter":
            continue
        inside = statistics.median(sample.inside)
        above = statistics.median(sample.process) - bare
        lines.append(f"| {name} | {inside * 1e3:.1f} | {above * 1e3:.1f} | {inside / ours:.1f} |")
    lines.append(f"| bare interpreter start-up | | {bare * 1e3:.1f} (whole process) | |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
