"""Ticket keys and session tickets: derivation, format, rotation and every rejection."""

from __future__ import annotations

import hmac
import logging
import math

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from hypothesis import given
from hypothesis import strategies as st
from tlsspec import Session
from tlsspec.session_state import SESSION_STATE_FIELDS, encode_session_state
from tlsspec.tickets import (
    MAX_CLOCK_SKEW,
    TICKET_AAD,
    TicketError,
    TicketKeys,
    decode_ticket,
    encode_ticket,
    revocation_id,
)

from tests.strategies import sessions

SECRET = bytes(range(32))
OTHER_SECRET = bytes(range(100, 132))
# The HKDF info label that tickets.py documents; the test derives the keys independently.
KEY_LABEL = b"tlsspec ticket keys v1 "
LIFETIME = 3600.0
# A fixed time well after the epoch, in the middle of an hour.
NOW = 1_800_000_000.0 + 1800.0


class FakeClock:
    """A clock that returns `now` until a test moves it."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def hkdf_key(secret: bytes, epoch: int) -> tuple[bytes, bytes]:
    """Derive (key_name, AES key) of `epoch` with pyca/cryptography's HKDF."""
    material = HKDF(
        algorithm=hashes.SHA256(), length=48, salt=None, info=KEY_LABEL + epoch.to_bytes(8, "big")
    ).derive(secret)
    return material[:16], material[16:]


def sample_session(timestamp: float = NOW - 10.0) -> Session:
    return Session(
        version=0x0303,
        cipher_suite=0xC02F,
        master_secret=bytes(range(48, 96)),
        peer_certificate_chain=[b"\x30\x03\x02\x01\x01"],
        psk_identity=b"client-7",
        server_name="example.com",
        timestamp=timestamp,
    )


def secret_forms(session: Session, keys_secret: bytes, epoch: int) -> list[str]:
    """Return the ways a secret could leak into a log line: hex and repr of each secret."""
    secrets = [session.master_secret, keys_secret, hkdf_key(keys_secret, epoch)[1]]
    forms = []
    for secret in secrets:
        forms += [secret.hex(), repr(secret)[2:-1], secret[:8].hex()]
    return forms


def test_key_name_is_hkdf_output() -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))

    epoch = math.floor(NOW / 3600.0)
    assert keys.current_key_name == hkdf_key(SECRET, epoch)[0]


def test_seal_format_opens_with_hkdf_key() -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))

    token = keys.seal(b"state", aad=b"label")

    key_name, key = hkdf_key(SECRET, math.floor(NOW / 3600.0))
    assert token[:16] == key_name
    nonce = token[16:28]
    assert AESGCM(key).decrypt(nonce, token[28:], key_name + b"label") == b"state"
    assert len(token) == 16 + 12 + len(b"state") + 16


def test_seal_nonces_differ() -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))

    tokens = {keys.seal(b"same state") for _ in range(50)}

    assert len(tokens) == 50


def test_fleet_shares_keys_through_secret() -> None:
    server_a = TicketKeys(SECRET, clock=FakeClock(NOW))
    server_b = TicketKeys(SECRET, clock=FakeClock(NOW + 5.0))

    assert server_b.open(server_a.seal(b"state")) == b"state"


def test_random_secrets_differ() -> None:
    assert TicketKeys().current_key_name != TicketKeys().current_key_name


def test_open_rejects_other_aad() -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))
    token = keys.seal(b"state", aad=b"redis entry")

    with pytest.raises(TicketError, match="authentication failed"):
        keys.open(token, aad=TICKET_AAD)


def test_open_rejects_short_token() -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))

    with pytest.raises(TicketError, match="too short: 43 bytes, expected at least 44"):
        keys.open(bytes(43))


def test_open_rejects_foreign_key_name() -> None:
    token = TicketKeys(OTHER_SECRET, clock=FakeClock(NOW)).seal(b"state")

    with pytest.raises(TicketError, match=r"unknown key name \(rotated out or foreign\)"):
        TicketKeys(SECRET, clock=FakeClock(NOW)).open(token)


def test_ticket_error_is_value_error() -> None:
    assert issubclass(TicketError, ValueError)


def test_rotation_window() -> None:
    clock = FakeClock(150.0)
    keys = TicketKeys(SECRET, rotation_interval=100.0, accept_previous=1, clock=clock)
    token = keys.seal(b"state")
    first_name = keys.current_key_name

    clock.now = 299.0
    assert keys.current_key_name != first_name
    assert keys.open(token) == b"state"

    clock.now = 300.0
    with pytest.raises(TicketError, match="unknown key name"):
        keys.open(token)


def test_accept_previous_two_epochs() -> None:
    clock = FakeClock(150.0)
    keys = TicketKeys(SECRET, rotation_interval=100.0, accept_previous=2, clock=clock)
    token = keys.seal(b"state")

    clock.now = 399.0
    assert keys.open(token) == b"state"
    clock.now = 400.0
    with pytest.raises(TicketError, match="unknown key name"):
        keys.open(token)


def test_next_epoch_key_opens() -> None:
    ahead = TicketKeys(SECRET, rotation_interval=100.0, clock=FakeClock(200.0))
    behind = TicketKeys(SECRET, rotation_interval=100.0, clock=FakeClock(199.0))
    far_ahead = TicketKeys(SECRET, rotation_interval=100.0, clock=FakeClock(300.0))

    assert behind.open(ahead.seal(b"state")) == b"state"
    with pytest.raises(TicketError, match="unknown key name"):
        behind.open(far_ahead.seal(b"state"))


def test_accept_window() -> None:
    keys = TicketKeys(SECRET, rotation_interval=600.0, accept_previous=3)

    assert keys.accept_window == 1800.0


def test_repr_hides_secret_and_keys() -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))
    text = repr(keys)

    key_name, key = hkdf_key(SECRET, math.floor(NOW / 3600.0))
    assert key_name.hex() in text
    assert SECRET.hex() not in text
    assert repr(SECRET)[2:-1] not in text
    assert key.hex() not in text
    assert str(keys) == text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"secret": b"short"}, "secret must be at least 32 bytes long; got 5 bytes"),
        ({"secret": "a" * 32}, "secret must be bytes; got str"),
        (
            {"rotation_interval": 0},
            "rotation_interval must be a finite number of seconds, at least 1",
        ),
        (
            {"rotation_interval": -1.0},
            "rotation_interval must be a finite number of seconds, at least 1",
        ),
        (
            {"rotation_interval": math.inf},
            "rotation_interval must be a finite number of seconds, at least 1",
        ),
        (
            {"rotation_interval": math.nan},
            "rotation_interval must be a finite number of seconds, at least 1",
        ),
        (
            {"rotation_interval": True},
            "rotation_interval must be a finite number of seconds, at least 1",
        ),
        (
            {"rotation_interval": "60"},
            "rotation_interval must be a finite number of seconds, at least 1",
        ),
        ({"rotation_interval": 1e-300}, "rotation_interval must be a finite number of seconds"),
        ({"rotation_interval": 0.5}, "rotation_interval must be a finite number of seconds"),
        ({"accept_previous": -1}, "accept_previous must be an int from 0 to 1000; got -1"),
        ({"accept_previous": 1.5}, "accept_previous must be an int from 0 to 1000"),
        ({"accept_previous": True}, "accept_previous must be an int from 0 to 1000"),
        ({"accept_previous": 10**9}, "accept_previous must be an int from 0 to 1000"),
        ({"clock": 5.0}, "clock must be a callable that returns seconds"),
    ],
)
def test_ticket_keys_bad_arguments(arguments: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TicketKeys(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize("now", [math.nan, math.inf, -1.0, "now"])
def test_bad_clock_value_rejected(now: object) -> None:
    with pytest.raises(ValueError, match="clock must return"):
        TicketKeys(SECRET, clock=lambda: now)  # type: ignore[arg-type, return-value]


@pytest.mark.parametrize("now", [math.nan, math.inf, -1.0, "now"])
def test_clock_turning_bad_rejected_on_seal(now: object) -> None:
    readings = iter([NOW])
    keys = TicketKeys(SECRET, clock=lambda: next(readings, now))  # type: ignore[arg-type, return-value]

    with pytest.raises(ValueError, match="clock must return"):
        keys.seal(b"state")


def test_seal_rejects_non_bytes() -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))

    with pytest.raises(ValueError, match="plaintext must be bytes; got str"):
        keys.seal("state")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="token must be bytes; got NoneType"):
        keys.open(None)  # type: ignore[arg-type]


@given(sessions(timestamps=st.floats(min_value=NOW - LIFETIME + 1.0, max_value=NOW)))
def test_ticket_round_trip(session: Session) -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))

    decoded = decode_ticket(keys, encode_ticket(keys, session), lifetime=LIFETIME, now=NOW)

    assert decoded is not None
    for field in SESSION_STATE_FIELDS:
        assert getattr(decoded, field) == getattr(session, field), field


def test_every_bit_flip_rejected(caplog: pytest.LogCaptureFixture) -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))
    session = sample_session()
    ticket = encode_ticket(keys, session)

    caplog.set_level(logging.INFO, logger="tlsspec.tickets")
    for index in range(len(ticket) * 8):
        flipped = bytearray(ticket)
        flipped[index // 8] ^= 1 << (index % 8)
        caplog.clear()
        assert decode_ticket(keys, bytes(flipped), lifetime=LIFETIME, now=NOW) is None, index
        assert len(caplog.records) == 1, index
        reason = "unknown key name" if index < 16 * 8 else "authentication failed"
        assert reason in caplog.records[0].getMessage(), index


def test_every_truncation_rejected(caplog: pytest.LogCaptureFixture) -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))
    ticket = encode_ticket(keys, sample_session())

    caplog.set_level(logging.INFO, logger="tlsspec.tickets")
    for length in range(len(ticket)):
        caplog.clear()
        assert decode_ticket(keys, ticket[:length], lifetime=LIFETIME, now=NOW) is None, length
        assert len(caplog.records) == 1, length
        assert caplog.records[0].levelno == logging.INFO


def test_foreign_ticket_rejected(caplog: pytest.LogCaptureFixture) -> None:
    foreign = TicketKeys(OTHER_SECRET, clock=FakeClock(NOW))
    ticket = encode_ticket(foreign, sample_session())

    caplog.set_level(logging.INFO, logger="tlsspec.tickets")
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))
    assert decode_ticket(keys, ticket, lifetime=LIFETIME, now=NOW) is None
    assert "rejected: unknown key name (rotated out or foreign)" in caplog.text


def test_ticket_expires_at_lifetime(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock(NOW)
    keys = TicketKeys(SECRET, clock=clock)
    session = sample_session(timestamp=NOW)
    ticket = encode_ticket(keys, session)

    caplog.set_level(logging.INFO, logger="tlsspec.tickets")
    clock.now = NOW + LIFETIME - 0.5
    assert decode_ticket(keys, ticket, lifetime=LIFETIME, now=clock.now) is not None
    assert caplog.records == []
    clock.now = NOW + LIFETIME
    assert decode_ticket(keys, ticket, lifetime=LIFETIME, now=clock.now) is None
    assert "rejected: expired 0.000 s ago" in caplog.text


def test_ticket_from_future_rejected(caplog: pytest.LogCaptureFixture) -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))
    near = encode_ticket(keys, sample_session(timestamp=NOW + MAX_CLOCK_SKEW - 1.0))
    far = encode_ticket(keys, sample_session(timestamp=NOW + MAX_CLOCK_SKEW + 1.0))

    caplog.set_level(logging.INFO, logger="tlsspec.tickets")
    assert decode_ticket(keys, near, lifetime=LIFETIME, now=NOW) is not None
    assert decode_ticket(keys, far, lifetime=LIFETIME, now=NOW) is None
    assert "rejected: session starts 61 s in the future" in caplog.text


def test_ticket_survives_one_rotation(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock(1000.0)
    keys = TicketKeys(SECRET, rotation_interval=600.0, clock=clock)
    ticket = encode_ticket(keys, sample_session(timestamp=1000.0))
    caplog.set_level(logging.INFO, logger="tlsspec.tickets")

    # Epoch 1 sealed it, epoch 2 still opens it, and epoch 3 no longer has its key, although
    # the lifetime of 1200 s has not run out.
    clock.now = 1500.0
    assert decode_ticket(keys, ticket, lifetime=1200.0, now=clock.now) is not None
    clock.now = 1800.0
    assert decode_ticket(keys, ticket, lifetime=1200.0, now=clock.now) is None
    assert "rejected: unknown key name (rotated out or foreign)" in caplog.text


def test_sealed_value_of_other_kind_rejected(caplog: pytest.LogCaptureFixture) -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))
    # The same state sealed for another use, such as a shared cache entry.
    other = keys.seal(encode_session_state(sample_session()), aad=b"tlsspec cache entry")

    caplog.set_level(logging.INFO, logger="tlsspec.tickets")
    assert decode_ticket(keys, other, lifetime=LIFETIME, now=NOW) is None
    assert "rejected: authentication failed" in caplog.text


def test_undecodable_state_rejected(caplog: pytest.LogCaptureFixture) -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))
    # Authentic, but state format 0xFF does not exist.
    ticket = keys.seal(b"\xff" + bytes(40), aad=TICKET_AAD)

    caplog.set_level(logging.INFO, logger="tlsspec.tickets")
    assert decode_ticket(keys, ticket, lifetime=LIFETIME, now=NOW) is None
    assert "rejected: undecodable state" in caplog.text


def test_rejections_log_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock(NOW)
    keys = TicketKeys(SECRET, clock=clock)
    session = sample_session()
    ticket = encode_ticket(keys, session)
    bad_tickets = [
        ticket[:20],
        ticket[:-1] + bytes([ticket[-1] ^ 1]),
        encode_ticket(TicketKeys(OTHER_SECRET, clock=clock), session),
        keys.seal(b"\xff" + session.master_secret, aad=TICKET_AAD),
    ]

    caplog.set_level(logging.DEBUG)
    for bad in bad_tickets:
        assert decode_ticket(keys, bad, lifetime=LIFETIME, now=NOW) is None
    assert decode_ticket(keys, ticket, lifetime=LIFETIME, now=NOW + LIFETIME) is None
    assert len(caplog.records) >= 5
    for form in secret_forms(session, SECRET, math.floor(NOW / 3600.0)):
        assert form not in caplog.text
    assert ticket.hex() not in caplog.text


@given(st.binary(max_size=300))
def test_decode_never_raises_for_bytes(data: bytes) -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))

    assert decode_ticket(keys, data, lifetime=LIFETIME, now=NOW) is None


@given(st.binary(max_size=200))
def test_decode_garbage_with_valid_key_name(body: bytes) -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))

    assert decode_ticket(keys, keys.current_key_name + body, lifetime=LIFETIME, now=NOW) is None


@pytest.mark.parametrize("ticket", ["ticket", None, 5, [1, 2]])
def test_decode_non_bytes_raises(ticket: object) -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))

    with pytest.raises(ValueError, match="ticket must be bytes"):
        decode_ticket(keys, ticket, lifetime=LIFETIME, now=NOW)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lifetime", "now", "message"),
    [
        (0.0, NOW, "lifetime must be a positive, finite number"),
        (math.inf, NOW, "lifetime must be a positive, finite number"),
        (True, NOW, "lifetime must be a positive, finite number"),
        (LIFETIME, math.nan, "now must be a finite number of seconds"),
        (LIFETIME, "now", "now must be a finite number of seconds"),
    ],
)
def test_decode_bad_times_raise(lifetime: object, now: object, message: str) -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))

    with pytest.raises(ValueError, match=message):
        decode_ticket(keys, b"x" * 60, lifetime=lifetime, now=now)  # type: ignore[arg-type]


def test_decode_accepts_bytearray() -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))
    ticket = encode_ticket(keys, sample_session())

    found = decode_ticket(keys, bytearray(ticket), lifetime=LIFETIME, now=NOW)  # type: ignore[arg-type]

    assert found is not None


def test_encode_rejects_non_session() -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))

    with pytest.raises(ValueError, match=r"session must be a tlsspec\.Session; got dict"):
        encode_ticket(keys, {})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="keys must be a TicketKeys; got bytes"):
        encode_ticket(SECRET, sample_session())  # type: ignore[arg-type]


def test_encode_rejects_oversized_ticket() -> None:
    keys = TicketKeys(SECRET, clock=FakeClock(NOW))
    session = sample_session()
    # Two certificates of 40,000 bytes: more than the 2^16-1 bytes of RFC 5077, Section 3.3.
    session.peer_certificate_chain = [b"\x30" + bytes(39_999)] * 2

    # key_name (16) + nonce (12) + state + tag (16).
    length = 16 + 12 + len(encode_session_state(session)) + 16
    message = f"ticket would be {length} bytes long; a ticket can be at most 65535 bytes"
    with pytest.raises(ValueError, match=message):
        encode_ticket(keys, session)


def test_fingerprint_is_documented_hmac() -> None:
    secret = bytes(range(32))
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"tlsspec fingerprint v1"
    ).derive(secret)

    fingerprint = TicketKeys(secret).fingerprint(b"data")

    assert fingerprint == hmac.digest(key, b"data", "sha256")[:16]
    assert TicketKeys(bytes(32)).fingerprint(b"data") != fingerprint


def test_revocation_id_covers_every_ticket_of_session() -> None:
    keys = TicketKeys(bytes(range(32)))
    session = Session(master_secret=bytes(48), ticket=b"first")
    again = Session(master_secret=bytes(48), ticket=b"second")
    other = Session(master_secret=bytes([1]) * 48, ticket=b"first")

    assert revocation_id(keys, session) == revocation_id(keys, again)
    assert revocation_id(keys, session) != revocation_id(keys, other)
    assert revocation_id(keys, session) == keys.fingerprint(b"master secret " + bytes(48))


def test_revocation_id_without_master_secret_uses_ticket() -> None:
    keys = TicketKeys(bytes(range(32)))

    first = revocation_id(keys, Session(ticket=b"first"))
    second = revocation_id(keys, Session(ticket=b"second"))

    assert first != second
    assert first == keys.fingerprint(b"ticket first")
