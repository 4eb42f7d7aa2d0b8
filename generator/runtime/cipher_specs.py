"""The cipher spec that a cipher suite implies at a protocol version.

Every number comes from the spec: the suite's algorithms and version range
(spec/cipher_suites.yaml), the algorithms' lengths (spec/algorithms.yaml) and the
version's key derivation (spec/versions.yaml). This module only combines them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from tlsspec._runtime import Status
from tlsspec.cipher_suites import CipherSuite, cipher_suite_info
from tlsspec.signature_schemes import SignatureAlgorithm
from tlsspec.versions import ProtocolVersion, protocol_version_info

PrfKind = Literal["ssl3", "tls10", "tls12", "hkdf"]


@dataclass(frozen=True, slots=True)
class CipherSpec:
    """Security parameters of a suite at one version (RFC 5246, Section 6.1 and Appendix A.6).

    All lengths are in bytes. Hash names are hashlib's ("sha256"). The record contains
    no secret, so it prints whole.
    """

    suite: CipherSuite
    version: ProtocolVersion
    key_exchange: str | None
    """Key exchange of spec/algorithms.yaml ("ECDHE", "RSA"); None in TLS 1.3."""
    signature_algorithm: SignatureAlgorithm | None
    """Algorithm of the certificate key that authenticates the key exchange; None in TLS 1.3."""
    bulk_cipher: str
    """Cipher of spec/algorithms.yaml: "AES_128_GCM", "DES_EDE3_CBC", "NULL"."""
    cipher_algorithm: str
    """Cipher family: "AES", "3DES", "CHACHA20", "RC4", "NULL"."""
    cipher_mode: str | None
    """Mode: "CBC", "GCM", "CCM", "CCM_8", "POLY1305"; None for stream ciphers."""
    cipher_type: Literal["stream", "block", "aead"]
    mac: str
    """MAC of spec/algorithms.yaml: "SHA", "SHA256", "MD5", or "AEAD" and "NULL" for none."""
    mac_hash: str | None
    """Hash under the HMAC (under SSL 3.0's MAC at SSL 3.0); None without one."""
    mac_length: int
    mac_key_length: int
    key_length: int
    """Cipher key taken from the key block; the secret part only for export ciphers."""
    expanded_key_length: int
    """Key length the cipher runs with: key_length, or the expanded export key."""
    fixed_iv_length: int
    """IV from the key block (implicit CBC IV, AEAD salt), or the whole TLS 1.3 IV."""
    record_iv_length: int
    """IV sent with each record: the explicit CBC IV or AEAD nonce part."""
    block_size: int
    tag_length: int
    key_bits: int
    """Bits of secret key material: key_length * 8."""
    effective_key_bits: int
    """Strength in bits: lower than key_bits for export ciphers, DES and 3DES."""
    export: bool
    prf_hash: str | None
    """Hash of the TLS 1.2 PRF or of TLS 1.3's HKDF; None for the PRFs of earlier versions."""
    handshake_hashes: tuple[str, ...]
    """Hashes of the handshake messages that Finished covers: MD5 and SHA-1 before TLS 1.2."""
    key_block_length: int
    """Bytes of key block (RFC 5246, Section 6.3); 0 in TLS 1.3, whose keys come from HKDF."""
    verify_data_length: int
    truncated_hmac: bool
    """Whether the MAC is cut to mac_length by truncated_hmac (RFC 6066, Section 7)."""
    prf_kind: PrfKind
    """Key derivation of the version: "ssl3", "tls10", "tls12" or "hkdf"."""

    def prf(self, secret: bytes, label: bytes, seed: bytes, length: int) -> bytes:
        """Compute the PRF of this suite at this version.

        SSL 3.0 ignores `label` (RFC 6101, Section 6.2.2). In TLS 1.3 the call is
        HKDF-Expand-Label(secret, label, seed, length) of RFC 8446, Section 7.1.
        """
        from tlsspec import prf

        if self.prf_kind == "tls12":
            assert self.prf_hash is not None
            return prf.prf_tls12(self.prf_hash, secret, label, seed, length)
        if self.prf_kind == "tls10":
            return prf.prf_tls10(secret, label, seed, length)
        if self.prf_kind == "ssl3":
            return prf.prf_ssl3(secret, label, seed, length)
        assert self.prf_hash is not None
        return prf.hkdf_expand_label(self.prf_hash, secret, label, seed, length)


def cipher_spec(suite: int, version: int, *, truncated_hmac: bool = False) -> CipherSpec | None:
    """Return the cipher spec of `suite` at `version`, or None where the version forbids it.

    The version range of each suite is data in spec/cipher_suites.yaml. Export suites with a
    cipher end at TLS 1.0 (RFC 4346, Appendix A.5), and DES and IDEA at TLS 1.1 (RFC 5469).
    AEAD and HMAC-SHA256/384 suites start at TLS 1.2, and TLS 1.3 suites exist only there. A DTLS
    version takes the range of its TLS equivalent, minus the suites that IANA marks not
    DTLS-OK (RC4, RFC 6347, Section 4.1.2.2). Unassigned codes and signalling values
    (SCSVs) have no cipher spec, so they give None too.

    `truncated_hmac` applies to HMACs from TLS 1.0 to 1.2 and is ignored elsewhere: SSL 3.0
    has no extensions, AEAD suites have no MAC, and TLS 1.3 dropped the extension.

    Where Pike's Cipher.lookup differs, this follows the RFCs. Pike rates 3DES at 168 bits
    (here effective_key_bits is 112, NIST SP 800-57), marks TLS_NULL_WITH_NULL_NULL and
    TLS_RSA_WITH_NULL_SHA256 as export suites (RFC 5246 does not), and gives DH_RSA suites
    the DSA and ECDH_RSA suites the ECDSA signature algorithm, where RFC 5246, Section 7.4.2
    and RFC 8422, Section 2.3 have the certificate signed with RSA. Pike's key block from TLS
    1.1 on also carries CBC IVs that the records never use, which RFC 4346 and RFC 5246,
    Section 6.3 leave out, so key_block_length is shorter here (72 rather than 104 bytes for
    TLS_RSA_WITH_AES_128_CBC_SHA at TLS 1.2). The keys agree, because the IVs come last.

    Raise ValueError for a suite outside 0..0xFFFF or a version that is not a known
    ProtocolVersion.
    """
    if not isinstance(truncated_hmac, bool):
        raise ValueError(f"truncated_hmac must be a bool, not {truncated_hmac!r}")
    return _cipher_spec(_code(suite, "suite"), _code(version, "version"), truncated_hmac)


def _code(value: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be an int code point, not {value!r}")
    return int(value)


def _version(code: int) -> ProtocolVersion:
    try:
        return ProtocolVersion(code)
    except ValueError:
        known = ", ".join(f"{v.name} (0x{v.value:04X})" for v in ProtocolVersion)
        raise ValueError(
            f"unknown protocol version 0x{code:04X}: expected one of {known}"
        ) from None


@cache
def _cipher_spec(code: int, version_code: int, truncated_hmac: bool) -> CipherSpec | None:
    version = _version(version_code)
    info = cipher_suite_info(code)
    if info.status is not Status.ASSIGNED or info.scsv:
        return None
    if info.cipher is None or info.mac is None or info.min_version is None:
        return None
    if info.max_version is None:
        return None

    rules = protocol_version_info(protocol_version_info(version).tls_equivalent or version)
    tls_version = ProtocolVersion(rules.code)
    if not info.min_version <= tls_version <= info.max_version:
        return None
    if version is not tls_version and info.dtls_ok is False:
        return None
    prf_kind: PrfKind = rules.prf  # type: ignore[assignment]

    cipher = info.cipher
    mac = info.mac
    if prf_kind == "hkdf":
        fixed_iv_length = cipher.fixed_iv_length + cipher.record_iv_length
        record_iv_length = 0
    elif cipher.mode == "CBC":
        explicit = rules.cbc_iv == "explicit"
        fixed_iv_length = 0 if explicit else cipher.fixed_iv_length
        record_iv_length = cipher.record_iv_length if explicit else 0
    else:
        fixed_iv_length = cipher.fixed_iv_length
        record_iv_length = cipher.record_iv_length

    truncated = (
        truncated_hmac and prf_kind in ("tls10", "tls12") and mac.truncated_length is not None
    )
    mac_length = mac.truncated_length if truncated and mac.truncated_length else mac.length
    mac_hash = mac.hash.hashlib_name if mac.hash is not None else None

    if prf_kind == "hkdf":
        key_block_length = 0
    elif info.export:
        # RFC 2246, Section 6.3: export IVs come from the randoms, not the key block.
        key_block_length = 2 * (mac.key_length + cipher.key_length)
    else:
        key_block_length = 2 * (mac.key_length + cipher.key_length + fixed_iv_length)

    prf_hash: str | None = None
    if prf_kind in ("tls12", "hkdf") and info.prf_hash is not None:
        prf_hash = info.prf_hash.hashlib_name or info.prf_hash.name.lower()
    handshake_hashes = (prf_hash,) if prf_hash is not None else ("md5", "sha1")
    if prf_kind == "hkdf" and info.prf_hash is not None:
        verify_data_length = info.prf_hash.digest_size
    else:
        verify_data_length = rules.verify_data_length or 12

    authentication = info.authentication
    signature = None
    if authentication is not None:
        signature = SignatureAlgorithm[authentication.signature_algorithm]
    key_bits = cipher.key_length * 8
    return CipherSpec(
        suite=CipherSuite(code),
        version=version,
        key_exchange=info.key_exchange.name if info.key_exchange is not None else None,
        signature_algorithm=signature,
        bulk_cipher=cipher.name,
        cipher_algorithm=cipher.algorithm,
        cipher_mode=cipher.mode,
        cipher_type=cipher.type,  # type: ignore[arg-type]
        mac=mac.name,
        mac_hash=mac_hash,
        mac_length=mac_length,
        mac_key_length=mac.key_length,
        key_length=cipher.key_length,
        expanded_key_length=cipher.expanded_key_length or cipher.key_length,
        fixed_iv_length=fixed_iv_length,
        record_iv_length=record_iv_length,
        block_size=cipher.block_size,
        tag_length=cipher.tag_length,
        key_bits=key_bits,
        effective_key_bits=cipher.effective_key_bits or key_bits,
        export=info.export,
        prf_hash=prf_hash,
        handshake_hashes=handshake_hashes,
        key_block_length=key_block_length,
        verify_data_length=verify_data_length,
        truncated_hmac=bool(truncated),
        prf_kind=prf_kind,
    )
