"""Time session-cache hits and session tickets against tlslite-ng and an AES-GCM floor.

Cache hits: one cache stores 1,000 sessions, and 1, 4 or 16 threads share 400,000 lookups
of random ids among them, as fast as they can. The figure is hits per second of the whole
process (all lookups over wall time). CPython's global interpreter lock lets one thread
run Python at a time, so more threads add contention rather than throughput: on two
cores, threads that wait for the cache's lock and for the interpreter lock hand both back
and forth through the kernel. The rows show what that costs. tlslite-ng's SessionCache (a
dict and a lock, like tlsspec's) runs the same loops in the same run.

Tickets: encode seals one TLS 1.2 session into a ticket; decode opens it and rebuilds the
session. tlsspec runs through SessionCache.issue_ticket and lookup_ticket. tlslite-ng runs
the steps of its server: SessionTicketPayload, a per-ticket key derived from a nonce, and
AES-256-GCM (TLSConnection._serverSendTickets and _tryDecrypt). The floor is AES-256-GCM
alone over the same state bytes, with no encoding, decoding or checks.
"""

from __future__ import annotations

import os
import random
import threading
import time
import timeit
from collections.abc import Callable
from importlib.metadata import version
from types import SimpleNamespace

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from tlsspec import CipherSuite, ProtocolVersion, Session
from tlsspec.session_cache import SessionCache
from tlsspec.session_state import encode_session_state
from tlsspec.tickets import TicketKeys

SESSIONS = 1000
LOOKUPS = 400_000
THREAD_COUNTS = (1, 4, 16)
ROUNDS = 5


def make_session(index: int, certificate: bytes) -> Session:
    """Return a resumable TLS 1.2 session like one a web server caches."""
    return Session(
        identity=index.to_bytes(32, "big"),
        version=ProtocolVersion.TLS_1_2,
        cipher_suite=CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        master_secret=os.urandom(48),
        extended_master_secret=True,
        certificate_chain=[certificate],
        server_name="www.example.com",
        signature_algorithms=[0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601],
        ecc_curves=[0x001D, 0x0017, 0x0018],
    )


def server_certificate() -> bytes:
    """Return the DER of a self-signed RSA-2048 certificate, the size a ticket carries."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "www.example.com")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.DER)


def hits_per_second(lookup: Callable[[bytes], object], ids: list[bytes], threads: int) -> float:
    """Return the lookups per second of `threads` threads that share LOOKUPS random ids."""
    orders = [random.Random(seed).choices(ids, k=LOOKUPS // threads) for seed in range(threads)]
    start = threading.Barrier(threads + 1)

    def work(order: list[bytes]) -> None:
        start.wait()
        for session_id in order:
            if lookup(session_id) is None:
                raise AssertionError("a stored session was missing")

    failures: list[BaseException] = []

    def guarded(order: list[bytes]) -> None:
        try:
            work(order)
        except BaseException as exc:  # reported below, after every thread has finished
            failures.append(exc)
            raise

    workers = [threading.Thread(target=guarded, args=(order,)) for order in orders]
    for worker in workers:
        worker.start()
    start.wait()
    began = time.perf_counter()
    for worker in workers:
        worker.join()
    if failures:
        raise RuntimeError(f"{len(failures)} lookup threads failed") from failures[0]
    return sum(len(order) for order in orders) / (time.perf_counter() - began)


def cache_table(sessions: list[Session]) -> str:
    """Return the Markdown table of cache hits per second."""
    from tlslite.session import Session as TlsliteSession
    from tlslite.sessioncache import SessionCache as TlsliteCache

    ours = SessionCache(lifetime=86400, capacity=SESSIONS)
    # tlslite-ng's ring keeps one slot empty, so it stores at most maxEntries - 1 sessions.
    theirs = TlsliteCache(maxEntries=SESSIONS + 1, maxAge=86400)
    for session in sessions:
        ours.store(session)
        resumable = TlsliteSession()
        resumable.resumable = True
        resumable.sessionID = bytearray(session.identity)
        theirs[session.identity] = resumable
    ids = [session.identity for session in sessions]

    def tlslite_lookup(session_id: bytes) -> object:
        return theirs[session_id]

    lines = [
        f"Cache hits: {SESSIONS} sessions stored, {LOOKUPS:,} random lookups shared by the"
        f" threads, best of {ROUNDS} interleaved rounds.",
        "",
        "| threads | tlsspec SessionCache.lookup (hits/s) |"
        f" tlslite-ng {version('tlslite-ng')} SessionCache[id] (hits/s) | tlsspec / tlslite-ng |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for threads in THREAD_COUNTS:
        best_ours = best_theirs = 0.0
        for _ in range(ROUNDS):
            best_ours = max(best_ours, hits_per_second(ours.lookup, ids, threads))
            best_theirs = max(best_theirs, hits_per_second(tlslite_lookup, ids, threads))
        lines.append(
            f"| {threads} | {best_ours:,.0f} | {best_theirs:,.0f} | {best_ours / best_theirs:.2f} |"
        )
    return "\n".join(lines)


def tlslite_ticket_functions(
    session: Session,
) -> tuple[Callable[[], bytes], Callable[[bytes], object]]:
    """Return tlslite-ng's ticket encode and decode for `session`, as its server runs them."""
    from tlslite.handshakesettings import HandshakeSettings
    from tlslite.messages import SessionTicketPayload
    from tlslite.tlsconnection import TLSConnection
    from tlslite.utils.cipherfactory import createAESGCM

    settings = HandshakeSettings()
    settings.ticketKeys = [bytearray(os.urandom(32))]
    settings.ticketCipher = "aes256gcm"
    settings = settings.validate()
    assert session.cipher_suite is not None and session.server_name is not None

    def encode() -> bytes:
        payload = SessionTicketPayload()
        payload.create(
            bytearray(session.master_secret),
            (3, 3),
            int(session.cipher_suite or 0),
            int(time.time()),
            bytearray(os.urandom(32)),
            client_cert_chain=None,
            encrypt_then_mac=session.encrypt_then_mac,
            extended_master_secret=session.extended_master_secret,
            server_name=bytearray((session.server_name or "").encode("ascii")),
        )
        nonce = bytearray(os.urandom(32))
        key, iv = TLSConnection._derive_key_iv(nonce, settings.ticketKeys[0], settings)
        cipher = createAESGCM(key, settings.cipherImplementations)
        return bytes(nonce + cipher.seal(iv, payload.write(), b""))

    # _tryDecrypt reads only `version` and the static _derive_key_iv from the connection.
    connection = SimpleNamespace(version=(3, 3), _derive_key_iv=TLSConnection._derive_key_iv)

    def decode(ticket: bytes) -> object:
        return TLSConnection._tryDecrypt(connection, settings, ticket=bytearray(ticket))[1]

    return encode, decode


def per_second(function: Callable[[], object]) -> float:
    """Return the calls per second of `function`: best of ROUNDS loops of at least 0.2 s."""
    timer = timeit.Timer(function)
    loops = timer.autorange()[0]
    return loops / min(timer.repeat(ROUNDS, loops))


def ticket_table(session: Session) -> str:
    """Return the Markdown table of ticket encodes and decodes per second."""
    keys = TicketKeys(os.urandom(32), rotation_interval=86400)
    cache = SessionCache(lifetime=86400, ticket_keys=keys)
    ticket = cache.issue_ticket(session)
    if cache.lookup_ticket(ticket) is None:
        raise AssertionError("tlsspec could not decode its own ticket")
    tlslite_encode, tlslite_decode = tlslite_ticket_functions(session)
    tlslite_ticket = tlslite_encode()
    if tlslite_decode(tlslite_ticket) is None:
        raise AssertionError("tlslite-ng could not decode its own ticket")
    state = encode_session_state(session)
    floor_key = AESGCM(os.urandom(32))
    nonce = os.urandom(12)
    sealed = floor_key.encrypt(nonce, state, b"")

    rows = [
        ("tlsspec", "SessionCache.issue_ticket", lambda: cache.issue_ticket(session), len(ticket)),
        ("tlsspec", "SessionCache.lookup_ticket", lambda: cache.lookup_ticket(ticket), len(ticket)),
        (f"tlslite-ng {version('tlslite-ng')}", "encode", tlslite_encode, len(tlslite_ticket)),
        (
            f"tlslite-ng {version('tlslite-ng')}",
            "decode",
            lambda: tlslite_decode(tlslite_ticket),
            len(tlslite_ticket),
        ),
        ("floor", "AESGCM.encrypt", lambda: floor_key.encrypt(nonce, state, b""), len(sealed)),
        ("floor", "AESGCM.decrypt", lambda: floor_key.decrypt(nonce, sealed, b""), len(sealed)),
    ]
    rates = [per_second(function) for _, _, function, _ in rows]
    lines = [
        f"Tickets: one TLS 1.2 session with a {len(session.certificate_chain[0])}-byte"
        f" certificate chain, best of {ROUNDS} loops of at least 0.2 s each. pyca/cryptography"
        f" {version('cryptography')}.",
        "",
        "| implementation | call | ticket bytes | per second | µs per call |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for (name, call, _, size), rate in zip(rows, rates, strict=True):
        lines.append(f"| {name} | {call} | {size} | {rate:,.0f} | {1e6 / rate:.2f} |")
    lines += [
        "",
        "| ratio | value |",
        "| --- | ---: |",
        f"| tlsspec encode / tlslite-ng encode (speed) | {rates[0] / rates[2]:.2f} |",
        f"| tlsspec decode / tlslite-ng decode (speed) | {rates[1] / rates[3]:.2f} |",
        f"| floor encrypt / tlsspec encode (speed) | {rates[4] / rates[0]:.2f} |",
        f"| floor decrypt / tlsspec decode (speed) | {rates[5] / rates[1]:.2f} |",
    ]
    return "\n".join(lines)


def report() -> str:
    """Return both tables as Markdown."""
    certificate = server_certificate()
    sessions = [make_session(index, certificate) for index in range(SESSIONS)]
    return cache_table(sessions) + "\n\n" + ticket_table(sessions[0])


if __name__ == "__main__":
    print(report())
