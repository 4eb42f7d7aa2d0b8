"""Server-side negotiation on a Session: cipher suite, certificate, groups and signature scheme.

Session's methods of the same names delegate here, and their docstrings give the
contracts. Where Pike's SSL.Session differs from the RFCs, these functions follow the RFCs
and their docstrings name the difference.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from tlsspec._runtime import NO_SUPPORTED_OVERLAP, Status
from tlsspec.cipher_specs import CipherSpec, cipher_spec
from tlsspec.cipher_suites import CipherSuite, CipherSuiteInfo, cipher_suite_info
from tlsspec.groups import NamedGroup, group_info
from tlsspec.peer_extensions import FFDHE_RANGE
from tlsspec.versions import ProtocolVersion, protocol_version_info

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tlsspec.certificates import CertificatePair
    from tlsspec.session import Session

log = logging.getLogger(__name__)

# Groups whose key exchange pyca/cryptography 50 provides, in no order. They are the curves
# of RFC 8422, Section 5.1.1 and RFC 8446, Section 4.2.7, the FFDHE groups of RFC 7919, and
# the ML-KEM groups and hybrids, which group_info().tls13_only keeps out of TLS 1.2.
SUPPORTED_GROUPS = frozenset(
    {
        NamedGroup.secp256r1,
        NamedGroup.secp384r1,
        NamedGroup.secp521r1,
        NamedGroup.x25519,
        NamedGroup.x448,
        NamedGroup.ffdhe2048,
        NamedGroup.ffdhe3072,
        NamedGroup.ffdhe4096,
        NamedGroup.ffdhe6144,
        NamedGroup.ffdhe8192,
        NamedGroup.MLKEM768,
        NamedGroup.MLKEM1024,
        NamedGroup.SecP256r1MLKEM768,
        NamedGroup.X25519MLKEM768,
        NamedGroup.SecP384r1MLKEM1024,
    }
)


# Key exchanges whose credentials a Session does not store (Kerberos tickets, SRP
# verifiers, passwords), and TLS_NULL_WITH_NULL_NULL, which RFC 5246, Appendix A.5 forbids
# negotiating.
_UNSUPPORTED_KEY_EXCHANGES = frozenset({"NULL", "KRB5", "SRP_SHA", "ECCPWD"})
_ECC_KEY_EXCHANGES = frozenset({"ECDH", "ECDHE", "ECDHE_PSK"})
_FFDHE_KEY_EXCHANGES = frozenset({"DHE", "DHE_PSK"})
# Key exchanges whose ServerKeyExchange the certificate key signs (RFC 5246, Section 7.4.3).
_SIGNING_KEY_EXCHANGES = frozenset({"DHE", "ECDHE"})


def _tls_version(version: int) -> int:
    info = protocol_version_info(version)
    return info.tls_equivalent or info.code


def is_tls13(version: int) -> bool:
    """Return whether `version` is TLS 1.3 or DTLS 1.3."""
    return _tls_version(version) == ProtocolVersion.TLS_1_3


def _suite_info(suite: int) -> CipherSuiteInfo | None:
    if isinstance(suite, bool) or not isinstance(suite, int) or not 0 <= suite <= 0xFFFF:
        return None
    info = cipher_suite_info(suite)
    if info.status is not Status.ASSIGNED or info.scsv:
        return None
    return info


def _usable_group(code: int, version: int) -> bool:
    """Return whether we may negotiate group `code` at `version`."""
    if not 0 <= code <= 0xFFFF or code not in SUPPORTED_GROUPS:
        return False
    return is_tls13(version) or not group_info(code).tls13_only


def _strength(code: int) -> int:
    return group_info(code).security_bits or 0


def _peer_sent_groups(session: Session) -> bool:
    return bool(session.ecc_curves) or session.ffdhe_groups is not None


def choose_curve(session: Session, version: int) -> NamedGroup | None:
    """Return the strongest group of the peer's ecc_curves that we may use at `version`.

    Strength is group_info().security_bits, and ties go to the peer's order. A peer that
    sent no supported_groups leaves the curve to the server (RFC 8422, Section 4), which
    takes secp256r1. Return None when the peer sent groups and none is usable.
    """
    if not _peer_sent_groups(session):
        return NamedGroup.secp256r1
    usable = [code for code in session.ecc_curves if _usable_group(code, version)]
    if not usable:
        return None
    best = max(usable, key=lambda code: (_strength(code), -usable.index(code)))
    return NamedGroup(best)


def choose_ffdhe_group(session: Session, effective_key_bits: int) -> NamedGroup | None:
    """Return the FFDHE group for a cipher of `effective_key_bits`, or None if none may be used.

    From the peer's FFDHE groups, take the smallest whose security_bits reach the cipher's
    strength, else the strongest (RFC 7919, Section 4). A peer that offered no FFDHE
    group gets the smallest of ours that reaches the strength, else ffdhe8192. A peer that
    offered FFDHE values of which we know none gets None: RFC 7919, Section 4 forbids an
    FFDHE suite then.
    """
    offered = session.ffdhe_groups or ()
    if offered:
        candidates = [code for code in offered if code in SUPPORTED_GROUPS]
        if not candidates:
            return None
    else:
        candidates = [code for code in FFDHE_RANGE if code in SUPPORTED_GROUPS]
    strong = [code for code in candidates if _strength(code) >= effective_key_bits]
    if strong:
        return NamedGroup(min(strong, key=lambda code: (_strength(code), candidates.index(code))))
    return NamedGroup(max(candidates, key=lambda code: (_strength(code), -candidates.index(code))))


def is_supported_suite(session: Session, suite: int, version: int) -> bool:
    """Return whether `suite` may be negotiated at `version` with this peer.

    The suite must be assigned, not a signalling or GREASE value, and allowed at the
    version (cipher_spec() is not None), so TLS 1.3 suites go only with TLS 1.3. An ECC
    suite also needs a shared point format and, when the peer sent supported_groups, one of
    its EC groups that we may use at the version (RFC 8422, Section 5.1). A DHE suite is
    rejected when the peer offered FFDHE groups and we know none of them (RFC 7919,
    Section 4). Kerberos, SRP and password suites are rejected because a Session stores no
    such credentials.
    """
    info = _suite_info(suite)
    if info is None or cipher_spec(suite, version) is None:
        return False
    if info.key_exchange is None:
        return True
    key_exchange = info.key_exchange.name
    if key_exchange in _UNSUPPORTED_KEY_EXCHANGES:
        return False
    if key_exchange in _ECC_KEY_EXCHANGES:
        if session.ecc_point_format is NO_SUPPORTED_OVERLAP:
            return False
        if choose_curve(session, version) is None:
            return False
    if key_exchange in _FFDHE_KEY_EXCHANGES:
        return choose_ffdhe_group(session, 0) is not None
    return True


def set_cipher_suite(session: Session, suite: int, version: int) -> bool:
    """Set version, cipher_suite and cipher_spec if `suite` is supported, else change nothing.

    Pike sets the version before it checks the suite, but here a rejected suite leaves the
    session as it was. encrypt_then_mac is cleared unless the suite uses a CBC block
    cipher (RFC 7366, Section 3), where Pike keeps it for NULL-cipher suites too.
    """
    if not is_supported_suite(session, suite, version):
        log.info("cipher suite 0x%04X is not supported at version 0x%04X", suite, version)
        return False
    spec = cipher_spec(suite, version, truncated_hmac=session.truncated_hmac)
    assert spec is not None
    session.version = version
    session.cipher_suite = suite
    session.cipher_spec = spec
    if session.encrypt_then_mac and spec.cipher_type != "block":
        session.encrypt_then_mac = False
        log.info("encrypt_then_mac cleared: %s is not a CBC suite", spec.suite.name)
    log.info("cipher suite %s at %s", spec.suite.name, spec.version.name)
    return True


def _handshake_scheme(session: Session, pair: CertificatePair, tls13: bool) -> int | None:
    """Return the first scheme in the peer's order that the key of `pair` can make."""
    schemes = pair.handshake_schemes(tls13)
    for code in session.signature_algorithms:
        if code in schemes:
            return code
    return None


@dataclass(frozen=True, slots=True)
class _Choice:
    pair: CertificatePair | None
    signature_scheme: int | None
    curve: NamedGroup | None
    ffdhe_group: NamedGroup | None


def _signer(code: int) -> str | None:
    """Return "RSA" or "ECDSA" for a certificate signature scheme of that family, else None."""
    if code & 0xFF == 1 or 0x0804 <= code <= 0x0806 or 0x0809 <= code <= 0x080B:
        return "RSA"
    if code & 0xFF == 3:
        return "ECDSA"
    return None


def _certificate_fits(
    session: Session, pair: CertificatePair, info: CipherSuiteInfo, version: int
) -> _Choice | None:
    """Return the choice that `pair` makes for a TLS 1.2 or earlier suite, or None."""
    assert info.key_exchange is not None and info.authentication is not None
    key_exchange = info.key_exchange.name
    authentication = info.authentication.name
    tls12 = _tls_version(version) == ProtocolVersion.TLS_1_2
    if tls12 and not pair.chain_acceptable(session.signature_algorithms):
        return None
    if pair.key_type == "ecdsa" and session.ecc_curves and pair.curve not in session.ecc_curves:
        return None

    if key_exchange in ("RSA", "RSA_PSK"):
        if pair.key_type != "rsa" or pair.rsa_pss_key or not pair.can_encrypt:
            return None
        return _Choice(pair, None, None, None)
    if key_exchange == "ECDH":
        # RFC 8422, Section 2.1 and 2.3: an ECDH-capable key, signed by ECDSA or RSA.
        if pair.key_type != "ecdsa" or not pair.can_agree:
            return None
        if _signer(pair.signature_schemes[0]) != authentication:
            return None
        if pair.curve is None or not _usable_group(pair.curve, version):
            return None
        return _Choice(pair, None, pair.curve, None)
    if key_exchange not in _SIGNING_KEY_EXCHANGES:
        return None

    # RFC 8422, Section 5.1 lets ECDHE_ECDSA suites use Ed25519 and Ed448 keys.
    key_types = {"RSA": ("rsa",), "DSS": ("dsa",), "ECDSA": ("ecdsa", "ed25519", "ed448")}
    if pair.key_type not in key_types.get(authentication, ()) or not pair.can_sign:
        return None
    if not tls12 and (pair.key_type.startswith("ed") or pair.rsa_pss_key):
        # EdDSA and RSASSA-PSS keys sign only through TLS 1.2 signature_algorithms.
        return None
    scheme = _handshake_scheme(session, pair, tls13=False) if tls12 else None
    if tls12 and scheme is None:
        return None
    return _Choice(pair, scheme, None, None)


def _key_exchange_groups(
    session: Session, info: CipherSuiteInfo, spec: CipherSpec, choice: _Choice
) -> _Choice | None:
    """Fill in the ephemeral group of `choice`, or return None if there is none."""
    key_exchange = info.key_exchange.name if info.key_exchange is not None else None
    if key_exchange in ("ECDHE", "ECDHE_PSK"):
        curve = choose_curve(session, spec.version)
        return None if curve is None else _Choice(choice.pair, choice.signature_scheme, curve, None)
    if key_exchange in _FFDHE_KEY_EXCHANGES:
        group = choose_ffdhe_group(session, spec.effective_key_bits)
        if group is None:
            return None
        return _Choice(choice.pair, choice.signature_scheme, None, group)
    return choice


def _tls13_choice(
    session: Session, certificates: Sequence[CertificatePair], spec: CipherSpec
) -> _Choice | None:
    """Return certificate, scheme and group for a TLS 1.3 suite, or None.

    The group is the strongest usable one of ecc_curves (ML-KEM and hybrids included),
    else an FFDHE group as for DHE suites. Without a common group there is no (EC)DHE
    handshake (RFC 8446, Section 4.1.1).
    """
    curve = choose_curve(session, spec.version) if session.ecc_curves else None
    group = None
    if curve is None and session.ffdhe_groups:
        group = choose_ffdhe_group(session, spec.effective_key_bits)
    if curve is None and group is None:
        return None
    for pair in certificates:
        if not pair.can_sign or not pair.chain_acceptable(session.signature_algorithms):
            continue
        scheme = _handshake_scheme(session, pair, tls13=True)
        if scheme is not None:
            return _Choice(pair, scheme, curve, group)
    return None


def _choose(
    session: Session, suite: int, version: int, certificates: Sequence[CertificatePair]
) -> _Choice | None:
    info = cipher_suite_info(suite)
    spec = cipher_spec(suite, version)
    assert spec is not None
    if info.key_exchange is None:
        return _tls13_choice(session, certificates, spec)
    assert info.authentication is not None
    if info.authentication.signature_algorithm == "anonymous":
        return _key_exchange_groups(session, info, spec, _Choice(None, None, None, None))
    for pair in certificates:
        choice = _certificate_fits(session, pair, info, version)
        if choice is not None:
            return _key_exchange_groups(session, info, spec, choice)
    return None


def select_cipher_suite(
    session: Session,
    certificates: Sequence[CertificatePair],
    client_suites: Sequence[int],
    version: int,
    *,
    server_suites: Sequence[int] | None = None,
) -> bool:
    """Choose suite, certificate, signature scheme and groups as a server; see Session."""
    client_set = set(client_suites)
    candidates = (
        list(client_suites)
        if server_suites is None
        else [suite for suite in server_suites if suite in client_set]
    )
    ranked = sorted(certificates, key=lambda pair: -pair.security_bits)
    for suite in candidates:
        if not is_supported_suite(session, suite, version):
            continue
        choice = _choose(session, suite, version, ranked)
        if choice is None:
            log.debug("cipher suite 0x%04X skipped: no certificate or group fits", suite)
            continue
        set_cipher_suite(session, suite, version)
        pair = choice.pair
        session.certificate_chain = () if pair is None else pair.der_chain
        session.private_key = None if pair is None else pair.private_key
        session.signature_scheme = choice.signature_scheme
        session.curve = choice.curve
        session.ffdhe_group = choice.ffdhe_group
        log.info(
            "selected %s with %s, signature scheme %s, group %s",
            CipherSuite(suite).name,
            "no certificate" if pair is None else repr(pair),
            "none" if choice.signature_scheme is None else f"0x{choice.signature_scheme:04X}",
            (choice.curve or choice.ffdhe_group or "none"),
        )
        return True
    log.info(
        "no cipher suite fits at version 0x%04X: %d candidates, %d certificates",
        version,
        len(candidates),
        len(ranked),
    )
    return False


def has_required_certificates(session: Session) -> bool:
    """Return whether the peer's public key is known or the suite needs no certificate.

    This is Pike's rule: anonymous and PSK-only suites authenticate without one. TLS 1.3
    suites always need it here, because PSK handshakes are outside this model.
    """
    if session.peer_public_key is not None:
        return True
    if session.cipher_suite is None:
        return False
    authentication = cipher_suite_info(session.cipher_suite).authentication
    return authentication is not None and authentication.signature_algorithm == "anonymous"
