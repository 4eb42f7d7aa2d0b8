"""When a cached session may be resumed by a new handshake.

Session.reusable_as and Session.resumption_mismatch delegate here.
"""

from __future__ import annotations

import logging

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tlsspec.session import Session

log = logging.getLogger(__name__)

# Fields that a resumed session must share with the new handshake, in the order compared.
# Pike's reusable_as compares the same fields except extended_master_secret.
RESUMPTION_FIELDS = (
    "cipher_suite",
    "version",
    "certificate_chain",
    "compression_algorithm",
    "max_packet_size",
    "truncated_hmac",
    "server_name",
    "ecc_point_format",
    "encrypt_then_mac",
    "extended_master_secret",
    "signature_algorithms",
    "ecc_curves",
    "ffdhe_groups",
)


def resumption_mismatch(cached: Session, other: Session) -> str | None:
    """Return why `cached` may not resume as `other`, or None when it may.

    The reason is the first differing item, such as "cipher_suite differs", or "no master
    secret" for a cached session without one. extended_master_secret must match both ways
    (RFC 7627, Section 5.3), which Pike does not check. Raise ValueError when `other` is
    not a Session.
    """
    from tlsspec.session import Session

    if not isinstance(other, Session):
        raise ValueError(
            f"the session to resume as must be a tlsspec.Session; got {type(other).__name__}"
        )
    if len(cached.master_secret) != 48:
        return "no master secret"
    for name in RESUMPTION_FIELDS:
        mine, theirs = getattr(cached, name), getattr(other, name)
        if name == "server_name" and mine is not None and theirs is not None:
            # Host names compare without regard to case (RFC 4343, Section 3).
            mine, theirs = mine.lower(), theirs.lower()
        if mine != theirs:
            return f"{name} differs"
    return None


def reusable_as(cached: Session, other: Session) -> bool:
    """Return whether `cached` may resume as `other`; log the reason when not, at DEBUG."""
    reason = resumption_mismatch(cached, other)
    if reason is None:
        log.debug("session may be resumed")
        return True
    log.debug("session may not be resumed: %s", reason)
    return False
