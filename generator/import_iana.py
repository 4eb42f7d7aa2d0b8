"""Import the IANA TLS Cipher Suites export (tls-parameters-4.csv) into the spec.

When ``spec/cipher_suites.yaml`` does not exist yet, ``import_cipher_suites`` writes a first
draft of it, decomposing every suite by parsing its IANA name. Parsing names is good enough
for a draft that a person then reviews. Once the file exists it is the source of truth, and
the command only reports how the export differs from it, so that a registry update is
applied by hand.
"""

from __future__ import annotations

import csv
import json
import pathlib
import sys
from collections.abc import Mapping
from typing import Final

import yaml

from generator.iana_draft import REGISTRY_CLASS, format_scalar, write_draft
from generator.iana_export import Assignment, ExportError, IanaExport, ValueRange, read_export

# The IANA columns that the spec copies, as (spec key, Assignment attribute).
_COMPARED_FIELDS: Final = (
    ("name", "name"),
    ("dtls_ok", "dtls_ok"),
    ("recommended", "recommended"),
    ("references", "references"),
    ("comment", "comment"),
)


def import_cipher_suites(csv_path: pathlib.Path, spec_path: pathlib.Path) -> int:
    """Write a draft spec from the export, or report how the export differs from the spec.

    Returns 0 when a draft was written or nothing differs, 1 when differences were printed
    (one line each on stdout), and 2 when the export or the spec cannot be read.
    """
    try:
        export = read_export(csv_path)
    except ExportError as error:
        print(f"{csv_path}:{error.line}: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"{csv_path}: error: cannot read the IANA export: {error}", file=sys.stderr)
        return 2
    except (UnicodeDecodeError, csv.Error) as error:
        print(
            f"{csv_path}: error: invalid IANA export: {error} (expected a UTF-8 CSV file)",
            file=sys.stderr,
        )
        return 2

    if not spec_path.exists():
        return write_draft(export, spec_path)

    try:
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        differences = compare_with_spec(export, spec)
    except (OSError, yaml.YAMLError) as error:
        print(f"{spec_path}: error: cannot read the spec: {error}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"{spec_path}: error: {error}", file=sys.stderr)
        return 2

    for line in differences:
        print(line)
    summary = f"{len(differences)} difference{'s' if len(differences) != 1 else ''}"
    print(
        f"{summary} between {csv_path} ({len(export.assignments)} suites, {len(export.ranges)} ranges)"
        f" and {spec_path}",
        file=sys.stderr,
    )
    return 1 if differences else 0


def compare_with_spec(export: IanaExport, spec: object) -> list[str]:
    """List how the export differs from a loaded cipher-suite spec, one line per difference.

    Entries are compared on the columns that the spec copies from IANA (name, dtls_ok,
    recommended, references, comment), and ranges on all their fields. Raises ValueError
    when the spec does not have the shape of spec/README.md.
    """
    registry = _registry_of(spec)
    spec_entries = _by_code(registry.get("entries"), "code", "entries")
    export_entries = {assignment.code: assignment for assignment in export.assignments}
    differences: list[str] = []

    for code in sorted(export_entries.keys() | spec_entries.keys()):
        assignment = export_entries.get(code)
        spec_entry = spec_entries.get(code)
        if spec_entry is None and assignment is not None:
            differences.append(f"added 0x{code:04X} {assignment.name}")
        elif assignment is None and spec_entry is not None:
            differences.append(f"removed 0x{code:04X} {spec_entry.get('name')}")
        elif assignment is not None and spec_entry is not None:
            differences += _compare_entry(code, assignment, spec_entry)

    spec_ranges = _by_code(registry.get("ranges", []), "first", "ranges")
    export_ranges = {value_range.first: value_range for value_range in export.ranges}
    for first in sorted(export_ranges.keys() | spec_ranges.keys()):
        export_range = export_ranges.get(first)
        spec_item = spec_ranges.get(first)
        spec_range = _range_of(spec_item) if spec_item is not None else None
        if spec_range == export_range:
            continue
        if spec_range is not None:
            differences.append(f"removed range {_describe_range(spec_range)}")
        if export_range is not None:
            differences.append(f"added range {_describe_range(export_range)}")
    return differences


def _registry_of(spec: object) -> Mapping[str, object]:
    if not isinstance(spec, dict):
        raise ValueError("the spec is not a mapping (expected a registries: key)")
    registries = spec.get("registries")
    if not isinstance(registries, dict) or not isinstance(registries.get(REGISTRY_CLASS), dict):
        raise ValueError(f"the spec has no registries.{REGISTRY_CLASS} mapping")
    registry: dict[str, object] = registries[REGISTRY_CLASS]
    return registry


def _by_code(items: object, key: str, section: str) -> dict[int, Mapping[str, object]]:
    if not isinstance(items, list):
        raise ValueError(f"registries.{REGISTRY_CLASS}.{section} is not a list")
    by_code: dict[int, Mapping[str, object]] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get(key), int):
            raise ValueError(f"{section}[{index}] has no integer {key}")
        by_code[item[key]] = item
    return by_code


def _compare_entry(
    code: int, assignment: Assignment, spec_entry: Mapping[str, object]
) -> list[str]:
    differences: list[str] = []
    for spec_key, attribute in _COMPARED_FIELDS:
        spec_value = spec_entry.get(spec_key)
        if isinstance(spec_value, list):
            spec_value = tuple(spec_value)
        export_value = getattr(assignment, attribute)
        if spec_value != export_value:
            differences.append(
                f"changed 0x{code:04X} {spec_entry.get('name')}: {spec_key} "
                f"{_format_difference(spec_value)} -> {_format_difference(export_value)}"
            )
    return differences


def _format_difference(value: object) -> str:
    return json.dumps(value) if isinstance(value, str) else format_scalar(value)


def _range_of(item: Mapping[str, object]) -> ValueRange:
    first, last, references = item.get("first"), item.get("last"), item.get("references", [])
    if not isinstance(first, int) or not isinstance(last, int) or not isinstance(references, list):
        raise ValueError(f"range {item!r} needs integer first and last and a references list")
    return ValueRange(
        first=first,
        last=last,
        status=str(item.get("status")),
        description=str(item.get("description")),
        references=tuple(str(reference) for reference in references),
    )


def _describe_range(value_range: ValueRange) -> str:
    references = format_scalar(list(value_range.references))
    return (
        f"0x{value_range.first:04X}-0x{value_range.last:04X} {value_range.status} "
        f"{format_scalar(value_range.description)} {references}"
    )
