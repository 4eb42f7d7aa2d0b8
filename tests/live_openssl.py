"""Handshakes between a pyOpenSSL client and server over memory BIOs, recorded byte for byte.

`run_handshake` connects a client and a server in one process, with no socket: it moves
the bytes that each side writes to its memory BIO over to the other side until both
handshakes finish, then sends application data both ways. It keeps every byte each side
wrote, split into TLS records, and every NSS key-log line that OpenSSL reported. The
finished connections stay open, so tests can ask OpenSSL for exported keying material.
`run_resumption` runs a TLS 1.3 handshake and a second one that resumes it by ticket.

This module is the oracle of the live tests: it parses the wire format itself and never
imports tlsspec, so that a value the tests compare with comes from OpenSSL alone.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from OpenSSL import SSL

# NOTE: pyOpenSSL 26.4.0 has no API for TLS 1.3 PSK callbacks, so the PSK handshakes set
# them through the private cffi binding that pyOpenSSL itself uses (pyca/cryptography's),
# and Context._context. A pyOpenSSL or cryptography upgrade may break this.
from OpenSSL._util import ffi, lib

Side = Literal["client", "server"]
Version = Literal["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]

# Options from OpenSSL's ssl.h (SSL_OP_BIT(n) is 1 << n) that pyOpenSSL has no constant for.
# PREFER_NO_DHE_KEX exists since OpenSSL 3.3.0; older versions ignore the bit.
SSL_OP_NO_EXTENDED_MASTER_SECRET = 1 << 0
SSL_OP_ALLOW_NO_DHE_KEX = 1 << 10
SSL_OP_NO_ENCRYPT_THEN_MAC = 1 << 19
SSL_OP_PREFER_NO_DHE_KEX = 1 << 35

# ContentType values, RFC 8446, Section 5.1.
CHANGE_CIPHER_SPEC = 20
HANDSHAKE = 22
APPLICATION_DATA = 23

# HandshakeType values, RFC 8446, Section 4, and RFC 5246, Section 7.4.
CLIENT_HELLO = 1
SERVER_HELLO = 2
NEW_SESSION_TICKET = 4
ENCRYPTED_EXTENSIONS = 8
CERTIFICATE = 11
CERTIFICATE_VERIFY = 15
CLIENT_KEY_EXCHANGE = 16
FINISHED = 20

# ExtensionType values, IANA's TLS ExtensionType Values registry.
ENCRYPT_THEN_MAC = 0x0016
EXTENDED_MASTER_SECRET = 0x0017
PRE_SHARED_KEY = 0x0029
KEY_SHARE = 0x0033

# ServerHello.random of a HelloRetryRequest: SHA-256 of "HelloRetryRequest", RFC 8446,
# Section 4.1.3.
HELLO_RETRY_REQUEST_RANDOM = bytes.fromhex(
    "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c"
)

# TLS 1.3 cipher suite code points, RFC 8446, Appendix B.4. The PSK callbacks look up the
# SSL_CIPHER of the PSK's session by code point.
TLS13_CIPHER_SUITE_CODES = {
    "TLS_AES_128_GCM_SHA256": b"\x13\x01",
    "TLS_AES_256_GCM_SHA384": b"\x13\x02",
    "TLS_CHACHA20_POLY1305_SHA256": b"\x13\x03",
    "TLS_AES_128_CCM_SHA256": b"\x13\x04",
    "TLS_AES_128_CCM_8_SHA256": b"\x13\x05",
}

PSK_IDENTITY = b"tlsspec live test"

# Application data of each direction. The client's is longer than one record may carry
# (2**14 bytes, RFC 8446, Section 5.1), so that its records use more than one sequence number.
CLIENT_MESSAGE = bytes(index % 251 for index in range(20_000))
SERVER_MESSAGE = b"server to client: application data after the handshake"

_VERSIONS = {
    "TLSv1": SSL.TLS1_VERSION,
    "TLSv1.1": SSL.TLS1_1_VERSION,
    "TLSv1.2": SSL.TLS1_2_VERSION,
    "TLSv1.3": SSL.TLS1_3_VERSION,
}
_BIO_READ_SIZE = 1 << 20
_MAX_ROUNDS = 20


class HandshakeError(Exception):
    """Failure of a handshake, or of the exchange of application data after it."""


@dataclass(frozen=True, slots=True)
class HandshakeConfig:
    """The settings of both endpoints of one handshake.

    `cipher` is OpenSSL's name of the only suite either side allows. `psk`, TLS 1.3 only,
    is an external pre-shared key that both sides use in psk_ke mode, without (EC)DHE.
    """

    version: Version
    cipher: str
    extended_master_secret: bool = True
    encrypt_then_mac: bool = True
    psk: bytes | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.psk is not None and self.version != "TLSv1.3":
            raise ValueError(f"A PSK handshake needs TLSv1.3, not {self.version}.")
        if self.psk is not None and self.cipher not in TLS13_CIPHER_SUITE_CODES:
            raise ValueError(
                f"Unknown TLS 1.3 cipher suite {self.cipher!r} for a PSK handshake. "
                f"Use one of {sorted(TLS13_CIPHER_SUITE_CODES)}."
            )


@dataclass(frozen=True, slots=True)
class Record:
    """One TLS record as a side wrote it to the wire.

    `write_index` numbers the BIO reads of both sides in the order they happened. It is the
    read that took the record's last byte from its sender, so it orders the records of the
    two directions.
    """

    sender: Side
    write_index: int
    content_type: int
    legacy_version: int
    fragment: bytes = field(repr=False)

    @property
    def data(self) -> bytes:
        """The whole record, 5-byte header included."""
        header = bytes([self.content_type]) + self.legacy_version.to_bytes(2, "big")
        return header + len(self.fragment).to_bytes(2, "big") + self.fragment


@dataclass(frozen=True, slots=True)
class HandshakeMessage:
    """One handshake message: its type and its body without the 4-byte header."""

    sender: Side
    msg_type: int
    body: bytes

    @property
    def data(self) -> bytes:
        """The message as the transcript hash covers it, 4-byte header included."""
        return bytes([self.msg_type]) + len(self.body).to_bytes(3, "big") + self.body


@dataclass(frozen=True, slots=True)
class Hello:
    """The fields of a ClientHello or ServerHello that the tests read.

    `cipher_suites` has one entry for a ServerHello. `extensions` maps each extension type
    to its extension_data, in wire order.
    """

    legacy_version: int
    random: bytes
    session_id: bytes
    cipher_suites: tuple[int, ...]
    extensions: dict[int, bytes]


@dataclass(frozen=True, slots=True)
class OfferedPsks:
    """The PSKs that a ClientHello offers.

    `binders_length` is the size of the binders list, its 2-byte length included. The
    pre_shared_key extension comes last in a ClientHello, so the partial ClientHello that
    the binders cover is the whole message without its last `binders_length` bytes.
    """

    identities: tuple[bytes, ...]
    binders: tuple[bytes, ...]
    binders_length: int


@dataclass(frozen=True, slots=True)
class NewSessionTicket:
    """The fields of a TLS 1.3 NewSessionTicket, extensions left out."""

    ticket_lifetime: int
    ticket_age_add: int
    ticket_nonce: bytes
    ticket: bytes


@dataclass(frozen=True, slots=True)
class KeyLogEntry:
    """One line of OpenSSL's NSS key log.

    `reference` is the client random, except for label RSA, where it is the first 8 bytes
    of the encrypted pre-master secret.
    """

    label: str
    reference: bytes
    secret: bytes = field(repr=False)


@dataclass(frozen=True)
class Handshake:
    """A finished handshake: both connections, the bytes on the wire and the key logs."""

    config: HandshakeConfig
    client: SSL.Connection
    server: SSL.Connection
    records: tuple[Record, ...] = field(repr=False)
    client_key_log: tuple[KeyLogEntry, ...] = field(repr=False)
    server_key_log: tuple[KeyLogEntry, ...] = field(repr=False)
    # cffi callbacks and buffers that OpenSSL points to, kept as long as the connections.
    _keep_alive: tuple[Any, ...] = field(repr=False, compare=False)

    def records_from(self, sender: Side) -> tuple[Record, ...]:
        """Return the records that `sender` wrote, in order."""
        return tuple(record for record in self.records if record.sender == sender)

    def plaintext_handshake_messages(self) -> tuple[HandshakeMessage, ...]:
        """Parse the unencrypted handshake messages of both sides, in wire order.

        A side's unencrypted handshake records are its handshake records before its first
        ChangeCipherSpec: at TLS 1.2 everything up to the Finished, at TLS 1.3 the
        ClientHello and the ServerHello (the records after them have type application_data).
        """
        messages: list[tuple[int, HandshakeMessage]] = []
        for sender in ("client", "server"):
            pending = b""
            for record in self.records_from(sender):
                if record.content_type == CHANGE_CIPHER_SPEC:
                    break
                if record.content_type != HANDSHAKE:
                    continue
                pending += record.fragment
                parsed, pending = split_handshake_messages(pending, sender)
                messages.extend((record.write_index, message) for message in parsed)
            if pending:
                raise HandshakeError(f"The {sender}'s last plaintext handshake message is cut off.")
        messages.sort(key=lambda indexed: indexed[0])
        return tuple(message for _, message in messages)

    def protected_records(self, sender: Side) -> tuple[Record, ...]:
        """Return the encrypted records that `sender` wrote, in order.

        At TLS 1.2 these are the records after the ChangeCipherSpec, the Finished first. At
        TLS 1.3 every encrypted record has the outer type application_data (RFC 8446,
        Section 5.2), and the ChangeCipherSpec records of middlebox compatibility mode are
        left out.
        """
        records = self.records_from(sender)
        if self.config.version == "TLSv1.3":
            return tuple(record for record in records if record.content_type == APPLICATION_DATA)
        for index, record in enumerate(records):
            if record.content_type == CHANGE_CIPHER_SPEC:
                return records[index + 1 :]
        raise HandshakeError(f"The {sender} wrote no ChangeCipherSpec record.")

    def client_hello(self) -> Hello:
        """Parse the ClientHello."""
        return parse_client_hello(self._only_message(CLIENT_HELLO).body)

    def server_hello(self) -> Hello:
        """Parse the ServerHello."""
        return parse_server_hello(self._only_message(SERVER_HELLO).body)

    def logged_secret(self, label: str, side: Side = "client") -> bytes:
        """Return the secret that `side` logged under `label` for this connection.

        Raise LookupError unless exactly one such line exists. For every label but RSA the
        line must carry this connection's client random.
        """
        key_log = self.client_key_log if side == "client" else self.server_key_log
        client_random = self.client.client_random()
        entries = [
            entry
            for entry in key_log
            if entry.label == label and (label == "RSA" or entry.reference == client_random)
        ]
        if len(entries) != 1:
            raise LookupError(
                f"The {side}'s key log has {len(entries)} lines labelled {label} for this "
                f"connection, expected 1. Its labels are {[entry.label for entry in key_log]}."
            )
        return entries[0].secret

    def _only_message(self, msg_type: int) -> HandshakeMessage:
        found = [m for m in self.plaintext_handshake_messages() if m.msg_type == msg_type]
        if len(found) != 1:
            raise HandshakeError(
                f"Expected one plaintext handshake message of type {msg_type}, found {len(found)}."
            )
        return found[0]


@functools.cache
def server_identity() -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """Return the RSA-2048 key and self-signed certificate that every server uses.

    The pair is made once per test process.
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "tlsspec live test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def openssl_version() -> str:
    """Return the version string of the OpenSSL library that pyOpenSSL links."""
    return SSL.OpenSSL_version(SSL.OPENSSL_VERSION).decode("ascii")


def run_handshake(config: HandshakeConfig) -> Handshake:
    """Connect a client and a server configured by `config`, then exchange application data.

    Raise HandshakeError if the handshake does not finish, if either side negotiates
    another version or suite than `config` allows, or if application data arrives altered.
    """
    keep_alive: list[Any] = []
    client_key_log: list[KeyLogEntry] = []
    server_key_log: list[KeyLogEntry] = []
    client_context = _context(config, "client", client_key_log, keep_alive)
    server_context = _context(config, "server", server_key_log, keep_alive)
    return _connect(
        config, client_context, server_context, client_key_log, server_key_log, keep_alive
    )


def run_resumption(config: HandshakeConfig) -> tuple[Handshake, Handshake]:
    """Run a TLS 1.3 handshake with session tickets, then one that resumes it by ticket.

    Both servers share one context, and so one ticket key. The second client offers the
    ticket that the first client received last, and no external PSK. With `config.psk`
    set, both handshakes use psk_ke, so the second one has no (EC)DHE either.
    """
    if config.version != "TLSv1.3":
        raise ValueError(f"Resumption by ticket needs TLSv1.3, not {config.version}.")
    keep_alive: list[Any] = []
    client_key_log: list[KeyLogEntry] = []
    server_key_log: list[KeyLogEntry] = []
    # pyOpenSSL resumes a session only on a connection of the context that made it, so
    # both clients share one context and the second one turns the external PSK off.
    offer = _ExternalPskOffer()
    client_context = _context(
        config, "client", client_key_log, keep_alive, tickets=True, offer=offer
    )
    server_context = _context(config, "server", server_key_log, keep_alive, tickets=True)
    first = _connect(
        config, client_context, server_context, client_key_log, server_key_log, keep_alive
    )

    session = first.client.get_session()
    if session is None:
        raise HandshakeError("The first client holds no session to resume.")
    offer.enabled = False
    second = _connect(
        config,
        client_context,
        server_context,
        client_key_log,
        server_key_log,
        keep_alive,
        session=session,
    )
    return first, second


def _connect(
    config: HandshakeConfig,
    client_context: SSL.Context,
    server_context: SSL.Context,
    client_key_log: list[KeyLogEntry],
    server_key_log: list[KeyLogEntry],
    keep_alive: list[Any],
    session: SSL.Session | None = None,
) -> Handshake:
    client = SSL.Connection(client_context, None)
    if session is not None:
        client.set_session(session)
    client.set_connect_state()
    server = SSL.Connection(server_context, None)
    server.set_accept_state()

    wire = _Wire(client, server)
    for _ in range(_MAX_ROUNDS):
        client_done = _advance_handshake(client)
        server_done = _advance_handshake(server)
        moved = wire.move("client")
        moved = wire.move("server") or moved
        if client_done and server_done and not moved:
            break
    else:
        raise HandshakeError(
            f"The handshake of {config} did not finish in {_MAX_ROUNDS} rounds; "
            f"client state {client.get_state_string()!r}, server state "
            f"{server.get_state_string()!r}."
        )
    _check_negotiated(config, "client", client)
    _check_negotiated(config, "server", server)

    client.sendall(CLIENT_MESSAGE)
    wire.move("client")
    _receive_exactly(server, CLIENT_MESSAGE, "server")
    server.sendall(SERVER_MESSAGE)
    wire.move("server")
    _receive_exactly(client, SERVER_MESSAGE, "client")
    wire.move("client")
    wire.move("server")

    return Handshake(
        config=config,
        client=client,
        server=server,
        records=wire.records(),
        client_key_log=tuple(client_key_log),
        server_key_log=tuple(server_key_log),
        _keep_alive=tuple(keep_alive),
    )


def parse_client_hello(body: bytes) -> Hello:
    """Parse a ClientHello body, RFC 8446, Section 4.1.2."""
    reader = _Reader(body)
    legacy_version = reader.integer(2)
    random = reader.take(32)
    session_id = reader.vector(1)
    suites = reader.vector(2)
    reader.vector(1)  # legacy_compression_methods
    extensions = _parse_extensions(reader.vector(2)) if reader.remaining else {}
    reader.finish("ClientHello")
    codes = tuple(int.from_bytes(suites[i : i + 2], "big") for i in range(0, len(suites), 2))
    return Hello(legacy_version, random, session_id, codes, extensions)


def parse_server_hello(body: bytes) -> Hello:
    """Parse a ServerHello body, RFC 8446, Section 4.1.3."""
    reader = _Reader(body)
    legacy_version = reader.integer(2)
    random = reader.take(32)
    session_id = reader.vector(1)
    suite = reader.integer(2)
    reader.integer(1)  # legacy_compression_method
    extensions = _parse_extensions(reader.vector(2)) if reader.remaining else {}
    reader.finish("ServerHello")
    return Hello(legacy_version, random, session_id, (suite,), extensions)


def parse_offered_psks(extension_data: bytes) -> OfferedPsks:
    """Parse the pre_shared_key extension of a ClientHello, RFC 8446, Section 4.2.11."""
    reader = _Reader(extension_data)
    identities_reader = _Reader(reader.vector(2))
    identities = []
    while identities_reader.remaining:
        identities.append(identities_reader.vector(2))
        identities_reader.integer(4)  # obfuscated_ticket_age
    binders_length = reader.remaining
    binders_reader = _Reader(reader.vector(2))
    binders = []
    while binders_reader.remaining:
        binders.append(binders_reader.vector(1))
    reader.finish("pre_shared_key extension")
    return OfferedPsks(tuple(identities), tuple(binders), binders_length)


def parse_new_session_ticket(body: bytes) -> NewSessionTicket:
    """Parse a TLS 1.3 NewSessionTicket body, RFC 8446, Section 4.6.1."""
    reader = _Reader(body)
    lifetime = reader.integer(4)
    age_add = reader.integer(4)
    nonce = reader.vector(1)
    ticket = reader.vector(2)
    reader.vector(2)  # extensions
    reader.finish("NewSessionTicket")
    return NewSessionTicket(lifetime, age_add, nonce, ticket)


def parse_key_log_line(line: bytes) -> KeyLogEntry:
    """Parse one NSS key-log line: a label, then two hexadecimal fields."""
    fields = line.decode("ascii").split()
    if len(fields) != 3:
        raise ValueError(f"Invalid key-log line with {len(fields)} fields, expected 3.")
    label, reference, secret = fields
    return KeyLogEntry(label, bytes.fromhex(reference), bytes.fromhex(secret))


def split_handshake_messages(
    data: bytes, sender: Side
) -> tuple[tuple[HandshakeMessage, ...], bytes]:
    """Parse the whole handshake messages at the start of `data`, then return them and the rest."""
    messages = []
    offset = 0
    while len(data) - offset >= 4:
        length = int.from_bytes(data[offset + 1 : offset + 4], "big")
        end = offset + 4 + length
        if end > len(data):
            break
        messages.append(HandshakeMessage(sender, data[offset], data[offset + 4 : end]))
        offset = end
    return tuple(messages), data[offset:]


def split_records(data: bytes) -> list[tuple[int, int, bytes]]:
    """Split a byte stream into records as (content type, legacy version, fragment).

    Raise HandshakeError if the stream ends inside a record.
    """
    records = []
    offset = 0
    while offset < len(data):
        if len(data) - offset < 5:
            raise HandshakeError(f"The stream ends inside a record header at byte {offset}.")
        content_type = data[offset]
        legacy_version = int.from_bytes(data[offset + 1 : offset + 3], "big")
        length = int.from_bytes(data[offset + 3 : offset + 5], "big")
        end = offset + 5 + length
        if end > len(data):
            raise HandshakeError(f"The record at byte {offset} is cut off.")
        records.append((content_type, legacy_version, data[offset + 5 : end]))
        offset = end
    return records


class _Reader:
    """A cursor over a byte string that raises HandshakeError on a short read."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._offset = 0

    @property
    def remaining(self) -> int:
        return len(self._data) - self._offset

    def take(self, length: int) -> bytes:
        if length > self.remaining:
            raise HandshakeError(
                f"Message cut off: needed {length} bytes at offset {self._offset}, "
                f"{self.remaining} left."
            )
        chunk = self._data[self._offset : self._offset + length]
        self._offset += length
        return chunk

    def integer(self, length: int) -> int:
        return int.from_bytes(self.take(length), "big")

    def vector(self, length_bytes: int) -> bytes:
        return self.take(self.integer(length_bytes))

    def finish(self, what: str) -> None:
        if self.remaining:
            raise HandshakeError(f"{self.remaining} unexpected bytes at the end of the {what}.")


def _parse_extensions(data: bytes) -> dict[int, bytes]:
    reader = _Reader(data)
    extensions: dict[int, bytes] = {}
    while reader.remaining:
        extension_type = reader.integer(2)
        if extension_type in extensions:
            raise HandshakeError(f"Extension 0x{extension_type:04X} appears twice.")
        extensions[extension_type] = reader.vector(2)
    return extensions


class _Wire:
    """Moves bytes between the memory BIOs of a client and a server and keeps a copy."""

    def __init__(self, client: SSL.Connection, server: SSL.Connection) -> None:
        self._connections = {"client": client, "server": server}
        self._writes: list[tuple[Side, bytes]] = []

    def move(self, sender: Side) -> bool:
        """Move everything `sender` has written to its peer, and return whether there was any."""
        source = self._connections[sender]
        destination = self._connections["server" if sender == "client" else "client"]
        moved = False
        while True:
            try:
                data = source.bio_read(_BIO_READ_SIZE)
            except SSL.WantReadError:
                return moved
            if not data:
                return moved
            self._writes.append((sender, data))
            destination.bio_write(data)
            moved = True

    def records(self) -> tuple[Record, ...]:
        """Split each side's bytes into records, ordered by the write that completed them."""
        records: list[Record] = []
        for sender in ("client", "server"):
            stream = b""
            ends: list[tuple[int, int]] = []  # (end offset in the stream, write index)
            for write_index, (writer, data) in enumerate(self._writes):
                if writer == sender:
                    stream += data
                    ends.append((len(stream), write_index))
            offset = 0
            for content_type, legacy_version, fragment in split_records(stream):
                offset += 5 + len(fragment)
                write_index = next(index for end, index in ends if end >= offset)
                records.append(Record(sender, write_index, content_type, legacy_version, fragment))
        records.sort(key=lambda record: record.write_index)
        return tuple(records)


def _context(
    config: HandshakeConfig,
    side: Side,
    key_log: list[KeyLogEntry],
    keep_alive: list[Any],
    *,
    tickets: bool = False,
    offer: _ExternalPskOffer | None = None,
) -> SSL.Context:
    context = SSL.Context(SSL.TLS_METHOD)
    context.set_min_proto_version(_VERSIONS[config.version])
    context.set_max_proto_version(_VERSIONS[config.version])
    # OpenSSL allows TLS 1.0 and 1.1, with their SHA-1 signatures, and the 8-byte tags of
    # CCM_8 only at security level 0.
    weak = (
        config.version in ("TLSv1", "TLSv1.1")
        or "CCM8" in config.cipher
        or "CCM_8" in config.cipher
    )
    level = ":@SECLEVEL=0" if weak else ""
    if config.version == "TLSv1.3":
        context.set_tls13_ciphersuites(config.cipher.encode("ascii"))
        context.set_cipher_list(f"DEFAULT{level}".encode("ascii"))
    else:
        context.set_cipher_list(f"{config.cipher}{level}".encode("ascii"))

    options = 0 if tickets else SSL.OP_NO_TICKET
    if not config.extended_master_secret:
        options |= SSL_OP_NO_EXTENDED_MASTER_SECRET
    if not config.encrypt_then_mac:
        options |= SSL_OP_NO_ENCRYPT_THEN_MAC
    if config.psk is not None:
        options |= SSL_OP_ALLOW_NO_DHE_KEX | SSL_OP_PREFER_NO_DHE_KEX
    context.set_options(options)
    context.set_session_cache_mode(SSL.SESS_CACHE_OFF)

    def log_key(connection: SSL.Connection, line: bytes) -> None:
        key_log.append(parse_key_log_line(line))

    context.set_keylog_callback(log_key)
    if config.psk is not None:
        _set_psk_callback(context, config, side, keep_alive, offer or _ExternalPskOffer())
    elif side == "server":
        key, certificate = server_identity()
        context.use_certificate(certificate)
        context.use_privatekey(key)
    return context


@dataclass
class _ExternalPskOffer:
    """Switch that decides whether the client offers the external PSK in its next ClientHello."""

    enabled: bool = True


def _set_psk_callback(
    context: SSL.Context,
    config: HandshakeConfig,
    side: Side,
    keep_alive: list[Any],
    offer: _ExternalPskOffer,
) -> None:
    """Offer (client) or accept (server) `config.psk` as an external TLS 1.3 PSK.

    Both sides build the PSK's session as SSL_CTX_set_psk_use_session_callback(3) describes:
    the key as master key, the suite's SSL_CIPHER and TLSv1.3. OpenSSL frees the session
    that either callback returns (ssl/statem/extensions_srvr.c for the server).
    """
    psk = config.psk
    assert psk is not None
    suite_code = TLS13_CIPHER_SUITE_CODES[config.cipher]

    def new_session(ssl: Any) -> Any:
        # An exception here reaches cffi, which prints it and returns 0 (`error=0` below),
        # so OpenSSL fails the handshake and do_handshake raises SSL.Error.
        session = lib.Cryptography_SSL_SESSION_new()
        cipher = lib.SSL_CIPHER_find(ssl, suite_code)
        if (
            session == ffi.NULL
            or cipher == ffi.NULL
            or lib.SSL_SESSION_set1_master_key(session, psk, len(psk)) != 1
            or lib.SSL_SESSION_set_cipher(session, cipher) != 1
            or lib.SSL_SESSION_set_protocol_version(session, SSL.TLS1_3_VERSION) != 1
        ):
            raise HandshakeError(
                f"Failed to build the PSK session for {config.cipher}: an OpenSSL call to "
                "create or fill the SSL_SESSION returned an error."
            )
        return session

    callback: Callable[..., int]
    if side == "client":
        identity = ffi.new("unsigned char[]", PSK_IDENTITY)

        def use_session(
            ssl: Any, md: Any, identity_out: Any, length_out: Any, session_out: Any
        ) -> int:
            if not offer.enabled:
                session_out[0] = ffi.NULL
                return 1
            identity_out[0] = identity
            length_out[0] = len(PSK_IDENTITY)
            session_out[0] = new_session(ssl)
            return 1

        callback = ffi.callback(
            "int (*)(SSL *, EVP_MD *, unsigned char **, size_t *, SSL_SESSION **)",
            use_session,
            error=0,
        )
        lib.SSL_CTX_set_psk_use_session_callback(context._context, callback)
        keep_alive.append(identity)
    else:

        def find_session(ssl: Any, identity: Any, length: int, session_out: Any) -> int:
            if ffi.buffer(identity, length)[:] == PSK_IDENTITY:
                session_out[0] = new_session(ssl)
            else:
                session_out[0] = ffi.NULL
            return 1

        callback = ffi.callback(
            "int (*)(SSL *, unsigned char *, size_t, SSL_SESSION **)", find_session, error=0
        )
        lib.SSL_CTX_set_psk_find_session_callback(context._context, callback)
    keep_alive.append(callback)


def _advance_handshake(connection: SSL.Connection) -> bool:
    """Advance the handshake as far as the received bytes allow, and return whether it is done."""
    try:
        connection.do_handshake()
    except SSL.WantReadError:
        return False
    return True


def _check_negotiated(config: HandshakeConfig, side: Side, connection: SSL.Connection) -> None:
    version = connection.get_protocol_version_name()
    cipher = connection.get_cipher_name()
    if version != config.version or cipher != config.cipher:
        raise HandshakeError(
            f"The {side} negotiated {version} {cipher}, expected {config.version} {config.cipher}."
        )


def _receive_exactly(connection: SSL.Connection, expected: bytes, side: Side) -> None:
    received = b""
    while len(received) < len(expected):
        try:
            received += connection.recv(len(expected) - len(received))
        except SSL.WantReadError:
            break
    if received != expected:
        raise HandshakeError(
            f"The {side} received {len(received)} bytes of application data that differ from "
            f"the {len(expected)} bytes sent."
        )
