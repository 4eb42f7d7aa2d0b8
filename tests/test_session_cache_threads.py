"""SessionCache under 12 threads: no errors, nothing expired returned, nothing missing."""

from __future__ import annotations

import random
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from tlsspec import Session
from tlsspec.session_cache import SessionCache
from tlsspec.tickets import TicketKeys

WORKERS = 12
OPERATIONS = 1500
LIFETIME = 2.0
# Seconds of fake time per step of the clock thread; a session lives for 2000 steps.
CLOCK_STEP = 0.001
START = 1_800_000_000.0


class RecordingClock:
    """A fake clock that remembers, per thread, the last time it returned."""

    def __init__(self, now: float) -> None:
        self.now = now
        self.local = threading.local()

    def __call__(self) -> float:
        now = self.now
        self.local.last = now
        # Give other threads a turn inside the cache's critical sections, where the cache
        # reads its clock, so that a missing lock shows as a race.
        time.sleep(0)
        return now

    def read(self) -> float:
        """Return the time without recording it, for the ticket keys."""
        return self.now

    @property
    def last(self) -> float:
        """Return the time that the cache last read in this thread."""
        last: float = self.local.last
        return last


@dataclass
class Owned:
    """A session that one worker created, with what the cache must return for it."""

    session: Session
    expiry: float
    purged: bool = False


@pytest.fixture
def short_switch_interval() -> Iterator[None]:
    """Switch threads every 10 microseconds, so operations interleave finely."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(interval)


def run_worker(
    cache: SessionCache, clock: RecordingClock, seed: int, all_ids: list[bytes]
) -> tuple[int, int]:
    """Run OPERATIONS random operations and check each result.

    Return how many lookups found a session and how many found it expired."""
    rng = random.Random(seed)
    owned: list[Owned] = []
    hits = expired = 0
    for _ in range(OPERATIONS):
        choice = rng.random()
        if choice < 0.25 or not owned:
            session = Session(
                identity=cache.new_session_id(),
                version=0x0303,
                cipher_suite=0xC02F,
                master_secret=rng.randbytes(48),
                timestamp=clock.read() - rng.uniform(0.0, LIFETIME),
            )
            all_ids.append(session.identity)
            cache.store(session)
            owned.append(Owned(session, session.timestamp + LIFETIME))
            continue

        item = rng.choice(owned)
        session_id = item.session.identity
        if choice < 0.45:
            found = cache.lookup(session_id)
            if found is None:
                # Another thread may have dropped the expired entry, so this lookup read
                # no clock: the session must have expired by the time it returned.
                assert item.purged or clock.read() >= item.expiry
                expired += not item.purged
            else:
                assert found is item.session
                assert not item.purged
                assert clock.last < item.expiry
                hits += 1
        elif choice < 0.55 and not item.purged:
            # A server never issues a ticket for a session that it purged.
            cache.issue_ticket(item.session)
        elif choice < 0.7 and item.session.ticket:
            from_ticket = cache.lookup_ticket(item.session.ticket)
            if from_ticket is None:
                assert item.purged or clock.read() >= item.expiry
                expired += not item.purged
            else:
                assert from_ticket.master_secret == item.session.master_secret
                assert not item.purged
                assert clock.last < item.expiry
                hits += 1
        elif choice < 0.73:
            cache.purge(item.session)
            item.purged = True
        elif choice < 0.98:
            # Recent sessions of other workers: several threads race on the same entries.
            cache.lookup(rng.choice(all_ids[-50:]))
        else:
            assert len(cache) <= cache.capacity
            assert (session_id in cache) in (True, False)
    return hits, expired


def test_threads_share_cache(short_switch_interval: None) -> None:
    clock = RecordingClock(START)
    # Two previous epochs, so that no ticket loses its key between the cache's clock read
    # and the keys' own read.
    keys = TicketKeys(rotation_interval=LIFETIME, accept_previous=2, clock=clock.read)
    # Room for every session, so that none is evicted and each lookup result is exact.
    capacity = WORKERS * OPERATIONS
    cache = SessionCache(lifetime=LIFETIME, capacity=capacity, ticket_keys=keys, clock=clock)
    all_ids: list[bytes] = [bytes(32)]
    done = threading.Event()

    def advance_clock() -> None:
        while not done.is_set():
            clock.now += CLOCK_STEP
            time.sleep(0)

    with ThreadPoolExecutor(max_workers=WORKERS + 1) as pool:
        ticker = pool.submit(advance_clock)
        workers = [pool.submit(run_worker, cache, clock, seed, all_ids) for seed in range(WORKERS)]
        try:
            results = [worker.result(timeout=60) for worker in workers]
        finally:
            done.set()
        ticker.result(timeout=10)

    # Both outcomes occurred: sessions were found, and sessions expired during the run.
    assert sum(hits for hits, _ in results) > 0
    assert sum(expired for _, expired in results) > 0
