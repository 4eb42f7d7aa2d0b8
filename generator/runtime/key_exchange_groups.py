"""Choose the group of a key exchange from what a peer's supported_groups extension sent.

tlsspec.negotiation calls these for ECDHE, DHE and TLS 1.3 suites, and for the curve of an
ECDH certificate.
"""

from __future__ import annotations

from tlsspec.groups import NamedGroup, group_info
from tlsspec.peer_extensions import FFDHE_RANGE
from tlsspec.versions import ProtocolVersion, protocol_version_info

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tlsspec.session import Session

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


def tls_version(version: int) -> int:
    """Return the TLS version that `version` corresponds to: DTLS 1.2 gives TLS 1.2."""
    info = protocol_version_info(version)
    return info.tls_equivalent or info.code


def is_tls13(version: int) -> bool:
    """Return whether `version` is TLS 1.3 or DTLS 1.3."""
    return tls_version(version) == ProtocolVersion.TLS_1_3


def usable_group(code: int, version: int) -> bool:
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
    usable = [code for code in session.ecc_curves if usable_group(code, version)]
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
