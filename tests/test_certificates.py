"""CertificatePair and certificate_data, on certificates that pyca/cryptography builds."""

from __future__ import annotations

import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, x25519
from tlsspec import NamedGroup, Session
from tlsspec.certificates import CertificatePair, certificate_data

from tests import certs

# Key type, size in bits (RFC 8017 modulus, FIPS 186-4 curve, RFC 8032 public key) and the
# curve of RFC 8422, Section 5.1.1.
KEY_FACTS = [
    ("rsa", "rsa", 2048, None),
    ("dsa", "dsa", 2048, None),
    ("p256", "ecdsa", 256, NamedGroup.secp256r1),
    ("p384", "ecdsa", 384, NamedGroup.secp384r1),
    ("p521", "ecdsa", 521, NamedGroup.secp521r1),
    ("ed25519", "ed25519", 256, None),
    ("ed448", "ed448", 456, None),
]


@pytest.mark.parametrize(("key_name", "key_type", "bits", "curve"), KEY_FACTS)
def test_pair_key_facts(
    key_name: certs.KeyName, key_type: str, bits: int, curve: NamedGroup | None
) -> None:
    certificate = certs.self_signed(key_name)
    pair = CertificatePair([certificate], certs.key(key_name))
    assert pair.key_type == key_type
    assert pair.key_bits == bits
    assert pair.curve == curve
    assert pair.der_chain == (certificate.public_bytes(serialization.Encoding.DER),)
    assert pair.self_signed_root


# TLS 1.2 pairs are hash << 8 | signature (RFC 5246, Section 7.4.1.4.1: sha1 2, sha256 4,
# sha384 5, sha512 6; rsa 1, dsa 2, ecdsa 3); the rest are RFC 8446, Section 4.2.3 codes.
SIGNATURE_CASES = [
    ("rsa", "sha1", False, 0x0201),
    ("rsa", "sha256", False, 0x0401),
    ("rsa", "sha384", False, 0x0501),
    ("rsa", "sha512", False, 0x0601),
    ("rsa", "sha256", True, 0x0804),
    ("rsa", "sha512", True, 0x0806),
    ("dsa", "sha256", False, 0x0402),
    ("p256", "sha256", False, 0x0403),
    ("p384", "sha384", False, 0x0503),
    ("ed25519", "sha256", False, 0x0807),
    ("ed448", "sha256", False, 0x0808),
]


@pytest.mark.parametrize(("signer", "hash_name", "pss", "code"), SIGNATURE_CASES)
def test_pair_signature_schemes(
    signer: certs.KeyName, hash_name: certs.HashName, pss: bool, code: int
) -> None:
    leaf = certs.build(
        "p256",
        "leaf.example",
        issuer_key=signer,
        issuer_name=f"Test Root {signer}",
        hash_name=hash_name,
        pss=pss,
    )
    ca = certs.build(signer, f"Test Root {signer}", ca=True)
    pair = CertificatePair([leaf, ca], certs.key("p256"))
    assert pair.signature_schemes[0] == code
    assert pair.self_signed_root


def test_pair_with_rsassa_pss_key() -> None:
    # RFC 8446, Section 4.2.3: a key with the RSASSA-PSS OID signs with rsa_pss_pss_* only.
    pair = CertificatePair([certs.pss_key_certificate()], certs.key("rsa"))
    assert pair.rsa_pss_key
    assert pair.signature_schemes == (0x0809,)
    assert pair.self_signed_root
    assert pair.handshake_schemes(tls13=True) == {0x0809, 0x080A, 0x080B}
    assert pair.handshake_schemes(tls13=False) == {0x0809, 0x080A, 0x080B}


def test_pair_handshake_schemes_tls12() -> None:
    # RFC 5246, Section 7.4.1.4.1 pairs with SHA-1 to SHA-512 (RFC 9155 forbids MD5).
    ecdsa = CertificatePair([certs.self_signed("p256")], certs.key("p256"))
    assert ecdsa.handshake_schemes(tls13=False) == {0x0203, 0x0303, 0x0403, 0x0503, 0x0603}
    assert ecdsa.handshake_schemes(tls13=True) == {0x0403}
    rsa_pair = CertificatePair([certs.self_signed("rsa")], certs.key("rsa"))
    expected = {0x0201, 0x0301, 0x0401, 0x0501, 0x0601, 0x0804, 0x0805, 0x0806}
    assert rsa_pair.handshake_schemes(tls13=False) == expected
    assert rsa_pair.handshake_schemes(tls13=True) == {0x0804, 0x0805, 0x0806}


def test_pair_accepts_der_bytes() -> None:
    certificate = certs.self_signed("p256")
    der = certificate.public_bytes(serialization.Encoding.DER)
    pair = CertificatePair([der], certs.key("p256"))
    assert pair.certificates == (certificate,)


def test_pair_repr_hides_key() -> None:
    pair = CertificatePair([certs.self_signed("rsa")], certs.key("rsa"))
    text = repr(pair)
    assert text == (
        "CertificatePair(subject='rsa.example', key_type='rsa', key_bits=2048, chain_length=1)"
    )
    private = certs.key("rsa").private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    assert private.decode() not in text
    assert str(pair) == text


def test_pair_frozen_and_hashable() -> None:
    pair = CertificatePair([certs.self_signed("rsa")], certs.key("rsa"))
    assert pair in {pair}
    with pytest.raises(AttributeError):
        pair.key_type = "dsa"  # type: ignore[misc]


def test_pair_key_usage() -> None:
    usage = certs.usage(digital_signature=True)
    leaf = certs.build("rsa", "signing.example", key_usage=usage)
    pair = CertificatePair([leaf], certs.key("rsa"))
    assert pair.can_sign
    assert not pair.can_encrypt  # RFC 5246, Section 7.4.2: keyEncipherment for RSA kx
    assert not pair.can_agree


BAD_PAIRS = [
    ([], "rsa", "chain is empty"),
    ([b"\x30\x03\x02\x01\x00"], "rsa", r"chain\[0\] is not a DER X.509 certificate"),
    (["not a certificate"], "rsa", r"chain\[0\] must be an x509.Certificate or DER bytes"),
    ("not a chain", "rsa", "chain must be a sequence"),
]


@pytest.mark.parametrize(("chain", "key_name", "message"), BAD_PAIRS)
def test_pair_rejects_malformed_chain(chain: object, key_name: certs.KeyName, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CertificatePair(chain, certs.key(key_name))  # type: ignore[arg-type]


def test_pair_rejects_mismatched_key() -> None:
    with pytest.raises(ValueError, match="private_key does not match the public key of the leaf"):
        CertificatePair([certs.self_signed("rsa")], certs.key("rsa3072"))


def test_pair_rejects_unsupported_key() -> None:
    key = x25519.X25519PrivateKey.generate()
    with pytest.raises(ValueError, match="got X25519PrivateKey"):
        CertificatePair([certs.self_signed("rsa")], key)  # type: ignore[arg-type]


def test_pair_rejects_unsupported_curve() -> None:
    key = ec.generate_private_key(ec.SECP256K1())
    with pytest.raises(ValueError, match="curve secp256k1; expected secp256r1"):
        CertificatePair([certs.self_signed("p256")], key)


def _chain() -> list[x509.Certificate]:
    return [certs.issued("p256", "rsa"), certs.root("rsa")]


def test_certificate_data_facts() -> None:
    leaf = certs.issued("p256", "rsa")
    data = certificate_data(_chain(), trust_anchors=[certs.root("rsa")], now=certs.INSIDE)
    assert data["subject"] == "CN=p256.example"
    assert data["issuer"] == "CN=Test Root rsa"
    assert data["not_valid_before"] == datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    assert data["not_valid_after"] == datetime.datetime(2035, 1, 1, tzinfo=datetime.UTC)
    assert data["serial_number"] == leaf.serial_number
    assert data["key_type"] == "ecdsa"
    assert data["key_bits"] == 256
    assert data["curve"] == NamedGroup.secp256r1
    assert data["signature_algorithm"] == "sha256WithRSAEncryption"
    assert data["signature_scheme"] == 0x0401
    assert data["chain_length"] == 2


VERIFY_CASES = [
    ("rsa", certs.INSIDE, "p256.example", True, None),
    ("rsa", certs.INSIDE, None, True, None),
    ("p256", certs.INSIDE, "p256.example", False, "validation failed"),
    ("rsa", datetime.datetime(2036, 1, 1, tzinfo=datetime.UTC), None, False, "not valid"),
    ("rsa", certs.INSIDE, "other.example", False, "subjectAltName"),
]


@pytest.mark.parametrize(("anchor", "now", "server_name", "verified", "error"), VERIFY_CASES)
def test_certificate_data_verification(
    anchor: certs.KeyName,
    now: datetime.datetime,
    server_name: str | None,
    verified: bool,
    error: str | None,
) -> None:
    data = certificate_data(
        _chain(), trust_anchors=[certs.root(anchor)], now=now, server_name=server_name
    )
    assert data["verified"] is verified
    if error is None:
        assert data["verification_error"] is None
    else:
        assert error in str(data["verification_error"])


def test_certificate_data_without_anchors() -> None:
    data = certificate_data(_chain())
    assert data["verified"] is False
    assert "no trust anchors were given" in str(data["verification_error"])


def test_certificate_data_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match=r"chain\[1\] is not a DER X.509 certificate"):
        certificate_data([certs.self_signed("rsa"), b"\x30\x00"])
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        certificate_data(_chain(), now=datetime.datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="chain is empty"):
        certificate_data([])


def test_set_peer_certificate_chain() -> None:
    session = Session()
    chain = _chain()
    session.set_peer_certificate_chain(
        chain, trust_anchors=[certs.root("rsa")], now=certs.INSIDE, server_name="p256.example"
    )
    assert session.peer_certificate_chain == tuple(
        c.public_bytes(serialization.Encoding.DER) for c in chain
    )
    assert session.peer_public_key == certs.key("p256").public_key()
    assert session.cert_data is not None
    assert session.cert_data["verified"] is True
    assert session.has_required_certificates()


def test_set_peer_certificate_chain_malformed_changes_nothing() -> None:
    session = Session()
    with pytest.raises(ValueError, match=r"is not a DER X\.509 certificate"):
        session.set_peer_certificate_chain([b"\x30\x01\x00"])
    assert session.peer_certificate_chain == ()
    assert session.peer_public_key is None
    assert session.cert_data is None


# Each row: the chain (leaf, then the root when CA-signed), the peer's signature_algorithms
# and whether the chain is acceptable. {sha256, rsa} is 0x0401, {sha1, rsa} 0x0201 (RFC 5246,
# Section 7.4.1.4.1), ecdsa_secp256r1_sha256 0x0403 (RFC 8446, Section 4.2.3).
CHAIN_CASES = [
    pytest.param(("rsa", "rsa"), (0x0401,), True, id="RFC 5246 7.4.2: leaf's pair listed"),
    pytest.param(("rsa", "rsa"), (0x0201,), False, id="RFC 5246 7.4.2: leaf's pair missing"),
    pytest.param(("rsa", "rsa"), None, True, id="RFC 5246 7.4.2: no extension, no constraint"),
    pytest.param(("p256", None), (0x0401,), True, id="RFC 8446 4.2.3: self-signed leaf exempt"),
    pytest.param(("p256", "rsa"), (0x0403,), False, id="RSA-signed leaf needs an RSA pair"),
]


@pytest.mark.parametrize(("keys", "algorithms", "acceptable"), CHAIN_CASES)
def test_chain_acceptable(
    keys: tuple[certs.KeyName, certs.KeyName | None],
    algorithms: tuple[int, ...] | None,
    acceptable: bool,
) -> None:
    leaf_key, ca_key = keys
    if ca_key is None:
        pair = CertificatePair([certs.self_signed(leaf_key)], certs.key(leaf_key))
    else:
        chain = [certs.issued(leaf_key, ca_key), certs.root(ca_key)]
        pair = CertificatePair(chain, certs.key(leaf_key))
    assert pair.chain_acceptable(algorithms) is acceptable
