"""Time `import tlsspec` against tlslite-ng's and scapy's constants, a fresh interpreter each.

Each sample is one new `python -c` process that imports one module and prints how long the
import took (time.perf_counter around the import statement). Samples of the candidates are
interleaved, so a slow moment of the machine hits them all alike. The whole process is also
timed from the outside and the bare interpreter's start-up subtracted.
"""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

# tlsspec builds each registry's records on its first lookup; this row pays for all of them.
FIRST_LOOKUPS = (
    "import tlsspec; [getattr(tlsspec, name)(0) for name in tlsspec.__all__"
    " if name.endswith('_info')]"
)
CANDIDATES: dict[str, str] = {
    "bare interpreter": "",
    "tlsspec": "import tlsspec",
    "tlsspec, then one lookup in each of its 16 registries": FIRST_LOOKUPS,
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


def compile_package() -> None:
    """Write tlsspec's bytecode, as pip does for installed packages such as tlslite-ng.

    Without it, an environment with PYTHONDONTWRITEBYTECODE set would compile tlsspec's
    source in every sample while the peers load their bytecode.
    """
    import tlsspec

    compileall.compile_dir(Path(tlsspec.__file__).parent, quiet=1)


def report(rounds: int = 60) -> str:
    """Run the benchmark and return a Markdown table."""
    compile_package()
    samples = measure(rounds)
    bare = statistics.median(samples["bare interpreter"].process)
    ours = statistics.median(samples["tlsspec"].inside)
    ours_above = statistics.median(samples["tlsspec"].process) - bare
    lines = [
        f"Import time, median of {rounds} fresh interpreters ({sys.version.split()[0]}).",
        "",
        "| statement | import (ms) | process above bare start-up (ms) | import, / tlsspec's"
        " | process above bare, / tlsspec's |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, sample in samples.items():
        if name == "bare interpreter":
            continue
        inside = statistics.median(sample.inside)
        above = statistics.median(sample.process) - bare
        ratio = above / ours_above
        lines.append(
            f"| {name} | {inside * 1e3:.1f} | {above * 1e3:.1f} | {inside / ours:.1f} | {ratio:.1f} |"
        )
    lines.append(f"| bare interpreter start-up | | {bare * 1e3:.1f} (whole process) | | |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
