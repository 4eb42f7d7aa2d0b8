"""The decomposition of every cipher suite: per-suite rules, pinned irregular suites, str()."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

import pytest
import tlsspec
from hypothesis import example, given
from tlsspec import CipherSuiteInfo, ProtocolVersion, Status, UnknownNameError

from tests import strategies

SUITES = tlsspec.cipher_suite_infos()
NEGOTIABLE = [info for info in SUITES if not info.scsv]
SSL_3_0 = ProtocolVersion.SSL_3_0
TLS_1_0 = ProtocolVersion.TLS_1_0
TLS_1_1 = ProtocolVersion.TLS_1_1
TLS_1_2 = ProtocolVersion.TLS_1_2
TLS_1_3 = ProtocolVersion.TLS_1_3


def suite_id(info: CipherSuiteInfo) -> str:
    """Name a parametrized case after its suite."""
    return f"0x{info.code:04X}-{info.name}"


# The nonce length in bytes of the AEAD modes that TLS 1.2 and TLS 1.3 share, by our
# cipher mode. GCM (RFC 5288, Section 3) and CCM (RFC 6655) join a 4-byte salt and an
# 8-byte explicit nonce, and ChaCha20-Poly1305 takes a 12-byte IV (RFC 7905, Section 2).
# TLS 1.3 derives the same 12 bytes (RFC 8446, Section 5.3), and so does SM4 (RFC 8998).
NONCE_LENGTH = {"GCM": 12, "CCM": 12, "CCM_8": 12, "POLY1305": 12}

# Cipher names that carry the key size in bits. For export ciphers it is the effective bits.
KEY_BITS_IN_NAME = re.compile(r"(?<![0-9])(40|128|256)(?![0-9])")

# Key lengths in bytes of the ciphers whose names carry no size, with their source.
KEY_LENGTH = {
    "DES_CBC": 8,  # RFC 2246, Appendix C
    "IDEA_CBC": 16,  # RFC 2246, Appendix C
    "DES_EDE3_CBC": 24,  # RFC 5246, Appendix C
    "SEED_CBC": 16,  # RFC 4162: a 128-bit key
    "CHACHA20_POLY1305": 32,  # RFC 8439, Section 2.8
    "SM4_GCM": 16,  # RFC 8998: SM4 has a 128-bit key
    "SM4_CCM": 16,
    "KUZNYECHIK_CTR_OMAC": 32,  # RFC 9189: the GOST ciphers all have 256-bit keys
    "MAGMA_CTR_OMAC": 32,
    "GOST28147_CNT_IMIT": 32,
    "KUZNYECHIK_MGM_L": 32,  # RFC 9367
    "KUZNYECHIK_MGM_S": 32,
    "MAGMA_MGM_L": 32,
    "MAGMA_MGM_S": 32,
}

# RFC 5246, Appendix A.5: the last token of a suite name before TLS 1.3 names its MAC.
MAC_BY_LAST_TOKEN = {
    "NULL": "NULL",
    "MD5": "MD5",
    "SHA": "SHA",
    "SHA256": "SHA256",
    "SHA384": "SHA384",
}

# The GOST suites of TLS 1.2 (RFC 9189) name their MAC inside the cipher token, and use the
# Streebog-256 PRF, as do the TLS 1.3 GOST suites (RFC 9367) for HKDF.
MAC_IN_CIPHER = {0xC100: "KUZNYECHIK_OMAC", 0xC101: "MAGMA_OMAC", 0xC102: "GOST28147_IMIT"}
GOST_PRF_HASH = {0xC100, 0xC101, 0xC102, 0xC103, 0xC104, 0xC105, 0xC106}

# The signalling values: code -> the RFC that defines them.
SCSVS = {
    0x00FF: "RFC 5746, Section 3.3",
    0x5600: "RFC 7507, Section 2",
}

# Suites that allow TLS 1.3 but also an earlier version: code -> the RFC that allows it.
TLS13_AND_EARLIER = {
    0xC0B0: "RFC 8492",
    0xC0B1: "RFC 8492",
    0xC0B2: "RFC 8492",
    0xC0B3: "RFC 8492",
}

# TLS 1.3 suites without an AEAD: integrity-only suites that protect records with HMAC.
INTEGRITY_ONLY = {
    0xC0B4: "RFC 9150",
    0xC0B5: "RFC 9150",
}

# Non-AEAD suites with HMAC-SHA256 or HMAC-SHA384 that start before TLS 1.2, with the
# defining RFC. The spec's notes give the reasons. RFC 5487 (PSK) and RFC 5489 (ECDHE_PSK)
# allow their suites on TLS 1.0 and 1.1 with the PRF of those versions. The spec starts the
# PSK suites of RFC 6209 (ARIA) and RFC 6367 (Camellia) at TLS 1.0 in the same way.
# OpenSSL 3.0.19 lists TLSv1 as the first version of each of these that it supports.
# NOTE: this table does not check whether RFC 6209 and RFC 6367 allow versions before
# TLS 1.2. If they do not, these suites should start at TLS 1.2.
EARLY_SHA2_HMAC = {
    0x00AE: "RFC 5487",
    0x00AF: "RFC 5487",
    0x00B0: "RFC 5487",
    0x00B1: "RFC 5487",
    0x00B2: "RFC 5487",
    0x00B3: "RFC 5487",
    0x00B4: "RFC 5487",
    0x00B5: "RFC 5487",
    0x00B6: "RFC 5487",
    0x00B7: "RFC 5487",
    0x00B8: "RFC 5487",
    0x00B9: "RFC 5487",
    0xC037: "RFC 5489",
    0xC038: "RFC 5489",
    0xC03A: "RFC 5489",
    0xC03B: "RFC 5489",
    0xC064: "RFC 6209",
    0xC065: "RFC 6209",
    0xC066: "RFC 6209",
    0xC067: "RFC 6209",
    0xC068: "RFC 6209",
    0xC069: "RFC 6209",
    0xC070: "RFC 6209",
    0xC071: "RFC 6209",
    0xC094: "RFC 6367",
    0xC095: "RFC 6367",
    0xC096: "RFC 6367",
    0xC097: "RFC 6367",
    0xC098: "RFC 6367",
    0xC099: "RFC 6367",
    0xC09A: "RFC 6367",
    0xC09B: "RFC 6367",
}


# Per-suite consistency, over every assigned suite.


@pytest.mark.parametrize("info", NEGOTIABLE, ids=suite_id)
def test_aead_suites_have_mac_aead(info: CipherSuiteInfo) -> None:
    assert info.cipher is not None
    assert info.mac is not None
    if info.cipher.type == "aead":
        assert info.mac.name == "AEAD"
        assert info.mac.key_length == 0
        assert info.mac.hash is None
    else:
        assert info.mac.name != "AEAD"


@pytest.mark.parametrize("info", NEGOTIABLE, ids=suite_id)
def test_key_block_sizes_add_up(info: CipherSuiteInfo) -> None:
    assert info.cipher is not None
    assert info.mac is not None
    # RFC 5246, Section 6.3: client and server MAC keys, then write keys, then IVs.
    parts = [
        info.mac.key_length,
        info.mac.key_length,
        info.cipher.key_length,
        info.cipher.key_length,
        info.cipher.fixed_iv_length,
        info.cipher.fixed_iv_length,
    ]
    key_block_length = 2 * (
        info.mac.key_length + info.cipher.key_length + info.cipher.fixed_iv_length
    )
    assert key_block_length == sum(parts)
    if info.code == 0x0000:
        assert key_block_length == 0  # TLS_NULL_WITH_NULL_NULL has no keys at all.
    else:
        assert key_block_length > 0


@pytest.mark.parametrize("info", NEGOTIABLE, ids=suite_id)
def test_cipher_lengths_are_consistent(info: CipherSuiteInfo) -> None:
    cipher = info.cipher
    assert cipher is not None
    if cipher.name == "NULL":
        assert cipher.key_length == 0
        assert cipher.fixed_iv_length == 0
        assert cipher.record_iv_length == 0
    elif cipher.type == "block":
        # RFC 5246, Section 6.2.3.2: the IV of a CBC record is one block.
        assert cipher.mode == "CBC"
        assert cipher.block_size > 0
        assert cipher.fixed_iv_length == cipher.block_size
        assert cipher.record_iv_length == cipher.block_size
        assert cipher.tag_length == 0
    elif cipher.type == "aead":
        assert cipher.tag_length > 0
    else:
        assert cipher.type == "stream"
        assert cipher.tag_length == 0
        assert cipher.record_iv_length == 0


@pytest.mark.parametrize("info", NEGOTIABLE, ids=suite_id)
def test_aead_nonce_length(info: CipherSuiteInfo) -> None:
    cipher = info.cipher
    assert cipher is not None
    if cipher.type != "aead":
        return
    nonce_length = cipher.fixed_iv_length + cipher.record_iv_length
    if cipher.mode in NONCE_LENGTH:
        assert nonce_length == NONCE_LENGTH[cipher.mode]
    else:
        # AEADs that only TLS 1.3 uses: the whole nonce comes from the key schedule, and
        # iv_length is max(8 bytes, N_MIN) (RFC 8446, Section 5.3).
        assert info.min_version == TLS_1_3
        assert cipher.record_iv_length == 0
        assert cipher.fixed_iv_length >= 8


@pytest.mark.parametrize("info", NEGOTIABLE, ids=suite_id)
def test_export_flags_agree(info: CipherSuiteInfo) -> None:
    cipher = info.cipher
    assert cipher is not None
    assert info.export == cipher.export
    if cipher.export:
        # RFC 2246, Appendix C: export ciphers expand 40 secret bits into a longer key.
        assert cipher.effective_key_bits == 40
        assert cipher.expanded_key_length is not None
        assert cipher.expanded_key_length > cipher.key_length
    else:
        assert cipher.expanded_key_length is None
        # Only DES (56 of 64 key bits) and 3DES (112 bits of strength, NIST SP 800-57 Part 1,
        # Table 2) are weaker than their key length without being export ciphers.
        expected = {"DES_CBC": 56, "DES_EDE3_CBC": 112}.get(cipher.name)
        assert cipher.effective_key_bits == expected


@pytest.mark.parametrize("info", NEGOTIABLE, ids=suite_id)
def test_hmac_lengths(info: CipherSuiteInfo) -> None:
    assert info.mac is not None
    if info.mac.hash is None:
        return
    # RFC 5246, Appendix C: an HMAC's output and key are as long as its hash output.
    assert info.mac.length == info.mac.hash.digest_size
    assert info.mac.key_length == info.mac.hash.digest_size


def test_cipher_key_lengths() -> None:
    ciphers = {info.cipher.name: info.cipher for info in NEGOTIABLE if info.cipher is not None}
    for name, cipher in ciphers.items():
        size = KEY_BITS_IN_NAME.search(name)
        if name == "NULL":
            assert cipher.key_length == 0
        elif size is not None:
            bits = cipher.effective_key_bits if cipher.export else cipher.key_length * 8
            assert bits == int(size[1]), name
        else:
            assert cipher.key_length == KEY_LENGTH[name], name
    assert set(KEY_LENGTH) <= set(ciphers)


@pytest.mark.parametrize("info", NEGOTIABLE, ids=suite_id)
def test_mac_matches_name(info: CipherSuiteInfo) -> None:
    assert info.cipher is not None
    assert info.mac is not None
    if info.cipher.type == "aead" or info.min_version == TLS_1_3:
        return
    last_token = info.name.rsplit("_", 1)[1]
    expected = MAC_IN_CIPHER.get(info.code) or MAC_BY_LAST_TOKEN[last_token]
    assert info.mac.name == expected


@pytest.mark.parametrize("info", NEGOTIABLE, ids=suite_id)
def test_prf_hash_rule(info: CipherSuiteInfo) -> None:
    assert info.max_version is not None
    if info.max_version < ProtocolVersion.TLS_1_2:
        # RFC 2246 and RFC 4346, Section 5: the PRF is P_MD5 xor P_SHA-1 for every suite.
        assert info.prf_hash is None
        return
    assert info.prf_hash is not None
    last_token = info.name.rsplit("_", 1)[1]
    if info.code in GOST_PRF_HASH:
        assert info.prf_hash.name == "GOSTR341112_256"
    elif info.min_version == TLS_1_3:
        # RFC 8446, Appendix B.4: a TLS 1.3 suite name ends with its HKDF hash.
        assert info.prf_hash.name == last_token
    elif last_token == "SHA384":
        # RFC 5289, Section 3: suites ending in SHA384 use the SHA-384 PRF.
        assert info.prf_hash.name == "SHA384"
    else:
        # RFC 5246, Section 5: the TLS 1.2 PRF with SHA-256.
        assert info.prf_hash.name == "SHA256"


def test_scsvs_carry_no_algorithms() -> None:
    assert {info.code for info in SUITES if info.scsv} == set(SCSVS)
    for code in SCSVS:
        info = tlsspec.cipher_suite_info(code)
        assert info.key_exchange is None, info.name
        assert info.authentication is None, info.name
        assert info.cipher is None, info.name
        assert info.mac is None, info.name
        assert info.prf_hash is None, info.name
        assert info.export is False, info.name


@pytest.mark.parametrize("info", NEGOTIABLE, ids=suite_id)
def test_negotiable_suites_name_cipher_mac_and_hash(info: CipherSuiteInfo) -> None:
    assert info.cipher is not None
    assert info.mac is not None
    assert info.min_version is not None
    assert info.max_version is not None
    assert (info.prf_hash is not None) == (info.max_version >= ProtocolVersion.TLS_1_2)


@pytest.mark.parametrize("info", NEGOTIABLE, ids=suite_id)
def test_tls13_suites_name_no_kx_or_auth(info: CipherSuiteInfo) -> None:
    # RFC 8446, Appendix B.4: a TLS 1.3 suite names only the AEAD and the HKDF hash.
    if info.min_version == TLS_1_3 or info.key_exchange is None:
        assert info.key_exchange is None
        assert info.authentication is None
        assert info.min_version == TLS_1_3
        assert info.max_version == TLS_1_3


@pytest.mark.parametrize("info", NEGOTIABLE, ids=suite_id)
def test_tls13_record_protection(info: CipherSuiteInfo) -> None:
    assert info.cipher is not None
    if info.max_version != TLS_1_3:
        return
    # RFC 8446, Section 5.2: TLS 1.3 protects records only with AEAD ciphers.
    if info.code in INTEGRITY_ONLY:
        assert info.cipher.name == "NULL"
        assert info.mac is not None
        assert info.mac.hash is not None
    else:
        assert info.cipher.type == "aead"


def test_suites_that_allow_tls13_and_earlier() -> None:
    earlier = {
        info.code
        for info in NEGOTIABLE
        if info.max_version == TLS_1_3 and info.min_version is not None
        if info.min_version < TLS_1_3
    }
    assert earlier == set(TLS13_AND_EARLIER)


@pytest.mark.parametrize("info", SUITES, ids=suite_id)
def test_min_version_not_after_max_version(info: CipherSuiteInfo) -> None:
    assert info.min_version is not None
    assert info.max_version is not None
    assert info.min_version <= info.max_version


@pytest.mark.parametrize("info", NEGOTIABLE, ids=suite_id)
def test_export_suites_end_at_tls10(info: CipherSuiteInfo) -> None:
    # RFC 4346, Appendix A.5: TLS 1.1 must not negotiate the export suites.
    if info.export:
        assert info.max_version == TLS_1_0


@pytest.mark.parametrize("info", NEGOTIABLE, ids=suite_id)
def test_des_and_idea_suites_end_at_tls11(info: CipherSuiteInfo) -> None:
    # RFC 5246, Section 1.2: TLS 1.2 removed the IDEA and DES suites. Export DES ends earlier.
    assert info.cipher is not None
    removed = info.cipher.algorithm in {"DES", "IDEA"} and not info.export
    assert (info.max_version == TLS_1_1) == removed


@pytest.mark.parametrize("info", NEGOTIABLE, ids=suite_id)
def test_aead_suites_start_at_tls12(info: CipherSuiteInfo) -> None:
    # RFC 5288, Section 4: AEAD suites must not be negotiated before TLS 1.2.
    assert info.cipher is not None
    assert info.min_version is not None
    if info.cipher.type == "aead":
        assert info.min_version >= TLS_1_2


def test_sha2_hmac_suites_start_at_tls12() -> None:
    # RFC 5246 defines its HMAC-SHA256 suites for TLS 1.2, and RFC 5289 its HMAC-SHA384 ones.
    early = {
        info.code
        for info in NEGOTIABLE
        if info.mac is not None and info.mac.name in {"SHA256", "SHA384"}
        if info.min_version is not None and info.min_version < TLS_1_2
    }
    assert early == set(EARLY_SHA2_HMAC)
    for code in EARLY_SHA2_HMAC:
        info = tlsspec.cipher_suite_info(code)
        assert info.key_exchange is not None
        assert info.key_exchange.psk, info.name
        assert info.min_version == TLS_1_0, info.name


# Names: the registry's spelling, OpenSSL's and GnuTLS's.


def test_openssl_names_are_unique() -> None:
    names = Counter(info.openssl_name for info in SUITES if info.openssl_name is not None)
    assert [name for name, count in names.items() if count > 1] == []


def test_gnutls_names_are_unique() -> None:
    names = Counter(info.gnutls_name for info in SUITES if info.gnutls_name is not None)
    assert [name for name, count in names.items() if count > 1] == []


@given(strategies.cipher_suites())
@example(tlsspec.cipher_suite_info(0x0000))
@example(tlsspec.cipher_suite_info(0xC0AA))
def test_name_round_trips(info: CipherSuiteInfo) -> None:
    assert tlsspec.cipher_suite_by_name(info.name) is info
    assert tlsspec.CipherSuite[info.name] == info.code


@given(strategies.openssl_named_suites())
def test_openssl_name_round_trips(info: CipherSuiteInfo) -> None:
    assert info.openssl_name is not None
    assert tlsspec.cipher_suite_by_openssl_name(info.openssl_name) is info


@given(strategies.gnutls_named_suites())
def test_gnutls_name_round_trips(info: CipherSuiteInfo) -> None:
    assert info.gnutls_name is not None
    assert tlsspec.cipher_suite_by_gnutls_name(info.gnutls_name) is info


@given(strategies.unregistered_names(frozenset(info.name for info in SUITES)))
def test_unknown_registry_name_raises(name: str) -> None:
    with pytest.raises(UnknownNameError):
        tlsspec.cipher_suite_by_name(name)


@given(
    strategies.unregistered_names(
        frozenset(info.openssl_name for info in SUITES if info.openssl_name is not None)
    )
)
@example("NULL")  # an OpenSSL cipher-string alias, not a suite name
def test_unknown_openssl_name_raises(name: str) -> None:
    with pytest.raises(UnknownNameError):
        tlsspec.cipher_suite_by_openssl_name(name)


@given(
    strategies.unregistered_names(
        frozenset(info.gnutls_name for info in SUITES if info.gnutls_name is not None)
    )
)
def test_unknown_gnutls_name_raises(name: str) -> None:
    with pytest.raises(UnknownNameError):
        tlsspec.cipher_suite_by_gnutls_name(name)


# Irregular suites, pinned to the values that their defining documents give.


@dataclass(frozen=True)
class Pinned:
    """The decomposition that a suite's defining document gives, and where it gives it."""

    code: int
    name: str
    source: str
    key_exchange: str | None
    authentication: str | None
    cipher: str | None
    mac: str | None
    prf_hash: str | None
    min_version: ProtocolVersion
    max_version: ProtocolVersion
    export: bool = False
    scsv: bool = False
    key_length: int | None = None
    expanded_key_length: int | None = None
    effective_key_bits: int | None = None
    nonce_length: int | None = None
    tag_length: int | None = None
    mac_length: int | None = None
    mac_key_length: int | None = None


PINNED = [
    Pinned(
        0x1301,
        "TLS_AES_128_GCM_SHA256",
        "RFC 8446, Appendix B.4 and Section 5.3",
        None,
        None,
        "AES_128_GCM",
        "AEAD",
        "SHA256",
        TLS_1_3,
        TLS_1_3,
        key_length=16,
        nonce_length=12,
        tag_length=16,
    ),
    Pinned(
        0x1303,
        "TLS_CHACHA20_POLY1305_SHA256",
        "RFC 8446, Appendix B.4; RFC 8439, Section 2.8",
        None,
        None,
        "CHACHA20_POLY1305",
        "AEAD",
        "SHA256",
        TLS_1_3,
        TLS_1_3,
        key_length=32,
        nonce_length=12,
        tag_length=16,
    ),
    Pinned(
        0xC0B4,
        "TLS_SHA256_SHA256",
        "RFC 9150: integrity only, HMAC-SHA256 with a 32-byte key",
        None,
        None,
        "NULL",
        "SHA256",
        "SHA256",
        TLS_1_3,
        TLS_1_3,
        key_length=0,
        mac_length=32,
        mac_key_length=32,
    ),
    Pinned(
        0xC0AA,
        "TLS_PSK_DHE_WITH_AES_128_CCM_8",
        "RFC 6655: spelled PSK_DHE, the DHE_PSK exchange of RFC 4279, with an 8-byte tag",
        "DHE_PSK",
        "PSK",
        "AES_128_CCM_8",
        "AEAD",
        "SHA256",
        TLS_1_2,
        TLS_1_2,
        key_length=16,
        nonce_length=12,
        tag_length=8,
    ),
    Pinned(
        0xC0B0,
        "TLS_ECCPWD_WITH_AES_128_GCM_SHA256",
        "RFC 8492: for TLS 1.2 and TLS 1.3",
        "ECCPWD",
        "ECCPWD",
        "AES_128_GCM",
        "AEAD",
        "SHA256",
        TLS_1_2,
        TLS_1_3,
        key_length=16,
        nonce_length=12,
        tag_length=16,
    ),
    Pinned(
        0x0028,
        "TLS_KRB5_EXPORT_WITH_RC4_40_SHA",
        "RFC 2712; RFC 2246, Appendix C: 5 secret bytes expanded to 16",
        "KRB5",
        "KRB5",
        "RC4_40",
        "SHA",
        None,
        SSL_3_0,
        TLS_1_0,
        export=True,
        key_length=5,
        expanded_key_length=16,
        effective_key_bits=40,
        mac_length=20,
        mac_key_length=20,
    ),
    Pinned(
        0x00C6,
        "TLS_SM4_GCM_SM3",
        "RFC 8998",
        None,
        None,
        "SM4_GCM",
        "AEAD",
        "SM3",
        TLS_1_3,
        TLS_1_3,
        key_length=16,
        nonce_length=12,
        tag_length=16,
    ),
    Pinned(
        0xC100,
        "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC",
        "RFC 9189: TLS 1.2 only; Kuznyechik and its OMAC keys are 256 bits",
        "GOSTR341112_256",
        "GOSTR341012",
        "KUZNYECHIK_CTR_OMAC",
        "KUZNYECHIK_OMAC",
        "GOSTR341112_256",
        TLS_1_2,
        TLS_1_2,
        key_length=32,
        mac_length=16,
        mac_key_length=32,
    ),
    Pinned(
        0x1306,
        "TLS_AEGIS_256_SHA512",
        "draft-irtf-cfrg-aegis-aead: AEGIS-256 has a 256-bit key and nonce, 128-bit tag",
        None,
        None,
        "AEGIS_256",
        "AEAD",
        "SHA512",
        TLS_1_3,
        TLS_1_3,
        key_length=32,
        nonce_length=32,
        tag_length=16,
    ),
    Pinned(
        0x006E,
        "TLS_ASCONAEAD128_ASCONHASH256",
        "NIST SP 800-232: Ascon-AEAD128 has a 128-bit key, nonce and tag",
        None,
        None,
        "ASCONAEAD128",
        "AEAD",
        "ASCONHASH256",
        TLS_1_3,
        TLS_1_3,
        key_length=16,
        nonce_length=16,
        tag_length=16,
    ),
    Pinned(
        0x0008,
        "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA",
        "RFC 2246, Appendix C: 5 secret bytes expanded to 8; RFC 4346, Appendix A.5",
        "RSA",
        "RSA",
        "DES40_CBC",
        "SHA",
        None,
        SSL_3_0,
        TLS_1_0,
        export=True,
        key_length=5,
        expanded_key_length=8,
        effective_key_bits=40,
        mac_length=20,
        mac_key_length=20,
    ),
    Pinned(
        0x0034,
        "TLS_DH_anon_WITH_AES_128_CBC_SHA",
        "RFC 5246, Appendix A.5: DH_anon is ephemeral DH without authentication",
        "DHE",
        "anon",
        "AES_128_CBC",
        "SHA",
        "SHA256",
        SSL_3_0,
        TLS_1_2,
        key_length=16,
        mac_length=20,
        mac_key_length=20,
    ),
    Pinned(
        0xC004,
        "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA",
        "RFC 4492, Section 2.1: static ECDH with the key in an ECDSA certificate",
        "ECDH",
        "ECDSA",
        "AES_128_CBC",
        "SHA",
        "SHA256",
        TLS_1_0,
        TLS_1_2,
        key_length=16,
        mac_length=20,
        mac_key_length=20,
    ),
    Pinned(
        0x00FF,
        "TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
        "RFC 5746, Section 3.3: a signalling value, never negotiated",
        None,
        None,
        None,
        None,
        None,
        SSL_3_0,
        TLS_1_2,
        scsv=True,
    ),
    Pinned(
        0x0000,
        "TLS_NULL_WITH_NULL_NULL",
        "RFC 5246, Section 6.1 and Appendix A.5: the initial state, no keys",
        "NULL",
        "anon",
        "NULL",
        "NULL",
        "SHA256",
        SSL_3_0,
        TLS_1_2,
        key_length=0,
        mac_length=0,
        mac_key_length=0,
    ),
]


class Named(Protocol):
    """An algorithm record of tlsspec.algorithms, which all have a name."""

    @property
    def name(self) -> str: ...


def _name(record: Named | None) -> str | None:
    """Return a record's `name`, or None for no record."""
    return None if record is None else record.name


@pytest.mark.parametrize("pinned", PINNED, ids=lambda pinned: pinned.name)
def test_pinned_decomposition(pinned: Pinned) -> None:
    info = tlsspec.cipher_suite_info(pinned.code)
    assert info.name == pinned.name
    assert _name(info.key_exchange) == pinned.key_exchange
    assert _name(info.authentication) == pinned.authentication
    assert _name(info.cipher) == pinned.cipher
    assert _name(info.mac) == pinned.mac
    assert _name(info.prf_hash) == pinned.prf_hash
    assert info.min_version == pinned.min_version
    assert info.max_version == pinned.max_version
    assert info.export == pinned.export
    assert info.scsv == pinned.scsv


@pytest.mark.parametrize("pinned", PINNED, ids=lambda pinned: pinned.name)
def test_pinned_lengths(pinned: Pinned) -> None:
    info = tlsspec.cipher_suite_info(pinned.code)
    cipher, mac = info.cipher, info.mac
    if pinned.key_length is not None:
        assert cipher is not None
        assert cipher.key_length == pinned.key_length
    if pinned.expanded_key_length is not None:
        assert cipher is not None
        assert cipher.expanded_key_length == pinned.expanded_key_length
    if pinned.effective_key_bits is not None:
        assert cipher is not None
        assert cipher.effective_key_bits == pinned.effective_key_bits
    if pinned.nonce_length is not None:
        assert cipher is not None
        assert cipher.fixed_iv_length + cipher.record_iv_length == pinned.nonce_length
    if pinned.tag_length is not None:
        assert cipher is not None
        assert cipher.tag_length == pinned.tag_length
    if pinned.mac_length is not None:
        assert mac is not None
        assert mac.length == pinned.mac_length
    if pinned.mac_key_length is not None:
        assert mac is not None
        assert mac.key_length == pinned.mac_key_length


# str() of an assigned suite names it and its decomposition. Other values print as 0x%04X.


def describe_fields(text: str) -> dict[str, str]:
    """Split the lines after the title of str(record) into label -> value."""
    fields = {}
    for line in text.splitlines()[1:]:
        label, _, value = line.strip().partition("  ")
        fields[label] = value.strip()
    return fields


def test_str_names_suite_code_and_decomposition() -> None:
    text = str(tlsspec.cipher_suite_info(0xC02F))
    assert text.splitlines()[0] == "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xC02F)"
    fields = describe_fields(text)
    # RFC 5289, Section 3: ECDHE_RSA, AES-128-GCM, and the SHA-256 PRF. A record may print
    # details after its name.
    assert fields["key exchange"] == "ECDHE"
    assert fields["authentication"].split(" ")[0] == "RSA"
    assert fields["cipher"].split(" ")[0] == "AES_128_GCM"
    assert fields["mac"].split(" ")[0] == "AEAD"
    assert fields["prf hash"].split(" ")[0] == "SHA256"
    assert fields["min version"] == "TLS_1_2"
    assert fields["max version"] == "TLS_1_2"
    assert fields["openssl name"] == "ECDHE-RSA-AES128-GCM-SHA256"


@given(strategies.grease_codes())
def test_str_of_grease_value_is_hex(code: int) -> None:
    info = tlsspec.cipher_suite_info(code)
    assert info.status is Status.GREASE
    assert str(info) == f"0x{code:04X}"


@given(strategies.unassigned_codes())
@example(0x1300)
@example(0xFAC9)
def test_str_of_unassigned_value_is_hex(code: int) -> None:
    info = tlsspec.cipher_suite_info(code)
    assert info.status is Status.UNASSIGNED
    assert str(info) == f"0x{code:04X}"


@given(strategies.private_use_codes())
@example(0xFF00)
@example(0xFFFF)
def test_str_of_private_use_value_is_hex(code: int) -> None:
    info = tlsspec.cipher_suite_info(code)
    assert info.status is Status.PRIVATE_USE
    assert str(info) == f"0x{code:04X}"
