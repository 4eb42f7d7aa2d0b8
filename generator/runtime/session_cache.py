"""The in-process session cache through which a server resumes sessions by id or ticket."""

from __future__ import annotations

import heapq
import logging
import math
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from tlsspec._runtime import check_bytes, check_clock
from tlsspec.session import Session
from tlsspec.tickets import (
    TicketKeys,
    decode_ticket,
    encode_ticket,
    revocation_id,
    ticket_digest,
)

__all__ = [
    "DEFAULT_LIFETIME",
    "MAX_LIFETIME",
    "SESSION_ID_LENGTH",
    "SessionCache",
    "SessionCacheBase",
    "check_lifetime",
    "check_session",
    "check_ticket_keys",
    "short_id",
]

logger = logging.getLogger(__name__)

DEFAULT_LIFETIME = 3600.0
"""Default seconds for which a session may be resumed, counted from its full handshake."""

MAX_LIFETIME = 86400.0
"""Upper limit of a lifetime: RFC 5246, Appendix F.1.4 suggests 24 hours for session ids."""

SESSION_ID_LENGTH = 32
"""Bytes of a session id that new_session_id() draws, the maximum of RFC 5246, Section 7.4.1.2."""


def short_id(session_id: bytes) -> str:
    """Return the first bytes of a session id as hex, enough to tell entries apart in logs."""
    return session_id[:6].hex()


def check_session(session: object) -> Session:
    """Return `session` if it is a tlsspec.Session; raise ValueError otherwise."""
    if not isinstance(session, Session):
        raise ValueError(f"session must be a tlsspec.Session; got {type(session).__name__}")
    return session


def check_lifetime(lifetime: object) -> float:
    """Return `lifetime` in seconds if it is above 0 and at most MAX_LIFETIME."""
    if (
        isinstance(lifetime, bool)
        or not isinstance(lifetime, int | float)
        or not math.isfinite(lifetime)
        or not 0 < lifetime <= MAX_LIFETIME
    ):
        raise ValueError(
            f"lifetime must be a number of seconds above 0 and at most {MAX_LIFETIME:.0f}"
            f" (RFC 5246, Appendix F.1.4); got {lifetime!r}"
        )
    return float(lifetime)


def check_ticket_keys(ticket_keys: object, lifetime: float) -> TicketKeys:
    """Return `ticket_keys` if it is a TicketKeys that opens tokens for the whole lifetime."""
    if not isinstance(ticket_keys, TicketKeys):
        raise ValueError(f"ticket_keys must be a TicketKeys; got {type(ticket_keys).__name__}")
    if ticket_keys.accept_window < lifetime:
        raise ValueError(
            f"ticket_keys open a token for {ticket_keys.accept_window:.0f} s after it is"
            f" sealed, less than the lifetime of {lifetime:.0f} s; raise accept_previous"
            " or rotation_interval"
        )
    return ticket_keys


class SessionCacheBase:
    """Base of every session cache: tickets, purging and the resumption decision.

    A subclass keeps sessions by id and the revocation ids of purged sessions in its own
    storage, through lookup(), _delete(), _revoke() and _is_revoked().
    """

    _lifetime: float
    _ticket_keys: TicketKeys
    _clock: Callable[[], float]
    # Each cache logs under its own module's name.
    _logger = logger

    @property
    def lifetime(self) -> float:
        """Seconds after session.timestamp during which a session may be resumed."""
        return self._lifetime

    @property
    def ticket_keys(self) -> TicketKeys:
        """Keys that seal and open this cache's tickets."""
        return self._ticket_keys

    def lookup(self, session_id: bytes) -> Session | None:
        """Return the session stored under `session_id`, or None."""
        raise NotImplementedError

    def issue_ticket(self, session: Session) -> bytes:
        """Seal `session` into a ticket, set session.ticket and ticket_expiry_time, return it.

        The ticket expires with the session's lifetime: at session.timestamp + lifetime.
        Raise ValueError when the ticket would exceed the 2^16-1 bytes of RFC 5077,
        Section 3.3.
        """
        session = check_session(session)
        ticket = encode_ticket(self._ticket_keys, session)
        session.ticket = ticket
        session.ticket_expiry_time = session.timestamp + self._lifetime
        if self._logger.isEnabledFor(logging.DEBUG):
            self._logger.debug(
                "ticket %s issued until %.0f", ticket_digest(ticket), session.ticket_expiry_time
            )
        return ticket

    def lookup_ticket(self, ticket: bytes) -> Session | None:
        """Return the session that `ticket` carries, with its ticket fields set, or None.

        Besides what decode_ticket rejects, a ticket of a purged session is rejected,
        whichever of the session's tickets it is. Never raise for bytes; raise ValueError
        for anything else.
        """
        ticket = check_bytes("ticket", ticket, (), None)
        now = self._clock()
        session = decode_ticket(self._ticket_keys, ticket, lifetime=self._lifetime, now=now)
        if session is None:
            return None

        session.ticket = ticket
        session.ticket_expiry_time = session.timestamp + self._lifetime
        if not self._unrevoked(session, f"ticket {ticket_digest(ticket)}", now):
            return None
        return session

    def _unrevoked(self, session: Session, what: str, now: float) -> bool:
        """Return whether `session`, found at `now` unexpired, was not purged since.

        A revocation is released once the session's tickets expire, and another thread
        may release it between `now` and this check. The clock is therefore read again
        after the check: a released revocation means that the session has expired by then.
        """
        revoked = self._is_revoked(revocation_id(self._ticket_keys, session), now)
        if revoked is None:
            return False
        if revoked:
            self._logger.info("%s rejected: its session was purged", what)
            return False
        expiry = session.timestamp + self._lifetime
        if self._clock() >= expiry:
            self._logger.info("%s rejected: expired while it was being looked up", what)
            return False
        return True

    def resume(
        self, offered: Session, *, session_id: bytes = b"", ticket: bytes = b""
    ) -> Session | None:
        """Return the cached session that a new connection may resume, or None.

        A non-empty ticket is tried alone, without the session id (RFC 5077, Section 3.4).
        A session that purge() revoked is not resumed, whichever id or ticket finds it. The
        cached session is returned only when cached.reusable_as(offered); otherwise one
        INFO line logs the reason.
        """
        offered = check_session(offered)
        session_id = check_bytes("session_id", session_id, (), None)
        ticket = check_bytes("ticket", ticket, (), None)

        if ticket:
            cached = self.lookup_ticket(ticket)
        elif session_id:
            cached = self._lookup_to_resume(session_id)
            # A purge revokes the session itself, so a copy stored under another id
            # (after a resumption, say) must not resume it either.
            if cached is not None and not self._unrevoked(
                cached, f"session {short_id(session_id)}", self._clock()
            ):
                return None
        else:
            self._logger.debug("no session id or ticket offered")
            return None
        if cached is None:
            return None

        reason = cached.resumption_mismatch(offered)
        if reason is not None:
            self._logger.info("not resumable: %s", reason)
            return None
        return cached

    def purge(self, session: Session) -> bool:
        """Drop `session` so that neither its id nor any of its tickets resumes it again.

        RFC 5246, Section 7.2.2: a session that a fatal alert ended must not be resumed.
        The session's revocation_id is kept until its tickets would expire anyway. Return
        whether the purge took effect. It fails only when a shared store such as Redis
        fails, and then a WARNING is logged and the caller may retry.
        """
        session = check_session(session)
        until = session.timestamp + self._lifetime
        if session.ticket_expiry_time is not None:
            until = max(until, session.ticket_expiry_time)
        name = short_id(session.identity) or "without id"

        dropped = self._delete(session.identity) if session.identity else False
        revoked: bool | None = False
        if self._clock() < until:
            revoked = self._revoke(revocation_id(self._ticket_keys, session), until)
        if dropped is None or revoked is None:
            self._logger.warning(
                "session %s was not purged: the store failed, so its id or tickets may"
                " resume until %.0f; call purge() again",
                name,
                until,
            )
            return False
        self._logger.info(
            "session %s purged%s%s",
            name,
            "" if dropped else " (not cached by id)",
            "; its tickets are rejected from now on" if revoked else "",
        )
        return True

    def _lookup_to_resume(self, session_id: bytes) -> Session | None:
        """Return lookup(session_id), logging why when there is no session."""
        session = self.lookup(session_id)
        if session is None:
            self._logger.info("no session for id %s", short_id(session_id))
        return session

    def _delete(self, session_id: bytes) -> bool | None:
        """Delete the session stored under `session_id`; return whether there was one.

        Return None when the store failed.
        """
        raise NotImplementedError

    def _revoke(self, revocation: bytes, until: float) -> bool | None:
        """Refuse the tickets of the session with id `revocation` until `until`.

        Return True when recorded, False when `until` has passed, None when the store failed.
        """
        raise NotImplementedError

    def _is_revoked(self, revocation: bytes, now: float) -> bool | None:
        """Return whether the session with id `revocation` was purged; None when unknown.

        `now` is the time at which lookup_ticket found the ticket unexpired. A revocation
        lasts as long as the session's tickets, so one that is still in force at `now`
        must count even when the clock has moved past its end since.
        """
        raise NotImplementedError


class SessionCache(SessionCacheBase):
    """Sessions that a server keeps for resumption, by session id or by ticket.

    A session may be resumed for `lifetime` seconds after session.timestamp, the time of
    its full handshake. The default of one hour is well under the 24-hour limit that RFC
    5246, Appendix F.1.4 suggests, because a resumable session keeps its master secret
    useful to anyone who steals it. Pike's SSL.Context keeps sessions for 600 s but
    issues tickets for 3600 s. Here one lifetime covers both, so a ticket and the id of the
    same session stay resumable for the same time. Pike checks the lifetime only when its
    cache overflows, but here every lookup checks it.

    At most `capacity` sessions are kept (Pike's max_sessions is also 1000). When a new
    session needs room, expired sessions go first, then the least recently used ones; a
    successful lookup counts as use. Tickets carry their state, so the cache keeps no
    entry for them, only the revocation ids of purged sessions until their tickets would
    expire, so that memory grows with the sessions purged within one lifetime.

    Every operation takes one lock, so a cache may be shared by many threads.
    """

    def __init__(
        self,
        *,
        lifetime: float = DEFAULT_LIFETIME,
        capacity: int = 1000,
        ticket_keys: TicketKeys | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        lifetime = check_lifetime(lifetime)
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
            raise ValueError(f"capacity must be an int of 1 or more; got {capacity!r}")
        clock = check_clock(clock)
        if ticket_keys is None:
            ticket_keys = TicketKeys(rotation_interval=lifetime, accept_previous=1, clock=clock)

        self._lifetime = lifetime
        self._capacity = capacity
        self._ticket_keys = check_ticket_keys(ticket_keys, lifetime)
        self._clock = clock
        self._lock = threading.Lock()
        # Session id -> (session, expiry), least recently used first.
        self._entries: OrderedDict[bytes, tuple[Session, float]] = OrderedDict()
        # (expiry, session id) of stored entries. A record whose entry has gone or changed
        # stays until it reaches the top, so store() rebuilds the heap when it grows large.
        self._expiries: list[tuple[float, bytes]] = []
        # revocation_id of a purged session -> when its tickets expire anyway, and the same
        # as a heap.
        self._revoked: dict[bytes, float] = {}
        self._revoked_expiries: list[tuple[float, bytes]] = []

    @property
    def capacity(self) -> int:
        """Maximum number of sessions kept by id."""
        return self._capacity

    def __repr__(self) -> str:
        return (
            f"SessionCache(lifetime={self._lifetime!r}, capacity={self._capacity!r},"
            f" sessions={len(self._entries)}, ticket_keys={self._ticket_keys!r})"
        )

    def __len__(self) -> int:
        """Return the number of sessions stored by id that have not expired.

        Like store(), it also releases the revocations of purged sessions whose tickets
        have expired.
        """
        with self._lock:
            now = self._clock()
            self._drop_expired(now)
            self._drop_revocations(now)
            return len(self._entries)

    def __contains__(self, session_id: object) -> bool:
        """Return whether a session that has not expired is stored under `session_id`."""
        if not isinstance(session_id, bytes):
            return False
        with self._lock:
            entry = self._entries.get(session_id)
            return entry is not None and self._clock() < entry[1]

    def new_session_id(self) -> bytes:
        """Return 32 random bytes that no stored session uses (RFC 5246, Section 7.4.1.2)."""
        with self._lock:
            while True:
                session_id = os.urandom(SESSION_ID_LENGTH)
                if session_id not in self._entries:
                    return session_id

    def store(self, session: Session) -> None:
        """Store `session` under session.identity, making room when the cache is full.

        A session whose lifetime is already over is not stored. Raise ValueError when
        `session` is not a Session or has no identity.
        """
        session = check_session(session)
        session_id = session.identity
        if not session_id:
            raise ValueError(
                "session.identity is empty; set it to new_session_id() before storing the session"
            )
        expiry = session.timestamp + self._lifetime

        with self._lock:
            now = self._clock()
            if now >= expiry:
                logger.info(
                    "session %s not stored: its lifetime ended %.0f s ago",
                    short_id(session_id),
                    now - expiry,
                )
                return
            self._drop_revocations(now)
            if session_id not in self._entries and len(self._entries) >= self._capacity:
                self._make_room(now)
            self._entries[session_id] = (session, expiry)
            self._entries.move_to_end(session_id)
            heapq.heappush(self._expiries, (expiry, session_id))
            if len(self._expiries) > 2 * len(self._entries) + 64:
                self._expiries = [(entry[1], key) for key, entry in self._entries.items()]
                heapq.heapify(self._expiries)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("session %s stored until %.0f", short_id(session_id), expiry)

    def lookup(self, session_id: bytes) -> Session | None:
        """Return the session stored under `session_id`, or None when none has not expired."""
        # The hit path first, in a few lines, because a busy server resumes often. Misses,
        # expired entries and ids that are not bytes go through _find below.
        if type(session_id) is bytes:
            with self._lock:
                entry = self._entries.get(session_id)
                if entry is not None and self._clock() < entry[1]:
                    self._entries.move_to_end(session_id)
                else:
                    entry = None
            if entry is not None:
                if logger.isEnabledFor(logging.DEBUG):
                    logger.debug("session %s: cache hit", short_id(session_id))
                return entry[0]
        session, expired = self._find(session_id)
        if expired:
            logger.info("session %s expired and dropped", short_id(session_id))
        elif logger.isEnabledFor(logging.DEBUG):
            outcome = "hit" if session is not None else "miss"
            logger.debug("session %s: cache %s", short_id(session_id), outcome)
        return session

    def _lookup_to_resume(self, session_id: bytes) -> Session | None:
        session, expired = self._find(session_id)
        if session is None:
            reason = "expired" if expired else "not cached"
            logger.info("no session for id %s: %s", short_id(session_id), reason)
        return session

    def _delete(self, session_id: bytes) -> bool:
        with self._lock:
            return self._entries.pop(session_id, None) is not None

    def _revoke(self, revocation: bytes, until: float) -> bool:
        with self._lock:
            self._revoked[revocation] = max(until, self._revoked.get(revocation, until))
            heapq.heappush(self._revoked_expiries, (self._revoked[revocation], revocation))
            self._drop_revocations(self._clock())
        return True

    def _is_revoked(self, revocation: bytes, now: float) -> bool:
        with self._lock:
            until = self._revoked.get(revocation)
            return until is not None and now < until

    def _find(self, session_id: bytes) -> tuple[Session | None, bool]:
        """Return the unexpired session under `session_id`, and whether one just expired."""
        if not isinstance(session_id, bytes):
            session_id = check_bytes("session_id", session_id, (), None)
        with self._lock:
            entry = self._entries.get(session_id)
            if entry is None:
                return None, False
            if self._clock() >= entry[1]:
                del self._entries[session_id]
                return None, True
            self._entries.move_to_end(session_id)
            return entry[0], False

    def _make_room(self, now: float) -> None:
        """Drop expired sessions, then least recently used ones, until one more fits."""
        self._drop_expired(now)
        while len(self._entries) >= self._capacity:
            session_id, _ = self._entries.popitem(last=False)
            logger.debug("session %s evicted: cache full", short_id(session_id))

    def _drop_expired(self, now: float) -> None:
        expiries = self._expiries
        while expiries and expiries[0][0] <= now:
            _, session_id = heapq.heappop(expiries)
            entry = self._entries.get(session_id)
            if entry is not None and entry[1] <= now:
                del self._entries[session_id]
                logger.debug("session %s expired and dropped", short_id(session_id))

    def _drop_revocations(self, now: float) -> None:
        expiries = self._revoked_expiries
        while expiries and expiries[0][0] <= now:
            until, revocation = heapq.heappop(expiries)
            if self._revoked.get(revocation) == until:
                del self._revoked[revocation]
