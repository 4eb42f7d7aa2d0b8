"""Pseudorandom functions of SSL 3.0 to TLS 1.2, and the HKDF steps of TLS 1.3.

Hash names are hashlib's ("md5", "sha1", "sha256", "sha384"). HMAC is computed as RFC 2104
defines it, on hashlib objects. P_hash pads its key once and copies the padded states for
every block. HKDF, whose keys serve one HMAC each, hashes the padded key and message in one
call. P_hash ties pyca/cryptography's HMAC, and HKDF beats it; both beat the hmac module
(see BENCHMARKS.md).
Hashes that hashlib lacks (SM3 on some builds) go through pyca/cryptography.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from typing import Protocol

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

# RFC 6101, Section 6.2.2 builds the SSL 3.0 key material from the salts "A", "BB", "CCC"
# and so on. The letters run out after "Z", so one call yields at most 26 MD5 outputs.
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


def require_bytes(name: str, value: object, length: int | None = None, unit: str = "") -> bytes:
    """Return `value` as bytes, or raise ValueError naming the argument and its length.

    `unit` explains the expected length in the message, such as ", the hash length".
    """
    if not isinstance(value, bytes | bytearray | memoryview):
        raise ValueError(f"{name} must be bytes, not {type(value).__name__}")
    if length is not None and len(value) != length:
        raise ValueError(f"{name} must be {length} bytes{unit}, not {len(value)} bytes")
    return bytes(value)


def _check(secret: bytes, label: bytes, seed: bytes, length: int) -> None:
    """Raise ValueError unless the PRF inputs are bytes and a non-negative length."""
    for name, value in (("secret", secret), ("label", label), ("seed", seed)):
        require_bytes(name, value)
    if not isinstance(length, int) or isinstance(length, bool) or length < 0:
        raise ValueError(f"length must be a non-negative int, not {length!r}")


# RFC 2104, Section 2: the key, zero-padded to the hash's block size, XOR ipad or opad.
# bytes.translate() with these tables XORs every byte at C speed.
HMAC_IPAD = bytes(byte ^ 0x36 for byte in range(256))
HMAC_OPAD = bytes(byte ^ 0x5C for byte in range(256))
_HASHLIB: dict[str, Callable[..., hashlib._Hash]] = {
    "md5": hashlib.md5,
    "sha1": hashlib.sha1,
    "sha224": hashlib.sha224,
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
}


@cache
def _hashlib_hash(hash_name: str) -> tuple[Callable[..., hashlib._Hash], int] | None:
    """Return the hashlib constructor and block size of a hash, or None if hashlib lacks it."""
    hash_algorithm(hash_name)
    constructor = _HASHLIB.get(hash_name)
    if constructor is None:
        return None
    return constructor, constructor().block_size


@cache
def hmac_function(hash_name: str) -> Callable[[bytes, bytes], bytes]:
    """Return a function that computes HMAC(key, message) over the named hash.

    It suits keys that compute one HMAC each, as in HKDF. Raise UnsupportedHashError for a
    hash without an implementation.
    """
    found = _hashlib_hash(hash_name)
    if found is None:
        algorithm = hash_algorithm(hash_name)

        def cryptography_hmac(key: bytes, message: bytes) -> bytes:
            mac = HMAC(key, algorithm)
            mac.update(message)
            return mac.finalize()

        return cryptography_hmac
    constructor, block_size = found

    def hashlib_hmac(key: bytes, message: bytes) -> bytes:
        if len(key) > block_size:
            key = constructor(key).digest()
        key = key.ljust(block_size, b"\0")
        inner = constructor(key.translate(HMAC_IPAD) + message).digest()
        return constructor(key.translate(HMAC_OPAD) + inner).digest()

    return hashlib_hmac


Pads = tuple[bytes, bytes]
"""An HMAC key XORed with ipad and with opad, each a hash block long (RFC 2104)."""


class Digest(Protocol):
    """A finished hash with digest(), as hmac_parts' hash function returns it."""

    def digest(self) -> bytes: ...


class _CryptographyDigest:
    """A one-shot pyca/cryptography hash with hashlib's digest() method."""

    __slots__ = ("_digest",)

    def __init__(self, algorithm: hashes.HashAlgorithm, data: bytes) -> None:
        context = hashes.Hash(algorithm)
        context.update(data)
        self._digest = context.finalize()

    def digest(self) -> bytes:
        return self._digest


@cache
def hmac_parts(hash_name: str) -> tuple[Callable[[bytes], Digest], Callable[[bytes], Pads]]:
    """Return `H` and `pads`, so that HMAC(key, m) is H(outer + H(inner + m).digest()).digest().

    pads(key) returns (inner, outer), the key XORed with ipad and opad (RFC 2104, Section 2).
    Straight-line code that computes many HMACs, as the TLS 1.3 key schedule does, pads
    each key once and spends no Python call per HMAC. Raise UnsupportedHashError for a
    hash without an implementation.
    """
    found = _hashlib_hash(hash_name)
    if found is not None:
        constructor: Callable[[bytes], Digest] = found[0]
        block_size = found[1]
    else:
        algorithm = hash_algorithm(hash_name)
        block_size = algorithm.block_size or 64

        def constructor(data: bytes) -> Digest:
            return _CryptographyDigest(algorithm, data)

    def pads(key: bytes) -> Pads:
        if len(key) > block_size:
            key = constructor(key).digest()
        key = key.ljust(block_size, b"\0")
        return key.translate(HMAC_IPAD), key.translate(HMAC_OPAD)

    return constructor, pads


def p_hash(hash_name: str, secret: bytes, seed: bytes, length: int) -> bytes:
    """Expand `secret` and `seed` into `length` bytes with P_hash (RFC 5246, Section 5)."""
    _check(secret, b"", seed, length)
    return _p_hash(hash_name, bytes(secret), bytes(seed), length)


def _p_hash(hash_name: str, secret: bytes, seed: bytes, length: int) -> bytes:
    if length == 0:
        return b""
    if _hashlib_hash(hash_name) is None:
        return _p_hash_cryptography(hash_algorithm(hash_name), secret, seed, length)

    # A(0) = seed, A(i) = HMAC(secret, A(i-1)), output block i = HMAC(secret, A(i) + seed).
    # Both HMACs of a block start with A(i), so one inner state serves both.
    found = _hashlib_hash(hash_name)
    assert found is not None
    constructor = found[0]
    ipad, opad = hmac_parts(hash_name)[1](secret)
    inner = constructor(ipad).copy
    outer = constructor(opad).copy
    mac = inner()
    mac.update(seed)
    finished = outer()
    finished.update(mac.digest())
    a = finished.digest()

    output = b""
    for _ in range(-(-length // finished.digest_size) - 1):
        mac = inner()
        mac.update(a)
        block = mac.copy()
        block.update(seed)
        finished = outer()
        finished.update(block.digest())
        output += finished.digest()
        finished = outer()
        finished.update(mac.digest())
        a = finished.digest()
    mac = inner()
    mac.update(a)
    mac.update(seed)
    finished = outer()
    finished.update(mac.digest())
    return (output + finished.digest())[:length]


def _p_hash_cryptography(
    algorithm: hashes.HashAlgorithm, secret: bytes, seed: bytes, length: int
) -> bytes:
    keyed = HMAC(secret, algorithm)
    output = b""
    a = seed
    while len(output) < length:
        mac = keyed.copy()
        mac.update(a)
        a = mac.finalize()
        mac = keyed.copy()
        mac.update(a)
        mac.update(seed)
        output += mac.finalize()
    return output[:length]


def prf_tls12(hash_name: str, secret: bytes, label: bytes, seed: bytes, length: int) -> bytes:
    """Compute PRF(secret, label, seed) of TLS 1.2 over the suite's hash (RFC 5246, Section 5)."""
    if type(secret) is not bytes or type(label) is not bytes or type(seed) is not bytes:
        _check(secret, label, seed, length)
        secret, label, seed = bytes(secret), bytes(label), bytes(seed)
    elif type(length) is not int or length < 0:
        _check(secret, label, seed, length)
    return _p_hash(hash_name, secret, label + seed, length)


def prf_tls10(secret: bytes, label: bytes, seed: bytes, length: int) -> bytes:
    """Compute the PRF of TLS 1.0 and 1.1: P_MD5 XOR P_SHA-1 (RFC 2246, Section 5).

    Each hash takes one half of the secret. The halves are ceil(len/2) bytes long, so they
    share the middle byte when the secret's length is odd.
    """
    _check(secret, label, seed, length)
    secret = bytes(secret)
    half = (len(secret) + 1) // 2
    labelled = bytes(label) + bytes(seed)
    md5 = _p_hash("md5", secret[:half], labelled, length)
    sha1 = _p_hash("sha1", secret[len(secret) - half :], labelled, length)
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
    return hmac_function(hash_name)(bytes(key), bytes(message))


@cache
def _hkdf_parts(hash_name: str) -> tuple[Callable[[bytes, bytes], bytes], int]:
    """Return the one-shot HMAC function and the digest size of a hash."""
    return hmac_function(hash_name), hash_algorithm(hash_name).digest_size


def hkdf_extract(hash_name: str, salt: bytes, ikm: bytes) -> bytes:
    """Compute HKDF-Extract(salt, IKM) (RFC 5869, Section 2.2); an empty salt means zeros."""
    if type(salt) is not bytes or type(ikm) is not bytes:
        _check(salt, b"", ikm, 0)
        salt, ikm = bytes(salt), bytes(ikm)
    return _hkdf_parts(hash_name)[0](salt, ikm)


@cache
def hkdf_label_prefix(label: bytes, length: int, context_length: int) -> bytes:
    """Return HkdfLabel (RFC 8446, Section 7.1) up to, not including, the context bytes."""
    full_label = _TLS13_LABEL_PREFIX + label
    if len(full_label) > 255 or context_length > 255:
        raise ValueError(
            f"label of {len(full_label)} bytes or context of {context_length} bytes is"
            " longer than the 255 bytes that HkdfLabel allows"
        )
    return (
        length.to_bytes(2, "big") + bytes([len(full_label)]) + full_label + bytes([context_length])
    )


def hkdf_expand_label(
    hash_name: str, secret: bytes, label: bytes, context: bytes, length: int
) -> bytes:
    """Compute HKDF-Expand-Label (RFC 8446, Section 7.1); `label` omits the "tls13 " prefix."""
    if (
        type(secret) is not bytes
        or type(label) is not bytes
        or type(context) is not bytes
        or type(length) is not int
        or length < 0
    ):
        _check(secret, label, context, length)
        secret, label, context = bytes(secret), bytes(label), bytes(context)
    hmac, size = _hkdf_parts(hash_name)
    if length > 255 * size or length >= 1 << 16:
        raise ValueError(f"length {length} is beyond HKDF-Expand's {255 * size} bytes")
    info = hkdf_label_prefix(label, length, len(context)) + context

    # RFC 5869, Section 2.3: T(i) = HMAC(PRK, T(i-1) | info | i), with T(0) empty.
    block = hmac(secret, info + b"\x01")
    if length <= size:
        return block[:length]
    output = block
    counter = 2
    while len(output) < length:
        block = hmac(secret, block + info + bytes([counter]))
        output += block
        counter += 1
    return output[:length]


def derive_secret(hash_name: str, secret: bytes, label: bytes, transcript_hash: bytes) -> bytes:
    """Compute Derive-Secret (RFC 8446, Section 7.1) from the transcript's hash, not its text."""
    return hkdf_expand_label(hash_name, secret, label, transcript_hash, _hkdf_parts(hash_name)[1])


def transcript_hash(hash_name: str, messages: bytes) -> bytes:
    """Return Transcript-Hash of the concatenated handshake messages (RFC 8446, Section 4.4.1)."""
    digest = hashes.Hash(hash_algorithm(hash_name))
    digest.update(messages)
    return digest.finalize()
