"""TLS record protection: seal plaintext fragments into records and open received records.

RFC 5246, Section 6.2 (TLS 1.2), RFC 4346 and RFC 2246 (TLS 1.1 and 1.0), RFC 6101,
Section 5.2.3 (SSL 3.0) and RFC 8446, Section 5 (TLS 1.3). One state protects one
direction under one set of keys:

    read, write = new_states(spec, keys, side="client")     # SSL 3.0 to TLS 1.2
    record = write.seal(ContentType.application_data, b"GET / HTTP/1.1\\r\\n")
    content_type, plaintext = peer_read.open(record)

    state = tls13_state(spec, client_application_traffic_secret_0)   # TLS 1.3

Every failure to open a record raises a RecordError subclass that carries the alert to
send. The ciphers are pyca/cryptography's, and the ones it lacks (ARIA, Camellia-GCM,
SM4-CCM, 40-bit RC2, AEGIS, Ascon, GOST) raise UnsupportedCipherError when the state is
built.
Compression is not implemented: every state uses the null compression method.
"""

from __future__ import annotations

import hmac
import logging
from typing import Literal

from cryptography.exceptions import InvalidTag

# Ruff counts tlsspec as first-party in generated/tlsspec but not here, so the split
# keeps one import order valid in both copies.
# isort: split
from tlsspec._record_base import (
    MAX_PLAINTEXT_LENGTH,
    BadRecordMac,
    Direction,
    RecordError,
    RecordMac,
    RecordOverflow,
    RecordState,
    UnsupportedCipherError,
    check_bytes,
)
from tlsspec._record_cbc import CbcState
from tlsspec._record_ciphers import aead, stream_cipher
from tlsspec.alerts import AlertDescription
from tlsspec.cipher_specs import CipherSpec
from tlsspec.handshake import ContentType
from tlsspec.keys import KeyBlock
from tlsspec.prf import hash_algorithm, hkdf_expand_label
from tlsspec.versions import ProtocolVersion

__all__ = [
    "AeadState",
    "BadRecordMac",
    "CbcState",
    "RecordError",
    "RecordOverflow",
    "RecordState",
    "StreamState",
    "Tls13State",
    "UnsupportedCipherError",
    "new_states",
    "tls13_state",
]

log = logging.getLogger(__name__)

# RFC 8446, Section 5.2: TLSCiphertext.length may exceed 2^14 by at most 256 bytes.
MAX_TLS13_CIPHERTEXT_LENGTH = MAX_PLAINTEXT_LENGTH + 256
# RFC 8446, Section 5.4: TLSInnerPlaintext is the content, its type byte and the padding.
MAX_TLS13_INNER_PLAINTEXT_LENGTH = MAX_PLAINTEXT_LENGTH + 1
TLS13_RECORD_VERSION = 0x0303

_TLS12_VERSIONS = frozenset(
    {
        ProtocolVersion.SSL_3_0,
        ProtocolVersion.TLS_1_0,
        ProtocolVersion.TLS_1_1,
        ProtocolVersion.TLS_1_2,
    }
)


def _xor_nonce(iv: bytes, sequence_number: int) -> bytes:
    """Return iv XOR the sequence number, padded on the left to the IV's length."""
    padded = sequence_number.to_bytes(len(iv), "big")
    return bytes(a ^ b for a, b in zip(iv, padded, strict=True))


class AeadState(RecordState):
    """One direction of an AEAD cipher suite in TLS 1.2 (RFC 5246, Section 6.2.3.3).

    GCM and CCM build the nonce from the 4-byte `iv` and an 8-byte explicit nonce sent
    with each record, which is the sequence number (RFC 5288, Section 3 and RFC 6655,
    Section 3). ChaCha20-Poly1305 XORs the 12-byte `iv` with the sequence number and
    sends no explicit nonce (RFC 7905, Section 2).
    """

    def __init__(
        self,
        spec: CipherSpec,
        key: bytes,
        iv: bytes,
        *,
        direction: Direction | None = None,
        sequence_number: int = 0,
    ) -> None:
        super().__init__(spec, direction=direction, sequence_number=sequence_number)
        self._aead = aead(spec, check_bytes("key", key, spec.expanded_key_length))
        self._fixed_iv = check_bytes("iv", iv, spec.fixed_iv_length)
        self._explicit_nonce_length = spec.record_iv_length
        self._tag_length = spec.tag_length

    def _nonce(self, sequence_number: int, explicit_nonce: bytes) -> bytes:
        if self._explicit_nonce_length:
            return self._fixed_iv + explicit_nonce
        return _xor_nonce(self._fixed_iv, sequence_number)

    def _additional_data(self, sequence_number: int, content_type: int, length: int) -> bytes:
        return sequence_number.to_bytes(8, "big") + self._header(content_type, length)

    def _seal_record(
        self, sequence_number: int, content_type: int, fragment: bytes, padding: int
    ) -> bytes:
        explicit_nonce = sequence_number.to_bytes(8, "big")[8 - self._explicit_nonce_length :]
        additional_data = self._additional_data(sequence_number, content_type, len(fragment))
        ciphertext = self._aead.encrypt(
            self._nonce(sequence_number, explicit_nonce), fragment, additional_data
        )
        body = explicit_nonce + ciphertext
        return self._header(content_type, len(body)) + body

    def _open_record(self, sequence_number: int, header: bytes, body: bytes) -> tuple[int, bytes]:
        content_type = header[0]
        plaintext_length = len(body) - self._explicit_nonce_length - self._tag_length
        if plaintext_length < 0:
            raise BadRecordMac(sequence_number)
        if plaintext_length > MAX_PLAINTEXT_LENGTH:
            raise RecordOverflow(
                sequence_number,
                f"plaintext of {plaintext_length} bytes exceeds the maximum of"
                f" {MAX_PLAINTEXT_LENGTH}",
            )
        explicit_nonce = body[: self._explicit_nonce_length]
        ciphertext = body[self._explicit_nonce_length :]
        additional_data = self._additional_data(sequence_number, content_type, plaintext_length)
        try:
            plaintext = self._aead.decrypt(
                self._nonce(sequence_number, explicit_nonce), ciphertext, additional_data
            )
        except InvalidTag:
            raise BadRecordMac(sequence_number) from None
        return content_type, plaintext


class StreamState(RecordState):
    """One direction of a stream cipher suite: RC4, or the NULL cipher (RFC 5246, Section
    6.2.3.1), with a MAC unless the MAC is NULL as well.

    A failed record leaves an RC4 key stream advanced past it, so after one the state
    raises RecordError for every later record.
    """

    def __init__(
        self,
        spec: CipherSpec,
        mac_key: bytes,
        key: bytes,
        *,
        direction: Direction | None = None,
        sequence_number: int = 0,
    ) -> None:
        super().__init__(spec, direction=direction, sequence_number=sequence_number)
        self._key_stream = stream_cipher(spec, check_bytes("key", key, spec.expanded_key_length))
        self._mac = RecordMac(spec, check_bytes("mac_key", mac_key, spec.mac_key_length))

    def _apply_key_stream(self, data: bytes) -> bytes:
        return data if self._key_stream is None else self._key_stream.update(data)

    def _seal_record(
        self, sequence_number: int, content_type: int, fragment: bytes, padding: int
    ) -> bytes:
        mac = self._mac.compute(sequence_number, content_type, fragment)
        body = self._apply_key_stream(fragment + mac)
        return self._header(content_type, len(body)) + body

    def _open_record(self, sequence_number: int, header: bytes, body: bytes) -> tuple[int, bytes]:
        content_type = header[0]
        content_length = len(body) - self._mac.length
        if content_length < 0:
            raise BadRecordMac(sequence_number)
        if content_length > MAX_PLAINTEXT_LENGTH:
            raise RecordOverflow(
                sequence_number,
                f"plaintext of {content_length} bytes exceeds the maximum of"
                f" {MAX_PLAINTEXT_LENGTH}",
            )
        plaintext = self._apply_key_stream(body)
        content, received = plaintext[:content_length], plaintext[content_length:]
        expected = self._mac.compute(sequence_number, content_type, content)
        if not hmac.compare_digest(expected, received):
            if self._key_stream is not None:
                self._unusable_reason = (
                    "an earlier record failed authentication, so the key stream is lost"
                )
            raise BadRecordMac(sequence_number)
        return content_type, content


class Tls13State(RecordState):
    """One direction of TLS 1.3 record protection (RFC 8446, Section 5.2 and 5.3).

    The nonce is `iv` XOR the sequence number. The encryption covers the content, its real
    type and the zero padding, and the header shows type application_data and version
    0x0303. Build the state from a traffic secret with tls13_state(), or here from the
    `key` and `iv` that HKDF-Expand-Label derives (RFC 8446, Section 7.3).
    """

    # RFC 8446, Section 5: only these types are protected, and change_cipher_spec never is.
    content_types = frozenset(
        {ContentType.alert, ContentType.handshake, ContentType.application_data}
    )
    max_ciphertext_length = MAX_TLS13_CIPHERTEXT_LENGTH
    accepts_padding = True

    def __init__(
        self,
        spec: CipherSpec,
        key: bytes,
        iv: bytes,
        *,
        direction: Direction | None = None,
        sequence_number: int = 0,
    ) -> None:
        if spec.version != ProtocolVersion.TLS_1_3:
            raise ValueError(f"Tls13State needs a TLS 1.3 cipher spec, not {spec.version.name}")
        super().__init__(spec, direction=direction, sequence_number=sequence_number)
        self._aead = aead(spec, check_bytes("key", key, spec.key_length))
        self._iv = check_bytes("iv", iv, spec.fixed_iv_length)
        self._tag_length = spec.tag_length

    @property
    def record_version(self) -> int:
        """Version that the record header carries: always 0x0303 (RFC 8446, Section 5.1)."""
        return TLS13_RECORD_VERSION

    def _seal_record(
        self, sequence_number: int, content_type: int, fragment: bytes, padding: int
    ) -> bytes:
        inner_plaintext = fragment + bytes([content_type]) + bytes(padding)
        if len(inner_plaintext) > MAX_TLS13_INNER_PLAINTEXT_LENGTH:
            raise ValueError(
                f"fragment of {len(fragment)} bytes and padding of {padding} bytes exceed the"
                f" {MAX_TLS13_INNER_PLAINTEXT_LENGTH}-byte TLSInnerPlaintext limit"
                " of RFC 8446, Section 5.4"
            )
        header = self._header(ContentType.application_data, len(inner_plaintext) + self._tag_length)
        nonce = _xor_nonce(self._iv, sequence_number)
        return header + self._aead.encrypt(nonce, inner_plaintext, header)

    def _check_header(self, sequence_number: int, header: bytes) -> None:
        # The version is ignored (RFC 8446, Section 5.1) but authenticated as part of the AAD.
        if header[0] != ContentType.application_data:
            raise RecordError(
                sequence_number,
                f"content type {header[0]} is not application_data (23), which every"
                " protected TLS 1.3 record carries",
                AlertDescription.unexpected_message,
            )

    def _open_record(self, sequence_number: int, header: bytes, body: bytes) -> tuple[int, bytes]:
        if len(body) - self._tag_length > MAX_TLS13_INNER_PLAINTEXT_LENGTH:
            raise RecordOverflow(
                sequence_number,
                f"TLSInnerPlaintext of {len(body) - self._tag_length} bytes exceeds the"
                f" maximum of {MAX_TLS13_INNER_PLAINTEXT_LENGTH}",
            )
        try:
            inner_plaintext = self._aead.decrypt(
                _xor_nonce(self._iv, sequence_number), body, header
            )
        except InvalidTag:
            raise BadRecordMac(sequence_number) from None

        unpadded = inner_plaintext.rstrip(b"\x00")
        if not unpadded:
            raise RecordError(
                sequence_number,
                "TLSInnerPlaintext holds only zero bytes, so it has no content type",
                AlertDescription.unexpected_message,
            )
        content_type = unpadded[-1]
        if content_type not in self.content_types:
            raise RecordError(
                sequence_number,
                f"inner content type {content_type} is not alert, handshake or application_data",
                AlertDescription.unexpected_message,
            )
        return content_type, unpadded[:-1]


def new_states(
    spec: CipherSpec,
    keys: KeyBlock,
    *,
    side: Literal["client", "server"],
    encrypt_then_mac: bool = False,
) -> tuple[RecordState, RecordState]:
    """Build the (read, write) states of SSL 3.0 to TLS 1.2 for one side of a connection.

    A client writes with the client_write keys and reads with the server_write keys, and a
    server the reverse (RFC 5246, Section 6.3). `encrypt_then_mac` is the outcome of the
    encrypt_then_mac extension. It changes only CBC suites, because RFC 7366, Section 3
    does not apply it to stream and AEAD ciphers. Raises UnsupportedCipherError for a
    cipher that pyca/cryptography lacks.
    """
    _check_spec(spec)
    if not isinstance(keys, KeyBlock):
        raise ValueError(
            f"keys must be a KeyBlock from tlsspec.keys.key_block(), not {type(keys).__name__}"
        )
    if not isinstance(encrypt_then_mac, bool):
        raise ValueError(f"encrypt_then_mac must be a bool, not {encrypt_then_mac!r}")
    if spec.version is ProtocolVersion.TLS_1_3:
        raise ValueError("new_states() builds SSL 3.0 to TLS 1.2 states; use tls13_state()")
    if spec.version not in _TLS12_VERSIONS:
        # TODO: DTLS records (RFC 6347, Section 4.1) carry an epoch and an explicit
        # sequence number, which these states do not implement.
        raise ValueError(
            f"records of {spec.version.name} are not supported; expected a cipher spec of"
            " SSL 3.0 to TLS 1.2"
        )
    _check_key_block(spec, keys)
    if side == "client":
        write_keys = (keys.client_write_mac_key, keys.client_write_key, keys.client_write_iv)
        read_keys = (keys.server_write_mac_key, keys.server_write_key, keys.server_write_iv)
    elif side == "server":
        write_keys = (keys.server_write_mac_key, keys.server_write_key, keys.server_write_iv)
        read_keys = (keys.client_write_mac_key, keys.client_write_key, keys.client_write_iv)
    else:
        raise ValueError(f"side must be 'client' or 'server', not {side!r}")

    if encrypt_then_mac and spec.cipher_type != "block":
        log.debug("encrypt_then_mac ignored: %s is a %s cipher", spec.bulk_cipher, spec.cipher_type)
    log.debug(
        "record protection for the %s: %s at %s, encrypt_then_mac=%s",
        side,
        spec.bulk_cipher,
        spec.version.name,
        encrypt_then_mac and spec.cipher_type == "block",
    )
    read = _build_state(spec, read_keys, "read", encrypt_then_mac)
    write = _build_state(spec, write_keys, "write", encrypt_then_mac)
    return read, write


def _check_key_block(spec: CipherSpec, keys: KeyBlock) -> None:
    """Raise ValueError naming the first key block field whose length the spec does not fit."""
    lengths = {
        "mac_key": spec.mac_key_length,
        "key": spec.expanded_key_length,
        "iv": spec.fixed_iv_length,
    }
    for name, value in keys._asdict().items():
        check_bytes(name, value, lengths[name.split("_write_", 1)[1]])


def _build_state(
    spec: CipherSpec,
    keys: tuple[bytes, bytes, bytes],
    direction: Direction,
    encrypt_then_mac: bool,
) -> RecordState:
    mac_key, key, iv = keys
    if spec.cipher_type == "aead":
        return AeadState(spec, key, iv, direction=direction)
    if spec.cipher_type == "block":
        return CbcState(
            spec, mac_key, key, iv, encrypt_then_mac=encrypt_then_mac, direction=direction
        )
    if spec.cipher_type == "stream":
        return StreamState(spec, mac_key, key, direction=direction)
    raise ValueError(f"unknown cipher_type {spec.cipher_type!r} in the spec of {spec.suite.name}")


def _check_spec(spec: object) -> None:
    if not isinstance(spec, CipherSpec):
        raise ValueError(
            f"spec must be a CipherSpec from tlsspec.cipher_spec(), not {type(spec).__name__}"
        )


def tls13_state(
    spec: CipherSpec, traffic_secret: bytes, *, direction: Direction | None = None
) -> Tls13State:
    """Build a TLS 1.3 state from a traffic secret.

    The key and IV are HKDF-Expand-Label(secret, "key" or "iv", "", length) over the
    suite's hash (RFC 8446, Section 7.3). The same secret serves the sender, which seals,
    and the receiver, which opens, so `direction` may stay None until first use. A hash
    without an implementation raises tlsspec.prf.UnsupportedHashError, a ValueError.
    """
    _check_spec(spec)
    if spec.version is ProtocolVersion.DTLS_1_3:
        # TODO: DTLS 1.3 records (RFC 9147, Section 4) have a unified header and encrypted
        # sequence numbers, which these states do not implement.
        raise ValueError("records of DTLS_1_3 are not supported; expected a TLS 1.3 cipher spec")
    if spec.version != ProtocolVersion.TLS_1_3 or spec.prf_hash is None:
        raise ValueError(f"tls13_state() needs a TLS 1.3 cipher spec, not {spec.version.name}")
    # RFC 8446, Section 7.1: every traffic secret is Hash.length bytes long.
    secret = check_bytes(
        "traffic_secret", traffic_secret, hash_algorithm(spec.prf_hash).digest_size
    )
    key = hkdf_expand_label(spec.prf_hash, secret, b"key", b"", spec.key_length)
    iv = hkdf_expand_label(spec.prf_hash, secret, b"iv", b"", spec.fixed_iv_length)
    return Tls13State(spec, key, iv, direction=direction)
