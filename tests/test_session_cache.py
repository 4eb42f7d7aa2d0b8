"""SessionCache: storage by id, expiry, LRU eviction, tickets, purge and resumption."""

from __future__ import annotations

import logging
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tlsspec import Session
from tlsspec.session_cache import SessionCache
from tlsspec.tickets import TicketKeys

LIFETIME = 100.0
START = 1_800_000_000.0


class FakeClock:
    """A clock that returns `now` until a test moves it."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def make_session(number: int, timestamp: float = START, **fields: object) -> Session:
    """Return a session whose id and master secret are derived from `number`."""
    return Session(
        identity=number.to_bytes(32, "big"),
        version=0x0303,
        cipher_suite=0xC02F,
        master_secret=bytes([number % 256]) * 48,
        timestamp=timestamp,
        **fields,  # type: ignore[arg-type]
    )


def make_cache(capacity: int = 10, clock: FakeClock | None = None) -> SessionCache:
    return SessionCache(lifetime=LIFETIME, capacity=capacity, clock=clock or FakeClock(START))


def test_defaults() -> None:
    cache = SessionCache()

    assert cache.lifetime == 3600.0
    assert cache.capacity == 1000
    assert cache.ticket_keys.accept_window >= cache.lifetime
    assert len(cache) == 0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"lifetime": 0}, "lifetime must be a number of seconds above 0 and at most 86400"),
        ({"lifetime": 86401}, "lifetime must be a number of seconds above 0 and at most 86400"),
        ({"lifetime": math.nan}, "lifetime must be a number of seconds above 0"),
        ({"lifetime": True}, "lifetime must be a number of seconds above 0"),
        ({"capacity": 0}, "capacity must be an int of 1 or more; got 0"),
        ({"capacity": 2.0}, "capacity must be an int of 1 or more; got 2.0"),
        ({"capacity": True}, "capacity must be an int of 1 or more; got True"),
        ({"ticket_keys": b"k" * 32}, "ticket_keys must be a TicketKeys; got bytes"),
        ({"clock": "time"}, "clock must be a callable that returns seconds"),
        ({"clock": lambda: "x"}, "clock must return a finite number of seconds"),
        ({"clock": lambda: math.nan}, "clock must return a finite number of seconds"),
        (
            {"lifetime": 7200, "ticket_keys": TicketKeys(rotation_interval=3600.0)},
            "ticket_keys open a token for 3600 s after it is sealed, less than the lifetime of 7200 s",
        ),
    ],
)
def test_bad_arguments(arguments: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SessionCache(**arguments)  # type: ignore[arg-type]


def test_store_and_lookup() -> None:
    cache = make_cache()
    session = make_session(1)

    cache.store(session)

    assert cache.lookup(session.identity) is session
    assert session.identity in cache
    assert len(cache) == 1
    assert cache.lookup(make_session(2).identity) is None


def test_store_rejects_empty_identity() -> None:
    cache = make_cache()

    with pytest.raises(ValueError, match=r"session\.identity is empty; set it to new_session_id"):
        cache.store(Session(master_secret=bytes(48)))


def test_store_rejects_non_session() -> None:
    cache = make_cache()

    with pytest.raises(ValueError, match=r"session must be a tlsspec\.Session; got str"):
        cache.store("session")  # type: ignore[arg-type]


def test_store_skips_expired_session(caplog: pytest.LogCaptureFixture) -> None:
    cache = make_cache()
    caplog.set_level(logging.INFO, logger="tlsspec.session_cache")

    cache.store(make_session(1, timestamp=START - LIFETIME))

    assert len(cache) == 0
    assert "not stored: its lifetime ended 0 s ago" in caplog.text


def test_lookup_expires_at_lifetime(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock(START)
    cache = make_cache(clock=clock)
    session = make_session(1)
    cache.store(session)
    caplog.set_level(logging.INFO, logger="tlsspec.session_cache")

    clock.now = START + LIFETIME - 0.001
    assert cache.lookup(session.identity) is session
    clock.now = START + LIFETIME
    assert session.identity not in cache
    assert cache.lookup(session.identity) is None
    assert "expired and dropped" in caplog.text
    assert len(cache) == 0


def test_lookup_rejects_non_bytes() -> None:
    cache = make_cache()

    with pytest.raises(ValueError, match="session_id must be bytes; got str"):
        cache.lookup("abc")  # type: ignore[arg-type]


def test_contains_only_bytes() -> None:
    cache = make_cache()
    cache.store(make_session(1))

    assert "abc" not in cache
    assert make_session(1).identity in cache


def test_lru_eviction_counts_lookups() -> None:
    cache = make_cache(capacity=3)
    first, second, third, fourth = (make_session(n) for n in range(1, 5))
    for session in (first, second, third):
        cache.store(session)

    cache.lookup(first.identity)
    cache.store(fourth)

    assert len(cache) == 3
    assert second.identity not in cache
    for session in (first, third, fourth):
        assert session.identity in cache


def test_eviction_drops_expired_first() -> None:
    clock = FakeClock(START)
    cache = make_cache(capacity=3, clock=clock)
    old = make_session(1, timestamp=START - LIFETIME + 10.0)
    recent = [make_session(n) for n in (2, 3)]
    for session in (*recent, old):
        cache.store(session)
    cache.lookup(old.identity)

    clock.now = START + 20.0
    newest = make_session(4, timestamp=clock.now)
    cache.store(newest)

    # The expired session goes, although the other two were used less recently.
    for session in (*recent, newest):
        assert session.identity in cache
    assert len(cache) == 3


def test_restore_same_id_keeps_others() -> None:
    cache = make_cache(capacity=2)
    first, second = make_session(1), make_session(2)
    cache.store(first)
    cache.store(second)

    replacement = make_session(1, timestamp=START + 1.0)
    cache.store(replacement)

    assert cache.lookup(first.identity) is replacement
    assert second.identity in cache


def test_new_session_id_avoids_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = make_cache()
    stored = make_session(1)
    cache.store(stored)
    draws = iter([stored.identity, bytes(range(32))])
    monkeypatch.setattr("tlsspec.session_cache.os.urandom", lambda size: next(draws))

    assert cache.new_session_id() == bytes(range(32))


def test_new_session_id_is_32_random_bytes() -> None:
    cache = make_cache()

    session_ids = {cache.new_session_id() for _ in range(100)}

    assert len(session_ids) == 100
    assert {len(session_id) for session_id in session_ids} == {32}


def test_issue_ticket_sets_session_fields() -> None:
    cache = make_cache()
    session = make_session(1, timestamp=START - 30.0)

    ticket = cache.issue_ticket(session)

    assert session.ticket == ticket
    assert session.ticket_expiry_time == START - 30.0 + LIFETIME


def test_lookup_ticket_round_trip() -> None:
    clock = FakeClock(START)
    cache = make_cache(clock=clock)
    session = make_session(7)
    ticket = cache.issue_ticket(session)

    found = cache.lookup_ticket(ticket)

    assert found is not None
    assert found.master_secret == session.master_secret
    assert found.timestamp == session.timestamp
    clock.now = START + LIFETIME
    assert cache.lookup_ticket(ticket) is None


@given(st.binary(max_size=200))
def test_lookup_ticket_never_raises(data: bytes) -> None:
    cache = make_cache()

    assert cache.lookup_ticket(data) is None


def test_purge_drops_id_and_ticket(caplog: pytest.LogCaptureFixture) -> None:
    cache = make_cache()
    session = make_session(3)
    cache.store(session)
    ticket = cache.issue_ticket(session)
    caplog.set_level(logging.INFO, logger="tlsspec.session_cache")

    cache.purge(session)

    assert cache.lookup(session.identity) is None
    assert cache.lookup_ticket(ticket) is None
    assert "purged; its tickets are rejected from now on" in caplog.text
    assert "rejected: its session was purged" in caplog.text


def test_purge_rejects_every_ticket_of_session() -> None:
    cache = make_cache()
    session = make_session(3)
    first = cache.issue_ticket(session)
    second = cache.issue_ticket(session)

    cache.purge(session)

    assert first != second
    assert cache.lookup_ticket(first) is None
    assert cache.lookup_ticket(second) is None


def test_purge_of_copy_blocks_every_id(caplog: pytest.LogCaptureFixture) -> None:
    # A resumed session stored again under a new id is the same session: a fatal alert
    # on the copy ends the original too (RFC 5246, Section 7.2.2).
    cache = make_cache()
    original = make_session(3)
    cache.store(original)
    ticket = cache.issue_ticket(original)
    copy = cache.lookup_ticket(ticket)
    assert copy is not None
    copy.identity = bytes(31) + b"\x07"
    cache.store(copy)
    caplog.set_level(logging.INFO, logger="tlsspec.session_cache")

    assert cache.purge(copy) is True

    assert cache.resume(make_session(3), session_id=original.identity) is None
    assert cache.resume(make_session(3), session_id=copy.identity) is None
    assert cache.resume(make_session(3), ticket=ticket) is None
    assert "rejected: its session was purged" in caplog.text


def test_purge_after_ticket_resumption() -> None:
    cache = make_cache()
    ticket = cache.issue_ticket(make_session(3))
    resumed = cache.lookup_ticket(ticket)
    assert resumed is not None
    assert resumed.ticket == ticket

    cache.purge(resumed)

    assert cache.lookup_ticket(ticket) is None


def test_purge_keeps_other_tickets() -> None:
    cache = make_cache()
    purged, other = make_session(3), make_session(4)
    cache.issue_ticket(purged)
    other_ticket = cache.issue_ticket(other)

    cache.purge(purged)

    assert cache.lookup_ticket(other_ticket) is not None


def test_purged_ticket_forgotten_after_expiry() -> None:
    clock = FakeClock(START)
    cache = make_cache(clock=clock)
    session = make_session(3)
    ticket = cache.issue_ticket(session)
    cache.purge(session)

    clock.now = START + LIFETIME
    assert cache.lookup_ticket(ticket) is None
    # The revocation of a session whose tickets have expired serves no purpose, so len()
    # and store() release its memory.
    assert len(cache) == 0
    assert len(cache._revoked) == 0


def test_purge_uncached_session(caplog: pytest.LogCaptureFixture) -> None:
    cache = make_cache()
    caplog.set_level(logging.INFO, logger="tlsspec.session_cache")

    cache.purge(make_session(9))

    assert "purged (not cached by id)" in caplog.text


def test_logs_hold_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock(START)
    cache = make_cache(capacity=1, clock=clock)
    sessions = [make_session(n) for n in (0x11, 0x22)]
    caplog.set_level(logging.DEBUG)

    for session in sessions:
        cache.store(session)
        cache.issue_ticket(session)
        cache.lookup(session.identity)
        cache.lookup_ticket(session.ticket)
    cache.purge(sessions[1])
    cache.lookup_ticket(sessions[1].ticket)
    clock.now = START + LIFETIME
    cache.lookup(sessions[0].identity)
    cache.lookup_ticket(sessions[0].ticket)

    assert len(caplog.records) >= 8
    for session in sessions:
        assert session.master_secret.hex() not in caplog.text
        assert repr(session.master_secret)[2:-1] not in caplog.text
        assert session.identity.hex() not in caplog.text
        assert session.ticket.hex()[:40] not in caplog.text


def test_resume_without_offer() -> None:
    cache = make_cache()

    assert cache.resume(make_session(1)) is None


def test_resume_unknown_id_logged(caplog: pytest.LogCaptureFixture) -> None:
    cache = make_cache()
    caplog.set_level(logging.INFO, logger="tlsspec.session_cache")

    assert cache.resume(make_session(1), session_id=bytes(32)) is None
    assert "no session for id 000000000000: not cached" in caplog.text


def test_resume_expired_id_logged(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock(START)
    cache = make_cache(clock=clock)
    session = make_session(1)
    cache.store(session)
    caplog.set_level(logging.INFO, logger="tlsspec.session_cache")

    clock.now = START + LIFETIME
    assert cache.resume(make_session(1), session_id=session.identity) is None
    assert "no session for id 000000000000: expired" in caplog.text


def test_resume_bad_ticket_ignores_id(caplog: pytest.LogCaptureFixture) -> None:
    cache = make_cache()
    session = make_session(1)
    cache.store(session)
    caplog.set_level(logging.INFO)

    # RFC 5077, Section 3.4: the session id next to a ticket only marks resumption.
    resumed = cache.resume(make_session(1), session_id=session.identity, ticket=b"\x00" * 60)

    assert resumed is None
    assert "rejected: unknown key name" in caplog.text


def test_resume_by_id() -> None:
    cache = make_cache()
    session = make_session(1)
    cache.store(session)

    assert cache.resume(make_session(1), session_id=session.identity) is session


def test_resume_by_ticket() -> None:
    cache = make_cache()
    session = make_session(1)
    ticket = cache.issue_ticket(session)

    resumed = cache.resume(make_session(1), ticket=ticket)

    assert resumed is not None
    assert resumed.master_secret == session.master_secret


def test_resume_suite_mismatch_logged(caplog: pytest.LogCaptureFixture) -> None:
    cache = make_cache()
    session = make_session(1)
    cache.store(session)
    caplog.set_level(logging.INFO, logger="tlsspec.session_cache")

    offered = make_session(1)
    offered.cipher_suite = 0xC030
    assert cache.resume(offered, session_id=session.identity) is None
    assert "not resumable: cipher_suite differs" in caplog.text


def test_resume_prefers_ticket() -> None:
    cache = make_cache()
    by_id, by_ticket = make_session(1), make_session(2)
    cache.store(by_id)
    ticket = cache.issue_ticket(by_ticket)

    resumed = cache.resume(make_session(1), session_id=by_id.identity, ticket=ticket)

    assert resumed is not None
    assert resumed.master_secret == by_ticket.master_secret


def test_resume_expired_ticket_logged(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock(START)
    cache = make_cache(clock=clock)
    ticket = cache.issue_ticket(make_session(1))
    caplog.set_level(logging.INFO)

    clock.now = START + LIFETIME
    assert cache.resume(make_session(1), ticket=ticket) is None
    assert "rejected: expired" in caplog.text


def test_repr_shows_no_secret() -> None:
    cache = make_cache()
    session = make_session(0x5A)
    cache.store(session)

    text = repr(cache)

    assert "sessions=1" in text
    assert session.master_secret.hex() not in text
