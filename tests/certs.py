"""Test certificates built with pyca/cryptography, keys cached so that each is made once."""

from __future__ import annotations

import datetime
from functools import cache
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KeyName = Literal["rsa", "rsa3072", "dsa", "p256", "p384", "p521", "ed25519", "ed448"]
HashName = Literal["sha1", "sha256", "sha384", "sha512"]

NOT_BEFORE = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
NOT_AFTER = datetime.datetime(2035, 1, 1, tzinfo=datetime.UTC)
INSIDE = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)
"""A time at which every test certificate is valid."""

_HASHES: dict[str, hashes.SHA256 | hashes.SHA384 | hashes.SHA512] = {
    "sha256": hashes.SHA256(),
    "sha384": hashes.SHA384(),
    "sha512": hashes.SHA512(),
}


@cache
def key(name: KeyName) -> CertificateIssuerPrivateKeyTypes:
    """Return the test private key of that name, generated on first use."""
    if name == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if name == "rsa3072":
        return rsa.generate_private_key(public_exponent=65537, key_size=3072)
    if name == "dsa":
        return dsa.generate_private_key(key_size=2048)
    if name == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    if name == "ed448":
        return ed448.Ed448PrivateKey.generate()
    curves: dict[str, ec.EllipticCurve] = {
        "p256": ec.SECP256R1(),
        "p384": ec.SECP384R1(),
        "p521": ec.SECP521R1(),
    }
    return ec.generate_private_key(curves[name])


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def build(
    subject_key: KeyName,
    common_name: str,
    *,
    issuer_key: KeyName | None = None,
    issuer_name: str | None = None,
    hash_name: HashName = "sha256",
    ca: bool = False,
    key_usage: x509.KeyUsage | None = None,
    pss: bool = False,
    not_after: datetime.datetime = NOT_AFTER,
) -> x509.Certificate:
    """Build a certificate for `subject_key`, self-signed unless `issuer_key` is given."""
    signer = key(issuer_key or subject_key)
    public = key(subject_key).public_key()
    issuer = _name(issuer_name or common_name)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(issuer)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()),
            critical=False,
        )
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    else:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(common_name)]), critical=False
        ).add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        if key_usage is not None:
            builder = builder.add_extension(key_usage, critical=True)
    eddsa = isinstance(signer, ed25519.Ed25519PrivateKey | ed448.Ed448PrivateKey)
    # SHA-1 certificates are signed with SHA-256 first and re-signed below.
    hash_for_builder = "sha256" if hash_name == "sha1" else hash_name
    algorithm = None if eddsa else _HASHES[hash_for_builder]
    if pss:
        assert isinstance(signer, rsa.RSAPrivateKey) and algorithm is not None
        return builder.sign(
            signer,
            algorithm,
            rsa_padding=padding.PSS(mgf=padding.MGF1(algorithm), salt_length=algorithm.digest_size),
        )
    certificate = builder.sign(signer, algorithm)
    if hash_name == "sha1":
        assert isinstance(signer, rsa.RSAPrivateKey)
        return _resign_sha1(certificate, signer)
    return certificate


# DER AlgorithmIdentifiers of RFC 4055, Section 5 and RFC 3279, Section 2.2.1: same length.
_SHA256_WITH_RSA = bytes.fromhex("300d06092a864886f70d01010b0500")
_SHA1_WITH_RSA = bytes.fromhex("300d06092a864886f70d0101050500")


def _der_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    encoded = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(encoded)]) + encoded


def _resign_sha1(certificate: x509.Certificate, signer: rsa.RSAPrivateKey) -> x509.Certificate:
    """Return `certificate` signed with sha1WithRSAEncryption instead of SHA-256.

    pyca/cryptography no longer signs with SHA-1, so this swaps the AlgorithmIdentifier in
    the TBSCertificate and signs the result directly (RFC 5280, Section 4.1).
    """
    tbs = certificate.tbs_certificate_bytes
    assert tbs.count(_SHA256_WITH_RSA) == 1
    tbs = tbs.replace(_SHA256_WITH_RSA, _SHA1_WITH_RSA)
    signature = signer.sign(tbs, padding.PKCS1v15(), hashes.SHA1())
    bit_string = b"\x03" + _der_length(len(signature) + 1) + b"\x00" + signature
    body = tbs + _SHA1_WITH_RSA + bit_string
    return x509.load_der_x509_certificate(b"\x30" + _der_length(len(body)) + body)


def usage(**flags: bool) -> x509.KeyUsage:
    """Return a KeyUsage extension with the given flags set and all others clear."""
    names = (
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
    )
    values = {name: flags.get(name, False) for name in names}
    return x509.KeyUsage(**values, encipher_only=False, decipher_only=False)


@cache
def root(key_name: KeyName = "rsa", hash_name: HashName = "sha256") -> x509.Certificate:
    """Return a self-signed CA certificate for `key_name`."""
    return build(key_name, f"Test Root {key_name}", hash_name=hash_name, ca=True)


@cache
def self_signed(key_name: KeyName, hash_name: HashName = "sha256") -> x509.Certificate:
    """Return a self-signed server certificate for `key_name`, named after it."""
    return build(key_name, f"{key_name}.example", hash_name=hash_name)


@cache
def issued(
    key_name: KeyName, ca_key: KeyName = "rsa", hash_name: HashName = "sha256"
) -> x509.Certificate:
    """Return a server certificate for `key_name` signed by root(ca_key)."""
    return build(
        key_name,
        f"{key_name}.example",
        issuer_key=ca_key,
        issuer_name=f"Test Root {ca_key}",
        hash_name=hash_name,
    )


def der(certificate: x509.Certificate) -> bytes:
    """Return the DER encoding of `certificate`."""
    return certificate.public_bytes(serialization.Encoding.DER)


# RFC 4055, Section 1.2: rsaEncryption takes NULL parameters, and id-RSASSA-PSS in a
# SubjectPublicKeyInfo may omit them, which is two bytes shorter.
_RSA_ENCRYPTION = bytes.fromhex("300d06092a864886f70d0101010500")
_RSASSA_PSS = bytes.fromhex("300b06092a864886f70d01010a")


@cache
def pss_key_certificate() -> x509.Certificate:
    """Return a self-signed certificate whose RSA key carries the RSASSA-PSS OID.

    pyca/cryptography cannot build one, so this swaps the key's AlgorithmIdentifier in
    the TBSCertificate of key("rsa"), fixes the two DER lengths around it, and signs the
    result with RSASSA-PSS and SHA-256. Each length here takes two bytes (0x82 form).
    """
    signer = key("rsa")
    assert isinstance(signer, rsa.RSAPrivateKey)
    template = build("rsa", "pss-key.example", pss=True)
    tbs = template.tbs_certificate_bytes
    at = tbs.index(_RSA_ENCRYPTION)
    assert tbs[:2] == b"\x30\x82"
    assert tbs[at - 4 : at - 2] == b"\x30\x82"
    shrink = len(_RSA_ENCRYPTION) - len(_RSASSA_PSS)
    tbs_length = int.from_bytes(tbs[2:4], "big") - shrink
    spki_length = int.from_bytes(tbs[at - 2 : at], "big") - shrink
    tbs = (
        b"\x30\x82"
        + tbs_length.to_bytes(2, "big")
        + tbs[4 : at - 2]
        + spki_length.to_bytes(2, "big")
        + _RSASSA_PSS
        + tbs[at + len(_RSA_ENCRYPTION) :]
    )
    der_template = der(template)
    signature_algorithm_start = 4 + len(template.tbs_certificate_bytes)
    signature_algorithm_length = 2 + der_template[signature_algorithm_start + 1]
    signature_algorithm = der_template[
        signature_algorithm_start : signature_algorithm_start + signature_algorithm_length
    ]
    signature = signer.sign(
        tbs, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256()
    )
    bit_string = b"\x03" + _der_length(len(signature) + 1) + b"\x00" + signature
    body = tbs + signature_algorithm + bit_string
    return x509.load_der_x509_certificate(b"\x30" + _der_length(len(body)) + body)
