"""Server-side negotiation: suite, certificate, signature scheme, groups and extensions.

Suite and group code points are IANA's (RFC 5246, Appendix A.5; RFC 8422, Section 6;
RFC 8446, Appendix B.4; RFC 7919, Section 2). FFDHE strengths are RFC 7919, Appendix A's
estimates: ffdhe2048 103, ffdhe3072 125, ffdhe4096 150, ffdhe6144 175, ffdhe8192 192 bits.
"""

from __future__ import annotations

import logging
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
        PSK_AES128_CBC, None, None, None,
        id="RFC 5246 7.4.1.4.1: no signature_algorithms -> SHA-256 chain fails, PSK fallback",
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


def test_unknown_ffdhe_values_fall_back_to_other_suites() -> None:
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


def test_set_peer_groups_without_ffdhe_gives_empty_tuple() -> None:
    session = Session()
    session.set_peer_groups([29])
    assert session.ffdhe_groups == ()


# RFC 7366, Section 3: encrypt-then-MAC applies to CBC block ciphers only.
@pytest.mark.parametrize(
    ("suite", "kept"),
    [(RSA_AES128_CBC, True), (RSA_AES128_GCM, False), (RSA_NULL_SHA, False), (0x0005, False)],
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
