"""SessionCache against a plain model: a dict, an LRU order list and a fake clock."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)
from tlsspec import Session
from tlsspec.session_cache import SessionCache

START = 1_800_000_000.0
# A small pool of ids, so that stores replace, evict and miss often.
SESSION_IDS = [bytes([number]) * 32 for number in range(1, 6)]


class FakeClock:
    """A clock that returns `now` until the machine advances it."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class SessionCacheMachine(RuleBasedStateMachine):
    """Drive a small SessionCache and a model with the same operations and compare them."""

    sessions = Bundle("sessions")
    tickets = Bundle("tickets")

    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock(START)
        self.lifetime = 0.0
        self.capacity = 0
        self.cache: SessionCache | None = None
        self.created = 0
        # The model: id -> (session, expiry), the ids from least to most recently used, and
        # the master secret of a purged session -> when its tickets would have expired.
        self.entries: dict[bytes, tuple[Session, float]] = {}
        self.order: list[bytes] = []
        self.purged: dict[bytes, float] = {}
        # Ticket -> (master secret of its session, when it expires).
        self.issued: dict[bytes, tuple[bytes, float]] = {}

    @property
    def subject(self) -> SessionCache:
        assert self.cache is not None
        return self.cache

    @initialize(capacity=st.integers(1, 5), lifetime=st.sampled_from([10.0, 25.0]))
    def create(self, capacity: int, lifetime: float) -> None:
        self.capacity = capacity
        self.lifetime = lifetime
        self.cache = SessionCache(lifetime=lifetime, capacity=capacity, clock=self.clock)

    def model_expired(self, session_id: bytes) -> bool:
        return self.clock.now >= self.entries[session_id][1]

    def model_drop(self, session_id: bytes) -> None:
        del self.entries[session_id]
        self.order.remove(session_id)

    @rule(fraction=st.sampled_from([0.125, 0.25, 0.5]))
    def advance(self, fraction: float) -> None:
        self.clock.now += fraction * self.lifetime

    @rule(
        target=sessions,
        session_id=st.sampled_from(SESSION_IDS),
        age_fraction=st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]),
    )
    def store(self, session_id: bytes, age_fraction: float) -> Session:
        # A session from a handshake up to one lifetime ago. Quarter steps of the lifetime
        # make sessions expire exactly at the time of a later step, and some on storing.
        age = age_fraction * self.lifetime
        self.created += 1
        session = Session(
            identity=session_id,
            version=0x0303,
            cipher_suite=0xC02F,
            master_secret=self.created.to_bytes(48, "big"),
            timestamp=self.clock.now - age,
        )
        self.subject.store(session)

        expiry = session.timestamp + self.lifetime
        if self.clock.now >= expiry:
            return session
        if session_id in self.entries:
            self.model_drop(session_id)
        elif len(self.entries) >= self.capacity:
            for stored_id in [i for i in self.order if self.model_expired(i)]:
                self.model_drop(stored_id)
            while len(self.entries) >= self.capacity:
                self.model_drop(self.order[0])
        self.entries[session_id] = (session, expiry)
        self.order.append(session_id)
        return session

    @rule(session=sessions)
    def lookup_stored(self, session: Session) -> None:
        self.lookup(session.identity)

    @rule(session_id=st.sampled_from(SESSION_IDS))
    def lookup(self, session_id: bytes) -> None:
        found = self.subject.lookup(session_id)

        expected = None
        if session_id in self.entries:
            if self.model_expired(session_id):
                self.model_drop(session_id)
            else:
                expected = self.entries[session_id][0]
                self.order.remove(session_id)
                self.order.append(session_id)
        assert found is expected

    @rule(target=tickets, session=sessions)
    def issue_ticket(self, session: Session) -> bytes:
        ticket = self.subject.issue_ticket(session)

        assert session.ticket == ticket
        assert session.ticket_expiry_time == session.timestamp + self.lifetime
        self.issued[ticket] = (session.master_secret, session.ticket_expiry_time)
        return ticket

    @rule(ticket=tickets)
    def lookup_ticket(self, ticket: bytes) -> None:
        found = self.subject.lookup_ticket(ticket)

        master_secret, expiry = self.issued[ticket]
        if self.clock.now >= expiry or self.purged.get(master_secret, 0.0) > self.clock.now:
            assert found is None
        else:
            assert found is not None
            assert found.master_secret == master_secret

    @rule(session=sessions)
    def purge(self, session: Session) -> None:
        self.subject.purge(session)

        if session.identity in self.entries:
            self.model_drop(session.identity)
        # Every ticket of the session carries its master secret, and all of them are
        # rejected until the session's lifetime ends.
        expiry = session.timestamp + self.lifetime
        if self.clock.now < expiry:
            self.purged[session.master_secret] = expiry

    def teardown(self) -> None:
        # Checked once at the end, not after every step, because len() drops expired
        # sessions and would hide whether eviction drops expired sessions first.
        if self.cache is not None:
            live = [i for i, (_, expiry) in self.entries.items() if self.clock.now < expiry]
            assert len(self.cache) == len(live)

    @invariant()
    def within_capacity(self) -> None:
        if self.cache is not None:
            # Expired sessions that no lookup has dropped yet count against capacity too.
            assert len(self.cache._entries) <= self.capacity

    @invariant()
    def same_contents(self) -> None:
        if self.cache is None:
            return
        for session_id in SESSION_IDS:
            live = session_id in self.entries and not self.model_expired(session_id)
            assert (session_id in self.cache) == live, session_id.hex()[:4]


TestSessionCacheModel = SessionCacheMachine.TestCase
