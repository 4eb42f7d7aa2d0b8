"""Pseudorandom functions of SSL 3.0 to TLS 1.2, and the HKDF steps of TLS 1.3.

Hash names are hashlib's ("md5", "sha1", "sha256", "sha384"). Each HMAC goes through
pyca/cryptography, keyed once per call and copied for every block: that is the fastest way
to compute many HMACs under one key that Python offers (see BENCHMARKS.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.hmac import HMAC

PRF = Callable[[bytes, bytes, bytes, int], bytes]
"""A PRF as the cipher spec exposes it: prf(secret, label, seed, length) -> bytes."""

HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "md5": hashes.MD5,
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
    "sm3": hashes.SM3,
}

# RFC 6101, Section 6.2.2 builds the SSL 3.0 key material from the salts "A", "BB", "CCC",
# and so on; the letters run out after "Z", so one call yields at most 26 MD5 outputs.
_SSL3_MAX_LENGTH = 26 * 16
_TLS13_LABEL_PREFIX = b"tls13 "


class UnsupportedHashError(ValueError):
    """The hash has no implementation here (GOST R 34.11-2012, Ascon-Hash256)."""


@cache
def hash_algorithm(hash_name: str) -> hashes.HashAlgorithm:
    """Return the pyca/cryptography hash for a hashlib name, or raise UnsupportedHashError."""
    try:
        algorithm = HASHES[hash_name]()
    except KeyError:
        raise UnsupportedHashError(
            f"unsupported hash {hash_name!r}: expected one of {', '.join(HASHES)}"
        ) from None
    try:
        HMAC(b"", algorithm)
    except UnsupportedAlgorithm:
        raise UnsupportedHashError(
            f"hash {hash_name!r} is not available in the linked OpenSSL"
        ) from None
    return algorithm


def _check(secret: bytes, label: bytes, seed: bytes, length: int) -> None:
    """Raise ValueError unless the PRF inputs are bytes and a non-negative length."""
    for name, value in (("secret", secret), ("label", label), ("seed", seed)):
        if not isinstance(value, bytes | bytearray | memoryview):
            raise ValueError(f"{name} must be bytes, not {type(value).__name__}")
    if not isinstance(length, int) or isinstance(length, bool) or length < 0:
        raise ValueError(f"length must be a non-negative int, not {length!r}")


def p_hash(hash_name: str, secret: bytes, seed: bytes, length: int) -> bytes:
    """Expand `secret` and `seed` into `length` bytes with P_hash (RFC 5246, Section 5)."""
    _check(secret, b"", seed, length)
    return _p_hash(hash_algorithm(hash_name), secret, seed, length)


def _p_hash(algorithm: hashes.HashAlgorithm, secret: bytes, seed: bytes, length: int) -> bytes:
    keyed = HMAC(secret, algorithm)
    blocks = []
    produced = 0
    a = seed
    while produced < length:
        mac = keyed.copy()
        mac.update(a)
        a = mac.finalize()
        mac = keyed.copy()
        mac.update(a)
        mac.update(seed)
        blocks.append(mac.finalize())
        produced += algorithm.digest_size
    return b"".join(blocks)[:length]


def prf_tls12(hash_name: str, secret: bytes, label: bytes, seed: bytes, length: int) -> bytes:
    """Compute PRF(secret, label, seed) of TLS 1.2 over the suite's hash (RFC 5246, Section 5)."""
    _check(secret, label, seed, length)
    return _p_hash(hash_algorithm(hash_name), secret, label + seed, length)


def prf_tls10(secret: bytes, label: bytes, seed: bytes, length: int) -> bytes:
    """Compute the PRF of TLS 1.0 and 1.1: P_MD5 XOR P_SHA-1 (RFC 2246, Section 5).

    Each hash takes one half of the secret. The halves are ceil(len/2) bytes long, so they
    share the middle byte when the secret's length is odd.
    """
    _check(secret, label, seed, length)
    half = (len(secret) + 1) // 2
    labelled = label + seed
    md5 = _p_hash(hash_algorithm("md5"), secret[:half], labelled, length)
    sha1 = _p_hash(hash_algorithm("sha1"), secret[len(secret) - half :], labelled, length)
    return (int.from_bytes(md5, "big") ^ int.from_bytes(sha1, "big")).to_bytes(length, "big")


def prf_ssl3(secret: bytes, label: bytes, seed: bytes, length: int) -> bytes:
    """Expand `secret` and `seed` as SSL 3.0 derives its master secret and key block.

    RFC 6101, Section 6.1 and 6.2.2: MD5(secret + SHA(salt + secret + seed)) for the salts
    "A", "BB", "CCC", ... The construction has no label, so `label` is ignored; it stays in
    the signature so that every version's PRF is called alike. At most 416 bytes.
    """
    _check(secret, label, seed, length)
    if length > _SSL3_MAX_LENGTH:
        raise ValueError(
            f"length {length} is beyond SSL 3.0's {_SSL3_MAX_LENGTH} bytes of key material"
        )
    blocks = []
    for index in range((length + 15) // 16):
        salt = bytes([0x41 + index]) * (index + 1)
        inner = hashlib.sha1(salt + secret + seed).digest()
        blocks.append(hashlib.md5(secret + inner).digest())
    return b"".join(blocks)[:length]


def hmac_digest(hash_name: str, key: bytes, message: bytes) -> bytes:
    """Return HMAC(key, message) over the named hash."""
    mac = HMAC(key, hash_algorithm(hash_name))
    mac.update(message)
    return mac.finalize()


def hkdf_extract(hash_name: str, salt: bytes, ikm: bytes) -> bytes:
    """Compute HKDF-Extract(salt, IKM) (RFC 5869, Section 2.2); an empty salt means zeros."""
    _check(salt, b"", ikm, 0)
    mac = HMAC(salt, hash_algorithm(hash_name))
    mac.update(ikm)
    return mac.finalize()


def hkdf_expand_label(
    hash_name: str, secret: bytes, label: bytes, context: bytes, length: int
) -> bytes:
    """Compute HKDF-Expand-Label (RFC 8446, Section 7.1); `label` omits the "tls13 " prefix."""
    _check(secret, label, context, length)
    algorithm = hash_algorithm(hash_name)
    full_label = _TLS13_LABEL_PREFIX + label
    if length > 255 * algorithm.digest_size or length >= 1 << 16:
        raise ValueError(
            f"length {length} is beyond HKDF-Expand's {255 * algorithm.digest_size} bytes"
        )
    if len(full_label) > 255 or len(context) > 255:
        raise ValueError(
            f"label of {len(full_label)} bytes or context of {len(context)} bytes is"
            " longer than the 255 bytes that HkdfLabel allows"
        )
    info = (
        length.to_bytes(2, "big")
        + bytes([len(full_label)])
        + full_label
        + bytes([len(context)])
        + context
    )
    keyed = HMAC(secret, algorithm)
    blocks = []
    block = b""
    counter = 1
    produced = 0
    while produced < length:
        mac = keyed.copy()
        mac.update(block + info + bytes([counter]))
        block = mac.finalize()
        blocks.append(block)
        produced += algorithm.digest_size
        counter += 1
    return b"".join(blocks)[:length]


def derive_secret(hash_name: str, secret: bytes, label: bytes, transcript_hash: bytes) -> bytes:
    """Compute Derive-Secret (RFC 8446, Section 7.1) from the transcript's hash, not its text."""
    return hkdf_expand_label(
        hash_name, secret, label, transcript_hash, hash_algorithm(hash_name).digest_size
    )


def transcript_hash(hash_name: str, messages: bytes) -> bytes:
    """Return Transcript-Hash of the concatenated handshake messages (RFC 8446, Section 4.4.1)."""
    digest = hashes.Hash(hash_algorithm(hash_name))
    digest.update(messages)
    return digest.finalize()
