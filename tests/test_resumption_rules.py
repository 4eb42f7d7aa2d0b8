"""Session.reusable_as and resumption_mismatch: which cached sessions a handshake may resume."""

from __future__ import annotations

import logging

import pytest
from tlsspec import NO_SUPPORTED_OVERLAP, Session

from tests import certs

MASTER_SECRET = bytes(range(48))


def cached() -> Session:
    """Return a session with every compared field set, as a server caches it."""
    return Session(
        cipher_suite=0xC02F,
        version=0x0303,
        master_secret=MASTER_SECRET,
        certificate_chain=[certs.der(certs.self_signed("rsa"))],
        max_packet_size=4096,
        truncated_hmac=False,
        server_name="example.com",
        encrypt_then_mac=False,
        extended_master_secret=True,
        signature_algorithms=(0x0401, 0x0804),
        ecc_curves=(29, 23),
        ffdhe_groups=(256,),
    )


def handshake() -> Session:
    """Return the state of a new handshake that matches cached() in every compared field."""
    session = cached()
    session.master_secret = b""
    return session


# One row per field that Pike's reusable_as compares, plus extended_master_secret (RFC 7627,
# Section 5.3), each with a value that differs from cached().
MISMATCHES = [
    ("cipher_suite", 0xC030),
    ("version", 0x0302),
    ("certificate_chain", ()),
    ("compression_algorithm", 1),
    ("max_packet_size", 16384),
    ("truncated_hmac", True),
    ("server_name", "other.example.com"),
    ("server_name", None),
    ("ecc_point_format", NO_SUPPORTED_OVERLAP),
    ("encrypt_then_mac", True),
    ("extended_master_secret", False),
    ("signature_algorithms", (0x0401,)),
    ("signature_algorithms", None),  # the new ClientHello has no signature_algorithms
    ("ecc_curves", (23, 29)),
    ("ffdhe_groups", None),
    ("ffdhe_groups", ()),
]


@pytest.mark.parametrize(("field", "value"), MISMATCHES)
def test_field_mismatch_prevents_resumption(field: str, value: object) -> None:
    other = handshake()
    setattr(other, field, value)
    assert cached().resumption_mismatch(other) == f"{field} differs"
    assert not cached().reusable_as(other)


def test_matching_session_is_reusable() -> None:
    assert cached().resumption_mismatch(handshake()) is None
    assert cached().reusable_as(handshake())


@pytest.mark.parametrize(("original", "new"), [(False, True), (True, False)])
def test_extended_master_secret_both_ways(original: bool, new: bool) -> None:
    # RFC 7627, Section 5.3: a session with EMS is resumed only by a handshake with EMS,
    # and one without only by a handshake without.
    session = cached()
    session.extended_master_secret = original
    other = handshake()
    other.extended_master_secret = new
    assert session.resumption_mismatch(other) == "extended_master_secret differs"


def test_session_without_master_secret_is_not_reusable() -> None:
    session = cached()
    session.master_secret = b""
    assert session.resumption_mismatch(handshake()) == "no master secret"


def test_uncompared_fields_do_not_matter() -> None:
    other = handshake()
    other.heartbeat_mode = 1
    other.curve = 24
    other.ticket = b"ticket"
    assert cached().reusable_as(other)


def test_reusable_as_logs_reason_without_secret(caplog: pytest.LogCaptureFixture) -> None:
    other = handshake()
    other.version = 0x0301
    with caplog.at_level(logging.DEBUG, logger="tlsspec.resumption"):
        assert not cached().reusable_as(other)
    assert "version differs" in caplog.text
    assert MASTER_SECRET.hex() not in caplog.text
    assert repr(MASTER_SECRET) not in caplog.text


@pytest.mark.parametrize("other", [None, "x", 5, b"session"])
def test_reusable_as_rejects_non_session(other: object) -> None:
    message = f"the session to resume as must be a tlsspec.Session; got {type(other).__name__}"
    with pytest.raises(ValueError, match=message):
        cached().reusable_as(other)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=message):
        cached().resumption_mismatch(other)  # type: ignore[arg-type]


def test_non_session_checked_first() -> None:
    session = cached()
    session.master_secret = b""
    with pytest.raises(ValueError, match="got str"):
        session.resumption_mismatch("x")  # type: ignore[arg-type]


def test_absent_signature_algorithms_match() -> None:
    session = cached()
    session.signature_algorithms = None
    other = handshake()
    other.signature_algorithms = None
    assert session.resumption_mismatch(other) is None


def test_server_name_compares_without_case() -> None:
    # RFC 4343, Section 3: DNS names are compared without regard to ASCII case.
    cached = Session(master_secret=bytes(48), server_name="WWW.Example.com")
    offered = Session(server_name="www.example.COM")

    assert cached.resumption_mismatch(offered) is None
    assert cached.reusable_as(offered)
