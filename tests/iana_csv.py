"""An independent reader of IANA's CSV exports, so tests do not trust the importer."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from tlsspec import Status


@dataclass(frozen=True)
class Row:
    """One row of an export: the values it covers and its columns."""

    first: int
    last: int
    description: str
    dtls_ok: bool | None
    recommended: str | None
    references: tuple[str, ...]
    comment: str | None

    @property
    def single(self) -> bool:
        return self.first == self.last

    @property
    def status(self) -> Status:
        """The status that the row gives its values."""
        text = " ".join(self.description.split())
        if text == "Unassigned":
            return Status.UNASSIGNED
        if text == "Reserved for Private Use":
            return Status.PRIVATE_USE
        if "RFC8701" in self.references:
            return Status.GREASE
        if text.startswith("Reserved"):
            return Status.RESERVED
        return Status.ASSIGNED


def _values(text: str) -> tuple[int, int]:
    """Parse IANA's Value column: "0x00,0x1C-1D", "0x01-09,*", "42-255", "0x0710-0x07FF"."""
    text = text.strip()
    pair = re.fullmatch(
        r"0x([0-9A-F]{2})(?:-([0-9A-F]{2}))?,(?:0x([0-9A-F]{2})(?:-([0-9A-F]{2}))?|\*)", text
    )
    if pair:
        high_first, high_last, low_first, low_last = pair.groups()
        high_last = high_last or high_first
        if low_first is None:
            return int(high_first, 16) << 8, int(high_last, 16) << 8 | 0xFF
        assert high_last == high_first, text
        low_last = low_last or low_first
        return int(high_first, 16) << 8 | int(low_first, 16), int(high_first, 16) << 8 | int(
            low_last, 16
        )
    bounds = text.split("-")
    return int(bounds[0], 0), int(bounds[-1], 0)


def references(text: str) -> tuple[str, ...]:
    """Split "[RFC4346][RFC6347]" into ("RFC4346", "RFC6347")."""
    return tuple(item.strip() for item in re.findall(r"\[([^\]]*)\]", text))


def read(path: Path) -> list[Row]:
    """Return every row of an export."""
    rows = []
    with path.open(newline="", encoding="utf-8") as stream:
        for record in csv.DictReader(stream):
            first, last = _values(record["Value"])
            dtls = record.get("DTLS-OK", "")
            rows.append(
                Row(
                    first=first,
                    last=last,
                    description=record["Description"].strip(),
                    dtls_ok={"Y": True, "N": False}.get(dtls),
                    recommended=record["Recommended"] or None,
                    references=references(record["Reference"]),
                    comment=record["Comment"].strip() or None,
                )
            )
    return rows
