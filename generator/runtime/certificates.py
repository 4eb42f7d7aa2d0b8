"""Our certificate chains with their private keys, and facts about a peer's chain."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa, x448, x25519
from cryptography.hazmat.primitives.asymmetric.types import (
    CertificateIssuerPrivateKeyTypes,
    PublicKeyTypes,
)
from cryptography.x509.oid import NameOID, PublicKeyAlgorithmOID, SignatureAlgorithmOID

# Ruff counts tlsspec as first-party in generated/tlsspec but not here, so the split
# keeps one import order valid in both copies.
# isort: split
from tlsspec.groups import NamedGroup

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tlsspec.session import Session

__all__ = [
    "CertificatePair",
    "KeyType",
    "certificate_data",
    "load_chain",
    "set_peer_certificate_chain",
    "signature_schemes",
]

log = logging.getLogger(__name__)

KeyType = Literal["rsa", "dsa", "ecdsa", "ed25519", "ed448"]

# RFC 8422, Section 5.1.1 and RFC 8446, Section 4.2.7: the curves of ECDSA certificate keys.
_ECDSA_CURVES: dict[str, NamedGroup] = {
    "secp256r1": NamedGroup.secp256r1,
    "secp384r1": NamedGroup.secp384r1,
    "secp521r1": NamedGroup.secp521r1,
}

# HashAlgorithm and SignatureAlgorithm codes of RFC 5246, Section 7.4.1.4.1: a TLS 1.2
# {hash, signature} pair is hash << 8 | signature.
_PAIR_HASHES = {"md5": 1, "sha1": 2, "sha224": 3, "sha256": 4, "sha384": 5, "sha512": 6}
_SIGNING_HASHES = (2, 3, 4, 5, 6)
_PAIR_SIGNATURES = {
    SignatureAlgorithmOID.RSA_WITH_MD5: 1,
    SignatureAlgorithmOID.RSA_WITH_SHA1: 1,
    SignatureAlgorithmOID.RSA_WITH_SHA224: 1,
    SignatureAlgorithmOID.RSA_WITH_SHA256: 1,
    SignatureAlgorithmOID.RSA_WITH_SHA384: 1,
    SignatureAlgorithmOID.RSA_WITH_SHA512: 1,
    SignatureAlgorithmOID.DSA_WITH_SHA1: 2,
    SignatureAlgorithmOID.DSA_WITH_SHA224: 2,
    SignatureAlgorithmOID.DSA_WITH_SHA256: 2,
    SignatureAlgorithmOID.DSA_WITH_SHA384: 2,
    SignatureAlgorithmOID.DSA_WITH_SHA512: 2,
    SignatureAlgorithmOID.ECDSA_WITH_SHA1: 3,
    SignatureAlgorithmOID.ECDSA_WITH_SHA224: 3,
    SignatureAlgorithmOID.ECDSA_WITH_SHA256: 3,
    SignatureAlgorithmOID.ECDSA_WITH_SHA384: 3,
    SignatureAlgorithmOID.ECDSA_WITH_SHA512: 3,
}
# RFC 8446, Section 4.2.3: rsa_pss_rsae_* and rsa_pss_pss_* with SHA-256, SHA-384 and
# SHA-512, and the ECDSA scheme of each curve.
_PSS_OFFSETS = {"sha256": 0, "sha384": 1, "sha512": 2}
_PSS_RSAE = (0x0804, 0x0805, 0x0806)
_PSS_PSS = (0x0809, 0x080A, 0x080B)
_TLS13_ECDSA = {
    NamedGroup.secp256r1: 0x0403,
    NamedGroup.secp384r1: 0x0503,
    NamedGroup.secp521r1: 0x0603,
}


def load_chain(chain: object, name: str = "chain") -> tuple[x509.Certificate, ...]:
    """Return `chain` (x509.Certificate objects or DER bytes, leaf first) as certificates.

    Raise ValueError naming the position of an item that is neither.
    """
    if isinstance(chain, str | bytes | bytearray | memoryview) or not isinstance(chain, Sequence):
        raise ValueError(
            f"{name} must be a sequence of x509.Certificate objects or DER bytes, leaf first;"
            f" got {type(chain).__name__}"
        )
    certificates = []
    for index, item in enumerate(chain):
        if isinstance(item, x509.Certificate):
            certificates.append(item)
            continue
        if not isinstance(item, bytes | bytearray | memoryview):
            raise ValueError(
                f"{name}[{index}] must be an x509.Certificate or DER bytes;"
                f" got {type(item).__name__}"
            )
        try:
            certificates.append(x509.load_der_x509_certificate(bytes(item)))
        except ValueError as exc:
            raise ValueError(f"{name}[{index}] is not a DER X.509 certificate: {exc}") from None
    return tuple(certificates)


def _der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


def _key_facts(key: PublicKeyTypes) -> tuple[str, int, NamedGroup | None]:
    """Return the key type name, key size in bits and TLS curve of a public key."""
    if isinstance(key, rsa.RSAPublicKey):
        return "rsa", key.key_size, None
    if isinstance(key, dsa.DSAPublicKey):
        return "dsa", key.key_size, None
    if isinstance(key, ec.EllipticCurvePublicKey):
        return "ecdsa", key.curve.key_size, _ECDSA_CURVES.get(key.curve.name)
    # RFC 8032, Section 5.1.5 and 5.2.5: public keys of 32 and 57 bytes.
    if isinstance(key, ed25519.Ed25519PublicKey):
        return "ed25519", 256, None
    if isinstance(key, ed448.Ed448PublicKey):
        return "ed448", 456, None
    if isinstance(key, x25519.X25519PublicKey):
        return "x25519", 256, NamedGroup.x25519
    if isinstance(key, x448.X448PublicKey):
        return "x448", 448, NamedGroup.x448
    return type(key).__name__.lower(), 0, None


def _is_self_signed(certificate: x509.Certificate) -> bool:
    if certificate.issuer != certificate.subject:
        return False
    try:
        certificate.verify_directly_issued_by(certificate)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def _signature_scheme(certificate: x509.Certificate, issuer: x509.Certificate | None) -> int | None:
    """Return the TLS code of the signature on `certificate`, or None if TLS has none.

    RSASSA-PSS maps to rsa_pss_pss_* when the issuer's key carries the RSASSA-PSS OID and to
    rsa_pss_rsae_* otherwise (RFC 8446, Section 4.2.3). An unknown issuer counts as
    rsaEncryption, because that is the usual case.
    """
    oid = certificate.signature_algorithm_oid
    if oid == SignatureAlgorithmOID.ED25519:
        return 0x0807
    if oid == SignatureAlgorithmOID.ED448:
        return 0x0808
    hash_algorithm = certificate.signature_hash_algorithm
    if hash_algorithm is None:
        return None
    if oid == SignatureAlgorithmOID.RSASSA_PSS:
        offset = _PSS_OFFSETS.get(hash_algorithm.name)
        if offset is None:
            return None
        pss_key = (
            issuer is not None
            and issuer.public_key_algorithm_oid == PublicKeyAlgorithmOID.RSASSA_PSS
        )
        return (_PSS_PSS if pss_key else _PSS_RSAE)[offset]
    signature = _PAIR_SIGNATURES.get(oid)
    hash_code = _PAIR_HASHES.get(hash_algorithm.name)
    if signature is None or hash_code is None:
        return None
    return hash_code << 8 | signature


def signature_schemes(certificates: Sequence[x509.Certificate]) -> tuple[int | None, ...]:
    """Return the TLS code of the signature on each certificate of a chain, leaf first."""
    schemes = []
    for index, certificate in enumerate(certificates):
        if index + 1 < len(certificates):
            issuer: x509.Certificate | None = certificates[index + 1]
        else:
            issuer = certificate if _is_self_signed(certificate) else None
        schemes.append(_signature_scheme(certificate, issuer))
    return tuple(schemes)


def _common_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if names:
        value = names[0].value
        return value if isinstance(value, str) else value.decode("utf-8", "replace")
    return certificate.subject.rfc4514_string()


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class CertificatePair:
    """A certificate chain (leaf first) with the private key of its leaf.

    `chain` takes x509.Certificate objects or DER bytes. Construction raises ValueError
    when the chain is empty or not DER, when the key type is not RSA, DSA, ECDSA on
    secp256r1, secp384r1 or secp521r1, Ed25519 or Ed448, or when the key does not match
    the leaf's public key. repr() shows the leaf's subject and key size, never the key.
    Pairs compare and hash by identity, so a list chain does not make them unhashable.
    """

    chain: Sequence[x509.Certificate | bytes]
    private_key: CertificateIssuerPrivateKeyTypes
    certificates: tuple[x509.Certificate, ...] = field(init=False)
    der_chain: tuple[bytes, ...] = field(init=False)
    key_type: KeyType = field(init=False)
    key_bits: int = field(init=False)
    curve: NamedGroup | None = field(init=False)
    """Curve of an ECDSA key; None for other keys, EdDSA included."""
    signature_schemes: tuple[int, ...] = field(init=False)
    """TLS code of the signature on every certificate, leaf first, self-signed root included.

    Each is a TLS 1.2 {hash, signature} pair or an RFC 8446 SignatureScheme; 0 marks a
    signature algorithm that TLS has no code for.
    """
    self_signed_root: bool = field(init=False)
    """Whether the last certificate (the leaf of a one-certificate chain) is self-signed."""
    rsa_pss_key: bool = field(init=False)
    """Whether the leaf key carries the RSASSA-PSS OID, which limits it to rsa_pss_pss_*."""
    can_sign: bool = field(init=False)
    """Whether the leaf may sign: no key usage extension, or digitalSignature set."""
    can_encrypt: bool = field(init=False)
    """Whether an RSA leaf may encrypt the premaster secret (keyEncipherment, RFC 5246, Section 7.4.2)."""
    can_agree: bool = field(init=False)
    """Whether an EC leaf may do static ECDH (keyAgreement, RFC 8422, Section 5.3)."""

    def __post_init__(self) -> None:
        certificates = load_chain(self.chain)
        if not certificates:
            raise ValueError("chain is empty; expected at least the leaf certificate")
        key = self.private_key
        if not isinstance(
            key,
            rsa.RSAPrivateKey
            | dsa.DSAPrivateKey
            | ec.EllipticCurvePrivateKey
            | ed25519.Ed25519PrivateKey
            | ed448.Ed448PrivateKey,
        ):
            raise ValueError(
                f"private_key must be an RSA, DSA, EC, Ed25519 or Ed448 private key;"
                f" got {type(key).__name__}"
            )
        if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name not in _ECDSA_CURVES:
            raise ValueError(
                f"private_key is on curve {key.curve.name}; expected secp256r1, secp384r1 or"
                " secp521r1"
            )
        leaf = certificates[0]
        spki = serialization.PublicFormat.SubjectPublicKeyInfo
        ours = key.public_key().public_bytes(serialization.Encoding.DER, spki)
        if leaf.public_key().public_bytes(serialization.Encoding.DER, spki) != ours:
            raise ValueError(
                f"private_key does not match the public key of the leaf certificate"
                f" {leaf.subject.rfc4514_string()!r}"
            )
        key_type, key_bits, curve = _key_facts(key.public_key())
        try:
            usage: x509.KeyUsage | None = leaf.extensions.get_extension_for_class(
                x509.KeyUsage
            ).value
        except x509.ExtensionNotFound:
            usage = None
        schemes = signature_schemes(certificates)

        set_field = object.__setattr__
        set_field(self, "certificates", certificates)
        set_field(self, "der_chain", tuple(_der(c) for c in certificates))
        set_field(self, "key_type", key_type)
        set_field(self, "key_bits", key_bits)
        set_field(self, "curve", curve)
        set_field(self, "signature_schemes", tuple(s or 0 for s in schemes))
        set_field(self, "self_signed_root", _is_self_signed(certificates[-1]))
        set_field(
            self,
            "rsa_pss_key",
            leaf.public_key_algorithm_oid == PublicKeyAlgorithmOID.RSASSA_PSS,
        )
        set_field(self, "can_sign", usage is None or usage.digital_signature)
        set_field(self, "can_encrypt", usage is None or usage.key_encipherment)
        set_field(self, "can_agree", usage is None or usage.key_agreement)

    def handshake_schemes(self, tls13: bool) -> frozenset[int]:
        """Return the signature schemes that the key can make in a handshake signature.

        In TLS 1.2 these are {hash, signature} pairs with SHA-1 to SHA-512 for RSA, DSA and
        ECDSA keys (RFC 5246, Section 7.4.1.4.1; RFC 9155, Section 2 forbids MD5) plus
        RSASSA-PSS and EdDSA (RFC 8446, Section 4.2.3 and RFC 8422, Section 5.1.3). A TLS 1.3 CertificateVerify allows no
        PKCS #1 v1.5, no DSA and no SHA-1, and binds ECDSA to the key's curve (RFC 8446,
        Section 4.2.3).
        """
        if self.key_type == "ed25519":
            return frozenset({0x0807})
        if self.key_type == "ed448":
            return frozenset({0x0808})
        if self.key_type == "rsa":
            if self.rsa_pss_key:
                return frozenset(_PSS_PSS)
            if tls13:
                return frozenset(_PSS_RSAE)
            return frozenset(_PSS_RSAE) | {code << 8 | 1 for code in _SIGNING_HASHES}
        if tls13:
            scheme = None if self.curve is None else _TLS13_ECDSA.get(self.curve)
            return frozenset() if scheme is None else frozenset({scheme})
        signature = 3 if self.key_type == "ecdsa" else 2
        return frozenset({code << 8 | signature for code in _SIGNING_HASHES})

    def chain_acceptable(self, signature_algorithms: Sequence[int] | None) -> bool:
        """Return whether every certificate's signature is in `signature_algorithms`.

        A self-signed last certificate begins the certification path, so its signature is
        exempt, even when it is the leaf (RFC 8446, Section 4.2.3 and 4.4.2.2). RFC 5246,
        Section 7.4.2 names no exception, and Pike checks every certificate; this follows
        RFC 8446, which updates RFC 5246 here. None, a peer without the extension, accepts
        every chain, because RFC 5246, Section 7.4.2 constrains the chain only when the
        client sent signature_algorithms. TLS 1.3 requires the extension (RFC 8446, Section
        9.2), so a TLS 1.3 caller must reject None before calling this.
        """
        if signature_algorithms is None:
            return True
        schemes = self.signature_schemes
        if self.self_signed_root:
            schemes = schemes[:-1]
        offered = set(signature_algorithms)
        return all(scheme in offered for scheme in schemes)

    @property
    def security_bits(self) -> int:
        """Estimate the key's strength in bits (NIST SP 800-57 Part 1, Table 2)."""
        if self.key_type in ("rsa", "dsa"):
            for modulus_bits, strength in ((15360, 256), (7680, 192), (3072, 128), (2048, 112)):
                if self.key_bits >= modulus_bits:
                    return strength
            return 80
        if self.key_type == "ed448":
            return 224
        return min(self.key_bits // 2, 256)

    def __repr__(self) -> str:
        subject = _common_name(self.certificates[0])
        return (
            f"CertificatePair(subject={subject!r}, key_type={self.key_type!r},"
            f" key_bits={self.key_bits}, chain_length={len(self.certificates)})"
        )

    __str__ = __repr__


def _aware(moment: datetime.datetime | None) -> datetime.datetime:
    if moment is None:
        return datetime.datetime.now(datetime.UTC)
    if not isinstance(moment, datetime.datetime):
        raise ValueError(f"now must be a datetime, not {type(moment).__name__}")
    if moment.tzinfo is None:
        raise ValueError(f"now must be timezone-aware (for example in UTC); got {moment!r}")
    return moment


def certificate_data(
    chain: Sequence[x509.Certificate | bytes],
    *,
    trust_anchors: Sequence[x509.Certificate | bytes] = (),
    now: datetime.datetime | None = None,
    server_name: str | None = None,
) -> dict[str, object]:
    """Return facts about a peer's chain (leaf first) and whether it verifies.

    The keys are "subject" and "issuer" (RFC 4514 strings), "not_valid_before" and
    "not_valid_after" (aware datetimes), "serial_number", "key_type", "key_bits", "curve",
    "signature_algorithm" (cryptography's OID name), "signature_scheme" (TLS code or None),
    "chain_length", "verified" and "verification_error". Verification uses
    cryptography.x509.verification with `trust_anchors` as the store at time `now`: the
    server profile for `server_name` when given, the client profile otherwise. An
    untrusted, expired or misnamed chain is reported, not raised; ValueError is raised only
    for a malformed chain, anchor, `now` or `server_name`.
    """
    from cryptography.x509 import verification

    certificates = load_chain(chain)
    if not certificates:
        raise ValueError("chain is empty; expected at least the leaf certificate")
    anchors = load_chain(trust_anchors, "trust_anchors")
    moment = _aware(now)
    leaf = certificates[0]
    key_type, key_bits, curve = _key_facts(leaf.public_key())
    scheme = signature_schemes(certificates)[0]
    oid = leaf.signature_algorithm_oid

    error: str | None = None
    if not anchors:
        error = "no trust anchors were given, so the chain was not verified"
    else:
        builder = verification.PolicyBuilder().store(verification.Store(list(anchors)))
        builder = builder.time(moment)
        try:
            if server_name is not None:
                server = builder.build_server_verifier(x509.DNSName(server_name))
                server.verify(leaf, list(certificates[1:]))
            else:
                builder.build_client_verifier().verify(leaf, list(certificates[1:]))
        except verification.VerificationError as exc:
            error = str(exc)
    log.debug(
        "peer certificate %s: verified=%s%s",
        leaf.subject.rfc4514_string(),
        error is None,
        "" if error is None else f" ({error})",
    )
    return {
        "subject": leaf.subject.rfc4514_string(),
        "issuer": leaf.issuer.rfc4514_string(),
        "not_valid_before": leaf.not_valid_before_utc,
        "not_valid_after": leaf.not_valid_after_utc,
        "serial_number": leaf.serial_number,
        "key_type": key_type,
        "key_bits": key_bits,
        "curve": curve,
        "signature_algorithm": getattr(oid, "_name", oid.dotted_string),
        "signature_scheme": scheme,
        "chain_length": len(certificates),
        "verified": error is None,
        "verification_error": error,
    }


def set_peer_certificate_chain(
    session: Session,
    chain: Sequence[x509.Certificate | bytes],
    *,
    trust_anchors: Sequence[x509.Certificate | bytes] = (),
    now: datetime.datetime | None = None,
    server_name: str | None = None,
) -> None:
    """Set peer_certificate_chain, peer_public_key and cert_data from the peer's chain.

    certificate_data() reports an untrusted or expired chain in cert_data; a malformed one
    raises ValueError and leaves the session unchanged.
    """
    data = certificate_data(chain, trust_anchors=trust_anchors, now=now, server_name=server_name)
    certificates = load_chain(chain)
    session.peer_certificate_chain = tuple(_der(certificate) for certificate in certificates)
    session.peer_public_key = certificates[0].public_key()
    session.cert_data = data
