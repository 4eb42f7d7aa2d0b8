"""Record protection with a block cipher in CBC mode: SSL 3.0 to TLS 1.2, MAC-then-encrypt
(RFC 5246, Section 6.2.3.2) or encrypt-then-MAC (RFC 7366).
"""

from __future__ import annotations

import hmac
import os
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.ciphers import Cipher, modes

# Ruff counts tlsspec as first-party in generated/tlsspec but not here, so the split
# keeps one import order valid in both copies.
# isort: split
from tlsspec._record_base import (
    BadRecordMac,
    Direction,
    RecordMac,
    RecordState,
    check_bytes,
)
from tlsspec._record_ciphers import block_cipher
from tlsspec.versions import ProtocolVersion

if TYPE_CHECKING:
    from tlsspec.cipher_specs import CipherSpec

# A TLS padding length byte is at most 255, so the padding and its length byte fill at
# most the last 256 bytes of the plaintext.
_PADDING_WINDOW = 256


class CbcState(RecordState):
    """One direction of a CBC cipher suite.

    SSL 3.0 and TLS 1.0 (fixed_iv_length > 0) chain the IV: each record starts from the
    last ciphertext block of the one before, and the first from `iv`. TLS 1.1 and later
    (record_iv_length > 0) send a random explicit IV at the start of each record, and `iv`
    must be empty. With `encrypt_then_mac` the MAC covers the IV and ciphertext (RFC 7366);
    SSL 3.0 has no extensions, so it cannot use it.
    """

    def __init__(
        self,
        spec: CipherSpec,
        mac_key: bytes,
        key: bytes,
        iv: bytes,
        *,
        encrypt_then_mac: bool = False,
        direction: Direction | None = None,
        sequence_number: int = 0,
    ) -> None:
        super().__init__(spec, direction=direction, sequence_number=sequence_number)
        if spec.mac_length == 0:
            raise ValueError(f"{spec.suite.name} has no MAC, which a CBC cipher suite needs")
        if encrypt_then_mac and spec.version == ProtocolVersion.SSL_3_0:
            raise ValueError("SSL 3.0 has no extensions, so encrypt_then_mac must be False")
        self._algorithm = block_cipher(spec, check_bytes("key", key, spec.expanded_key_length))
        self._mac = RecordMac(spec, check_bytes("mac_key", mac_key, spec.mac_key_length))
        self._chained_iv = check_bytes("iv", iv, spec.fixed_iv_length)
        self._block_size = spec.block_size
        self._explicit_iv_length = spec.record_iv_length
        self._encrypt_then_mac = encrypt_then_mac
        self._ssl3 = spec.version == ProtocolVersion.SSL_3_0

    def __repr__(self) -> str:
        suffix = " encrypt_then_mac" if self._encrypt_then_mac else ""
        return super().__repr__()[:-1] + suffix + ">"

    def _seal_record(
        self, sequence_number: int, content_type: int, fragment: bytes, padding: int
    ) -> bytes:
        if self._encrypt_then_mac:
            sent = self._encrypt(self._pad(fragment))
            mac = self._mac.compute(sequence_number, content_type, sent)
            body = sent + mac
        else:
            mac = self._mac.compute(sequence_number, content_type, fragment)
            body = self._encrypt(self._pad(fragment + mac))
        return self._header(content_type, len(body)) + body

    def _open_record(self, sequence_number: int, header: bytes, body: bytes) -> tuple[int, bytes]:
        content_type = header[0]
        if self._encrypt_then_mac:
            plaintext = self._open_encrypt_then_mac(sequence_number, content_type, body)
        else:
            plaintext = self._open_mac_then_encrypt(sequence_number, content_type, body)
        return content_type, plaintext

    def _pad(self, data: bytes) -> bytes:
        """Append the fewest padding bytes that fill the block, each one equal to the padding
        length, then the length byte (RFC 5246, Section 6.2.3.2). SSL 3.0 accepts it too."""
        padding_length = -(len(data) + 1) % self._block_size
        return data + bytes([padding_length]) * (padding_length + 1)

    def _encrypt(self, plaintext: bytes) -> bytes:
        """Encrypt `plaintext`, advance a chained IV, and return explicit IV and ciphertext."""
        explicit = self._explicit_iv_length
        iv = os.urandom(explicit) if explicit else self._chained_iv
        encryptor = Cipher(self._algorithm, modes.CBC(iv)).encryptor()
        ciphertext = encryptor.update(plaintext) + encryptor.finalize()
        if self._explicit_iv_length:
            return iv + ciphertext
        self._chained_iv = ciphertext[-self._block_size :]
        return ciphertext

    def _decrypt(self, sent: bytes) -> tuple[bytes, bytes]:
        """Return the plaintext of IV and ciphertext, and the IV that would chain after it."""
        if self._explicit_iv_length:
            iv, ciphertext = sent[: self._explicit_iv_length], sent[self._explicit_iv_length :]
        else:
            iv, ciphertext = self._chained_iv, sent
        decryptor = Cipher(self._algorithm, modes.CBC(iv)).decryptor()
        return decryptor.update(ciphertext) + decryptor.finalize(), ciphertext[-self._block_size :]

    def _padding_length(self, plaintext: bytes, reserved: int) -> int | None:
        """Return the padding length if the padding is valid, else None.

        `reserved` bytes before the padding belong to the MAC. TLS requires every padding
        byte to equal the length; SSL 3.0 checks only that the padding is shorter than a
        block (RFC 6101, Section 5.2.3.2). The TLS check compares the same 256-byte window
        whatever the padding length.
        """
        padding_length = plaintext[-1]
        if padding_length + 1 + reserved > len(plaintext):
            return None
        if self._ssl3:
            return padding_length if padding_length < self._block_size else None
        window = plaintext[-_PADDING_WINDOW:]
        expected = window[: len(window) - padding_length - 1] + bytes([padding_length]) * (
            padding_length + 1
        )
        return padding_length if hmac.compare_digest(expected, window) else None

    def _open_mac_then_encrypt(self, sequence_number: int, content_type: int, body: bytes) -> bytes:
        # The smallest record holds the MAC and a padding length byte, in whole blocks.
        minimum = self._explicit_iv_length + -(-(self._mac.length + 1) // self._block_size) * (
            self._block_size
        )
        if len(body) < minimum or (len(body) - self._explicit_iv_length) % self._block_size:
            raise BadRecordMac(sequence_number)
        plaintext, next_iv = self._decrypt(body)

        # A bad padding must not show in the error or the time taken, else the record layer
        # is a padding oracle (RFC 5246, Section 6.2.3.2). So the MAC is computed either way.
        # With a bad padding it covers the content that a zero-length padding would leave.
        # The bytes under the padding are hashed as well, so the number of bytes hashed does
        # not depend on the padding length. NOTE: Python cannot promise constant time,
        # because the interpreter's branches, slices and allocations vary with the data.
        padding_length = self._padding_length(plaintext, self._mac.length)
        content_end = len(plaintext) - self._mac.length - 1 - (padding_length or 0)
        expected = self._mac.compute(sequence_number, content_type, plaintext[:content_end])
        self._mac.absorb(plaintext[content_end : len(plaintext) - self._mac.length - 1])
        received = plaintext[content_end : content_end + self._mac.length]
        mac_valid = hmac.compare_digest(expected, received)
        if not (mac_valid & (padding_length is not None)):
            raise BadRecordMac(sequence_number)

        if not self._explicit_iv_length:
            self._chained_iv = next_iv
        return plaintext[:content_end]

    def _open_encrypt_then_mac(self, sequence_number: int, content_type: int, body: bytes) -> bytes:
        mac_length = self._mac.length
        sent_length = len(body) - mac_length
        if (
            sent_length < self._explicit_iv_length + self._block_size
            or (sent_length - self._explicit_iv_length) % self._block_size
        ):
            raise BadRecordMac(sequence_number)
        sent, received = body[:sent_length], body[sent_length:]
        expected = self._mac.compute(sequence_number, content_type, sent)
        if not hmac.compare_digest(expected, received):
            raise BadRecordMac(sequence_number)

        # The MAC has passed, so the padding check no longer gives an attacker an oracle.
        plaintext, next_iv = self._decrypt(sent)
        padding_length = self._padding_length(plaintext, 0)
        if padding_length is None:
            raise BadRecordMac(sequence_number)
        if not self._explicit_iv_length:
            self._chained_iv = next_iv
        return plaintext[: len(plaintext) - padding_length - 1]
