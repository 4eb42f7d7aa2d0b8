"""Parts that every record protection state shares: errors, the record header, sequence
numbers and the record MACs of SSL 3.0 and TLS.

The public names are re-exported by `tlsspec.record`, so import them from there.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING, ClassVar, Literal

from tlsspec.alerts import AlertDescription
from tlsspec.handshake import ContentType
from tlsspec.versions import ProtocolVersion

if TYPE_CHECKING:
    from tlsspec.cipher_specs import CipherSpec

Direction = Literal["read", "write"]

HEADER_LENGTH = 5
# RFC 5246, Section 6.2.1 and RFC 8446, Section 5.1: the largest TLSPlaintext.fragment.
MAX_PLAINTEXT_LENGTH = 1 << 14
# RFC 5246, Section 6.2.3: TLSCiphertext.length may add at most 2048 bytes.
MAX_CIPHERTEXT_LENGTH = MAX_PLAINTEXT_LENGTH + 2048
# RFC 5246, Section 6.1: sequence numbers are 64 bits and must not wrap.
SEQUENCE_NUMBER_LIMIT = 1 << 64

# Content types that SSL 3.0 to TLS 1.2 carry: RFC 5246, Section 6.2.1, and heartbeat
# (RFC 6520). tls12_cid and the other later types exist in DTLS only.
TLS12_CONTENT_TYPES = frozenset(
    {
        ContentType.change_cipher_spec,
        ContentType.alert,
        ContentType.handshake,
        ContentType.application_data,
        ContentType.heartbeat,
    }
)


class RecordError(ValueError):
    """Raised when a record cannot be opened. `alert` is the fatal alert to send.

    The message names the record's sequence number and the fault, never key material.
    """

    def __init__(
        self,
        sequence_number: int,
        reason: str,
        alert: AlertDescription = AlertDescription.decode_error,
    ) -> None:
        super().__init__(f"record {sequence_number}: {reason}")
        self.sequence_number = sequence_number
        self.alert = alert


# The two names follow the alerts bad_record_mac and record_overflow, not ruff's N818.
class BadRecordMac(RecordError):  # noqa: N818
    """Raised when a record fails authentication: a bad MAC, CBC padding or AEAD tag.

    All three give the same message, so that the error does not tell an attacker whether
    the padding was valid (RFC 5246, Section 6.2.3.2).
    """

    def __init__(self, sequence_number: int) -> None:
        super().__init__(
            sequence_number,
            "authentication failed (bad MAC, padding or tag)",
            AlertDescription.bad_record_mac,
        )


class RecordOverflow(RecordError):  # noqa: N818
    """Raised when a record or its plaintext is longer than the protocol allows."""

    def __init__(self, sequence_number: int, reason: str) -> None:
        super().__init__(sequence_number, reason, AlertDescription.record_overflow)


class UnsupportedCipherError(ValueError):
    """Raised when a state is built for a cipher that pyca/cryptography does not implement."""


def check_bytes(name: str, value: object, length: int | None = None) -> bytes:
    """Return `value` as bytes, or raise ValueError naming the argument and its length."""
    if not isinstance(value, bytes | bytearray | memoryview):
        raise ValueError(f"{name} must be bytes, not {type(value).__name__}")
    data = bytes(value)
    if length is not None and len(data) != length:
        raise ValueError(f"{name} is {len(data)} bytes long, but the cipher spec needs {length}")
    return data


# RFC 6101, Section 5.2.3.1: pad_1 and pad_2 are 48 bytes for MD5 and 40 for SHA-1, the
# only MACs of SSL 3.0.
_SSL3_PAD_LENGTHS = {"md5": 48, "sha1": 40}


class RecordMac:
    """The MAC of one direction: HMAC (RFC 5246, Section 6.2.3.1) or the SSL 3.0 MAC.

    A MAC whose spec says "NULL" computes the empty string. `length` is spec.mac_length,
    so the output is truncated to 10 bytes when truncated HMAC applies (RFC 6066, Section 7).
    """

    def __init__(self, spec: CipherSpec, key: bytes) -> None:
        self.length = spec.mac_length
        self._version = int(spec.version).to_bytes(2, "big")
        self._hmac: hmac.HMAC | None = None
        self._ssl3: tuple[hashlib._Hash, hashlib._Hash] | None = None
        if self.length == 0:
            return
        if spec.mac_hash is None:
            raise UnsupportedCipherError(
                f"cannot compute the {spec.mac} MAC of {spec.suite.name}: only HMAC and the"
                " SSL 3.0 MAC are implemented"
            )
        if spec.version == ProtocolVersion.SSL_3_0:
            pad_length = _SSL3_PAD_LENGTHS[spec.mac_hash]
            self._ssl3 = (
                hashlib.new(spec.mac_hash, key + b"\x36" * pad_length),
                hashlib.new(spec.mac_hash, key + b"\x5c" * pad_length),
            )
        else:
            self._hmac = hmac.new(key, digestmod=spec.mac_hash)

    def compute(self, sequence_number: int, content_type: int, fragment: bytes) -> bytes:
        """Return the MAC of one record: seq_num, type, version (not in SSL 3.0), length, data."""
        sequence = sequence_number.to_bytes(8, "big")
        length = len(fragment).to_bytes(2, "big")
        if self._hmac is not None:
            mac = self._hmac.copy()
            mac.update(sequence + bytes([content_type]) + self._version + length)
            mac.update(fragment)
            return mac.digest()[: self.length]
        if self._ssl3 is not None:
            inner = self._ssl3[0].copy()
            inner.update(sequence + bytes([content_type]) + length)
            inner.update(fragment)
            outer = self._ssl3[1].copy()
            outer.update(inner.digest())
            return outer.digest()[: self.length]
        return b""

    def absorb(self, data: bytes) -> None:
        """Hash `data` and discard the result, to even out the time that a check takes."""
        if self._hmac is not None:
            self._hmac.copy().update(data)
        elif self._ssl3 is not None:
            self._ssl3[0].copy().update(data)


class RecordState:
    """Protection of one direction of a connection: seals records to send, or opens records
    that arrived, under one set of keys.

    `sequence_number` is the number of the next record (RFC 5246, Section 6.1). A state
    either seals or opens: the direction is fixed when the state is built, or else by its
    first `seal` or `open`. Only the cipher, the direction and the sequence number appear in
    repr() and str(), never a key.
    """

    content_types: ClassVar[frozenset[ContentType]] = TLS12_CONTENT_TYPES
    max_ciphertext_length: ClassVar[int] = MAX_CIPHERTEXT_LENGTH
    accepts_padding: ClassVar[bool] = False

    def __init__(
        self, spec: CipherSpec, *, direction: Direction | None, sequence_number: int
    ) -> None:
        if direction not in ("read", "write", None):
            raise ValueError(f"direction must be 'read' or 'write', not {direction!r}")
        if not isinstance(sequence_number, int) or not 0 <= sequence_number < SEQUENCE_NUMBER_LIMIT:
            raise ValueError(
                f"sequence_number must be an int from 0 to 2**64 - 1, not {sequence_number!r}"
            )
        self.spec = spec
        self._direction: Direction | None = direction
        self._sequence_number = sequence_number
        self._unusable_reason: str | None = None

    @property
    def sequence_number(self) -> int:
        """Sequence number of the next record that this state seals or opens."""
        return self._sequence_number

    @property
    def direction(self) -> Direction | None:
        """ "write" for a state that seals, "read" for one that opens, None before first use."""
        return self._direction

    @property
    def record_version(self) -> int:
        """Version that the record header carries: the negotiated one, before TLS 1.3."""
        return int(self.spec.version)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} {self.spec.bulk_cipher} {self.spec.version.name}"
            f" {self._direction or 'unused'} sequence_number={self._sequence_number}>"
        )

    def seal(self, content_type: int, fragment: bytes, padding: int = 0) -> bytes:
        """Protect `fragment` and return the whole record, its 5-byte header included.

        `padding` is the number of zero bytes to add to a TLS 1.3 record (RFC 8446,
        Section 5.4), and must be 0 for other versions. Raises ValueError for a content type
        that the version does not protect or a fragment longer than 2^14 bytes.
        """
        if content_type not in self.content_types:
            raise ValueError(
                f"content type {content_type!s} cannot be sent in a {self.spec.version.name}"
                f" record; expected one of {sorted(int(kind) for kind in self.content_types)}"
            )
        data = check_bytes("fragment", fragment)
        if len(data) > MAX_PLAINTEXT_LENGTH:
            raise ValueError(
                f"fragment of {len(data)} bytes is longer than the {MAX_PLAINTEXT_LENGTH}"
                " bytes of a record; split it into several records"
            )
        if not isinstance(padding, int) or isinstance(padding, bool) or padding < 0:
            raise ValueError(f"padding must be a non-negative int, not {padding!r}")
        if padding and not self.accepts_padding:
            raise ValueError(
                f"padding={padding} applies to TLS 1.3 records only, not"
                f" {self.spec.version.name}, so pass 0"
            )
        sequence_number = self._claim("write")
        record = self._seal_record(sequence_number, int(content_type), data, padding)
        self._sequence_number = sequence_number + 1
        return record

    def open(self, record: bytes) -> tuple[ContentType, bytes]:
        """Check and decrypt one whole record, and return its content type and plaintext.

        Raises a RecordError subclass for every fault, with the alert to send. A failed
        record leaves the sequence number unchanged.
        """
        sequence_number = self._claim("read")
        data = check_bytes("record", record)
        if len(data) < HEADER_LENGTH:
            raise RecordError(
                sequence_number, f"{len(data)} bytes are too short for the 5-byte record header"
            )
        header, body = data[:HEADER_LENGTH], data[HEADER_LENGTH:]
        length = int.from_bytes(header[3:5], "big")
        if length > self.max_ciphertext_length:
            raise RecordOverflow(
                sequence_number,
                f"length field {length} exceeds the maximum of {self.max_ciphertext_length}",
            )
        if length != len(body):
            raise RecordError(
                sequence_number,
                f"length field {length} does not match the {len(body)} bytes after the header",
            )
        self._check_header(sequence_number, header)

        content_type, plaintext = self._open_record(sequence_number, header, body)
        if len(plaintext) > MAX_PLAINTEXT_LENGTH:
            raise RecordOverflow(
                sequence_number,
                f"plaintext of {len(plaintext)} bytes exceeds the maximum of"
                f" {MAX_PLAINTEXT_LENGTH}",
            )
        self._sequence_number = sequence_number + 1
        return ContentType(content_type), plaintext

    def _claim(self, direction: Direction) -> int:
        """Fix the direction on first use, and return the sequence number of the next record."""
        if self._direction is None:
            self._direction = direction
        elif self._direction != direction:
            verb = "seal" if direction == "write" else "open"
            raise ValueError(
                f"cannot {verb} records with {self!r}: a state protects one direction,"
                " so build a second state for the other"
            )
        if self._unusable_reason is not None:
            raise RecordError(self._sequence_number, self._unusable_reason)
        if self._sequence_number >= SEQUENCE_NUMBER_LIMIT:
            raise RecordError(
                self._sequence_number,
                "all 2^64 sequence numbers are used; renegotiate, or in TLS 1.3 update the"
                " keys, before more records",
                AlertDescription.internal_error,
            )
        return self._sequence_number

    def _header(self, content_type: int, length: int) -> bytes:
        return (
            bytes([content_type])
            + self.record_version.to_bytes(2, "big")
            + length.to_bytes(2, "big")
        )

    def _check_header(self, sequence_number: int, header: bytes) -> None:
        """Raise RecordError unless the header's type and version fit this state."""
        if header[0] not in self.content_types:
            raise RecordError(
                sequence_number,
                f"content type {header[0]} is not one that {self.spec.version.name} records carry",
                AlertDescription.unexpected_message,
            )
        version = int.from_bytes(header[1:3], "big")
        if version != self.record_version:
            raise RecordError(
                sequence_number,
                f"record version 0x{version:04X} differs from the negotiated"
                f" 0x{self.record_version:04X}",
                AlertDescription.protocol_version,
            )

    def _seal_record(
        self, sequence_number: int, content_type: int, fragment: bytes, padding: int
    ) -> bytes:
        raise NotImplementedError

    def _open_record(self, sequence_number: int, header: bytes, body: bytes) -> tuple[int, bytes]:
        raise NotImplementedError
