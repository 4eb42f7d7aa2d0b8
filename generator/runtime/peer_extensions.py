"""What a peer's hello extensions ask of a Session: groups, point formats, fragment length,
compression and heartbeats.

Session's methods of the same names delegate here. Each setter raises ValueError for a
value that the extension's RFC forbids, and a server then sends an illegal_parameter alert.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from tlsspec._runtime import NO_SUPPORTED_OVERLAP, check_codes
from tlsspec.compression import CompressionMethod
from tlsspec.extensions import HeartbeatMode
from tlsspec.groups import ECPointFormat

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tlsspec.session import Session

log = logging.getLogger(__name__)

# RFC 7919, Section 2: the FFDHE range of the supported groups registry.
FFDHE_RANGE = range(256, 512)


def set_peer_groups(session: Session, groups: Sequence[int]) -> None:
    """Split a supported_groups list into ecc_curves and ffdhe_groups, keeping the peer's order.

    Values 256 to 511 are FFDHE groups (RFC 7919, Section 2), everything else goes to
    ecc_curves. Unknown and GREASE values are kept, and selection skips them.
    """
    codes = check_codes("supported_groups", groups)
    session.ecc_curves = tuple(code for code in codes if code not in FFDHE_RANGE)
    session.ffdhe_groups = tuple(code for code in codes if code in FFDHE_RANGE)
    log.debug(
        "peer groups: ecc_curves %s, ffdhe_groups %s", session.ecc_curves, session.ffdhe_groups
    )


def set_point_formats(session: Session, formats: Sequence[int] | None) -> None:
    """Set ecc_point_format from the peer's ec_point_formats list, None when it sent none.

    Without the extension, or with uncompressed (0) in it, the format is uncompressed (RFC
    8422, Section 5.1.2); otherwise the peers share none.
    """
    if formats is None:
        session.ecc_point_format = ECPointFormat.uncompressed
    else:
        if isinstance(formats, str) or not isinstance(formats, Sequence):
            raise ValueError(
                f"ec_point_formats must be a sequence of ints from 0 to 255, or None when the"
                f" peer sent no extension; got {formats!r}"
            )
        for value in formats:
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 0xFF:
                raise ValueError(
                    f"ec_point_formats value {value!r} is invalid; expected an int from 0 to 255"
                )
        uncompressed = ECPointFormat.uncompressed in formats
        session.ecc_point_format = (
            ECPointFormat.uncompressed if uncompressed else NO_SUPPORTED_OVERLAP
        )
    log.debug("EC point format: %s", session.ecc_point_format)


# RFC 6066, Section 4: max_fragment_length codes and their lengths.
_MAX_FRAGMENT_LENGTHS = {1: 512, 2: 1024, 3: 2048, 4: 4096}


def set_max_fragment_length(session: Session, code: int) -> None:
    """Set max_packet_size from a max_fragment_length code (RFC 6066, Section 4).

    Raise ValueError for any code but the ints 1 to 4, which a server rejects with an
    illegal_parameter alert.
    """
    length = None
    if isinstance(code, int) and not isinstance(code, bool):
        length = _MAX_FRAGMENT_LENGTHS.get(code)
    if length is None:
        raise ValueError(
            f"max_fragment_length code {code!r} is invalid; expected 1 (512), 2 (1024),"
            " 3 (2048) or 4 (4096) bytes (RFC 6066, Section 4), so send illegal_parameter"
        )
    session.max_packet_size = length
    log.debug("max_packet_size %d", length)


def set_compression_method(session: Session, method: int) -> None:
    """Set compression_algorithm to null or DEFLATE (RFC 3749); raise ValueError otherwise."""
    allowed = (CompressionMethod.null, CompressionMethod.DEFLATE)
    if isinstance(method, bool) or method not in allowed:
        raise ValueError(
            f"compression method {method!r} is not supported; expected 0 (null) or 1 (DEFLATE)"
        )
    session.compression_algorithm = method


def set_heartbeat_mode(session: Session, mode: int) -> None:
    """Set heartbeat_mode to the peer's mode, 1 or 2 (RFC 6520, Section 2).

    Raise ValueError for any other value, which a receiver rejects with an
    illegal_parameter alert.
    """
    allowed = (HeartbeatMode.peer_allowed_to_send, HeartbeatMode.peer_not_allowed_to_send)
    if isinstance(mode, bool) or mode not in allowed:
        raise ValueError(
            f"heartbeat mode {mode!r} is invalid; expected 1 (peer_allowed_to_send) or"
            " 2 (peer_not_allowed_to_send) (RFC 6520, Section 2), so send illegal_parameter"
        )
    session.heartbeat_mode = mode
