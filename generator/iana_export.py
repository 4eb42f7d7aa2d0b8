"""Read IANA's export of the TLS Cipher Suites registry (tls-parameters-4.csv)."""

from __future__ import annotations

import csv
import dataclasses
import pathlib
import re
from typing import Final

# The IANA export's columns. Older exports have no Comment column.
_REQUIRED_COLUMNS: Final = ("Value", "Description", "DTLS-OK", "Recommended", "Reference")

# A Value cell: "0x00,0x2F", "0x00,0x1C-1D", "0x01-09,*" or "0xCB,*".
_VALUE_PATTERN: Final = re.compile(
    r"0x(?P<hi>[0-9A-F]{2})(?:-(?P<hi_last>[0-9A-F]{2}))?,"
    r"(?:(?P<any>\*)|0x(?P<lo>[0-9A-F]{2})(?:-(?P<lo_last>[0-9A-F]{2}))?)",
    re.IGNORECASE,
)
_REFERENCE_PATTERN: Final = re.compile(r"\[([^\]]*)\]")


class ExportError(ValueError):
    """Raised for a row of the IANA export that this importer cannot read."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclasses.dataclass(frozen=True, slots=True)
class Assignment:
    """An assigned code point of the export: a row whose Value is a single byte pair."""

    code: int
    name: str
    dtls_ok: bool | None
    recommended: str | None
    references: tuple[str, ...]
    comment: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class ValueRange:
    """A row of the export that covers values without assigning them."""

    first: int
    last: int
    status: str
    description: str
    references: tuple[str, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class IanaExport:
    """The rows of an export, in code order, without the GREASE rows of RFC 8701."""

    assignments: tuple[Assignment, ...]
    ranges: tuple[ValueRange, ...]


def read_export(csv_path: pathlib.Path) -> IanaExport:
    """Read an IANA cipher-suite export into assignments and ranges, in code order."""
    assignments: list[Assignment] = []
    ranges: list[ValueRange] = []

    with csv_path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        missing = [
            column for column in _REQUIRED_COLUMNS if column not in (reader.fieldnames or ())
        ]
        if missing:
            raise ExportError(1, f"missing columns {missing} (expected an IANA CSV export)")

        for row in reader:
            line = reader.line_num
            first, last = parse_value(row["Value"], line)
            description = " ".join(row["Description"].split())
            references = parse_references(row["Reference"], line)

            if first == last and description.startswith("TLS_"):
                assignments.append(
                    Assignment(
                        code=first,
                        name=description,
                        dtls_ok=_parse_flag(row["DTLS-OK"], line),
                        recommended=_parse_recommended(row["Recommended"], line),
                        references=references,
                        comment=" ".join((row.get("Comment") or "").split()) or None,
                    )
                )
            elif first == last and is_grease(first) and "RFC8701" in references:
                continue
            else:
                ranges.append(
                    ValueRange(
                        first=first,
                        last=last,
                        status=_range_status(description, line),
                        description=description,
                        references=references,
                    )
                )

    assignments.sort(key=lambda assignment: assignment.code)
    ranges.sort(key=lambda value_range: value_range.first)
    return IanaExport(tuple(assignments), tuple(ranges))


def parse_value(value: str, line: int) -> tuple[int, int]:
    """Return the first and last code point that a Value cell covers."""
    match = _VALUE_PATTERN.fullmatch(value.strip())
    if match is None:
        raise ExportError(
            line,
            f"invalid Value {value!r}: expected a byte pair such as 0x00,0x2F, as in the TLS Cipher"
            " Suites export (tls-parameters-4.csv); is this another registry's export?",
        )

    high = int(match["hi"], 16)
    high_last = int(match["hi_last"], 16) if match["hi_last"] else high
    if match["any"]:
        return high << 8, (high_last << 8) | 0xFF
    if high_last != high:
        raise ExportError(line, f"invalid Value {value!r}: a first-byte range needs '*'")

    low = int(match["lo"], 16)
    low_last = int(match["lo_last"], 16) if match["lo_last"] else low
    if low_last < low:
        raise ExportError(line, f"invalid Value {value!r}: the range is reversed")
    return (high << 8) | low, (high << 8) | low_last


def parse_references(text: str, line: int) -> tuple[str, ...]:
    """Split a Reference cell such as "[RFC4346][RFC6347]" into its bracketed items."""
    references = tuple(_REFERENCE_PATTERN.findall(text))
    leftover = _REFERENCE_PATTERN.sub("", text).strip()
    if leftover:
        raise ExportError(
            line, f"invalid Reference {text!r}: text {leftover!r} is outside brackets"
        )
    return references


def is_grease(code: int) -> bool:
    """Return whether a two-byte value is one of the GREASE values of RFC 8701."""
    return (code & 0x0F0F) == 0x0A0A and (code >> 8) == (code & 0xFF)


def _parse_flag(text: str, line: int) -> bool | None:
    flags = {"Y": True, "N": False, "": None}
    if text.strip() not in flags:
        raise ExportError(line, f"invalid DTLS-OK {text!r} (expected Y, N or empty)")
    return flags[text.strip()]


def _parse_recommended(text: str, line: int) -> str | None:
    value = text.strip()
    if value not in {"Y", "N", "D", ""}:
        raise ExportError(line, f"invalid Recommended {text!r} (expected Y, N, D or empty)")
    return value or None


def _range_status(description: str, line: int) -> str:
    lowered = description.lower()
    if lowered.startswith("unassigned"):
        return "unassigned"
    if lowered.startswith("reserved for private use"):
        return "private_use"
    if lowered.startswith("reserved"):
        return "reserved"
    raise ExportError(
        line, f"invalid row {description!r}: expected a TLS_ suite name, Unassigned or Reserved"
    )
