"""The in-process session cache through which a server resumes sessions by id or ticket."""

from __future__ import annotations

import hashlib
import heapq
import logging
import math
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from tlsspec._runtime import check_bytes
from tlsspec.session import Session
from tlsspec.tickets import TicketKeys, decode_ticket, encode_ticket, ticket_digest

__all__ = ["DEFAULT_LIFETIME", "MAX_LIFETIME", "SESSION_ID_LENGTH", "SessionCache"]

logger = logging.getLogger(__name__)

DEFAULT_LIFETIME = 3600.0
"""Default seconds for which a session may be resumed, counted from its full handshake."""

MAX_LIFETIME = 86400.0
"""Upper limit of a lifetime: RFC 5246, Appendix F.1.4 suggests 24 hours for session ids."""

SESSION_ID_LENGTH = 32
"""Bytes of a session id that new_session_id() draws, the maximum of RFC 5246, Section 7.4.1.2."""


def _short(session_id: bytes) -> str:
    """Return the first bytes of a session id as hex, enough to tell entries apart in logs."""
    return session_id[:6].hex()


class SessionCache:
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
    entry for them, only the digests of purged tickets until those would expire.

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
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
            raise ValueError(f"capacity must be an int of 1 or more; got {capacity!r}")
        if not callable(clock):
            raise ValueError(f"clock must be a callable that returns seconds; got {clock!r}")
        if ticket_keys is None:
            ticket_keys = TicketKeys(rotation_interval=lifetime, accept_previous=1, clock=clock)
        elif not isinstance(ticket_keys, TicketKeys):
            raise ValueError(f"ticket_keys must be a TicketKeys; got {type(ticket_keys).__name__}")
        elif ticket_keys.accept_window < lifetime:
            raise ValueError(
                f"ticket_keys open a ticket for {ticket_keys.accept_window:.0f} s after"
                f" issue, less than the lifetime of {lifetime:.0f} s; raise accept_previous"
                " or rotation_interval"
            )

        self._lifetime = float(lifetime)
        self._capacity = capacity
        self._ticket_keys = ticket_keys
        self._clock = clock
        self._lock = threading.Lock()
        # Session id -> (session, expiry), least recently used first.
        self._entries: OrderedDict[bytes, tuple[Session, float]] = OrderedDict()
        # (expiry, session id) of stored entries. A record whose entry has gone or changed
        # stays until it reaches the top, so store() rebuilds the heap when it grows large.
        self._expiries: list[tuple[float, bytes]] = []
        # SHA-256 of a purged ticket -> when it would expire anyway, and the same as a heap.
        self._purged_tickets: dict[bytes, float] = {}
        self._purged_expiries: list[tuple[float, bytes]] = []

    @property
    def lifetime(self) -> float:
        """Seconds after session.timestamp during which a session may be resumed."""
        return self._lifetime

    @property
    def capacity(self) -> int:
        """Maximum number of sessions kept by id."""
        return self._capacity

    @property
    def ticket_keys(self) -> TicketKeys:
        """Keys that seal and open this cache's tickets."""
        return self._ticket_keys

    def __repr__(self) -> str:
        return (
            f"SessionCache(lifetime={self._lifetime!r}, capacity={self._capacity!r},"
            f" sessions={len(self._entries)}, ticket_keys={self._ticket_keys!r})"
        )

    def __len__(self) -> int:
        """Return the number of sessions stored by id that have not expired."""
        with self._lock:
            self._drop_expired(self._clock())
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
        session = _check_session(session)
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
                    _short(session_id),
                    now - expiry,
                )
                return
            if session_id not in self._entries and len(self._entries) >= self._capacity:
                self._make_room(now)
            self._entries[session_id] = (session, expiry)
            self._entries.move_to_end(session_id)
            heapq.heappush(self._expiries, (expiry, session_id))
            if len(self._expiries) > 2 * len(self._entries) + 64:
                self._expiries = [(entry[1], key) for key, entry in self._entries.items()]
                heapq.heapify(self._expiries)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("session %s stored until %.0f", _short(session_id), expiry)

    def lookup(self, session_id: bytes) -> Session | None:
        """Return the session stored under `session_id`, or None when none has not expired."""
        session, expired = self._find(session_id)
        if expired:
            logger.info("session %s expired and dropped", _short(session_id))
        elif logger.isEnabledFor(logging.DEBUG):
            outcome = "hit" if session is not None else "miss"
            logger.debug("session %s: cache %s", _short(session_id), outcome)
        return session

    def issue_ticket(self, session: Session) -> bytes:
        """Seal `session` into a ticket, set session.ticket and ticket_expiry_time, return it.

        The ticket expires with the session's lifetime: at session.timestamp + lifetime.
        """
        session = _check_session(session)
        ticket = encode_ticket(self._ticket_keys, session)
        session.ticket = ticket
        session.ticket_expiry_time = session.timestamp + self._lifetime
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "ticket %s issued until %.0f", ticket_digest(ticket), session.ticket_expiry_time
            )
        return ticket

    def lookup_ticket(self, ticket: bytes) -> Session | None:
        """Return the session that `ticket` carries, or None when it must not be resumed.

        Besides what decode_ticket rejects, a ticket of a purged session is rejected. Never
        raise for bytes; raise ValueError for anything else.
        """
        ticket = check_bytes("ticket", ticket, (), None)
        digest = hashlib.sha256(ticket).digest()
        # Every operation that drops purged digests reads the clock under the lock, so a
        # digest that another thread dropped has expired by this `now` too.
        with self._lock:
            now = self._clock()
            self._drop_purged_tickets(now)
            purged = digest in self._purged_tickets
        if purged:
            logger.info("ticket %s rejected: its session was purged", ticket_digest(ticket))
            return None
        return decode_ticket(self._ticket_keys, ticket, lifetime=self._lifetime, now=now)

    def resume(
        self, offered: Session, *, session_id: bytes = b"", ticket: bytes = b""
    ) -> Session | None:
        """Return the cached session that a new connection may resume, or None.

        A non-empty ticket is tried alone, without the session id (RFC 5077, Section 3.4).
        The cached session is returned only when cached.reusable_as(offered) holds;
        otherwise one INFO line logs the reason.
        """
        offered = _check_session(offered)
        session_id = check_bytes("session_id", session_id, (), None)
        ticket = check_bytes("ticket", ticket, (), None)

        if ticket:
            cached = self.lookup_ticket(ticket)
            if cached is None:
                return None
        elif session_id:
            cached, expired = self._find(session_id)
            if cached is None:
                reason = "expired" if expired else "not cached"
                logger.info("no session for id %s: %s", _short(session_id), reason)
                return None
        else:
            logger.debug("no session id or ticket offered")
            return None

        # One call instead of reusable_as() and then resumption_mismatch() for the reason.
        mismatch = cached.resumption_mismatch(offered)
        if mismatch is not None:
            logger.info("not resumable: %s", mismatch)
            return None
        return cached

    def purge(self, session: Session) -> None:
        """Drop `session` so that neither its id nor its ticket resumes it again.

        RFC 5246, Section 7.2.2: a session that a fatal alert ended must not be resumed.
        The ticket's SHA-256 is kept until the ticket would expire anyway, so the memory
        grows with the tickets purged within one lifetime.
        """
        session = _check_session(session)
        with self._lock:
            now = self._clock()
            dropped = bool(session.identity) and (
                self._entries.pop(session.identity, None) is not None
            )
            ticket_expiry = session.ticket_expiry_time
            if ticket_expiry is None:
                ticket_expiry = session.timestamp + self._lifetime
            # TODO: only the latest ticket (session.ticket) is remembered, so a ticket that
            # issue_ticket() gave out earlier for the same session still resumes it.
            remembered = bool(session.ticket) and now < ticket_expiry
            if remembered:
                digest = hashlib.sha256(session.ticket).digest()
                self._purged_tickets[digest] = ticket_expiry
                heapq.heappush(self._purged_expiries, (ticket_expiry, digest))
            self._drop_purged_tickets(now)
        logger.info(
            "session %s purged%s%s",
            _short(session.identity) or "without id",
            "" if dropped else " (not cached by id)",
            f"; ticket {ticket_digest(session.ticket)} rejected from now on" if remembered else "",
        )

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
            logger.debug("session %s evicted: cache full", _short(session_id))

    def _drop_expired(self, now: float) -> None:
        expiries = self._expiries
        while expiries and expiries[0][0] <= now:
            _, session_id = heapq.heappop(expiries)
            entry = self._entries.get(session_id)
            if entry is not None and entry[1] <= now:
                del self._entries[session_id]
                logger.debug("session %s expired and dropped", _short(session_id))

    def _drop_purged_tickets(self, now: float) -> None:
        expiries = self._purged_expiries
        while expiries and expiries[0][0] <= now:
            expiry, digest = heapq.heappop(expiries)
            if self._purged_tickets.get(digest) == expiry:
                del self._purged_tickets[digest]


def _check_session(session: object) -> Session:
    if not isinstance(session, Session):
        raise ValueError(f"session must be a tlsspec.Session; got {type(session).__name__}")
    return session
