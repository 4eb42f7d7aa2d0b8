"""The Redis session cache against a real redis-server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
import redis
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from hypothesis import given
from hypothesis import strategies as st
from tlsspec import Session, redis_cache
from tlsspec.redis_cache import RedisSessionCache
from tlsspec.session_state import encode_session_state
from tlsspec.tickets import TicketKeys

from tests.redis_server import RedisServer, free_port

SECRET = bytes(range(32))
OTHER_SECRET = bytes(range(32, 64))
# 48 bytes that cannot occur by chance in a sealed value.
MASTER_SECRET = bytes(range(0x80, 0xB0))
LIFETIME = 600.0
# A fixed start for fake clocks: 2027-01-15 08:00:00 UTC.
START = 1_800_000_000.0
# What a call may take beyond the socket timeout on a loaded machine.
TIMEOUT_MARGIN = 0.4
LOGGER = "tlsspec.redis_cache"


class FakeClock:
    """A clock that stays where the test sets it."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def make_session(identity: bytes, timestamp: float) -> Session:
    """Return a TLS 1.2 session with a recognisable master secret."""
    return Session(
        identity=identity,
        version=0x0303,
        cipher_suite=0xC02F,
        master_secret=MASTER_SECRET,
        extended_master_secret=True,
        server_name="www.example.com",
        timestamp=timestamp,
    )


def make_offer() -> Session:
    """Return what a new connection negotiated before it requests resumption."""
    return Session(
        version=0x0303,
        cipher_suite=0xC02F,
        extended_master_secret=True,
        server_name="www.example.com",
    )


def make_cache(
    client_or_url: redis.Redis | str,
    secret: bytes = SECRET,
    clock: FakeClock | None = None,
    lifetime: float = LIFETIME,
    socket_timeout: float = 0.5,
) -> RedisSessionCache:
    """Return a cache whose ticket keys and lifetime read the same clock."""
    now = clock if clock is not None else time.time
    keys = TicketKeys(secret, rotation_interval=3600.0, accept_previous=1, clock=now)
    return RedisSessionCache(
        client_or_url,
        ticket_keys=keys,
        lifetime=lifetime,
        clock=now,
        socket_timeout=socket_timeout,
    )


def sha256_key(kind: bytes, value: bytes) -> bytes:
    """Return the Redis key of a session id: prefix, kind and SHA-256 in hex."""
    return b"tlsspec:" + kind + b":" + hashlib.sha256(value).hexdigest().encode()


def revoked_key(master_secret: bytes, secret: bytes = SECRET) -> bytes:
    """Return the Redis key of a purged session, computed here from the documented recipe.

    The revocation id is HMAC-SHA256 under the key that HKDF-SHA256 (RFC 5869, no salt)
    derives from the ticket secret with info "tlsspec fingerprint v1", over "master secret "
    and the master secret, cut to 16 bytes.
    """
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"tlsspec fingerprint v1"
    ).derive(secret)
    digest = hmac.digest(key, b"master secret " + master_secret, "sha256")[:16]
    return b"tlsspec:revoked:" + digest.hex().encode()


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == LOGGER and record.levelno == logging.WARNING
    ]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def server_a(redis_client: redis.Redis, clock: FakeClock) -> RedisSessionCache:
    """A cache of one server of the fleet."""
    return make_cache(redis_client, clock=clock)


@pytest.fixture
def server_b(
    redis_server: RedisServer, redis_client: redis.Redis, clock: FakeClock
) -> Iterator[RedisSessionCache]:
    """A cache of another server: its own connection, the same Redis and secret."""
    client = redis_server.client()
    yield make_cache(client, clock=clock)
    client.close()


def test_session_resumes_on_other_server(
    server_a: RedisSessionCache, server_b: RedisSessionCache
) -> None:
    session_id = server_a.new_session_id()
    server_a.store(make_session(session_id, START))

    found = server_b.lookup(session_id)
    assert found is not None
    assert found.identity == session_id
    assert found.master_secret == MASTER_SECRET
    assert found.version == 0x0303
    assert found.cipher_suite == 0xC02F
    assert found.server_name == "www.example.com"
    assert found.timestamp == START

    resumed = server_b.resume(make_offer(), session_id=session_id)
    assert resumed is not None
    assert resumed.master_secret == MASTER_SECRET


def test_ticket_resumes_on_other_server(
    server_a: RedisSessionCache, server_b: RedisSessionCache
) -> None:
    session = make_session(b"", START)
    ticket = server_a.issue_ticket(session)
    assert session.ticket == ticket
    assert session.ticket_expiry_time == START + LIFETIME

    found = server_b.lookup_ticket(ticket)
    assert found is not None
    assert found.master_secret == MASTER_SECRET
    assert found.ticket == ticket
    resumed = server_b.resume(make_offer(), ticket=ticket)
    assert resumed is not None
    assert resumed.master_secret == MASTER_SECRET


@pytest.mark.parametrize(
    ("field", "value"),
    [
        # RFC 7627, Section 5.3: a session without extended_master_secret must not resume
        # a handshake that uses it, nor the other way round.
        ("extended_master_secret", False),
        ("cipher_suite", 0xC030),
        ("version", 0x0302),
    ],
)
def test_resume_rejects_other_parameters(
    server_a: RedisSessionCache,
    server_b: RedisSessionCache,
    caplog: pytest.LogCaptureFixture,
    field: str,
    value: object,
) -> None:
    session = make_session(server_a.new_session_id(), START)
    server_a.store(session)
    ticket = server_a.issue_ticket(session)
    offer = make_offer()
    setattr(offer, field, value)

    with caplog.at_level(logging.INFO, logger=LOGGER):
        assert server_b.resume(offer, session_id=session.identity) is None
        assert server_b.resume(offer, ticket=ticket) is None
    assert f"not resumable: {field} differs" in caplog.text


def test_other_secret_misses_with_warning(
    server_a: RedisSessionCache,
    redis_client: redis.Redis,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    session_id = server_a.new_session_id()
    server_a.store(make_session(session_id, START))
    stranger = make_cache(redis_client, secret=OTHER_SECRET, clock=clock)

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert stranger.lookup(session_id) is None
    assert any("stored value rejected" in message for message in warnings_of(caplog))


def test_redis_values_hide_clear_state(
    server_a: RedisSessionCache, redis_client: redis.Redis, clock: FakeClock
) -> None:
    session_ids = [server_a.new_session_id() for _ in range(5)]
    states = []
    for session_id in session_ids:
        session = make_session(session_id, START)
        states.append(encode_session_state(session))
        server_a.store(session)
        server_a.purge(session)
        server_a.store(session)
    ticket_session = make_session(session_ids[0], START)
    server_a.issue_ticket(ticket_session)
    server_a.purge(ticket_session)

    keys = sorted(redis_client.scan_iter(match=b"tlsspec:*"))
    expected = sorted(
        [sha256_key(b"id", session_id) for session_id in session_ids[1:]]
        # Every session here has the same master secret, so one revocation covers them all.
        + [revoked_key(MASTER_SECRET)]
    )
    assert keys == expected
    for key in keys:
        value = redis_client.get(key)
        assert isinstance(value, bytes)
        assert MASTER_SECRET not in value
        assert MASTER_SECRET.hex().encode() not in value
        for session_id in session_ids:
            assert session_id not in key
            assert session_id not in value
        for state in states:
            assert state not in value


def test_redis_expiry_matches_lifetime(
    server_a: RedisSessionCache, redis_client: redis.Redis, clock: FakeClock
) -> None:
    # Established 100 s ago with a 600 s lifetime: 500 s left, in milliseconds.
    clock.now = START + 100
    session_id = server_a.new_session_id()
    server_a.store(make_session(session_id, START))

    ttl = redis_client.pttl(sha256_key(b"id", session_id))
    assert 499_000 <= ttl <= 500_000


def test_expired_session_not_stored(
    server_a: RedisSessionCache, redis_client: redis.Redis, clock: FakeClock
) -> None:
    clock.now = START + LIFETIME
    server_a.store(make_session(b"\x01" * 32, START))
    assert redis_client.dbsize() == 0


@pytest.mark.parametrize(
    ("age", "resumable"),
    [(0.0, True), (LIFETIME - 1, True), (LIFETIME, False), (LIFETIME + 3600, False)],
)
def test_lookup_enforces_lifetime_before_redis(
    server_a: RedisSessionCache,
    redis_client: redis.Redis,
    clock: FakeClock,
    age: float,
    resumable: bool,
) -> None:
    session_id = server_a.new_session_id()
    server_a.store(make_session(session_id, START))
    clock.now = START + age

    # Redis's own clock has not moved: the key is still there.
    assert redis_client.exists(sha256_key(b"id", session_id)) == 1
    assert (server_a.lookup(session_id) is not None) is resumable


def test_purge_rejects_id_and_ticket_everywhere(
    server_a: RedisSessionCache,
    server_b: RedisSessionCache,
    redis_client: redis.Redis,
    clock: FakeClock,
) -> None:
    session_id = server_a.new_session_id()
    session = make_session(session_id, START)
    server_a.store(session)
    ticket = server_a.issue_ticket(session)
    assert server_b.lookup(session_id) is not None
    assert server_b.lookup_ticket(ticket) is not None

    clock.now = START + 200
    server_a.purge(session)

    assert server_b.lookup(session_id) is None
    assert server_b.lookup_ticket(ticket) is None
    assert server_b.resume(make_offer(), session_id=session_id) is None
    assert server_b.resume(make_offer(), ticket=ticket) is None
    assert server_a.lookup_ticket(ticket) is None
    # The revocation lasts as long as the ticket: 400 s of its 600 s are left.
    ttl = redis_client.pttl(revoked_key(MASTER_SECRET))
    # Plus MAX_CLOCK_SKEW (60 s) for servers whose clocks run behind.
    assert 459_000 <= ttl <= 460_000


def test_purge_of_copy_blocks_original_id(
    server_a: RedisSessionCache, server_b: RedisSessionCache
) -> None:
    original = make_session(server_a.new_session_id(), START)
    server_a.store(original)
    ticket = server_a.issue_ticket(original)
    copy = server_b.lookup_ticket(ticket)
    assert copy is not None
    copy.identity = server_b.new_session_id()
    server_b.store(copy)

    assert server_b.purge(copy) is True

    assert server_a.resume(make_offer(), session_id=original.identity) is None
    assert server_a.resume(make_offer(), session_id=copy.identity) is None
    assert server_a.resume(make_offer(), ticket=ticket) is None


def test_purge_of_resumed_ticket_revokes_it(
    server_a: RedisSessionCache, server_b: RedisSessionCache
) -> None:
    ticket = server_a.issue_ticket(make_session(b"", START))
    resumed = server_b.lookup_ticket(ticket)
    assert resumed is not None

    server_b.purge(resumed)

    assert server_a.lookup_ticket(ticket) is None


def test_restart_loses_sessions_then_recovers(
    redis_server: RedisServer, redis_client: redis.Redis, clock: FakeClock
) -> None:
    cache = make_cache(redis_server.url, clock=clock)
    session_id = cache.new_session_id()
    cache.store(make_session(session_id, START))
    assert cache.lookup(session_id) is not None

    redis_server.restart()

    assert cache.lookup(session_id) is None
    cache.store(make_session(session_id, START))
    found = cache.lookup(session_id)
    assert found is not None
    assert found.master_secret == MASTER_SECRET


@pytest.fixture
def closed_port_url() -> str:
    return f"redis://127.0.0.1:{free_port()}/0"


@pytest.fixture
def stopped_server_url(redis_server: RedisServer) -> Iterator[str]:
    redis_server.stop()
    try:
        yield redis_server.url
    finally:
        redis_server.start()


@pytest.mark.parametrize("url_fixture", ["closed_port_url", "stopped_server_url"])
def test_unreachable_redis_only_misses(
    request: pytest.FixtureRequest,
    url_fixture: str,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = request.getfixturevalue(url_fixture)
    socket_timeout = 0.3
    cache = make_cache(url, clock=clock, socket_timeout=socket_timeout)
    session_id = cache.new_session_id()
    session = make_session(session_id, START)
    # Sealing needs no Redis, so a ticket can be issued during the outage.
    ticket = cache.issue_ticket(session)

    calls: list[Callable[[], object]] = [
        lambda: cache.store(session),
        lambda: cache.lookup(session_id),
        lambda: cache.lookup_ticket(ticket),
        lambda: cache.resume(make_offer(), session_id=session_id),
        lambda: cache.resume(make_offer(), ticket=ticket),
    ]
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        for call in calls:
            started = time.monotonic()
            assert call() is None
            assert time.monotonic() - started < socket_timeout + TIMEOUT_MARGIN
        started = time.monotonic()
        assert cache.purge(session) is False
        assert time.monotonic() - started < 2 * (socket_timeout + TIMEOUT_MARGIN)

    warnings = warnings_of(caplog)
    # One WARNING for the outage, not one per call, and one for the purge that did not
    # take effect, because that session stays resumable.
    outage = [w for w in warnings if "failed during" in w]
    assert len(outage) == 1
    assert f"Redis at 127.0.0.1:{urlsplit(url).port}/0 failed" in outage[0]
    assert any("was not purged" in w and "call purge() again" in w for w in warnings)
    assert len(warnings) == 2


def test_purge_reports_success(server_a: RedisSessionCache) -> None:
    session = make_session(server_a.new_session_id(), START)
    server_a.store(session)
    server_a.issue_ticket(session)

    assert server_a.purge(session) is True


def test_missing_redis_package_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, redis_server: RedisServer
) -> None:
    # A None entry in sys.modules makes `import redis` raise ImportError, as in a venv
    # without the package.
    monkeypatch.setitem(sys.modules, "redis", None)

    with pytest.raises(ImportError, match=r"pip install tlsspec\[redis\]"):
        make_cache(redis_server.url)


@pytest.fixture
def non_redis_url() -> Iterator[str]:
    """Provide the URL of a server on 127.0.0.1 that replies to anything with HTTP."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    port = listener.getsockname()[1]
    stopping = threading.Event()

    def serve() -> None:
        while not stopping.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                try:
                    connection.settimeout(1.0)
                    connection.recv(4096)
                    connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    # The client gave up first; the next connection gets the same reply.
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stopping.set()
        thread.join(timeout=5)
        listener.close()


def test_non_redis_server_only_misses(
    non_redis_url: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    cache = make_cache(non_redis_url, clock=clock, socket_timeout=0.3)
    session = make_session(cache.new_session_id(), START)
    ticket = cache.issue_ticket(session)

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        cache.store(session)
        assert cache.lookup(session.identity) is None
        assert cache.lookup_ticket(ticket) is None
        assert cache.purge(session) is False
    warnings = warnings_of(caplog)
    assert len(warnings) == 2
    assert f"Redis at 127.0.0.1:{urlsplit(non_redis_url).port}/0 failed" in warnings[0]
    assert "was not purged" in warnings[1]


def test_outage_warning_repeats_after_interval(
    closed_port_url: str,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(redis_cache, "WARNING_INTERVAL", 0.2)
    cache = make_cache(closed_port_url, clock=clock)
    session_id = cache.new_session_id()

    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        for _ in range(3):
            assert cache.lookup(session_id) is None
        time.sleep(0.25)
        assert cache.lookup(session_id) is None

    warnings = warnings_of(caplog)
    assert len(warnings) == 2
    assert "suppressed" not in warnings[0]
    assert warnings[1].endswith("(2 similar warnings suppressed)")
    debug_lines = [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.DEBUG]
    assert len(debug_lines) == 2


def test_hung_redis_times_out(
    redis_server: RedisServer, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    socket_timeout = 0.3
    cache = make_cache(redis_server.url, clock=clock, socket_timeout=socket_timeout)
    session_id = cache.new_session_id()
    cache.store(make_session(session_id, START))
    process = redis_server.process
    assert process is not None

    # A stopped process keeps its listening socket: connects succeed, replies never come.
    os.kill(process.pid, signal.SIGSTOP)
    try:
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            started = time.monotonic()
            assert cache.lookup(session_id) is None
            assert time.monotonic() - started < socket_timeout + TIMEOUT_MARGIN
    finally:
        os.kill(process.pid, signal.SIGCONT)
    assert any("TimeoutError" in message for message in warnings_of(caplog))

    with caplog.at_level(logging.INFO, logger=LOGGER):
        assert cache.lookup(session_id) is not None
    assert any("responds again after 1 failed calls" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    "garbage",
    [b"", b"garbage", bytes(43), bytes(44), bytes(200)],
    ids=["empty", "text", "short", "zero-token", "long"],
)
def test_garbage_value_misses_with_warning(
    server_a: RedisSessionCache,
    redis_client: redis.Redis,
    caplog: pytest.LogCaptureFixture,
    garbage: bytes,
) -> None:
    session_id = b"\x02" * 32
    redis_client.set(sha256_key(b"id", session_id), garbage)

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert server_a.lookup(session_id) is None
    assert len(warnings_of(caplog)) == 1


def test_wrong_type_value_misses(
    server_a: RedisSessionCache, redis_client: redis.Redis, caplog: pytest.LogCaptureFixture
) -> None:
    session_id = b"\x03" * 32
    redis_client.rpush(sha256_key(b"id", session_id), b"a list, not a string")

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert server_a.lookup(session_id) is None
    assert any("WRONGTYPE" in message for message in warnings_of(caplog))


def test_value_moved_to_other_key_misses(
    server_a: RedisSessionCache, redis_client: redis.Redis, caplog: pytest.LogCaptureFixture
) -> None:
    session_id = server_a.new_session_id()
    other_id = server_a.new_session_id()
    server_a.store(make_session(session_id, START))
    value = redis_client.get(sha256_key(b"id", session_id))
    assert isinstance(value, bytes)
    redis_client.set(sha256_key(b"id", other_id), value)

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert server_a.lookup(other_id) is None
    assert any("authentication failed" in message for message in warnings_of(caplog))


@given(garbage=st.binary(max_size=512))
def test_any_planted_bytes_miss(redis_server: RedisServer, garbage: bytes) -> None:
    client = redis_server.client()
    try:
        cache = make_cache(client, clock=FakeClock(START))
        session_id = b"\x04" * 32
        client.set(sha256_key(b"id", session_id), garbage)
        assert cache.lookup(session_id) is None
    finally:
        client.close()


def test_threads_share_one_cache(server_a: RedisSessionCache) -> None:
    failures: list[BaseException] = []
    found: list[bytes] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            for _ in range(25):
                session_id = server_a.new_session_id()
                server_a.store(make_session(session_id, START))
                session = server_a.lookup(session_id)
                ticket = server_a.issue_ticket(make_session(b"", START))
                resumed = server_a.lookup_ticket(ticket)
                with lock:
                    if session is not None and resumed is not None:
                        found.append(session.master_secret + resumed.master_secret)
        except BaseException as exc:
            with lock:
                failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert found == [MASTER_SECRET * 2] * (8 * 25)


def test_secrets_stay_out_of_logs_and_repr(
    server_a: RedisSessionCache, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        session_id = server_a.new_session_id()
        session = make_session(session_id, START)
        server_a.store(session)
        server_a.lookup(session_id)
        ticket = server_a.issue_ticket(session)
        server_a.lookup_ticket(ticket)
        server_a.purge(session)
        text = caplog.text + repr(server_a)

    assert MASTER_SECRET.hex() not in text
    assert repr(MASTER_SECRET) not in text
    assert SECRET.hex() not in text
    assert repr(SECRET) not in text
    assert ticket.hex() not in text


def test_url_password_stays_out_of_repr(redis_server: RedisServer) -> None:
    url = f"redis://:hunter2-password@127.0.0.1:{redis_server.port}/0"
    cache = make_cache(url)
    assert "hunter2" not in repr(cache)
    assert f"127.0.0.1:{redis_server.port}/0" in repr(cache)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"client_or_url": 6379}, "client_or_url must be a redis.Redis client or a URL"),
        ({"client_or_url": "http://127.0.0.1/"}, "client_or_url is not a valid Redis URL"),
        ({"ticket_keys": SECRET}, "ticket_keys must be a TicketKeys"),
        ({"lifetime": 0}, "lifetime must be a number of seconds above 0"),
        ({"lifetime": True}, "lifetime must be a number of seconds above 0"),
        ({"lifetime": 86401.0}, "at most 86400"),
        ({"lifetime": 7201.0}, "less than the lifetime of 7201 s"),
        ({"prefix": "tlsspec:"}, "prefix must be bytes"),
        ({"clock": 12.0}, "clock must be a callable"),
        ({"socket_timeout": 0}, "socket_timeout must be a positive, finite number"),
        ({"socket_timeout": float("inf")}, "socket_timeout must be a positive, finite number"),
    ],
)
def test_constructor_rejects_bad_arguments(
    redis_server: RedisServer, arguments: dict[str, object], message: str
) -> None:
    keywords: dict[str, object] = {
        "client_or_url": redis_server.url,
        # Keys open for 7200 s: two epochs of 3600 s.
        "ticket_keys": TicketKeys(SECRET, rotation_interval=3600.0, accept_previous=2),
    }
    keywords.update(arguments)
    with pytest.raises(ValueError, match=message):
        RedisSessionCache(**keywords)  # type: ignore[arg-type]


def test_decoding_client_rejected(redis_server: RedisServer) -> None:
    client = redis.Redis(host="127.0.0.1", port=redis_server.port, decode_responses=True)
    with pytest.raises(ValueError, match="without decode_responses=True"):
        make_cache(client)


def test_client_without_timeout_warns(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    client = redis.Redis(host="127.0.0.1", port=redis_server.port, socket_timeout=None)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        make_cache(client)
    warnings = warnings_of(caplog)
    assert len(warnings) == 1
    assert "has no socket_timeout" in warnings[0]
    client.close()


@pytest.mark.parametrize(
    ("method", "argument", "message"),
    [
        ("lookup", "an id", "session_id must be bytes; got str"),
        ("lookup_ticket", None, "ticket must be bytes; got NoneType"),
        ("store", b"id", "session must be a tlsspec.Session; got bytes"),
        ("purge", "session", "session must be a tlsspec.Session; got str"),
        ("issue_ticket", 1, "session must be a tlsspec.Session; got int"),
        ("resume", b"", "session must be a tlsspec.Session; got bytes"),
    ],
)
def test_methods_reject_wrong_types(
    server_a: RedisSessionCache, method: str, argument: object, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        getattr(server_a, method)(argument)


def test_store_without_id_rejected(server_a: RedisSessionCache) -> None:
    with pytest.raises(ValueError, match=r"session\.identity is empty"):
        server_a.store(make_session(b"", START))


def test_empty_id_and_ticket_miss(server_a: RedisSessionCache) -> None:
    assert server_a.lookup(b"") is None
    assert server_a.lookup_ticket(b"") is None
    assert server_a.resume(make_offer()) is None
