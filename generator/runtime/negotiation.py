"""Server-side negotiation on a Session: cipher suite, certificate, groups and signature scheme.

Session's methods of the same names delegate here, and their docstrings give the
contracts. Where Pike's SSL.Session differs from the RFCs, these functions follow the RFCs
and their docstrings name the difference. Each suite and certificate that selection passes
over is logged at DEBUG with the reason, and the outcome of a selection is one INFO line.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from tlsspec._runtime import NO_SUPPORTED_OVERLAP, Status, check_codes
from tlsspec.cipher_specs import CipherSpec, cipher_spec
from tlsspec.cipher_suites import CipherSuiteInfo, cipher_suite_info
from tlsspec.groups import NamedGroup
from tlsspec.key_exchange_groups import (
    choose_curve,
    choose_ffdhe_group,
    tls_version,
    usable_group,
)
from tlsspec.signature_schemes import DEFAULT_SIGNATURE_ALGORITHMS, signature_scheme_info
from tlsspec.versions import ProtocolVersion

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tlsspec.certificates import CertificatePair
    from tlsspec.session import Session

log = logging.getLogger(__name__)

# Key exchanges whose credentials a Session does not store (Kerberos tickets, SRP
# verifiers, passwords), and TLS_NULL_WITH_NULL_NULL, which RFC 5246, Appendix A.5 forbids
# negotiating.
_UNSUPPORTED_KEY_EXCHANGES = frozenset({"NULL", "KRB5", "SRP_SHA", "ECCPWD"})
_ECC_KEY_EXCHANGES = frozenset({"ECDH", "ECDHE", "ECDHE_PSK"})
_FFDHE_KEY_EXCHANGES = frozenset({"DHE", "DHE_PSK"})
# Key exchanges whose ServerKeyExchange the certificate key signs (RFC 5246, Section 7.4.3).
_SIGNING_KEY_EXCHANGES = frozenset({"DHE", "ECDHE"})
# Key types that sign for each authentication. RFC 8422, Section 5.1 lets ECDHE_ECDSA
# suites use Ed25519 and Ed448 keys.
_SIGNING_KEY_TYPES = {"RSA": ("rsa",), "DSS": ("dsa",), "ECDSA": ("ecdsa", "ed25519", "ed448")}

# Reasons that selection passes over a suite. Each is logged at DEBUG and counted in the
# INFO line that is logged when no suite fits.
NOT_NEGOTIABLE = "signalling, GREASE or unassigned value"
VERSION_FORBIDS = "not allowed at this version"
RC4_FORBIDDEN = "RC4 cipher, which RFC 7465 forbids negotiating"
NO_CREDENTIALS = "key exchange needs credentials that a Session does not store"
NO_POINT_FORMAT = "no shared EC point format"
NO_GROUP = "no usable group"
NO_CERTIFICATE = "no certificate given"
NO_SIGNATURE_ALGORITHMS = "no signature_algorithms extension, which TLS 1.3 requires"
# Reasons that a certificate does not fit a suite, in the order of the checks. A suite that
# no certificate fits is logged with the reason of the certificate that passed most checks.
KEY_TYPE = "key type does not fit the suite"
KEY_USAGE = "key usage does not allow the key exchange"
CHAIN_REJECTED = "chain signed with a scheme outside the peer's signature_algorithms"
CURVE_NOT_OFFERED = "key's curve not in the peer's supported_groups"
NO_SIGNATURE_SCHEME = "no signature scheme that the key can make"
_CERTIFICATE_REASONS = (KEY_TYPE, KEY_USAGE, CHAIN_REJECTED, CURVE_NOT_OFFERED, NO_SIGNATURE_SCHEME)


def _suite_info(suite: int) -> CipherSuiteInfo | None:
    if isinstance(suite, bool) or not isinstance(suite, int) or not 0 <= suite <= 0xFFFF:
        return None
    info = cipher_suite_info(suite)
    if info.status is not Status.ASSIGNED or info.scsv:
        return None
    return info


def _suite_name(suite: object) -> str:
    """Return the registry name of a suite, 0x%04X for an unassigned one, else its repr."""
    if isinstance(suite, bool) or not isinstance(suite, int) or not 0 <= suite <= 0xFFFF:
        return repr(suite)
    info = cipher_suite_info(suite)
    return info.name if info.status is Status.ASSIGNED else f"0x{suite:04X}"


def _scheme_name(code: int | None) -> str:
    """Return the registry name of a signature scheme, 0x%04X for an unregistered TLS 1.2 pair."""
    if code is None:
        return "none"
    info = signature_scheme_info(code)
    return info.name if info.status is Status.ASSIGNED else f"0x{code:04X}"


def _check_version(version: object) -> ProtocolVersion:
    """Check that `version` is a known protocol version, and return it as a ProtocolVersion."""
    if not isinstance(version, bool) and isinstance(version, int):
        try:
            return ProtocolVersion(version)
        except ValueError:
            pass
    names = ", ".join(f"{member.name} (0x{member:04X})" for member in ProtocolVersion)
    raise ValueError(f"version {version!r} is not a protocol version; expected one of {names}")


def _unsupported_reason(session: Session, suite: int, version: int) -> str | None:
    """Return why `suite` may not be negotiated at `version`, or None when it may."""
    info = _suite_info(suite)
    if info is None:
        return NOT_NEGOTIABLE
    spec = cipher_spec(suite, version)
    if spec is None:
        return VERSION_FORBIDS
    if spec.cipher_algorithm == "RC4":
        return RC4_FORBIDDEN
    if info.key_exchange is None:
        return None
    key_exchange = info.key_exchange.name
    if key_exchange in _UNSUPPORTED_KEY_EXCHANGES:
        return NO_CREDENTIALS
    if key_exchange in _ECC_KEY_EXCHANGES:
        if session.ecc_point_format is NO_SUPPORTED_OVERLAP:
            return NO_POINT_FORMAT
        if choose_curve(session, version) is None:
            return NO_GROUP
    if key_exchange in _FFDHE_KEY_EXCHANGES and choose_ffdhe_group(session, 0) is None:
        return NO_GROUP
    return None


def is_supported_suite(session: Session, suite: int, version: int) -> bool:
    """Return whether `suite` may be negotiated at `version` with this peer.

    The suite must be assigned, not a signalling or GREASE value, and allowed at the
    version (cipher_spec() is not None), so TLS 1.3 suites go only with TLS 1.3. An ECC
    suite also needs a shared point format and, when the peer sent supported_groups, one of
    its EC groups that we may use at the version (RFC 8422, Section 5.1). A DHE suite is
    rejected when the peer offered FFDHE groups and we know none of them (RFC 7919,
    Section 4). RC4 suites are rejected: RFC 7465, Section 2 forbids a server to select
    one, although the registry and cipher_spec() keep them. Kerberos, SRP and password
    suites are rejected because a Session stores no such credentials.
    """
    return _unsupported_reason(session, suite, version) is None


def _apply_cipher_suite(session: Session, spec: CipherSpec) -> None:
    """Set version, cipher_suite and cipher_spec, and clear encrypt_then_mac unless CBC."""
    session.version = spec.version
    session.cipher_suite = spec.suite
    session.cipher_spec = spec
    if session.encrypt_then_mac and spec.cipher_type != "block":
        session.encrypt_then_mac = False
        log.debug("encrypt_then_mac cleared: %s is not a CBC suite", spec.suite.name)


def set_cipher_suite(session: Session, suite: int, version: int) -> bool:
    """Set version, cipher_suite and cipher_spec if `suite` is supported, else change nothing.

    Pike sets the version before it checks the suite, but here a rejected suite leaves the
    session as it was. encrypt_then_mac is cleared unless the suite uses a CBC block
    cipher (RFC 7366, Section 3), where Pike keeps it for NULL-cipher suites too. Raise
    ValueError when `version` is not a protocol version.
    """
    protocol = _check_version(version)
    reason = _unsupported_reason(session, suite, protocol)
    if reason is not None:
        log.info("cipher suite %s rejected at %s: %s", _suite_name(suite), protocol.name, reason)
        return False
    spec = cipher_spec(suite, protocol, truncated_hmac=session.truncated_hmac)
    assert spec is not None
    _apply_cipher_suite(session, spec)
    log.info("cipher suite %s at %s", spec.suite.name, spec.version.name)
    return True


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


def _offered_schemes(session: Session, info: CipherSuiteInfo) -> tuple[int, ...]:
    """Return the schemes that our ServerKeyExchange may use for a TLS 1.2 suite.

    These are the peer's signature_algorithms, or, when it sent none, the one
    {hash, signature} pair that RFC 5246, Section 7.4.1.4.1 assumes for the suite's key
    exchange: {sha1, rsa}, {sha1, dsa} or {sha1, ecdsa}.
    """
    if session.signature_algorithms is not None:
        return session.signature_algorithms
    assert info.key_exchange is not None and info.authentication is not None
    default = DEFAULT_SIGNATURE_ALGORITHMS.get(
        f"{info.key_exchange.name}_{info.authentication.name}"
    )
    return () if default is None else (default[0] << 8 | default[1],)


def _handshake_scheme(offered: Sequence[int], pair: CertificatePair, tls13: bool) -> int | None:
    """Return the first scheme in the peer's order that the key of `pair` can make."""
    schemes = pair.handshake_schemes(tls13)
    for code in offered:
        if code in schemes:
            return code
    return None


def _key_misfit(
    pair: CertificatePair, key_exchange: str, authentication: str, tls12: bool
) -> str | None:
    """Return why the leaf key of `pair` cannot do a TLS 1.2 or earlier key exchange, or None."""
    if key_exchange in ("RSA", "RSA_PSK"):
        if pair.key_type != "rsa" or pair.rsa_pss_key:
            return KEY_TYPE
        return None if pair.can_encrypt else KEY_USAGE
    if key_exchange == "ECDH":
        # RFC 8422, Section 2.1 and 2.3: an ECDH-capable key, signed by ECDSA or RSA.
        if pair.key_type != "ecdsa" or _signer(pair.signature_schemes[0]) != authentication:
            return KEY_TYPE
        return None if pair.can_agree else KEY_USAGE
    if key_exchange not in _SIGNING_KEY_EXCHANGES:
        return KEY_TYPE
    if pair.key_type not in _SIGNING_KEY_TYPES.get(authentication, ()):
        return KEY_TYPE
    if not tls12 and (pair.key_type.startswith("ed") or pair.rsa_pss_key):
        # EdDSA and RSASSA-PSS keys sign only through TLS 1.2 signature_algorithms.
        return KEY_TYPE
    return None if pair.can_sign else KEY_USAGE


def _certificate_fits(
    session: Session, pair: CertificatePair, info: CipherSuiteInfo, version: int
) -> _Choice | str:
    """Return the choice that `pair` makes for a TLS 1.2 or earlier suite, or why it does not fit.

    The chain is checked only when the peer sent signature_algorithms, because RFC 5246,
    Section 7.4.2 constrains the chain's signatures only then.
    """
    assert info.key_exchange is not None and info.authentication is not None
    key_exchange = info.key_exchange.name
    tls12 = tls_version(version) == ProtocolVersion.TLS_1_2
    misfit = _key_misfit(pair, key_exchange, info.authentication.name, tls12)
    if misfit is not None:
        return misfit
    if tls12 and not pair.chain_acceptable(session.signature_algorithms):
        return CHAIN_REJECTED
    if pair.key_type == "ecdsa" and session.ecc_curves and pair.curve not in session.ecc_curves:
        return CURVE_NOT_OFFERED

    if key_exchange == "ECDH":
        if pair.curve is None or not usable_group(pair.curve, version):
            return CURVE_NOT_OFFERED
        return _Choice(pair, None, pair.curve, None)
    if key_exchange not in _SIGNING_KEY_EXCHANGES or not tls12:
        return _Choice(pair, None, None, None)
    scheme = _handshake_scheme(_offered_schemes(session, info), pair, tls13=False)
    if scheme is None:
        return NO_SIGNATURE_SCHEME
    return _Choice(pair, scheme, None, None)


def _key_exchange_groups(
    session: Session, info: CipherSuiteInfo, spec: CipherSpec, choice: _Choice
) -> _Choice | str:
    """Fill in the ephemeral group of `choice`, or return NO_GROUP if there is none."""
    key_exchange = info.key_exchange.name if info.key_exchange is not None else None
    if key_exchange in ("ECDHE", "ECDHE_PSK"):
        curve = choose_curve(session, spec.version)
        if curve is None:
            return NO_GROUP
        return _Choice(choice.pair, choice.signature_scheme, curve, None)
    if key_exchange in _FFDHE_KEY_EXCHANGES:
        group = choose_ffdhe_group(session, spec.effective_key_bits)
        if group is None:
            return NO_GROUP
        return _Choice(choice.pair, choice.signature_scheme, None, group)
    return choice


def _tls13_pair_fits(pair: CertificatePair, offered: Sequence[int]) -> int | str:
    """Return the CertificateVerify scheme of `pair` at TLS 1.3, or why the pair does not fit."""
    if not pair.can_sign:
        return KEY_USAGE
    if not pair.chain_acceptable(offered):
        return CHAIN_REJECTED
    scheme = _handshake_scheme(offered, pair, tls13=True)
    return NO_SIGNATURE_SCHEME if scheme is None else scheme


def _tls13_choice(
    session: Session, certificates: Sequence[CertificatePair], spec: CipherSpec
) -> _Choice | str:
    """Return certificate, scheme and group for a TLS 1.3 suite, or why there is none.

    The group is the strongest usable one of ecc_curves (ML-KEM and hybrids included),
    else an FFDHE group as for DHE suites. Without a common group there is no (EC)DHE
    handshake (RFC 8446, Section 4.1.1). A peer without signature_algorithms gets no
    certificate, because a server aborts that handshake with missing_extension (RFC 8446,
    Section 9.2).
    """
    curve = choose_curve(session, spec.version) if session.ecc_curves else None
    group = None
    if curve is None and session.ffdhe_groups:
        group = choose_ffdhe_group(session, spec.effective_key_bits)
    if curve is None and group is None:
        return NO_GROUP
    offered = session.signature_algorithms
    if offered is None:
        return NO_SIGNATURE_ALGORITHMS
    reasons = []
    for pair in certificates:
        fit = _tls13_pair_fits(pair, offered)
        if isinstance(fit, int):
            return _Choice(pair, fit, curve, group)
        log.debug("%s passed over for %s: %s", pair, spec.suite.name, fit)
        reasons.append(fit)
    return _closest_reason(reasons)


def _closest_reason(reasons: Sequence[str]) -> str:
    """Return the reason of the certificate that passed the most checks."""
    if not reasons:
        return NO_CERTIFICATE
    return max(reasons, key=_CERTIFICATE_REASONS.index)


def _choose(
    session: Session, suite: int, version: int, certificates: Sequence[CertificatePair]
) -> _Choice | str:
    info = cipher_suite_info(suite)
    spec = cipher_spec(suite, version)
    assert spec is not None
    if info.key_exchange is None:
        return _tls13_choice(session, certificates, spec)
    assert info.authentication is not None
    if info.authentication.signature_algorithm == "anonymous":
        return _key_exchange_groups(session, info, spec, _Choice(None, None, None, None))
    reasons = []
    for pair in certificates:
        fit = _certificate_fits(session, pair, info, version)
        if isinstance(fit, _Choice):
            return _key_exchange_groups(session, info, spec, fit)
        log.debug("%s passed over for %s: %s", pair, info.name, fit)
        reasons.append(fit)
    return _closest_reason(reasons)


def _check_certificates(certificates: object) -> tuple[CertificatePair, ...]:
    """Check that `certificates` is a sequence of CertificatePair, and return it as a tuple."""
    from tlsspec.certificates import CertificatePair

    expected = "a sequence of CertificatePair objects, such as [pair], or [] for none"
    if isinstance(certificates, CertificatePair):
        raise ValueError(f"certificates must be {expected}; got a single CertificatePair")
    if isinstance(certificates, str | bytes | bytearray) or not isinstance(certificates, Sequence):
        raise ValueError(f"certificates must be {expected}; got {type(certificates).__name__}")
    for index, pair in enumerate(certificates):
        if not isinstance(pair, CertificatePair):
            raise ValueError(
                f"certificates[{index}] must be a CertificatePair; got {type(pair).__name__}"
            )
    return tuple(certificates)


def _check_suites(name: str, suites: object) -> tuple[int, ...]:
    """Check that `suites` is a sequence of 16-bit codes, and return it as a tuple."""
    if isinstance(suites, str | bytes | bytearray) or not isinstance(suites, Sequence):
        raise ValueError(
            f"{name} must be a sequence of cipher suite codes from 0 to 0xFFFF; got {suites!r}"
        )
    return check_codes(name, tuple(suites))


def select_cipher_suite(
    session: Session,
    certificates: Sequence[CertificatePair],
    client_suites: Sequence[int],
    version: int,
    *,
    server_suites: Sequence[int] | None = None,
) -> bool:
    """Choose suite, certificate, signature scheme and groups as a server; see Session."""
    pairs = _check_certificates(certificates)
    client = _check_suites("client_suites", client_suites)
    server = None if server_suites is None else _check_suites("server_suites", server_suites)
    protocol = _check_version(version)

    client_set = set(client)
    candidates = list(client) if server is None else [s for s in server if s in client_set]
    ranked = sorted(pairs, key=lambda pair: -pair.security_bits)
    reasons: Counter[str] = Counter()
    for suite in candidates:
        reason = _unsupported_reason(session, suite, protocol)
        choice = _choose(session, suite, protocol, ranked) if reason is None else reason
        if isinstance(choice, str):
            log.debug("cipher suite %s skipped: %s", _suite_name(suite), choice)
            reasons[choice] += 1
            continue

        spec = cipher_spec(suite, protocol, truncated_hmac=session.truncated_hmac)
        assert spec is not None
        _apply_cipher_suite(session, spec)
        pair = choice.pair
        session.certificate_chain = () if pair is None else pair.der_chain
        session.private_key = None if pair is None else pair.private_key
        session.signature_scheme = choice.signature_scheme
        session.curve = choice.curve
        session.ffdhe_group = choice.ffdhe_group
        group = choice.curve or choice.ffdhe_group
        log.info(
            "selected %s at %s with %s, signature scheme %s, group %s",
            spec.suite.name,
            protocol.name,
            "no certificate" if pair is None else pair,
            _scheme_name(choice.signature_scheme),
            "none" if group is None else group.name,
        )
        return True

    summary = ", ".join(f"{reason}: {count}" for reason, count in reasons.most_common())
    log.info(
        "no cipher suite fits at %s among %d candidates and %d certificates%s",
        protocol.name,
        len(candidates),
        len(ranked),
        f" ({summary})" if summary else "",
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
