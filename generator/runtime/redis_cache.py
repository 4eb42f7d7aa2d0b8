"""A session cache in Redis, shared by every server behind one load balancer.

Every server builds a RedisSessionCache on the same Redis and the same TicketKeys secret.
Sessions stored by id are sealed with the ticket keys, so Redis never contains a master
secret in clear, and are stored under a key derived from the session id with a Redis
expiry at the end of their lifetime. Tickets stay stateless, and purge() records the
session's revocation_id in Redis so that every server rejects each of its tickets.

Capacity is Redis's job: give the server a `maxmemory` and a `maxmemory-policy` of
`volatile-lru` or `allkeys-lru`, and Redis evicts the least recently used keys. Every key
that this cache writes has an expiry, so `volatile-lru` evicts them and leaves keys without
an expiry alone. Eviction can also remove a revocation, after which the purged session's
tickets resume again until they expire, so size `maxmemory` for eviction to stay rare.
Under `noeviction`, a full Redis rejects writes and stores are skipped with a WARNING.
A Redis that restarts without persistence loses its revocations as well as its
sessions; where a purge must outlast a restart, turn on `appendonly`.

A Redis that is unreachable, times out, restarts or returns something unexpected makes
no method raise. Lookups return None and stores do nothing. A WARNING is logged on the
first failure of an outage, then at most once a minute while it lasts. A purge that Redis
could not record returns False and logs a WARNING every time, because the session stays
resumable. Only an argument of the wrong type or value raises ValueError.
"""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
import threading
import time

from tlsspec._runtime import check_bytes, check_clock
from tlsspec.session import Session
from tlsspec.session_cache import (
    DEFAULT_LIFETIME,
    SESSION_ID_LENGTH,
    SessionCacheBase,
    check_lifetime,
    check_session,
    check_ticket_keys,
    short_id,
)
from tlsspec.session_state import SessionStateError, decode_session_state, encode_session_state
from tlsspec.tickets import MAX_CLOCK_SKEW, TicketError, TicketKeys

# Importing typing costs milliseconds at start-up; type checkers read this block anyway.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    import redis

__all__ = ["RedisSessionCache"]

logger = logging.getLogger(__name__)

WARNING_INTERVAL = 60.0
"""Seconds between two WARNING lines about the same kind of failure."""

# Label of the additional data of a sealed session: a sealed ticket uses another label, so
# neither can be passed off as the other, and the Redis key that follows it binds the value
# to its session id.
_SESSION_AAD_LABEL = b"tlsspec redis session v1\x00"


class _RateLimitedWarning:
    """A WARNING that is logged on its first occurrence, then at most once per interval."""

    def __init__(self) -> None:
        self._interval = WARNING_INTERVAL
        self._lock = threading.Lock()
        self._last_warning: float | None = None
        self._suppressed = 0
        self._failures = 0

    def warn(self, message: str, *args: object) -> None:
        """Log `message` at WARNING, or at DEBUG when a WARNING was logged within the interval."""
        now = time.monotonic()
        with self._lock:
            self._failures += 1
            quiet = self._last_warning is not None and now - self._last_warning < self._interval
            if quiet:
                self._suppressed += 1
                suppressed = 0
            else:
                self._last_warning = now
                suppressed = self._suppressed
                self._suppressed = 0

        if quiet:
            logger.debug(message, *args)
        elif suppressed:
            logger.warning(message + " (%d similar warnings suppressed)", *args, suppressed)
        else:
            logger.warning(message, *args)

    def recover(self, message: str) -> None:
        """Log `message` at INFO with the number of failures since the last recovery, if any."""
        if not self._failures:
            return
        with self._lock:
            failures = self._failures
            self._failures = 0
            self._suppressed = 0
            self._last_warning = None
        if failures:
            logger.info(message, failures)


class RedisSessionCache(SessionCacheBase):
    """A session cache in Redis with the methods of tlsspec.session_cache.SessionCache.

    `client_or_url` is a redis.Redis client or a redis://, rediss:// or unix:// URL. A
    client built from a URL waits at most `socket_timeout` seconds for a connection and
    for each reply, and never retries a failed command. A client passed in keeps its own
    timeouts and retries; give it a socket_timeout, because without one a Redis that stops
    responding blocks every call.

    Sessions by id are sealed with `ticket_keys`, so `ticket_keys.accept_window` must cover
    the lifetime, as SessionCache requires for tickets. Unlike SessionCache, every lookup
    returns a new Session decoded from Redis. It carries the fields in
    tlsspec.session_state.SESSION_STATE_FIELDS plus the id or ticket that found it, and
    the other fields (private_key, cert_data, cipher_spec) take their defaults.
    """

    _logger = logger

    def __init__(
        self,
        client_or_url: redis.Redis | str,
        *,
        ticket_keys: TicketKeys,
        lifetime: float = DEFAULT_LIFETIME,
        prefix: bytes = b"tlsspec:",
        clock: Callable[[], float] = time.time,
        socket_timeout: float = 0.5,
    ) -> None:
        redis = _import_redis()

        lifetime = check_lifetime(lifetime)
        ticket_keys = check_ticket_keys(ticket_keys, lifetime)
        if not isinstance(prefix, bytes):
            raise ValueError(
                f"prefix must be bytes, such as b'tlsspec:'; got {type(prefix).__name__}"
            )
        clock = check_clock(clock)
        if (
            isinstance(socket_timeout, bool)
            or not isinstance(socket_timeout, int | float)
            or not math.isfinite(socket_timeout)
            or socket_timeout <= 0
        ):
            raise ValueError(
                f"socket_timeout must be a positive, finite number of seconds; got {socket_timeout!r}"
            )

        client = _connect(client_or_url, float(socket_timeout))
        options = client.get_connection_kwargs()
        if options.get("decode_responses"):
            raise ValueError(
                "client_or_url must return bytes; build the redis.Redis client without"
                " decode_responses=True"
            )
        self._where = _describe(options)
        if options.get("socket_timeout") is None:
            logger.warning(
                "Redis client for %s has no socket_timeout, so a Redis that stops responding"
                " blocks every cache call; give the client a socket_timeout",
                self._where,
            )

        self._client = client
        self._lifetime = lifetime
        self._ticket_keys = ticket_keys
        self._prefix = prefix
        self._clock = clock
        # redis-py raises RedisError subclasses: ConnectionError and TimeoutError wrap socket
        # errors, ResponseError is an error reply such as WRONGTYPE or OOM. OSError covers a
        # socket error that escapes the wrapping.
        self._redis_errors: tuple[type[Exception], ...] = (redis.RedisError, OSError)
        self._outage = _RateLimitedWarning()
        self._bad_state = _RateLimitedWarning()

    @property
    def prefix(self) -> bytes:
        """Prefix of every Redis key that this cache writes."""
        return self._prefix

    def __repr__(self) -> str:
        return (
            f"RedisSessionCache(redis={self._where}, prefix={self._prefix!r},"
            f" lifetime={self._lifetime!r}, ticket_keys={self._ticket_keys!r})"
        )

    def new_session_id(self) -> bytes:
        """Return 32 random bytes for a new session id (RFC 5246, Section 7.4.1.2).

        Unlike SessionCache, this does not check that the id is unused: that would cost a
        Redis round trip, and two equal ids among 2^256 are not worth one.
        """
        return secrets.token_bytes(SESSION_ID_LENGTH)

    def session_key(self, session_id: bytes) -> bytes:
        """Return the Redis key of a session id: the prefix, "id:" and the id's SHA-256 in hex."""
        return self._prefix + b"id:" + hashlib.sha256(session_id).hexdigest().encode("ascii")

    def revocation_key(self, revocation: bytes) -> bytes:
        """Return the Redis key that marks a purged session: "revoked:" and its revocation_id in hex."""
        return self._prefix + b"revoked:" + revocation.hex().encode("ascii")

    def store(self, session: Session) -> None:
        """Store `session` sealed under its id, with a Redis expiry at the end of its lifetime.

        A session whose lifetime is already over is not stored, and neither is any session
        while Redis fails. Raise ValueError when `session` is not a Session or has no
        identity.
        """
        session = check_session(session)
        session_id = session.identity
        if not session_id:
            raise ValueError(
                "session.identity is empty; set it to new_session_id() before storing the session"
            )
        expiry = session.timestamp + self._lifetime
        now = self._clock()
        # PX takes whole milliseconds, rounded down so that Redis never keeps a session
        # longer than lookup() accepts it.
        milliseconds = math.floor((expiry - now) * 1000)
        if milliseconds < 1:
            logger.info(
                "session %s not stored: its lifetime ended %.0f s ago",
                short_id(session_id),
                now - expiry,
            )
            return

        key = self.session_key(session_id)
        try:
            state = encode_session_state(session)
        except SessionStateError as exc:
            logger.warning("session %s not stored: %s", short_id(session_id), exc)
            return
        value = self._ticket_keys.seal(state, aad=_SESSION_AAD_LABEL + key)
        try:
            self._client.set(key, value, px=milliseconds)
        except self._redis_errors as exc:
            self._redis_failed("store", exc)
            return
        self._redis_responded()
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("session %s stored in Redis until %.0f", short_id(session_id), expiry)

    def lookup(self, session_id: bytes) -> Session | None:
        """Return the session stored under `session_id`, or None.

        None means that no session is stored, that it has expired by this cache's clock
        (which may run ahead of Redis's), that it does not open with these ticket keys or
        does not decode, or that Redis failed.
        """
        session_id = check_bytes("session_id", session_id, (), None)
        if not session_id:
            return None

        key = self.session_key(session_id)
        try:
            value = self._client.get(key)
        except self._redis_errors as exc:
            self._redis_failed("lookup", exc)
            return None
        self._redis_responded()
        if value is None:
            logger.debug("session %s: cache miss", short_id(session_id))
            return None
        if not isinstance(value, bytes):
            self._bad_state.warn(
                "session %s: Redis returned %s, not bytes; treated as a miss",
                short_id(session_id),
                type(value).__name__,
            )
            return None

        try:
            state = self._ticket_keys.open(value, aad=_SESSION_AAD_LABEL + key)
            session = decode_session_state(state)
        except (TicketError, SessionStateError) as exc:
            # A value that does not open was sealed with another secret or under another key,
            # or was altered. A value that opens but does not decode has another state format.
            self._bad_state.warn(
                "session %s: stored value rejected (%s); treated as a miss",
                short_id(session_id),
                exc,
            )
            return None

        expiry = session.timestamp + self._lifetime
        now = self._clock()
        if now >= expiry:
            logger.info("session %s expired %.3f s ago", short_id(session_id), now - expiry)
            return None
        session.identity = session_id
        logger.debug("session %s: cache hit", short_id(session_id))
        return session

    def _delete(self, session_id: bytes) -> bool | None:
        try:
            deleted = bool(self._client.delete(self.session_key(session_id)))
        except self._redis_errors as exc:
            self._redis_failed("purge", exc)
            return None
        self._redis_responded()
        return deleted

    def _revoke(self, revocation: bytes, until: float) -> bool | None:
        # Redis expires the revocation by its own clock, and another server may accept a
        # ticket until its clock, up to MAX_CLOCK_SKEW behind ours, reaches `until`. The
        # revocation lasts that much longer, rounded up.
        milliseconds = math.ceil((until - self._clock() + MAX_CLOCK_SKEW) * 1000)
        if milliseconds < 1:
            return False
        try:
            self._client.set(self.revocation_key(revocation), b"1", px=milliseconds)
        except self._redis_errors as exc:
            self._redis_failed("purge", exc)
            return None
        self._redis_responded()
        return True

    def _is_revoked(self, revocation: bytes, now: float) -> bool | None:
        # While Redis fails, a revoked session cannot be distinguished, so no ticket passes.
        try:
            revoked = bool(self._client.exists(self.revocation_key(revocation)))
        except self._redis_errors as exc:
            self._redis_failed("ticket revocation check", exc)
            return None
        self._redis_responded()
        return revoked

    def _redis_failed(self, operation: str, exc: Exception) -> None:
        self._outage.warn(
            "Redis at %s failed during %s (%s: %s); lookups miss and stores are skipped"
            " until it responds again",
            self._where,
            operation,
            type(exc).__name__,
            exc,
        )

    def _redis_responded(self) -> None:
        self._outage.recover(f"Redis at {self._where} responds again after %d failed calls")


def _import_redis() -> ModuleType:
    """Import redis-py, or raise ImportError that names the command to install it."""
    try:
        import redis
    except ImportError:
        raise ImportError(
            "RedisSessionCache needs the redis package; install it with"
            " `pip install tlsspec[redis]` (or `pip install .[redis]` in a clone)"
        ) from None
    return redis


def _connect(client_or_url: object, socket_timeout: float) -> redis.Redis:
    """Return `client_or_url` if it is a client, else a client built from the URL."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    if isinstance(client_or_url, redis.Redis):
        return client_or_url
    if not isinstance(client_or_url, str):
        raise ValueError(
            "client_or_url must be a redis.Redis client or a URL such as"
            f" redis://127.0.0.1:6379/0; got {type(client_or_url).__name__}"
        )
    try:
        return redis.Redis.from_url(
            client_or_url,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            retry=Retry(NoBackoff(), 0),
        )
    except ValueError as exc:
        # redis-py's message names the URL scheme or the part that does not parse; the URL
        # itself is left out because it may hold a password.
        raise ValueError(
            f"client_or_url is not a valid Redis URL ({exc}); expected a URL such as"
            " redis://127.0.0.1:6379/0"
        ) from None


def _describe(options: dict[str, object]) -> str:
    """Return host:port/db or the socket path of a connection, without its password."""
    if options.get("path"):
        return f"unix:{options['path']}/{options.get('db', 0)}"
    return f"{options.get('host', 'localhost')}:{options.get('port', 6379)}/{options.get('db', 0)}"
