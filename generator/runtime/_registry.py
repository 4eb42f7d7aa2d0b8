"""Machinery shared by the registry modules: value status, range checks and lookups."""

from __future__ import annotations

import enum
from bisect import bisect_right
from enum import Enum, IntEnum


class Status(Enum):
    """Status of a code point in its registry."""

    ASSIGNED = "assigned"
    UNASSIGNED = "unassigned"
    RESERVED = "reserved"
    PRIVATE_USE = "private_use"
    GREASE = "grease"


TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    EnumT = TypeVar("EnumT", bound=IntEnum)

# CPython builds its own enums (re.RegexFlag, http.HTTPStatus) with this private helper: it
# skips the per-member checks of EnumType and is about 2.5 times faster, which matters with
# 600 members to build at import. Other implementations may lack it.
_simple_enum = getattr(enum, "_simple_enum", None)


def int_enum(cls: type[EnumT]) -> type[EnumT]:
    """Turn a plain class of `NAME = code` lines into an IntEnum with the same members.

    Generated modules declare each registry as a subclass of IntEnum for type checkers, but
    of object at run time; this decorator then builds the real IntEnum from the plain class.
    """
    plain: type = cls
    if _simple_enum is not None:
        made: type[EnumT] = _simple_enum(IntEnum)(plain)
        return made
    members = {name: value for name, value in vars(plain).items() if not name.startswith("_")}
    # Typed as Any because type checkers accept only a literal class name in this call.
    functional_api: Any = IntEnum
    built: type[EnumT] = functional_api(
        plain.__name__, members, module=plain.__module__, qualname=plain.__qualname__
    )
    built.__doc__ = plain.__doc__
    return built


class UnknownNameError(KeyError, ValueError):
    """Raised when a name is not in the registry; a KeyError and a ValueError."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def check_code(value: object, bits: int, registry: str) -> int:
    """Return `value` as an int if it is a code point of a `bits`-bit registry.

    Raise ValueError naming the value and the range otherwise; bool is not a code point.
    """
    limit = (1 << bits) - 1
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(
            f"{registry} code {value!r} is not an integer; expected an int from 0 to {limit:#x}"
        )
    if not 0 <= value <= limit:
        raise ValueError(f"{registry} code {value} is out of range; expected 0 to {limit:#x}")
    return int(value)


def is_grease(code: int) -> bool:
    """Return whether a 16-bit value is one of the 16 GREASE values of RFC 8701, Section 2."""
    return code & 0x0F0F == 0x0A0A and code >> 8 == code & 0xFF


def format_code(code: int, bits: int) -> str:
    """Format a code point as 0x%04X (16-bit) or 0x%02X (8-bit)."""
    return f"0x{code:0{bits // 4}X}"


class RangeTable:
    """Sorted, disjoint ranges of values that are not assigned, searched by bisection.

    The columns arrive as parallel tuples of constants, which cost nothing to build at import.
    """

    __slots__ = ("_descriptions", "_firsts", "_lasts", "_references", "_statuses")

    def __init__(
        self,
        firsts: tuple[int, ...],
        lasts: tuple[int, ...],
        statuses: tuple[str, ...],
        descriptions: tuple[str | None, ...],
        references: tuple[tuple[str, ...], ...],
    ) -> None:
        self._firsts = firsts
        self._lasts = lasts
        self._statuses = statuses
        self._descriptions = descriptions
        self._references = references

    def lookup(self, code: int) -> tuple[Status, str | None, tuple[str, ...]]:
        """Return status, description and references of a value that no entry has."""
        index = bisect_right(self._firsts, code) - 1
        if index >= 0 and code <= self._lasts[index]:
            return Status(self._statuses[index]), self._descriptions[index], self._references[index]
        return Status.UNASSIGNED, None, ()


def classify(
    code: int, grease: bool, ranges: RangeTable
) -> tuple[Status, str | None, tuple[str, ...]]:
    """Classify a value that no entry has: GREASE first (RFC 8701), then the ranges."""
    if grease and is_grease(code):
        return Status.GREASE, "Reserved for GREASE", ("RFC8701",)
    return ranges.lookup(code)


def describe(title: str, pairs: tuple[tuple[str, object], ...]) -> str:
    """Format a record for people: a title line, then one 'label: value' line per set field."""
    lines = [title]
    width = max((len(label) for label, _ in pairs), default=0)
    for label, value in pairs:
        if value is None or value is False or value == ():
            continue
        if type(value) is tuple:  # a plain list of values; records are tuple subclasses
            text = ", ".join(_text(item) for item in value)
        elif value is True:
            text = "yes"
        else:
            text = _text(value)
        lines.append(f"  {label:<{width}}  {text}")
    return "\n".join(lines)


def _text(value: object) -> str:
    """Format one value for `describe`: enum members by name, everything else by str()."""
    return value.name if isinstance(value, Enum) else str(value)
