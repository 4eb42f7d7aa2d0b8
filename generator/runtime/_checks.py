"""Validators that the generated Session runs on every assignment.

Each raises ValueError naming the field, the value's type or size, and the expected form.
Messages about secret fields give lengths only, never content.
"""

from __future__ import annotations

import math
from enum import Enum, IntEnum

# Importing typing costs milliseconds at start-up; type checkers read this block anyway.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeVar

    from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes, PublicKeyTypes

    MemberT = TypeVar("MemberT", bound=IntEnum)


def check_bytes(
    field: str, value: object, lengths: tuple[int, ...], max_length: int | None
) -> bytes:
    """Return `value` as bytes if its length is allowed."""
    if not isinstance(value, bytes | bytearray | memoryview):
        raise ValueError(f"{field} must be bytes; got {type(value).__name__}")
    data = bytes(value)
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
        shown = f"0x{value:04x}" if value >= 0 else str(value)
        raise ValueError(
            f"{field} {shown} is not an assigned {enum.__name__}; expected one of its members"
        ) from None


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
    return all(character.isalnum() or character == "-" for character in label)


def check_der_chain(field: str, value: object) -> tuple[bytes, ...]:
    """Return `value` as a tuple of DER certificates (each a non-empty DER SEQUENCE)."""
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
        raise ValueError(
            f"{field} must be a list or tuple of DER certificates; got {type(value).__name__}"
        )
    chain = []
    for index, item in enumerate(value):
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


def check_private_key(field: str, value: object) -> PrivateKeyTypes:
    """Return `value` if it is a pyca/cryptography private key object."""
    try:
        from cryptography.hazmat.primitives.asymmetric import (
            dsa,
            ec,
            ed448,
            ed25519,
            rsa,
            x448,
            x25519,
        )
    except ImportError:
        raise ValueError(
            f"{field} must be a cryptography private key object, but the cryptography package"
            " is not installed; install it with `pip install cryptography`"
        ) from None

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
    try:
        from cryptography.hazmat.primitives.asymmetric import (
            dsa,
            ec,
            ed448,
            ed25519,
            rsa,
            x448,
            x25519,
        )
    except ImportError:
        raise ValueError(
            f"{field} must be a cryptography public key object, but the cryptography package"
            " is not installed; install it with `pip install cryptography`"
        ) from None

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
