"""Command line: python -m generator [--spec DIR] [--out DIR] [--check], or import-iana CSV."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from generator.errors import ErrorLog

EXIT_OK = 0
EXIT_DRIFT = 1
EXIT_SPEC_ERROR = 2

log = logging.getLogger("generator")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Compile spec/*.yaml into the tlsspec package.",
        epilog="Exit status: 0 done or in sync, 1 --check found drift, 2 spec errors.",
    )
    parser.add_argument(
        "--spec", type=Path, default=Path("spec"), help="spec directory (default: spec)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("generated/tlsspec"),
        help="package directory (default: generated/tlsspec)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; report stale, missing and orphaned files",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log each stage")
    return parser


def generate(spec_dir: Path, out_dir: Path, check: bool) -> int:
    """Run load, validate, derive, render, then check or write; return the exit status."""
    from generator.build import build_files

    if not spec_dir.is_dir():
        print(f"{spec_dir}: error: spec directory not found (pass --spec DIR)", file=sys.stderr)
        return EXIT_SPEC_ERROR
    errors = ErrorLog()
    files = build_files(spec_dir, errors)
    if files is None:
        for error in errors.sorted():
            print(error, file=sys.stderr)
        count = len(errors.sorted())
        print(
            f"{count} error{'s' if count != 1 else ''} in {spec_dir}; nothing written",
            file=sys.stderr,
        )
        return EXIT_SPEC_ERROR

    from generator.write import compare, write

    if check:
        drift = compare(files, out_dir)
        for line in drift.lines():
            print(f"{out_dir}: {line}")
        if drift:
            print("generated code is out of date; run `make generate`", file=sys.stderr)
            return EXIT_DRIFT
        log.info("%s is in sync with %s", out_dir, spec_dir)
        return EXIT_OK

    drift = write(files, out_dir)
    changed = len(drift.stale) + len(drift.missing) + len(drift.orphaned)
    for line in drift.lines():
        print(
            f"{out_dir}: {line.replace('stale', 'updated').replace('missing', 'created').replace('orphaned', 'removed')}"
        )
    print(f"{out_dir}: {len(files)} files, {changed} changed")
    return EXIT_OK


def import_iana(arguments: list[str]) -> int:
    """Draft spec/cipher_suites.yaml from an IANA export, or report how the export differs."""
    parser = argparse.ArgumentParser(
        prog="python -m generator import-iana",
        description=(
            "Write a first draft of cipher_suites.yaml from IANA's tls-parameters-4.csv when the "
            "spec has none; otherwise list what the export adds, removes or changes."
        ),
        epilog="Exit status: 0 no differences (or draft written), 1 differences listed, 2 bad input.",
    )
    parser.add_argument("csv", type=Path, help="IANA export of the TLS Cipher Suites registry")
    parser.add_argument(
        "--spec", type=Path, default=Path("spec"), help="spec directory (default: spec)"
    )
    options = parser.parse_args(arguments)
    if not options.csv.is_file():
        problem = "is a directory" if options.csv.is_dir() else "file not found"
        print(
            f"{options.csv}: error: {problem} (give the path of tls-parameters-4.csv)",
            file=sys.stderr,
        )
        return EXIT_SPEC_ERROR

    from generator.import_iana import import_cipher_suites

    return import_cipher_suites(options.csv, options.spec / "cipher_suites.yaml")


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["import-iana"]:
        return import_iana(arguments[1:])
    options = build_parser().parse_args(arguments)
    logging.basicConfig(
        level=logging.INFO if options.verbose else logging.WARNING, format="%(name)s: %(message)s"
    )
    return generate(options.spec, options.out, options.check)


if __name__ == "__main__":
    sys.exit(main())
