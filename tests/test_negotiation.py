"""Server-side negotiation: suite, certificate, signature scheme, groups and extensions.

Suite and group code points are IANA's (RFC 5246, Appendix A.5; RFC 8422, Section 6;
RFC 8446, Appendix B.4; RFC 7919, Section 2). FFDHE strengths are RFC 7919, Appendix A's
estimates: ffdhe2048 103, ffdhe3072 125, ffdhe4096 150, ffdhe6144 175, ffdhe8192 192 bits.
"""

from __future__ import annotations

import logging
import re
from functools import cache

import pytest
import tlsspec
from cryptography.hazmat.primitives import serialization
from hypothesis import given
from hypothesis import strategies as st
from tlsspec import NO_SUPPORTED_OVERLAP, NamedGroup, ProtocolVersion, Session, Status
from tlsspec.certificates import CertificatePair
from tlsspec.cipher_specs import cipher_spec

from tests import certs
from tests.strategies import GREASE_CODES

TLS10 = ProtocolVersion.TLS_1_0
TLS12 = ProtocolVersion.TLS_1_2
TLS13 = ProtocolVersion.TLS_1_3

# Cipher suites, by IANA code point.
RSA_AES128_CBC = 0x002F
RSA_NULL_SHA = 0x0002
RSA_AES128_GCM = 0x009C
DHE_RSA_3DES = 0x0016
DHE_RSA_AES128_CBC = 0x0033
DHE_DSS_AES128_GCM = 0x00A2
DH_ANON_AES128_CBC = 0x0034
PSK_AES128_CBC = 0x008C
ECDH_ECDSA_AES128_CBC = 0xC004
ECDH_RSA_AES128_CBC = 0xC00E
ECDHE_ECDSA_AES128_CBC = 0xC009
ECDHE_ECDSA_AES128_GCM = 0xC02B
ECDHE_RSA_AES128_GCM = 0xC02F
ECDH_ANON_AES128_CBC = 0xC018
TLS_AES_128_GCM_SHA256 = 0x1301
EMPTY_RENEGOTIATION_INFO_SCSV = 0x00FF
FALLBACK_SCSV = 0x5600

# Signature algorithms: TLS 1.2 {hash, signature} pairs (RFC 5246, Section 7.4.1.4.1) and
# RFC 8446, Section 4.2.3 schemes.
RSA_SHA1 = 0x0201
DSA_SHA1 = 0x0202
RSA_SHA256 = 0x0401
DSA_SHA256 = 0x0402
ECDSA_SHA256 = 0x0403
ECDSA_SECP384R1_SHA384 = 0x0503
ECDSA_SHA1 = 0x0203
RSA_PSS_RSAE_SHA256 = 0x0804
ED25519 = 0x0807


@cache
def pair(
    key_name: certs.KeyName, ca: certs.KeyName | None = None, hash_name: certs.HashName = "sha256"
) -> CertificatePair:
    """Return a self-signed pair, or one whose leaf root(ca) signed, chain ending in the root."""
    if ca is None:
        return CertificatePair([certs.self_signed(key_name, hash_name)], certs.key(key_name))
    chain = [certs.issued(key_name, ca, hash_name), certs.root(ca, hash_name)]
    return CertificatePair(chain, certs.key(key_name))


def peer(
    *,
    signature_algorithms: tuple[int, ...] | None = None,
    groups: tuple[int, ...] | None = None,
    point_formats: tuple[int, ...] | None = None,
) -> Session:
    """Return a session that stores what a client's extensions sent (None: not sent)."""
    session = Session()
    if signature_algorithms is not None:
        session.signature_algorithms = signature_algorithms
    if groups is not None:
        session.set_peer_groups(groups)
    session.set_point_formats(point_formats)
    return session


# Each row: certificate pairs, client suites, server suites, version, the peer's
# signature_algorithms and supported_groups (None: not sent), then the expected suite,
# signature scheme, curve and FFDHE group (None: no suite fits, or not set).
# fmt: off
SELECTION_CASES = [
    pytest.param(
        [pair("rsa")], [ECDHE_RSA_AES128_GCM, RSA_AES128_GCM], None, TLS12,
        (RSA_SHA256,), (NamedGroup.x25519,),
        ECDHE_RSA_AES128_GCM, RSA_SHA256, NamedGroup.x25519, None,
        id="client order when no server list (Pike's convention)",
    ),
    pytest.param(
        [pair("rsa")], [ECDHE_RSA_AES128_GCM, RSA_AES128_GCM],
        [RSA_AES128_GCM, ECDHE_RSA_AES128_GCM], TLS12,
        (RSA_SHA256,), (NamedGroup.x25519,),
        RSA_AES128_GCM, None, None, None,
        id="server preference order wins; RSA key exchange signs nothing",
    ),
    pytest.param(
        [pair("rsa", "rsa")], [ECDHE_RSA_AES128_GCM, DH_ANON_AES128_CBC], None, TLS12,
        (RSA_SHA1,), (NamedGroup.x25519,),
        DH_ANON_AES128_CBC, None, None, NamedGroup.ffdhe4096,
        id="RFC 5246 7.4.2: SHA-256-signed leaf not in sha1 list -> anonymous fallback",
    ),
    pytest.param(
        [pair("rsa", "rsa", "sha1")], [ECDHE_RSA_AES128_GCM], None, TLS12,
        None, (NamedGroup.secp256r1,),
        ECDHE_RSA_AES128_GCM, RSA_SHA1, NamedGroup.secp256r1, None,
        id="RFC 5246 7.4.1.4.1: no signature_algorithms -> SHA-1-signed chain qualifies",
    ),
    pytest.param(
        [pair("rsa", "rsa")], [ECDHE_RSA_AES128_GCM, PSK_AES128_CBC], None, TLS12,
        None, (NamedGroup.secp256r1,),
        ECDHE_RSA_AES128_GCM, RSA_SHA1, NamedGroup.secp256r1, None,
        id="RFC 5246 7.4.2: no signature_algorithms -> CA-signed SHA-256 chain, {sha1,rsa} signs",
    ),
    pytest.param(
        [pair("dsa", "rsa")], [DHE_DSS_AES128_GCM], None, TLS12,
        None, None,
        DHE_DSS_AES128_GCM, DSA_SHA1, None, NamedGroup.ffdhe4096,
        id="RFC 5246 7.4.1.4.1: no signature_algorithms -> DHE_DSS signs {sha1,dsa}",
    ),
    pytest.param(
        [pair("p256", "rsa")], [ECDHE_ECDSA_AES128_GCM], None, TLS12,
        None, (NamedGroup.secp256r1,),
        ECDHE_ECDSA_AES128_GCM, ECDSA_SHA1, NamedGroup.secp256r1, None,
        id="RFC 5246 7.4.1.4.1: no signature_algorithms -> ECDHE_ECDSA signs {sha1,ecdsa}",
    ),
    pytest.param(
        [pair("ed25519")], [ECDHE_ECDSA_AES128_GCM], None, TLS12,
        None, (NamedGroup.x25519,),
        None, None, None, None,
        id="RFC 5246 7.4.1.4.1: default {sha1,ecdsa} is no Ed25519 signature",
    ),
    pytest.param(
        [pair("rsa", "rsa")], [TLS_AES_128_GCM_SHA256], None, TLS13,
        None, (NamedGroup.x25519,),
        None, None, None, None,
        id="RFC 8446 9.2: TLS 1.3 without signature_algorithms -> no certificate",
    ),
    pytest.param(
        [pair("p256", "rsa")], [ECDHE_ECDSA_AES128_GCM], None, TLS12,
        (RSA_SHA256, ECDSA_SHA256), (NamedGroup.secp256r1,),
        ECDHE_ECDSA_AES128_GCM, ECDSA_SHA256, NamedGroup.secp256r1, None,
        id="RFC 8446 4.2.3: root's own signature exempt, leaf signature checked",
    ),
    pytest.param(
        [pair("p256", "rsa")], [ECDHE_ECDSA_AES128_GCM], None, TLS12,
        (ECDSA_SHA256,), (NamedGroup.secp256r1,),
        None, None, None, None,
        id="RFC 5246 7.4.2: RSA-signed leaf needs an RSA pair in the list",
    ),
    pytest.param(
        [pair("p384")], [ECDHE_ECDSA_AES128_GCM, RSA_AES128_GCM], None, TLS12,
        (ECDSA_SHA256,), (NamedGroup.secp256r1,),
        None, None, None, None,
        id="RFC 8422 5.1: P-384 key, peer lists only secp256r1",
    ),
    pytest.param(
        [pair("p384")], [ECDHE_ECDSA_AES128_GCM], None, TLS12,
        (ECDSA_SHA256,), (NamedGroup.secp256r1, NamedGroup.secp384r1),
        ECDHE_ECDSA_AES128_GCM, ECDSA_SHA256, NamedGroup.secp384r1, None,
        id="RFC 8422 5.1: P-384 key in list; ECDHE takes the strongest common curve",
    ),
    pytest.param(
        [pair("rsa"), pair("p256")], [ECDHE_ECDSA_AES128_GCM, ECDHE_RSA_AES128_GCM], None, TLS12,
        (RSA_SHA256,), (NamedGroup.x25519, NamedGroup.secp256r1),
        ECDHE_RSA_AES128_GCM, RSA_SHA256, NamedGroup.x25519, None,
        id="ECDSA key cannot make any listed scheme; equal strength goes to the peer's order",
    ),
    pytest.param(
        [pair("ed25519")], [ECDHE_ECDSA_AES128_GCM], None, TLS12,
        (ED25519,), (NamedGroup.x25519,),
        ECDHE_ECDSA_AES128_GCM, ED25519, NamedGroup.x25519, None,
        id="RFC 8422 5.1: Ed25519 key with an ECDHE_ECDSA suite",
    ),
    pytest.param(
        [pair("ed25519")], [ECDHE_ECDSA_AES128_CBC], None, TLS10,
        (ED25519,), (NamedGroup.x25519,),
        None, None, None, None,
        id="RFC 8422 5.1: EdDSA needs TLS 1.2 signature_algorithms",
    ),
    pytest.param(
        [pair("p256")], [ECDHE_ECDSA_AES128_CBC], None, TLS10,
        None, (NamedGroup.x25519, NamedGroup.secp256r1),
        ECDHE_ECDSA_AES128_CBC, None, NamedGroup.x25519, None,
        id="TLS 1.0: no signature_algorithms and no signature scheme",
    ),
    pytest.param(
        [pair("dsa")], [ECDHE_RSA_AES128_GCM, DHE_DSS_AES128_GCM], None, TLS12,
        (DSA_SHA256,), None,
        DHE_DSS_AES128_GCM, DSA_SHA256, None, NamedGroup.ffdhe4096,
        id="DSS suite needs a DSA key, signing {sha256, dsa}; RFC 7919: our group by strength",
    ),
    pytest.param(
        [pair("p384")], [ECDH_ECDSA_AES128_CBC], None, TLS12,
        (ECDSA_SHA256,), (NamedGroup.secp521r1, NamedGroup.secp384r1),
        ECDH_ECDSA_AES128_CBC, None, NamedGroup.secp384r1, None,
        id="RFC 8422 2.1: ECDH_ECDSA curve is the certificate's, not the strongest",
    ),
    pytest.param(
        [pair("p256", "rsa")], [ECDH_RSA_AES128_CBC], None, TLS12,
        (RSA_SHA256,), (NamedGroup.secp256r1,),
        ECDH_RSA_AES128_CBC, None, NamedGroup.secp256r1, None,
        id="RFC 8422 2.3: ECDH_RSA needs an EC key signed with RSA",
    ),
    pytest.param(
        [pair("p256"), pair("rsa")], [ECDH_RSA_AES128_CBC], None, TLS12,
        (RSA_SHA256, ECDSA_SHA256), (NamedGroup.secp256r1,),
        None, None, None, None,
        id="RFC 8422 2.3: ECDSA-signed EC key and RSA key both fail ECDH_RSA",
    ),
    pytest.param(
        [pair("rsa")], [ECDHE_RSA_AES128_GCM, RSA_AES128_GCM], None, TLS12,
        (RSA_SHA256,), (NamedGroup.X25519MLKEM768, NamedGroup.MLKEM768),
        RSA_AES128_GCM, None, None, None,
        id="ML-KEM and hybrids never in TLS 1.2, so no ECDHE",
    ),
    pytest.param(
        [pair("rsa")], [ECDHE_RSA_AES128_GCM], None, TLS12,
        (RSA_SHA256,),
        (NamedGroup.X25519MLKEM768, NamedGroup.brainpoolP256r1tls13, NamedGroup.x25519),
        ECDHE_RSA_AES128_GCM, RSA_SHA256, NamedGroup.x25519, None,
        id="tls13_only groups skipped in TLS 1.2 although stronger",
    ),
    pytest.param(
        [pair("ed25519")], [TLS_AES_128_GCM_SHA256], None, TLS13,
        (ED25519,), (NamedGroup.x25519, NamedGroup.MLKEM768, NamedGroup.X25519MLKEM768),
        TLS_AES_128_GCM_SHA256, ED25519, NamedGroup.MLKEM768, None,
        id="TLS 1.3: 192-bit ML-KEM groups beat x25519; tie goes to the peer's order",
    ),
    pytest.param(
        [pair("rsa")], [TLS_AES_128_GCM_SHA256], None, TLS13,
        (RSA_SHA256,), (NamedGroup.x25519,),
        None, None, None, None,
        id="RFC 8446 4.2.3: rsa_pkcs1 not allowed in CertificateVerify",
    ),
    pytest.param(
        [pair("rsa")], [TLS_AES_128_GCM_SHA256], None, TLS13,
        (RSA_SHA256, RSA_PSS_RSAE_SHA256), (NamedGroup.x25519,),
        TLS_AES_128_GCM_SHA256, RSA_PSS_RSAE_SHA256, NamedGroup.x25519, None,
        id="RFC 8446 4.2.3: RSA key signs with rsa_pss_rsae",
    ),
    pytest.param(
        [pair("p256")], [TLS_AES_128_GCM_SHA256], None, TLS13,
        (ECDSA_SECP384R1_SHA384, ECDSA_SHA1), (NamedGroup.x25519,),
        None, None, None, None,
        id="RFC 8446 4.2.3: ECDSA scheme bound to the key's curve, no SHA-1",
    ),
    pytest.param(
        [pair("dsa")], [TLS_AES_128_GCM_SHA256], None, TLS13,
        (DSA_SHA256,), (NamedGroup.x25519,),
        None, None, None, None,
        id="RFC 8446 4.2.3: no DSA in TLS 1.3",
    ),
    pytest.param(
        [pair("ed25519")], [TLS_AES_128_GCM_SHA256], None, TLS13,
        (ED25519,), (NamedGroup.ffdhe3072,),
        TLS_AES_128_GCM_SHA256, ED25519, None, NamedGroup.ffdhe3072,
        id="TLS 1.3 with only an FFDHE group",
    ),
    pytest.param(
        [pair("ed25519")], [TLS_AES_128_GCM_SHA256], None, TLS13,
        (ED25519,), None,
        None, None, None, None,
        id="RFC 8446 4.1.1: TLS 1.3 without supported_groups has no common group",
    ),
    pytest.param(
        [pair("rsa")], [ECDHE_RSA_AES128_GCM], None, TLS13,
        (RSA_PSS_RSAE_SHA256,), (NamedGroup.x25519,),
        None, None, None, None,
        id="RFC 8446 B.4: TLS 1.2 suites not at TLS 1.3",
    ),
    pytest.param(
        [pair("rsa")], [TLS_AES_128_GCM_SHA256, ECDHE_RSA_AES128_GCM], None, TLS12,
        (RSA_SHA256,), (NamedGroup.x25519,),
        ECDHE_RSA_AES128_GCM, RSA_SHA256, NamedGroup.x25519, None,
        id="RFC 8446 B.4: TLS 1.3 suites only at TLS 1.3",
    ),
    pytest.param(
        [pair("rsa")],
        [0x0A0A, FALLBACK_SCSV, EMPTY_RENEGOTIATION_INFO_SCSV, 0x0047, ECDHE_RSA_AES128_GCM],
        None, TLS12, (0x1A1A, RSA_SHA256), (0x2A2A, 0xFE00, NamedGroup.secp256r1),
        ECDHE_RSA_AES128_GCM, RSA_SHA256, NamedGroup.secp256r1, None,
        id="RFC 8701: GREASE, SCSV and unassigned values skipped in every list",
    ),
    pytest.param(
        [], [ECDHE_RSA_AES128_GCM, ECDH_ANON_AES128_CBC], None, TLS12,
        (RSA_SHA256,), (NamedGroup.secp256r1, NamedGroup.secp384r1),
        ECDH_ANON_AES128_CBC, None, NamedGroup.secp384r1, None,
        id="no certificates: ECDH_anon with the strongest common curve",
    ),
]
# fmt: on


@pytest.mark.parametrize(
    (
        "pairs",
        "client",
        "server",
        "version",
        "algorithms",
        "groups",
        "suite",
        "scheme",
        "curve",
        "ffdhe",
    ),
    SELECTION_CASES,
)
def test_select_cipher_suite(
    pairs: list[CertificatePair],
    client: list[int],
    server: list[int] | None,
    version: ProtocolVersion,
    algorithms: tuple[int, ...] | None,
    groups: tuple[int, ...] | None,
    suite: int | None,
    scheme: int | None,
    curve: NamedGroup | None,
    ffdhe: NamedGroup | None,
) -> None:
    session = peer(signature_algorithms=algorithms, groups=groups)
    chosen = session.select_cipher_suite(pairs, client, version, server_suites=server)
    assert chosen is (suite is not None)
    assert session.cipher_suite == suite
    assert session.signature_scheme == scheme
    assert session.curve == curve
    assert session.ffdhe_group == ffdhe
    if suite is not None:
        assert session.version == version
        assert session.cipher_spec == cipher_spec(suite, version)


def test_select_rsassa_pss_key() -> None:
    # RFC 8446, Section 4.2.3: rsa_pss_pss_* for a key with the RSASSA-PSS OID, and no
    # RSA key exchange, because such a key only signs.
    pss = CertificatePair([certs.pss_key_certificate()], certs.key("rsa"))
    session = peer(signature_algorithms=(RSA_PSS_RSAE_SHA256, 0x0809), groups=(NamedGroup.x25519,))
    assert session.select_cipher_suite([pss], [TLS_AES_128_GCM_SHA256], TLS13)
    assert session.signature_scheme == 0x0809
    assert not session.select_cipher_suite([pss], [RSA_AES128_GCM], TLS12)


def test_select_ecdh_rsa_with_pss_signed_leaf() -> None:
    # RFC 8422, Section 2.3: an RSASSA-PSS signature is an RSA signature too.
    leaf = certs.build(
        "p256", "p256.example", issuer_key="rsa", issuer_name="Test Root rsa", pss=True
    )
    chained = CertificatePair([leaf, certs.root("rsa")], certs.key("p256"))
    session = peer(signature_algorithms=(RSA_PSS_RSAE_SHA256,), groups=(NamedGroup.secp256r1,))
    assert session.select_cipher_suite([chained], [ECDH_RSA_AES128_CBC], TLS12)
    assert session.curve == NamedGroup.secp256r1


def test_select_sets_certificate_and_key() -> None:
    weak, strong = pair("rsa"), pair("rsa3072")
    session = peer(signature_algorithms=(RSA_SHA256,), groups=(NamedGroup.x25519,))
    assert session.select_cipher_suite([weak, strong], [ECDHE_RSA_AES128_GCM], TLS12)
    assert session.certificate_chain == strong.der_chain
    assert session.private_key is strong.private_key


def test_select_anonymous_clears_certificate() -> None:
    session = peer(groups=(NamedGroup.x25519,))
    assert session.select_cipher_suite([], [DH_ANON_AES128_CBC], TLS12)
    assert session.certificate_chain == ()
    assert session.private_key is None
    assert session.has_required_certificates()


# RFC 7919, Section 4 with Appendix A's strengths: the smallest offered group that reaches
# the cipher's strength (AES-128: 128 bits, 3DES: 112 bits), else the strongest offered.
FFDHE_CASES = [
    (DHE_RSA_AES128_CBC, (256, 257, 258), NamedGroup.ffdhe4096),
    (DHE_RSA_AES128_CBC, (258, 257, 256), NamedGroup.ffdhe4096),
    (DHE_RSA_AES128_CBC, (256, 257), NamedGroup.ffdhe3072),
    (DHE_RSA_3DES, (256, 257, 258), NamedGroup.ffdhe3072),
    (DHE_RSA_3DES, None, NamedGroup.ffdhe3072),
    (DHE_RSA_AES128_CBC, None, NamedGroup.ffdhe4096),
    (DHE_RSA_AES128_CBC, (0x01FC,), None),
    (DHE_RSA_AES128_CBC, (0x01FC, 256), NamedGroup.ffdhe2048),
]


@pytest.mark.parametrize(("suite", "offered", "expected"), FFDHE_CASES)
def test_ffdhe_group_by_strength(
    suite: int, offered: tuple[int, ...] | None, expected: NamedGroup | None
) -> None:
    session = peer(signature_algorithms=(RSA_SHA256,), groups=offered)
    chosen = session.select_cipher_suite([pair("rsa")], [suite], TLS12)
    assert chosen is (expected is not None)
    assert session.ffdhe_group == expected


def test_unknown_ffdhe_values_skip_dhe() -> None:
    session = peer(signature_algorithms=(RSA_SHA256,), groups=(0x01FD, NamedGroup.x25519))
    assert not session.is_supported_suite(DHE_RSA_AES128_CBC, TLS12)
    assert session.select_cipher_suite(
        [pair("rsa")], [DHE_RSA_AES128_CBC, ECDHE_RSA_AES128_GCM], TLS12
    )
    assert session.cipher_suite == ECDHE_RSA_AES128_GCM


def test_no_supported_overlap_excludes_ecc_suites() -> None:
    session = peer(
        signature_algorithms=(RSA_SHA256,), groups=(NamedGroup.x25519,), point_formats=(1, 2)
    )
    assert session.ecc_point_format is NO_SUPPORTED_OVERLAP
    assert not session.is_supported_suite(ECDHE_RSA_AES128_GCM, TLS12)
    assert session.select_cipher_suite([pair("rsa")], [ECDHE_RSA_AES128_GCM, RSA_AES128_GCM], TLS12)
    assert session.cipher_suite == RSA_AES128_GCM


@pytest.mark.parametrize(
    ("formats", "expected"),
    [
        (None, 0),  # RFC 8422, Section 5.1.2: no extension means uncompressed
        ((0,), 0),
        ((1, 0x0B, 0), 0),  # unknown values next to uncompressed are ignored
        ((1,), NO_SUPPORTED_OVERLAP),
        ((), NO_SUPPORTED_OVERLAP),
    ],
)
def test_set_point_formats(formats: tuple[int, ...] | None, expected: object) -> None:
    session = Session(ecc_point_format=NO_SUPPORTED_OVERLAP if expected == 0 else 0)
    session.set_point_formats(formats)
    assert session.ecc_point_format == expected


def test_set_peer_groups_splits_ffdhe_range() -> None:
    session = Session()
    session.set_peer_groups([0x0A0A, 29, 256, 0x11EC, 0x01FC, 23, 511, 512])
    assert session.ecc_curves == (0x0A0A, 29, 0x11EC, 23, 512)
    assert session.ffdhe_groups == (256, 0x01FC, 511)


def test_peer_groups_without_ffdhe() -> None:
    session = Session()
    session.set_peer_groups([29])
    assert session.ffdhe_groups == ()


# RFC 7366, Section 3: encrypt-then-MAC applies to CBC block ciphers only.
@pytest.mark.parametrize(
    ("suite", "kept"),
    [
        (RSA_AES128_CBC, True),
        (RSA_AES128_GCM, False),
        (RSA_NULL_SHA, False),
        # TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: an AEAD stream cipher.
        (0xCCA8, False),
    ],
)
def test_encrypt_then_mac_kept_for_cbc_only(suite: int, kept: bool) -> None:
    session = Session(encrypt_then_mac=True)
    assert session.set_cipher_suite(suite, TLS12)
    assert session.encrypt_then_mac is kept


def test_set_cipher_suite_rejected_changes_nothing() -> None:
    session = Session(version=TLS10, encrypt_then_mac=True)
    assert not session.set_cipher_suite(TLS_AES_128_GCM_SHA256, TLS12)
    assert session.version == TLS10
    assert session.cipher_suite is None
    assert session.cipher_spec is None
    assert session.encrypt_then_mac


def test_set_cipher_suite_rejects_unknown_version() -> None:
    session = Session()
    with pytest.raises(ValueError, match="version 5 is not a protocol version; expected one of"):
        session.set_cipher_suite(RSA_AES128_CBC, 5)
    assert session.cipher_suite is None


def test_set_cipher_suite_logs_rejection(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="tlsspec"):
        assert not Session().set_cipher_suite(TLS_AES_128_GCM_SHA256, TLS12)
    assert [record.getMessage() for record in caplog.records] == [
        "cipher suite TLS_AES_128_GCM_SHA256 rejected at TLS_1_2: not allowed at this version"
    ]


def test_set_cipher_suite_honours_truncated_hmac() -> None:
    session = Session(truncated_hmac=True)
    assert session.set_cipher_suite(RSA_AES128_CBC, TLS12)
    assert session.cipher_spec is not None
    assert session.cipher_spec.mac_length == 10  # RFC 6066, Section 7


@pytest.mark.parametrize(
    ("suite", "version", "expected"),
    [
        (ECDHE_RSA_AES128_GCM, TLS12, True),
        (ECDHE_RSA_AES128_GCM, TLS10, False),  # RFC 5246: GCM suites start at TLS 1.2
        (TLS_AES_128_GCM_SHA256, TLS13, True),
        (TLS_AES_128_GCM_SHA256, TLS12, False),
        (EMPTY_RENEGOTIATION_INFO_SCSV, TLS12, False),  # RFC 5746, Section 3.3
        (FALLBACK_SCSV, TLS12, False),  # RFC 7507, Section 2
        (0x0A0A, TLS12, False),  # RFC 8701, Section 2
        (0x0047, TLS12, False),  # unassigned
        (0x0000, TLS10, False),  # RFC 5246, Appendix A.5: never negotiated
        (0x001E, TLS10, False),  # KRB5: no Kerberos credentials in a Session
    ],
)
def test_is_supported_suite(suite: int, version: ProtocolVersion, expected: bool) -> None:
    assert Session().is_supported_suite(suite, version) is expected


def test_has_required_certificates() -> None:
    assert not Session().has_required_certificates()
    assert not Session(cipher_suite=ECDHE_RSA_AES128_GCM).has_required_certificates()
    assert Session(cipher_suite=PSK_AES128_CBC).has_required_certificates()
    assert Session(cipher_suite=ECDH_ANON_AES128_CBC).has_required_certificates()
    key = certs.key("p256").public_key()
    assert Session(
        cipher_suite=ECDHE_RSA_AES128_GCM, peer_public_key=key
    ).has_required_certificates()


def test_no_suite_fits_logs_without_secrets(caplog: pytest.LogCaptureFixture) -> None:
    secret = bytes(range(100, 148))
    chosen = pair("rsa")
    session = peer(signature_algorithms=(RSA_SHA256,), groups=(NamedGroup.x25519,))
    session.master_secret = secret
    private_der = chosen.private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with caplog.at_level(logging.DEBUG, logger="tlsspec"):
        assert session.select_cipher_suite([chosen], [ECDHE_RSA_AES128_GCM], TLS12)
        assert not session.select_cipher_suite([chosen], [ECDHE_ECDSA_AES128_GCM], TLS12)
    assert "no cipher suite fits" in caplog.text
    assert session.cipher_suite == ECDHE_RSA_AES128_GCM
    for text in (secret.hex(), private_der.hex(), repr(secret), repr(private_der)):
        assert text not in caplog.text
    assert private_der[-32:].hex() not in caplog.text


@pytest.mark.parametrize("code", [0, 5, 255, -1, True])
def test_max_fragment_length_rejects_bad_code(code: int) -> None:
    with pytest.raises(ValueError, match=rf"max_fragment_length code {code!r} is invalid"):
        Session().set_max_fragment_length(code)


@pytest.mark.parametrize(("code", "length"), [(1, 512), (2, 1024), (3, 2048), (4, 4096)])
def test_max_fragment_length_codes(code: int, length: int) -> None:
    session = Session()
    session.set_max_fragment_length(code)
    assert session.max_packet_size == length  # RFC 6066, Section 4: 2^9 to 2^12


@pytest.mark.parametrize("mode", [0, 3, 255])
def test_heartbeat_mode_rejects_bad_mode(mode: int) -> None:
    with pytest.raises(ValueError, match=rf"heartbeat mode {mode} is invalid"):
        Session().set_heartbeat_mode(mode)


def test_heartbeat_mode_accepts_rfc_modes() -> None:
    session = Session()
    session.set_heartbeat_mode(2)
    assert session.heartbeat_mode == 2  # RFC 6520, Section 2: peer_not_allowed_to_send


@pytest.mark.parametrize("method", [64, 2, 255])
def test_compression_rejects_other_methods(method: int) -> None:
    with pytest.raises(ValueError, match=rf"compression method {method} is not supported"):
        Session().set_compression_method(method)


def test_compression_accepts_deflate() -> None:
    session = Session()
    session.set_compression_method(1)
    assert session.compression_algorithm == 1  # RFC 3749, Section 2: DEFLATE


def test_point_formats_reject_non_byte() -> None:
    with pytest.raises(ValueError, match="ec_point_formats value 256 is invalid"):
        Session().set_point_formats([0, 256])


# Property: random client lists never make selection raise, and a choice is consistent.


@cache
def _all_pairs() -> tuple[CertificatePair, ...]:
    names: tuple[certs.KeyName, ...] = ("rsa", "dsa", "p256", "p384", "ed25519", "ed448")
    return (*(pair(name) for name in names), pair("p256", "rsa"), pair("rsa", "rsa", "sha1"))


def _codes(registry: list[int]) -> st.SearchStrategy[list[int]]:
    values = st.one_of(
        st.sampled_from(registry), st.sampled_from(GREASE_CODES), st.integers(0, 0xFFFF)
    )
    return st.lists(values, max_size=12)


_SUITES = [i.code for i in tlsspec.cipher_suite_infos() if i.status is Status.ASSIGNED]
_GROUPS = [i.code for i in tlsspec.group_infos() if i.status is Status.ASSIGNED]
# RFC 5246, Section 7.4.1.4.1 DSA pairs, which the SignatureScheme registry leaves reserved.
_SCHEMES = [i.code for i in tlsspec.signature_scheme_infos() if i.status is Status.ASSIGNED]
_SCHEMES += [0x0202, 0x0402, 0x0502]


@given(
    client=_codes(_SUITES),
    groups=st.none() | _codes(_GROUPS),
    algorithms=st.none() | _codes(_SCHEMES),
    formats=st.none() | st.lists(st.integers(0, 255), max_size=3),
    version=st.sampled_from([ProtocolVersion.TLS_1_0, TLS12, TLS13]),
    use_server_list=st.booleans(),
)
def test_selection_is_consistent(
    client: list[int],
    groups: list[int] | None,
    algorithms: list[int] | None,
    formats: list[int] | None,
    version: ProtocolVersion,
    use_server_list: bool,
) -> None:
    session = peer(
        signature_algorithms=None if algorithms is None else tuple(algorithms),
        groups=None if groups is None else tuple(groups),
        point_formats=None if formats is None else tuple(formats),
    )
    server = sorted(_SUITES, reverse=True) if use_server_list else None
    if not session.select_cipher_suite(_all_pairs(), client, version, server_suites=server):
        assert session.cipher_suite is None
        return
    # RFC 8446, Section 9.2: no certificate without signature_algorithms at TLS 1.3.
    assert algorithms is not None or version != TLS13
    if algorithms is None and session.signature_scheme is not None:
        # RFC 5246, Section 7.4.1.4.1: {sha1, rsa}, {sha1, dsa} or {sha1, ecdsa}.
        assert session.signature_scheme in (0x0201, 0x0202, 0x0203)
    suite = session.cipher_suite
    assert suite is not None
    assert suite in client
    assert server is None or suite in server
    assert cipher_spec(suite, version) is not None
    assert session.version == version
    for chosen in (session.curve, session.ffdhe_group):
        if chosen is None:
            continue
        if version != TLS13:
            assert not tlsspec.group_info(chosen).tls13_only
    if session.curve is not None and groups:
        assert session.curve in groups
    if session.ffdhe_group is not None and any(code in range(256, 512) for code in groups or ()):
        assert session.ffdhe_group in (groups or ())


# Bad arguments: each raises ValueError that names the value and the expected form, and the
# session stays unchanged.
BAD_SELECTION_ARGUMENTS = [
    pytest.param(
        {"certificates": None},
        "certificates must be a sequence of CertificatePair objects, such as [pair], or [] for"
        " none; got NoneType",
        id="certificates None",
    ),
    pytest.param(
        {"certificates": pair("rsa")},
        "certificates must be a sequence of CertificatePair objects, such as [pair], or [] for"
        " none; got a single CertificatePair",
        id="single pair",
    ),
    pytest.param(
        {"certificates": [pair("rsa"), "x"]},
        "certificates[1] must be a CertificatePair; got str",
        id="non-pair in list",
    ),
    pytest.param(
        {"client_suites": None},
        "client_suites must be a sequence of cipher suite codes from 0 to 0xFFFF; got None",
        id="client_suites None",
    ),
    pytest.param(
        {"client_suites": 0xC02F},
        "client_suites must be a sequence of cipher suite codes from 0 to 0xFFFF; got 49199",
        id="client_suites int",
    ),
    pytest.param(
        {"client_suites": [ECDHE_RSA_AES128_GCM, "x"]},
        "client_suites must contain integers from 0 to 0xFFFF; got 'x'",
        id="client_suites non-int",
    ),
    pytest.param(
        {"client_suites": [0x10000]},
        "client_suites must contain integers from 0 to 0xFFFF; got 65536",
        id="client_suites above 0xFFFF",
    ),
    pytest.param(
        {"client_suites": [-1]},
        "client_suites must contain integers from 0 to 0xFFFF; got -1",
        id="client_suites negative",
    ),
    pytest.param(
        {"client_suites": [True]},
        "client_suites must contain integers from 0 to 0xFFFF; got True",
        id="client_suites bool",
    ),
    pytest.param(
        {"server_suites": 5},
        "server_suites must be a sequence of cipher suite codes from 0 to 0xFFFF; got 5",
        id="server_suites int",
    ),
    pytest.param(
        {"version": 0x0305},
        "version 773 is not a protocol version; expected one of SSL_3_0 (0x0300),",
        id="unknown version",
    ),
    pytest.param(
        {"version": 771.0},
        "version 771.0 is not a protocol version; expected one of",
        id="float version",
    ),
]


@pytest.mark.parametrize(("change", "message"), BAD_SELECTION_ARGUMENTS)
def test_select_rejects_bad_arguments(change: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {
        "certificates": [pair("rsa")],
        "client_suites": [ECDHE_RSA_AES128_GCM],
        "version": TLS12,
        "server_suites": None,
    }
    arguments.update(change)
    session = peer(signature_algorithms=(RSA_SHA256,), groups=(NamedGroup.x25519,))
    with pytest.raises(ValueError, match=re.escape(message)):
        session.select_cipher_suite(**arguments)  # type: ignore[arg-type]
    assert session.cipher_suite is None
    assert session.certificate_chain == ()


@pytest.mark.parametrize("code", [1.0, 4.0, [1], "1", None])
def test_max_fragment_length_rejects_non_int(code: object) -> None:
    # RFC 6066, Section 4: the code is a uint8, so 1.0 is no code even though 1.0 == 1.
    session = Session()
    with pytest.raises(
        ValueError, match=re.escape(f"max_fragment_length code {code!r} is invalid")
    ):
        session.set_max_fragment_length(code)  # type: ignore[arg-type]
    assert session.max_packet_size == 2**14


@pytest.mark.parametrize("formats", [5, "0", 0.0])
def test_point_formats_reject_non_sequence(formats: object) -> None:
    session = Session()
    with pytest.raises(
        ValueError,
        match=re.escape(
            "ec_point_formats must be a sequence of ints from 0 to 255, or None when the peer"
            f" sent no extension; got {formats!r}"
        ),
    ):
        session.set_point_formats(formats)  # type: ignore[arg-type]


def test_point_formats_reject_non_int_value() -> None:
    with pytest.raises(ValueError, match="ec_point_formats value 'x' is invalid"):
        Session().set_point_formats([0, "x"])  # type: ignore[list-item]


# Logging: why a suite is passed over, at DEBUG, and one INFO line per selection.


def _sign_only_rsa() -> CertificatePair:
    """Return an RSA pair whose key usage allows digitalSignature but not keyEncipherment."""
    leaf = certs.build("rsa", "sign-only.example", key_usage=certs.usage(digital_signature=True))
    return CertificatePair([leaf], certs.key("rsa"))


# Each row: certificate pairs, the peer's signature_algorithms, supported_groups and
# ec_point_formats (None: not sent), the one client suite with its IANA name, the version,
# and the reason that the suite is skipped.
# fmt: off
REASON_CASES = [
    pytest.param(
        [pair("rsa")], (RSA_SHA256,), None, None, 0x0A0A, "0x0A0A", TLS12,
        "signalling, GREASE or unassigned value", id="RFC 8701 GREASE",
    ),
    pytest.param(
        [pair("rsa")], (RSA_SHA256,), None, None, FALLBACK_SCSV, "TLS_FALLBACK_SCSV", TLS12,
        "signalling, GREASE or unassigned value", id="RFC 7507 SCSV",
    ),
    pytest.param(
        [pair("rsa")], (RSA_SHA256,), None, None,
        TLS_AES_128_GCM_SHA256, "TLS_AES_128_GCM_SHA256", TLS12,
        "not allowed at this version", id="RFC 8446 B.4 suite at TLS 1.2",
    ),
    pytest.param(
        [pair("rsa")], (RSA_SHA256,), None, None,
        0xC01D, "TLS_SRP_SHA_WITH_AES_128_CBC_SHA", TLS12,
        "key exchange needs credentials that a Session does not store", id="SRP",
    ),
    pytest.param(
        [pair("rsa")], (RSA_SHA256,), (NamedGroup.x25519,), (1,),
        ECDHE_RSA_AES128_GCM, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", TLS12,
        "no shared EC point format", id="RFC 8422 5.1.2 point formats",
    ),
    pytest.param(
        [pair("rsa")], (RSA_SHA256,), (NamedGroup.MLKEM768,), None,
        ECDHE_RSA_AES128_GCM, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", TLS12,
        "no usable group", id="ML-KEM only at TLS 1.2",
    ),
    pytest.param(
        [], (RSA_SHA256,), (NamedGroup.x25519,), None,
        ECDHE_RSA_AES128_GCM, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", TLS12,
        "no certificate given", id="no certificates",
    ),
    pytest.param(
        [pair("rsa")], (RSA_SHA256,), None, None,
        DHE_DSS_AES128_GCM, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", TLS12,
        "key type does not fit the suite", id="RSA key for DHE_DSS",
    ),
    pytest.param(
        [_sign_only_rsa()], (RSA_SHA256,), None, None,
        RSA_AES128_GCM, "TLS_RSA_WITH_AES_128_GCM_SHA256", TLS12,
        "key usage does not allow the key exchange", id="RFC 5246 7.4.2 keyEncipherment",
    ),
    pytest.param(
        [pair("rsa", "rsa")], (RSA_SHA1,), (NamedGroup.x25519,), None,
        ECDHE_RSA_AES128_GCM, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", TLS12,
        "chain signed with a scheme outside the peer's signature_algorithms",
        id="RFC 5246 7.4.2 chain",
    ),
    pytest.param(
        [pair("p384")], (ECDSA_SHA256,), (NamedGroup.secp256r1,), None,
        ECDHE_ECDSA_AES128_GCM, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", TLS12,
        "key's curve not in the peer's supported_groups", id="RFC 8422 5.1 curve",
    ),
    pytest.param(
        [pair("p256")], (RSA_SHA256,), (NamedGroup.secp256r1,), None,
        ECDHE_ECDSA_AES128_GCM, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", TLS12,
        "no signature scheme that the key can make", id="RFC 5246 7.4.1.4.1 scheme",
    ),
    pytest.param(
        [pair("rsa")], None, (NamedGroup.x25519,), None,
        TLS_AES_128_GCM_SHA256, "TLS_AES_128_GCM_SHA256", TLS13,
        "no signature_algorithms extension, which TLS 1.3 requires",
        id="RFC 8446 9.2 missing_extension",
    ),
]
# fmt: on


@pytest.mark.parametrize(
    ("pairs", "algorithms", "groups", "formats", "suite", "name", "version", "reason"),
    REASON_CASES,
)
def test_skipped_suite_logs_reason(
    caplog: pytest.LogCaptureFixture,
    pairs: list[CertificatePair],
    algorithms: tuple[int, ...] | None,
    groups: tuple[int, ...] | None,
    formats: tuple[int, ...] | None,
    suite: int,
    name: str,
    version: ProtocolVersion,
    reason: str,
) -> None:
    session = peer(signature_algorithms=algorithms, groups=groups, point_formats=formats)
    with caplog.at_level(logging.DEBUG, logger="tlsspec"):
        assert not session.select_cipher_suite(pairs, [suite], version)
    debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert f"cipher suite {name} skipped: {reason}" in debug
    info = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert len(info) == 1
    assert info[0].endswith(f"({reason}: 1)")


def test_skipped_suite_names_closest_certificate(caplog: pytest.LogCaptureFixture) -> None:
    # The DSA key fails the first check, the RSA key only its chain (RFC 5246, Section 7.4.2).
    dsa, rsa = pair("dsa"), pair("rsa", "rsa")
    session = peer(signature_algorithms=(RSA_SHA1,), groups=(NamedGroup.x25519,))
    with caplog.at_level(logging.DEBUG, logger="tlsspec.negotiation"):
        assert not session.select_cipher_suite([dsa, rsa], [ECDHE_RSA_AES128_GCM], TLS12)
    messages = [record.getMessage() for record in caplog.records]
    name = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
    chain = "chain signed with a scheme outside the peer's signature_algorithms"
    assert f"{dsa!r} passed over for {name}: key type does not fit the suite" in messages
    assert f"{rsa!r} passed over for {name}: {chain}" in messages
    assert f"cipher suite {name} skipped: {chain}" in messages


def test_no_suite_fits_counts_reasons(caplog: pytest.LogCaptureFixture) -> None:
    session = peer(signature_algorithms=(RSA_SHA256,), groups=(NamedGroup.x25519,))
    client = [0x0A0A, TLS_AES_128_GCM_SHA256, 0x1A1A, ECDHE_ECDSA_AES128_GCM]
    with caplog.at_level(logging.DEBUG, logger="tlsspec"):
        assert not session.select_cipher_suite([pair("rsa")], client, TLS12)
    info = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert info == [
        "no cipher suite fits at TLS_1_2 among 4 candidates and 1 certificates"
        " (signalling, GREASE or unassigned value: 2, not allowed at this version: 1,"
        " key type does not fit the suite: 1)"
    ]


def test_no_candidates_logs_without_reasons(caplog: pytest.LogCaptureFixture) -> None:
    session = peer(signature_algorithms=(RSA_SHA256,))
    with caplog.at_level(logging.INFO, logger="tlsspec"):
        assert not session.select_cipher_suite(
            [pair("rsa")], [ECDHE_RSA_AES128_GCM], TLS12, server_suites=[RSA_AES128_GCM]
        )
    assert [r.getMessage() for r in caplog.records] == [
        "no cipher suite fits at TLS_1_2 among 0 candidates and 1 certificates"
    ]


# Each row: pair, the peer's signature_algorithms and supported_groups, suite, version, and
# the INFO line: IANA names of suite, scheme and group, 0x%04X for a TLS 1.2 pair that the
# SignatureScheme registry leaves unassigned ({sha256, dsa}, RFC 5246, Section 7.4.1.4.1).
# fmt: off
SUCCESS_LINES = [
    pytest.param(
        pair("rsa"), (RSA_SHA256,), (NamedGroup.x25519,), ECDHE_RSA_AES128_GCM, TLS12,
        "selected TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 at TLS_1_2 with CertificatePair("
        "subject='rsa.example', key_type='rsa', key_bits=2048, chain_length=1),"
        " signature scheme rsa_pkcs1_sha256, group x25519",
        id="registered scheme",
    ),
    pytest.param(
        pair("dsa"), (DSA_SHA256,), None, DHE_DSS_AES128_GCM, TLS12,
        "selected TLS_DHE_DSS_WITH_AES_128_GCM_SHA256 at TLS_1_2 with CertificatePair("
        "subject='dsa.example', key_type='dsa', key_bits=2048, chain_length=1),"
        " signature scheme 0x0402, group ffdhe4096",
        id="unregistered pair",
    ),
    pytest.param(
        pair("rsa"), (RSA_SHA256,), (NamedGroup.secp384r1,), RSA_AES128_GCM, TLS12,
        "selected TLS_RSA_WITH_AES_128_GCM_SHA256 at TLS_1_2 with CertificatePair("
        "subject='rsa.example', key_type='rsa', key_bits=2048, chain_length=1),"
        " signature scheme none, group none",
        id="RSA key exchange",
    ),
    pytest.param(
        pair("ed25519"), (ED25519,), (NamedGroup.x25519,), TLS_AES_128_GCM_SHA256, TLS13,
        "selected TLS_AES_128_GCM_SHA256 at TLS_1_3 with CertificatePair("
        "subject='ed25519.example', key_type='ed25519', key_bits=256, chain_length=1),"
        " signature scheme ed25519, group x25519",
        id="TLS 1.3",
    ),
]
# fmt: on


@pytest.mark.parametrize(
    ("chosen", "algorithms", "groups", "suite", "version", "line"), SUCCESS_LINES
)
def test_success_logs_one_info_line(
    caplog: pytest.LogCaptureFixture,
    chosen: CertificatePair,
    algorithms: tuple[int, ...],
    groups: tuple[int, ...] | None,
    suite: int,
    version: ProtocolVersion,
    line: str,
) -> None:
    with caplog.at_level(logging.DEBUG, logger="tlsspec"):
        session = peer(signature_algorithms=algorithms, groups=groups, point_formats=(0,))
        session.encrypt_then_mac = True
        assert session.select_cipher_suite([chosen], [0x0A0A, suite], version)
    info = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert info == [line]


def test_anonymous_success_logs_no_certificate(caplog: pytest.LogCaptureFixture) -> None:
    session = peer(groups=(NamedGroup.secp256r1,))
    with caplog.at_level(logging.INFO, logger="tlsspec"):
        assert session.select_cipher_suite([], [ECDH_ANON_AES128_CBC], TLS12)
    assert [r.getMessage() for r in caplog.records] == [
        "selected TLS_ECDH_anon_WITH_AES_128_CBC_SHA at TLS_1_2 with no certificate,"
        " signature scheme none, group secp256r1"
    ]


@pytest.mark.parametrize(
    ("pairs", "algorithms", "groups", "formats", "suite", "name", "version", "reason"),
    REASON_CASES,
)
def test_reasons_log_no_secrets(
    caplog: pytest.LogCaptureFixture,
    pairs: list[CertificatePair],
    algorithms: tuple[int, ...] | None,
    groups: tuple[int, ...] | None,
    formats: tuple[int, ...] | None,
    suite: int,
    name: str,
    version: ProtocolVersion,
    reason: str,
) -> None:
    secret = bytes(range(7, 55))
    session = peer(signature_algorithms=algorithms, groups=groups, point_formats=formats)
    session.master_secret = secret
    every_pair = [*pairs, pair("rsa")]
    with caplog.at_level(logging.DEBUG, logger="tlsspec"):
        session.select_cipher_suite(pairs, [suite, RSA_AES128_GCM], version)
        session.select_cipher_suite(every_pair, [suite], version)
    assert caplog.records
    assert secret.hex() not in caplog.text
    assert repr(secret) not in caplog.text
    for chosen in every_pair:
        private_der = chosen.private_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        assert private_der[-32:].hex() not in caplog.text
        assert repr(private_der[-32:])[2:-1] not in caplog.text


@pytest.mark.parametrize("suite", [0x0004, 0x0005, 0xC011, 0x008A])
def test_rc4_suites_never_negotiated(suite: int, caplog: pytest.LogCaptureFixture) -> None:
    # RFC 7465, Section 2: a server must not select an RC4 suite, even when the client
    # offers nothing else.
    session = peer(signature_algorithms=(RSA_SHA256,), groups=(NamedGroup.x25519,))

    with caplog.at_level(logging.DEBUG, logger="tlsspec.negotiation"):
        chosen = session.select_cipher_suite([pair("rsa")], [suite], TLS12)

    assert chosen is False
    assert session.cipher_suite is None
    assert "RFC 7465 forbids negotiating" in caplog.text
    assert not session.set_cipher_suite(suite, TLS12)
