"""cipher_spec(): the version rules of the RFCs, and worked examples with known lengths."""

from __future__ import annotations

import pytest
import tlsspec
from tlsspec import CipherSpec, CipherSuite, ProtocolVersion, SignatureAlgorithm, cipher_spec

S = CipherSuite
V = ProtocolVersion
TLS_VERSIONS = (V.SSL_3_0, V.TLS_1_0, V.TLS_1_1, V.TLS_1_2, V.TLS_1_3)
SUITES = [info for info in tlsspec.cipher_suite_infos() if not info.scsv]


def spec_of(suite: int, version: int, **options: bool) -> CipherSpec:
    spec = cipher_spec(suite, version, **options)
    assert spec is not None, f"0x{suite:04X} at {V(version).name}"
    return spec


# (suite, version, key_block_length, fixed_iv_length, record_iv_length). Lengths follow
# from RFC 5246, Appendix C and Section 6.3 by hand. The first two rows are the RFCs' own
# implementation notes: AES_256_CBC_SHA needs 104 bytes in TLS 1.1 (RFC 4346, Section 6.3),
# and AES_256_CBC_SHA256 needs 128 bytes in TLS 1.2 (RFC 5246, Section 6.3).
KEY_BLOCKS = [
    (S.TLS_RSA_WITH_AES_256_CBC_SHA, V.TLS_1_1, 104, 0, 16),
    (S.TLS_RSA_WITH_AES_256_CBC_SHA256, V.TLS_1_2, 128, 0, 16),
    # The same rule: two MAC keys and two keys, no IVs (Pike's lookup adds 32 unused bytes).
    (S.TLS_RSA_WITH_AES_128_CBC_SHA, V.TLS_1_2, 72, 0, 16),
    # Pike's worked examples (Cipher.lookup) where they agree with the RFCs.
    (S.TLS_RSA_EXPORT_WITH_RC4_40_MD5, V.SSL_3_0, 42, 0, 0),
    (S.TLS_RSA_EXPORT_WITH_DES40_CBC_SHA, V.TLS_1_0, 50, 8, 0),
    (S.TLS_RSA_WITH_3DES_EDE_CBC_SHA, V.TLS_1_0, 104, 8, 0),
    (S.TLS_RSA_WITH_DES_CBC_SHA, V.TLS_1_0, 72, 8, 0),
    (S.TLS_RSA_WITH_AES_128_CBC_SHA, V.TLS_1_0, 104, 16, 0),
    (S.TLS_RSA_WITH_AES_256_CBC_SHA, V.TLS_1_0, 136, 16, 0),
    (S.TLS_RSA_WITH_AES_128_GCM_SHA256, V.TLS_1_2, 40, 4, 8),
    (S.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, V.TLS_1_2, 72, 4, 8),
    (S.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, V.TLS_1_2, 40, 4, 8),
    # RFC 7905, Section 2: a 12-byte fixed IV and no explicit nonce.
    (S.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, V.TLS_1_2, 88, 12, 0),
    # RFC 8446, Section 5.3: the whole 12-byte nonce comes from the key schedule.
    (S.TLS_AES_128_GCM_SHA256, V.TLS_1_3, 0, 12, 0),
    (S.TLS_CHACHA20_POLY1305_SHA256, V.TLS_1_3, 0, 12, 0),
]


@pytest.mark.parametrize(
    ("suite", "version", "key_block", "fixed_iv", "record_iv"),
    KEY_BLOCKS,
    ids=[f"{suite.name}-{version.name}" for suite, version, *_ in KEY_BLOCKS],
)
def test_key_block_and_iv_lengths(
    suite: CipherSuite, version: ProtocolVersion, key_block: int, fixed_iv: int, record_iv: int
) -> None:
    spec = spec_of(suite, version)
    assert spec.key_block_length == key_block
    assert spec.fixed_iv_length == fixed_iv
    assert spec.record_iv_length == record_iv


def test_aes_gcm_spec_fields() -> None:
    """RFC 5289 and RFC 5288: ECDHE_RSA with AES-128-GCM and the SHA-256 PRF."""
    spec = spec_of(S.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, V.TLS_1_2)
    assert spec.key_exchange == "ECDHE"
    assert spec.signature_algorithm is SignatureAlgorithm.rsa
    assert spec.bulk_cipher == "AES_128_GCM"
    assert spec.cipher_type == "aead"
    assert spec.mac == "AEAD"
    assert spec.mac_length == 0
    assert spec.key_length == 16
    assert spec.tag_length == 16
    assert spec.key_bits == 128
    assert spec.effective_key_bits == 128
    assert not spec.export
    assert spec.prf_hash == "sha256"
    assert spec.handshake_hashes == ("sha256",)
    assert spec.verify_data_length == 12


@pytest.mark.parametrize(
    ("suite", "signature"),
    [
        (S.TLS_DH_anon_WITH_AES_128_CBC_SHA, SignatureAlgorithm.anonymous),
        (S.TLS_DHE_DSS_WITH_AES_128_CBC_SHA, SignatureAlgorithm.dsa),
        (S.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, SignatureAlgorithm.ecdsa),
        (S.TLS_PSK_WITH_AES_128_CBC_SHA, SignatureAlgorithm.anonymous),
        # RFC 5246, Section 7.4.2: a DH_RSA certificate is signed with RSA (Pike uses DSA).
        (S.TLS_DH_RSA_WITH_AES_128_CBC_SHA, SignatureAlgorithm.rsa),
        # RFC 8422, Section 2.3: an ECDH_RSA certificate is signed with RSA.
        (S.TLS_ECDH_RSA_WITH_AES_128_CBC_SHA, SignatureAlgorithm.rsa),
    ],
)
def test_signature_algorithm(suite: CipherSuite, signature: SignatureAlgorithm) -> None:
    assert spec_of(suite, V.TLS_1_2).signature_algorithm is signature


def test_versions_pick_prf_and_handshake_hash() -> None:
    suite = S.TLS_RSA_WITH_AES_128_CBC_SHA
    assert spec_of(suite, V.SSL_3_0).prf_kind == "ssl3"
    assert spec_of(suite, V.TLS_1_0).prf_kind == "tls10"
    assert spec_of(suite, V.TLS_1_1).prf_kind == "tls10"
    assert spec_of(suite, V.TLS_1_2).prf_kind == "tls12"
    assert spec_of(suite, V.TLS_1_1).handshake_hashes == ("md5", "sha1")
    # RFC 5246, Section 5: suites older than TLS 1.2 use the SHA-256 PRF there.
    assert spec_of(suite, V.TLS_1_2).prf_hash == "sha256"
    assert spec_of(S.TLS_RSA_WITH_AES_256_GCM_SHA384, V.TLS_1_2).prf_hash == "sha384"
    assert spec_of(suite, V.SSL_3_0).verify_data_length == 36
    assert spec_of(S.TLS_AES_256_GCM_SHA384, V.TLS_1_3).verify_data_length == 48


def test_truncated_hmac_cuts_mac_to_ten_bytes() -> None:
    """RFC 6066, Section 7: 80 bits of HMAC, and only where there is an HMAC."""
    suite = S.TLS_RSA_WITH_AES_128_CBC_SHA
    spec = spec_of(suite, V.TLS_1_2, truncated_hmac=True)
    assert spec.mac_length == 10
    assert spec.mac_key_length == 20
    assert spec.truncated_hmac
    assert spec_of(suite, V.TLS_1_2).mac_length == 20
    assert spec_of(suite, V.SSL_3_0, truncated_hmac=True).mac_length == 20
    aead = spec_of(S.TLS_RSA_WITH_AES_128_GCM_SHA256, V.TLS_1_2, truncated_hmac=True)
    assert aead.mac_length == 0
    assert not aead.truncated_hmac


def test_export_and_des_strength() -> None:
    export = spec_of(S.TLS_RSA_EXPORT_WITH_RC4_40_MD5, V.TLS_1_0)
    assert export.export
    assert export.key_length == 5
    assert export.expanded_key_length == 16
    assert export.effective_key_bits == 40
    assert spec_of(S.TLS_RSA_WITH_DES_CBC_SHA, V.TLS_1_1).effective_key_bits == 56
    assert spec_of(S.TLS_RSA_WITH_3DES_EDE_CBC_SHA, V.TLS_1_2).effective_key_bits == 112


def name_rule(name: str, version: ProtocolVersion) -> bool:
    """Return whether the RFCs allow a suite at a version, judged from the suite name alone.

    Export suites with a cipher end at TLS 1.0 (RFC 4346, Appendix A.5). DES and IDEA are
    gone in TLS 1.2 (RFC 5246, Section 1.2). AEAD suites need TLS 1.2 (RFC 5288, RFC 6655,
    RFC 7905). TLS 1.3 allows only its own suites (RFC 8446, Appendix B.4), whose names
    carry no "_WITH_". The exceptions: the TLS-PWD suites serve both TLS 1.2 and 1.3
    (RFC 8492, Section 5), and the GOST MGM suites are TLS 1.3 suites (RFC 9367).
    """
    tls13_only = "_WITH_" not in name or "_MGM_" in name
    if tls13_only:
        return version is V.TLS_1_3
    if version is V.TLS_1_3:
        return name.startswith("TLS_ECCPWD_")
    if "EXPORT" in name and "_NULL_" not in name and version > V.TLS_1_0:
        return False
    if ("_DES_CBC_" in name or "_IDEA_" in name) and version >= V.TLS_1_2:
        return False
    aead = any(token in name for token in ("_GCM", "_CCM", "CHACHA20", "_MGM_"))
    return not (aead and version < V.TLS_1_2)


@pytest.mark.parametrize("version", TLS_VERSIONS, ids=[v.name for v in TLS_VERSIONS])
def test_version_rules_hold_for_every_suite(version: ProtocolVersion) -> None:
    for info in SUITES:
        spec = cipher_spec(info.code, version)
        if not name_rule(info.name, version):
            assert spec is None, info.name
        if spec is not None:
            assert spec.suite == info.code


def test_sha256_cbc_suites_need_tls12() -> None:
    """RFC 5246, Section 1.2 and RFC 5289: HMAC-SHA256/384 CBC suites start at TLS 1.2."""
    for suite in (S.TLS_RSA_WITH_AES_128_CBC_SHA256, S.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384):
        assert cipher_spec(suite, V.TLS_1_1) is None
        assert cipher_spec(suite, V.TLS_1_2) is not None


def test_dtls_uses_tls_equivalent_without_rc4() -> None:
    """RFC 6347, Section 4.1.2.2: DTLS forbids RC4; otherwise DTLS 1.2 is TLS 1.2."""
    assert cipher_spec(S.TLS_RSA_WITH_RC4_128_SHA, V.TLS_1_2) is not None
    assert cipher_spec(S.TLS_RSA_WITH_RC4_128_SHA, V.DTLS_1_2) is None
    dtls = spec_of(S.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, V.DTLS_1_2)
    assert dtls.key_block_length == 40
    assert dtls.version is V.DTLS_1_2


def test_unassigned_and_scsv_have_no_spec() -> None:
    assert cipher_spec(0x5600, V.TLS_1_2) is None  # TLS_FALLBACK_SCSV
    assert cipher_spec(0x00FF, V.TLS_1_2) is None  # TLS_EMPTY_RENEGOTIATION_INFO_SCSV
    assert cipher_spec(0x0A0A, V.TLS_1_2) is None  # GREASE
    assert cipher_spec(0xFEFE, V.TLS_1_2) is None  # unassigned


@pytest.mark.parametrize(
    ("suite", "version", "message"),
    [
        (0x10000, V.TLS_1_2, "65536 is out of range"),
        (-1, V.TLS_1_2, "-1"),
        (0x002F, 0x0305, "unknown protocol version 0x0305"),
        ("0x002F", V.TLS_1_2, "must be an int"),
    ],
)
def test_bad_input_raises_value_error(suite: object, version: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cipher_spec(suite, version)  # type: ignore[arg-type]
