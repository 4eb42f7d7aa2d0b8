"""The pyca/cryptography objects behind each bulk cipher of algorithms.yaml, and the reason
for every cipher that has none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.decrepit.ciphers import algorithms as decrepit
from cryptography.hazmat.primitives.ciphers import (
    BlockCipherAlgorithm,
    Cipher,
    CipherContext,
    algorithms,
    modes,
)
from cryptography.hazmat.primitives.ciphers.aead import AESCCM, AESGCM, ChaCha20Poly1305

# Ruff counts tlsspec as first-party in generated/tlsspec but not here, so the split
# keeps one import order valid in both copies.
# isort: split
from tlsspec._record_base import UnsupportedCipherError

if TYPE_CHECKING:
    from tlsspec.cipher_specs import CipherSpec


class Aead(Protocol):
    """An AEAD with the methods of pyca/cryptography's AESGCM, whose decrypt raises InvalidTag."""

    def encrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None, /) -> bytes: ...

    def decrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None, /) -> bytes: ...


class Sm4Gcm:
    """SM4-GCM (RFC 8998) through the Cipher API, since pyca/cryptography has no SM4 AEAD."""

    _TAG_LENGTH = 16

    def __init__(self, key: bytes) -> None:
        self._algorithm = algorithms.SM4(key)

    def encrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None, /) -> bytes:
        encryptor = Cipher(self._algorithm, modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(associated_data or b"")
        ciphertext = encryptor.update(data) + encryptor.finalize()
        return ciphertext + encryptor.tag

    def decrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None, /) -> bytes:
        if len(data) < self._TAG_LENGTH:
            raise InvalidTag
        ciphertext, tag = data[: -self._TAG_LENGTH], data[-self._TAG_LENGTH :]
        decryptor = Cipher(self._algorithm, modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(associated_data or b"")
        return decryptor.update(ciphertext) + decryptor.finalize()


def _aes_ccm_8(key: bytes) -> Aead:
    return AESCCM(key, tag_length=8)


def _single_des(key: bytes) -> BlockCipherAlgorithm:
    # Triple DES with three equal keys computes single DES, which pyca/cryptography lacks.
    return decrepit.TripleDES(key * 3)


_AEADS: dict[str, Callable[[bytes], Aead]] = {
    "AES_128_GCM": AESGCM,
    "AES_256_GCM": AESGCM,
    "AES_128_CCM": AESCCM,
    "AES_256_CCM": AESCCM,
    "AES_128_CCM_8": _aes_ccm_8,
    "AES_256_CCM_8": _aes_ccm_8,
    "CHACHA20_POLY1305": ChaCha20Poly1305,
    "SM4_GCM": Sm4Gcm,
}

_BLOCK_CIPHERS: dict[str, Callable[[bytes], BlockCipherAlgorithm]] = {
    "AES_128_CBC": algorithms.AES,
    "AES_256_CBC": algorithms.AES,
    "CAMELLIA_128_CBC": decrepit.Camellia,
    "CAMELLIA_256_CBC": decrepit.Camellia,
    "DES_EDE3_CBC": decrepit.TripleDES,
    "DES_CBC": _single_des,
    "DES40_CBC": _single_des,
    "IDEA_CBC": decrepit.IDEA,
    "SEED_CBC": decrepit.SEED,
}

_STREAM_CIPHERS = frozenset({"NULL", "RC4_40", "RC4_128"})

# The reason, by algorithm, that a cipher of algorithms.yaml has no implementation here.
_UNSUPPORTED_REASONS = {
    "ARIA": "pyca/cryptography 50 has no ARIA",
    "CAMELLIA": "pyca/cryptography 50 has Camellia in CBC mode only, not in GCM mode",
    "RC2": "pyca/cryptography 50 cannot limit RC2 to the 40 effective key bits of RC2_CBC_40",
    "SM4": "pyca/cryptography 50 has SM4 in GCM mode only, not in CCM mode",
    "AEGIS": "pyca/cryptography 50 has no AEGIS",
    "ASCON": "pyca/cryptography 50 has no Ascon",
    "KUZNYECHIK": "pyca/cryptography 50 has no GOST ciphers, and TLSTREE is not implemented",
    "MAGMA": "pyca/cryptography 50 has no GOST ciphers, and TLSTREE is not implemented",
    "GOST28147": "pyca/cryptography 50 has no GOST 28147-89",
}


def unsupported(spec: CipherSpec) -> UnsupportedCipherError:
    """Return the error for a bulk cipher without an implementation, naming the reason."""
    reason = _UNSUPPORTED_REASONS.get(spec.cipher_algorithm, "no implementation is known")
    return UnsupportedCipherError(
        f"cannot protect records with {spec.bulk_cipher} ({spec.suite.name} at"
        f" {spec.version.name}): {reason}"
    )


def aead(spec: CipherSpec, key: bytes) -> Aead:
    """Return the keyed AEAD of an "aead" spec, or raise UnsupportedCipherError."""
    factory = _AEADS.get(spec.bulk_cipher)
    if factory is None:
        raise unsupported(spec)
    return factory(key)


def block_cipher(spec: CipherSpec, key: bytes) -> BlockCipherAlgorithm:
    """Return the keyed block cipher of a CBC spec, or raise UnsupportedCipherError."""
    factory = _BLOCK_CIPHERS.get(spec.bulk_cipher)
    if factory is None or spec.cipher_mode != "CBC":
        raise unsupported(spec)
    return factory(key)


def stream_cipher(spec: CipherSpec, key: bytes) -> CipherContext | None:
    """Return the RC4 key stream, or None for the NULL cipher. Any other stream cipher (the
    GOST ones) raises UnsupportedCipherError.

    RC4 encrypts and decrypts alike, so one context serves either direction.
    """
    if spec.bulk_cipher not in _STREAM_CIPHERS:
        raise unsupported(spec)
    if spec.cipher_algorithm == "NULL":
        return None
    return Cipher(decrepit.ARC4(key), mode=None).encryptor()
