"""Run-time support of the generated modules: code-point status and lookups, fast enums,
and the checks that Session runs on every assignment.

Each check raises ValueError naming the field, the value's type or size, and the expected
form. Messages about secret fields give lengths only, never content.
"""

from __future__ import annotations

import enum
import math
from bisect import bisect_right
from enum import Enum, IntEnum


class Status(Enum):
    """Status of a code point in its registry."""

    ASSIGNED = "assigned"
    UNASSIGNED = "unassigned"
    RESERVED = "reserved"
    PRIVATE_USE = "private_use"
    GREASE = "grease"


# Importing typing costs milliseconds at start-up; type checkers read this block anyway.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes, PublicKeyTypes

    EnumT = TypeVar("EnumT", bound=IntEnum)
    MemberT = TypeVar("MemberT", bound=IntEnum)

# CPython builds its own enums (re.RegexFlag, http.HTTPStatus) with this private helper: it
# skips the per-member checks of EnumType and is about 2.5 times faster, which matters with
# 600 members to build at import. Other implementations may lack it.
_simple_enum = getattr(enum, "_simple_enum", None)


def int_enum(cls: type[EnumT]) -> type[EnumT]:
    """Turn a plain class of `NAME = code` lines into an IntEnum with the same members.

    Generated modules declare each registry as a subclass of IntEnum for type checkers and
    of object at run time. This decorator then builds the real IntEnum from the plain class.
    """
    plain: type = cls
    if _simple_enum is not None:
        enum_class: type[EnumT] = _simple_enum(IntEnum)(plain)
        return enum_class
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


# -- session value checks --------------------------------------------------------------


def check_bytes(
    field: str, value: object, lengths: tuple[int, ...], max_length: int | None
) -> bytes:
    """Return `value` as bytes if its length is allowed."""
    if type(value) is bytes:
        # The common case, checked first: ticket lookups run this several times each.
        data = value
    elif isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
    else:
        raise ValueError(f"{field} must be bytes; got {type(value).__name__}")
    if lengths and len(data) not in lengths:
        allowed = " or ".join(str(n) for n in lengths)
        raise ValueError(f"{field} must be {allowed} bytes long; got {len(data)} bytes")
    if max_length is not None and len(data) > max_length:
        raise ValueError(f"{field} must be at most {max_length} bytes long; got {len(data)} bytes")
    return data


def check_bool(field: str, value: object) -> bool:
    """Return `value` if it is a bool."""
    if not isinstance(value, bool):
        raise ValueError(f"{field} must be True or False; got {value!r}")
    return value


def check_choice(field: str, value: object, choices: tuple[int, ...]) -> int:
    """Return `value` if it is one of the allowed integers."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in choices:
        allowed = ", ".join(str(n) for n in choices)
        raise ValueError(f"{field} must be one of {allowed}; got {value!r}")
    return int(value)


def check_time(field: str, value: object) -> float:
    """Return `value` as seconds since the epoch if it is a finite, non-negative number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{field} must be seconds since the epoch (int or float); got {value!r}")
    seconds = float(value)
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"{field} must be a finite, non-negative number of seconds; got {value!r}")
    return seconds


def check_clock_reading(now: object) -> float:
    """Return what a clock returned if it is a finite, non-negative number of seconds."""
    if (
        isinstance(now, bool)
        or not isinstance(now, int | float)
        or not math.isfinite(now)
        or now < 0
    ):
        raise ValueError(
            f"clock must return a finite number of seconds since the epoch; it returned {now!r}"
        )
    return float(now)


def check_clock(clock: object) -> Callable[[], float]:
    """Return `clock` if calling it returns seconds since the epoch, as time.time does.

    The clock is called once here, so that a wrong one fails at construction rather than
    in the middle of a lookup.
    """
    if not callable(clock):
        raise ValueError(f"clock must be a callable that returns seconds; got {clock!r}")
    check_clock_reading(clock())
    return clock


def check_member(field: str, value: object, enum: type[MemberT]) -> MemberT:
    """Return `value` as a member of `enum`; an int must be the code of a member."""
    if isinstance(value, enum):
        return value
    article = "an" if enum.__name__[0] in "AEIOU" else "a"
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{field} must be {article} {enum.__name__} or its code; got {value!r}")
    try:
        return enum(value)
    except ValueError:
        code = f"0x{value:04x}" if value >= 0 else str(value)
        raise ValueError(
            f"{field} {code} is not an assigned {enum.__name__}; expected one of its members"
        ) from None


def check_code_point(field: str, value: object, enum: type[MemberT]) -> MemberT | int:
    """Return a 16-bit code point as a member of `enum` when assigned, else as an int.

    For values that a protocol may carry although the registry leaves them unassigned,
    such as the TLS 1.2 {hash, signature} pair {sha256, dsa} (0x0402), which RFC 8446,
    Section 11 does not register as a SignatureScheme.
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 0xFFFF:
        raise ValueError(f"{field} must be a 16-bit code point (0 to 0xFFFF); got {value!r}")
    try:
        return enum(value)
    except ValueError:
        return int(value)


def check_codes(field: str, value: object) -> tuple[int, ...]:
    """Return `value` as a tuple of 16-bit code points, in the order given."""
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
        raise ValueError(f"{field} must be a list or tuple of 16-bit codes; got {value!r}")
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= 0xFFFF:
            raise ValueError(f"{field} must contain integers from 0 to 0xFFFF; got {item!r}")
    return tuple(value)


def check_host_name(field: str, value: object) -> str:
    """Return `value` if it is a DNS host name that RFC 6066, Section 3 allows in server_name.

    The name is ASCII (A-labels for internationalized names), without a trailing dot, and
    not an IPv4 or IPv6 literal. Labels follow RFC 1123, Section 2.1: letters, digits and
    inner hyphens, 1 to 63 characters each, at most 253 characters in all.
    """
    if not isinstance(value, str):
        raise ValueError(f"{field} must be a str host name; got {type(value).__name__}")
    if not value.isascii() or not 0 < len(value) <= 253:
        raise ValueError(f"{field} must be 1 to 253 ASCII characters; got {value!r}")
    labels = value.split(".")
    if not all(_is_host_label(label) for label in labels):
        raise ValueError(
            f"{field} must be a host name of letters, digits and inner hyphens, with labels"
            f" of 1 to 63 characters and no trailing dot; got {value!r}"
        )
    if labels[-1].isdigit():
        raise ValueError(f"{field} must be a host name, not an IP address literal; got {value!r}")
    return value


def _is_host_label(label: str) -> bool:
    """Return whether `label` is an RFC 1123 host name label."""
    if not 0 < len(label) <= 63 or label[0] == "-" or label[-1] == "-":
        return False
    # The caller checked that the name is ASCII, where isalnum() means letters and digits.
    return label.replace("-", "").isalnum()


def check_der_chain(field: str, value: object) -> tuple[bytes, ...]:
    """Return `value` as a tuple of DER certificates (each a non-empty DER SEQUENCE)."""
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
        raise ValueError(
            f"{field} must be a list or tuple of DER certificates; got {type(value).__name__}"
        )
    chain = []
    for index, item in enumerate(value):
        if isinstance(item, bytearray | memoryview):
            item = bytes(item)
        if not isinstance(item, bytes) or not item or item[0] != 0x30:
            raise ValueError(
                f"{field}[{index}] must be a DER certificate (bytes starting with 0x30)"
            )
        chain.append(item)
    return tuple(chain)


def check_mapping(field: str, value: object) -> dict[str, object]:
    """Return a copy of `value` if it is a mapping with string keys."""
    from collections.abc import Mapping

    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise ValueError(f"{field} must be a mapping with str keys; got {type(value).__name__}")
    return dict(value)


def require_cryptography(field: str, kind: str) -> None:
    """Raise ValueError naming `field` if pyca/cryptography, which defines key objects, is missing."""
    try:
        import cryptography  # noqa: F401
    except ImportError:
        raise ValueError(
            f"{field} must be a cryptography {kind} key object, but the cryptography package"
            " is not installed; install it with `pip install cryptography`"
        ) from None


def check_private_key(field: str, value: object) -> PrivateKeyTypes:
    """Return `value` if it is a pyca/cryptography private key object."""
    require_cryptography(field, "private")
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa, x448, x25519

    if isinstance(
        value,
        rsa.RSAPrivateKey
        | dsa.DSAPrivateKey
        | ec.EllipticCurvePrivateKey
        | ed25519.Ed25519PrivateKey
        | ed448.Ed448PrivateKey
        | x25519.X25519PrivateKey
        | x448.X448PrivateKey,
    ):
        return value
    raise ValueError(
        f"{field} must be a cryptography private key object; got {type(value).__name__}"
    )


def check_public_key(field: str, value: object) -> PublicKeyTypes:
    """Return `value` if it is a pyca/cryptography public key object."""
    require_cryptography(field, "public")
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa, x448, x25519

    if isinstance(
        value,
        rsa.RSAPublicKey
        | dsa.DSAPublicKey
        | ec.EllipticCurvePublicKey
        | ed25519.Ed25519PublicKey
        | ed448.Ed448PublicKey
        | x25519.X25519PublicKey
        | x448.X448PublicKey,
    ):
        return value
    raise ValueError(
        f"{field} must be a cryptography public key object; got {type(value).__name__}"
    )


class NoSupportedOverlap(Enum):
    """Point-format state when the peers share no EC point format (Pike's -1)."""

    NO_SUPPORTED_OVERLAP = "no_supported_overlap"


NO_SUPPORTED_OVERLAP = NoSupportedOverlap.NO_SUPPORTED_OVERLAP
"""The peers share no EC point format, so no ECC suite may be chosen (RFC 8422, Section 5.1.2)."""
