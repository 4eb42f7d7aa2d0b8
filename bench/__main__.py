"""Run every benchmark and print the Markdown that BENCHMARKS.md records."""

from __future__ import annotations

import os
import platform

from bench import generate_time, import_time, key_schedule, prf, session_cache


def main() -> None:
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}\n"
    )
    print(import_time.report())
    print()
    print(generate_time.report())
    print()
    print(prf.report())
    print()
    print(key_schedule.report())
    print()
    print(session_cache.report())


if __name__ == "__main__":
    main()
