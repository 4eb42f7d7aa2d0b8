"""Session tickets: session state sealed under named, rotating AES-256-GCM keys.

RFC 5077, Section 4 recommends a ticket of key_name, IV, encrypted state and a MAC, with
AES-128-CBC and HMAC-SHA-256. Here one AEAD does both jobs: a ticket is
key_name (16 bytes) || nonce (12 bytes) || AES-256-GCM ciphertext and tag (16 bytes), and
the key_name is authenticated as associated data.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import os
import threading
import time
from collections.abc import Callable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# Ruff counts tlsspec as first-party in generated/tlsspec but not here, so the split
# keeps one import order valid in both copies.
# isort: split
from tlsspec._runtime import check_bytes, check_clock, check_clock_reading
from tlsspec.session import Session
from tlsspec.session_state import SessionStateError, decode_session_state, encode_session_state

__all__ = [
    "TICKET_AAD",
    "TicketError",
    "TicketKeys",
    "decode_ticket",
    "encode_ticket",
    "revocation_id",
    "ticket_digest",
]

logger = logging.getLogger(__name__)

KEY_NAME_LENGTH = 16
NONCE_LENGTH = 12
TAG_LENGTH = 16
MIN_TOKEN_LENGTH = KEY_NAME_LENGTH + NONCE_LENGTH + TAG_LENGTH
MIN_SECRET_LENGTH = 32
# Every accepted epoch keeps a derived key in memory and costs one HKDF at rotation, so
# both limits bound the work of a rotation. A day of lifetime at one rotation an hour
# needs 24 previous epochs.
MIN_ROTATION_INTERVAL = 1.0
MAX_ACCEPT_PREVIOUS = 1000

# HKDF info of the key of epoch n is this label followed by n as 8 big-endian bytes.
_KEY_LABEL = b"tlsspec ticket keys v1 "
# HKDF info of the HMAC key behind fingerprint(); no epoch, so fingerprints never rotate.
_FINGERPRINT_LABEL = b"tlsspec fingerprint v1"
FINGERPRINT_LENGTH = 16

TICKET_AAD = b"tlsspec session ticket v1"
"""Associated data of every ticket, so that a value sealed for another use never opens as one."""

# RFC 5077, Section 3.3 carries a ticket in a vector of at most 2^16-1 bytes.
MAX_TICKET_LENGTH = 0xFFFF

# Seconds that a ticket's session may start after now. A later start means a server clock
# that runs too far ahead, so the ticket is rejected.
MAX_CLOCK_SKEW = 60.0


class TicketError(ValueError):
    """A sealed token that does not open; the message gives the reason, never key material."""


class TicketKeys:
    """Named AES-256-GCM keys that rotate with time, derived from one secret.

    The key of epoch n = floor(clock() / rotation_interval) comes from HKDF-SHA256 (RFC
    5869) over the secret, with info = a fixed label and n as 8 big-endian bytes: the first
    16 output bytes are the public key_name and the next 32 the AES key. Every server that
    shares the secret derives the same named keys without coordination (RFC 5077, Section
    5.5 leaves key management to the server). The current epoch's key seals. The keys of the
    `accept_previous` epochs before it open, so a token stays readable for at least
    `accept_previous * rotation_interval` seconds after it was sealed. The key of the next
    epoch opens too, for a server of the fleet whose clock runs slightly ahead.

    RFC 5077 recommends AES-CBC with HMAC-SHA-256, but AES-GCM here authenticates the same
    fields with one key. Nonces are 96 random bits, and two equal nonces under one key
    break GCM, so one key must seal far fewer than 2^48 tokens. Keep the tokens that a
    whole fleet seals in one rotation_interval under 2^32, where a repeat has a chance of
    about 2^-33.
    """

    __slots__ = (
        "_accept_previous",
        "_clock",
        "_derived",
        "_fingerprint_key",
        "_lock",
        "_rotation_interval",
        "_secret",
        "_state",
    )

    def __init__(
        self,
        secret: bytes | None = None,
        *,
        rotation_interval: float = 3600.0,
        accept_previous: int = 1,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if secret is None:
            secret = os.urandom(MIN_SECRET_LENGTH)
        secret = check_bytes("secret", secret, (), None)
        if len(secret) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"secret must be at least {MIN_SECRET_LENGTH} bytes long; got {len(secret)}"
                " bytes (use os.urandom(32), shared by every server of the fleet)"
            )
        if (
            isinstance(rotation_interval, bool)
            or not isinstance(rotation_interval, int | float)
            or not math.isfinite(rotation_interval)
            or rotation_interval < MIN_ROTATION_INTERVAL
        ):
            raise ValueError(
                f"rotation_interval must be a finite number of seconds, at least"
                f" {MIN_ROTATION_INTERVAL:.0f}; got {rotation_interval!r}"
            )
        if (
            isinstance(accept_previous, bool)
            or not isinstance(accept_previous, int)
            or not 0 <= accept_previous <= MAX_ACCEPT_PREVIOUS
        ):
            raise ValueError(
                f"accept_previous must be an int from 0 to {MAX_ACCEPT_PREVIOUS};"
                f" got {accept_previous!r}"
            )
        clock = check_clock(clock)

        self._secret = secret
        self._fingerprint_key = _hkdf(secret, 32, _FINGERPRINT_LABEL)
        self._rotation_interval = float(rotation_interval)
        self._accept_previous = accept_previous
        self._clock = clock
        self._lock = threading.Lock()
        self._derived: dict[int, tuple[bytes, AESGCM]] = {}
        # (epoch, sealing key, opening keys by name). Rotation replaces the whole tuple, so
        # a reader in another thread gets the old keys or the new ones, never a mix.
        self._state: tuple[int, tuple[bytes, AESGCM], dict[bytes, AESGCM]] | None = None

    @property
    def rotation_interval(self) -> float:
        """Seconds between two key rotations."""
        return self._rotation_interval

    @property
    def accept_previous(self) -> int:
        """Number of epochs before the current one whose keys still open tokens."""
        return self._accept_previous

    @property
    def accept_window(self) -> float:
        """Seconds for which a sealed token is certain to open: accept_previous epochs."""
        return self._accept_previous * self._rotation_interval

    @property
    def current_key_name(self) -> bytes:
        """Public name of the key that seals now; it opens every token sealed with it."""
        return self._keys()[0][0]

    def __repr__(self) -> str:
        return (
            f"TicketKeys(rotation_interval={self._rotation_interval!r},"
            f" accept_previous={self._accept_previous!r},"
            f" current_key_name={self.current_key_name.hex()})"
        )

    __str__ = __repr__

    def fingerprint(self, data: bytes) -> bytes:
        """Return a 16-byte keyed digest of `data`: HMAC-SHA256 under a key derived from the secret.

        Every server that shares the secret computes the same fingerprint, and without the
        secret a fingerprint reveals nothing about `data`, so it may name a secret value in
        a log or a shared store.
        """
        data = check_bytes("data", data, (), None)
        return hmac.digest(self._fingerprint_key, data, "sha256")[:FINGERPRINT_LENGTH]

    def seal(self, plaintext: bytes, *, aad: bytes = b"") -> bytes:
        """Encrypt and authenticate `plaintext` and `aad` under the current key."""
        plaintext = check_bytes("plaintext", plaintext, (), None)
        aad = check_bytes("aad", aad, (), None)
        (key_name, aead), _ = self._keys()
        nonce = os.urandom(NONCE_LENGTH)
        return key_name + nonce + aead.encrypt(nonce, plaintext, key_name + aad)

    def open(self, token: bytes, *, aad: bytes = b"") -> bytes:
        """Return the plaintext of a token that seal() made with the same `aad`.

        Raise TicketError when the token is too short, names a key outside the accepted
        epochs (rotated out, or from another secret), or fails authentication.
        """
        token = check_bytes("token", token, (), None)
        aad = check_bytes("aad", aad, (), None)
        if len(token) < MIN_TOKEN_LENGTH:
            raise TicketError(
                f"too short: {len(token)} bytes, expected at least {MIN_TOKEN_LENGTH}"
            )
        key_name = token[:KEY_NAME_LENGTH]
        aead = self._keys()[1].get(key_name)
        if aead is None:
            raise TicketError("unknown key name (rotated out or foreign)")
        nonce = token[KEY_NAME_LENGTH : KEY_NAME_LENGTH + NONCE_LENGTH]
        try:
            return aead.decrypt(nonce, token[KEY_NAME_LENGTH + NONCE_LENGTH :], key_name + aad)
        except InvalidTag:
            raise TicketError("authentication failed") from None

    def _keys(self) -> tuple[tuple[bytes, AESGCM], dict[bytes, AESGCM]]:
        """Return the sealing key and the opening keys by name, rotating them when due."""
        epoch = self._current_epoch()
        state = self._state
        if state is None or state[0] != epoch:
            with self._lock:
                state = self._state
                if state is None or state[0] != epoch:
                    state = self._rotate(epoch)
        return state[1], state[2]

    def _current_epoch(self) -> int:
        now = check_clock_reading(self._clock())
        return math.floor(now / self._rotation_interval)

    def _rotate(self, epoch: int) -> tuple[int, tuple[bytes, AESGCM], dict[bytes, AESGCM]]:
        """Derive the keys of the epochs around `epoch`, reusing those already derived."""
        first = max(0, epoch - self._accept_previous)
        derived = {n: self._derived.get(n) or self._derive(n) for n in range(first, epoch + 2)}
        state = (epoch, derived[epoch], dict(derived.values()))
        self._derived = derived
        self._state = state
        logger.debug(
            "ticket keys rotated to epoch %d: key %s seals, %d keys open",
            epoch,
            derived[epoch][0].hex(),
            len(derived),
        )
        return state

    def _derive(self, epoch: int) -> tuple[bytes, AESGCM]:
        """Return the key_name and the AES-256-GCM key of `epoch`."""
        material = _hkdf(self._secret, KEY_NAME_LENGTH + 32, _KEY_LABEL + epoch.to_bytes(8, "big"))
        return material[:KEY_NAME_LENGTH], AESGCM(material[KEY_NAME_LENGTH:])


def _hkdf(secret: bytes, length: int, info: bytes) -> bytes:
    """Return `length` bytes of HKDF-SHA256 (RFC 5869) over `secret`, without a salt."""
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(secret)


def ticket_digest(ticket: bytes) -> str:
    """Return a short SHA-256 prefix of a ticket, fit for log lines."""
    return hashlib.sha256(ticket).hexdigest()[:12]


def revocation_id(keys: TicketKeys, session: Session) -> bytes:
    """Return the id under which a purged session stays refused, whichever ticket carries it.

    The id is the fingerprint of the master secret, which every ticket issued for the
    session carries, so purging a session rejects all of its tickets, not only the latest.
    A session without a master secret cannot be resumed anyway. Its id is the fingerprint
    of its ticket instead, so that two such sessions never share one.
    """
    if session.master_secret:
        return keys.fingerprint(b"master secret " + session.master_secret)
    return keys.fingerprint(b"ticket " + session.ticket)


def encode_ticket(keys: TicketKeys, session: Session) -> bytes:
    """Seal the session state of `session` into a ticket (RFC 5077, Section 4).

    Raise ValueError when the ticket would be longer than the 2^16-1 bytes that a
    NewSessionTicket message can carry (RFC 5077, Section 3.3).
    """
    if not isinstance(keys, TicketKeys):
        raise ValueError(f"keys must be a TicketKeys; got {type(keys).__name__}")
    if not isinstance(session, Session):
        raise ValueError(f"session must be a tlsspec.Session; got {type(session).__name__}")
    ticket = keys.seal(encode_session_state(session), aad=TICKET_AAD)
    if len(ticket) > MAX_TICKET_LENGTH:
        raise ValueError(
            f"the session's ticket would be {len(ticket)} bytes long; a ticket can be at most"
            f" {MAX_TICKET_LENGTH} bytes (shorten the certificate chains)"
        )
    return ticket


def decode_ticket(
    keys: TicketKeys, ticket: bytes, *, lifetime: float, now: float
) -> Session | None:
    """Return the session that `ticket` carries, or None when it must not be resumed.

    A ticket is rejected, with one INFO log line that gives the reason, when it is truncated or
    garbled, names an unknown key, fails authentication, contains state that does not decode,
    has expired (now >= timestamp + lifetime), or starts more than MAX_CLOCK_SKEW seconds
    in the future. A value that is not bytes, or a bad `lifetime` or `now`, raises
    ValueError.
    """
    if not isinstance(keys, TicketKeys):
        raise ValueError(f"keys must be a TicketKeys; got {type(keys).__name__}")
    ticket = check_bytes("ticket", ticket, (), None)
    if (
        isinstance(lifetime, bool)
        or not isinstance(lifetime, int | float)
        or not math.isfinite(lifetime)
        or lifetime <= 0
    ):
        raise ValueError(f"lifetime must be a positive, finite number of seconds; got {lifetime!r}")
    if isinstance(now, bool) or not isinstance(now, int | float) or not math.isfinite(now):
        raise ValueError(f"now must be a finite number of seconds since the epoch; got {now!r}")

    try:
        state = keys.open(ticket, aad=TICKET_AAD)
    except TicketError as exc:
        logger.info("ticket %s rejected: %s", ticket_digest(ticket), exc)
        return None
    try:
        session = decode_session_state(state)
    except SessionStateError as exc:
        # An authentic ticket whose state does not decode comes from a server that writes
        # another state format. The message names the field, never a secret's value.
        logger.info("ticket %s rejected: undecodable state: %s", ticket_digest(ticket), exc)
        return None

    if now >= session.timestamp + lifetime:
        logger.info(
            "ticket %s rejected: expired %.3f s ago",
            ticket_digest(ticket),
            now - session.timestamp - lifetime,
        )
        return None
    if session.timestamp > now + MAX_CLOCK_SKEW:
        logger.info(
            "ticket %s rejected: session starts %.0f s in the future",
            ticket_digest(ticket),
            session.timestamp - now,
        )
        return None
    return session
