"""Our derivations reproduce what OpenSSL computed in live handshakes over memory BIOs.

Each case runs one handshake between a pyOpenSSL client and server (tests/live_openssl.py)
and exchanges application data. The OpenSSL is the one that pyca/cryptography's wheel
links, 4.0.3 with the pinned cryptography 50.0.2, not the system's. Every expected value
comes from OpenSSL: the master secret, the randoms, exported keying material, the NSS key
log, and the records it wrote. Our code must reproduce those values or open those records.
Transcript hashes use hashlib, and the direct decryptions use pyca/cryptography.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from typing import NamedTuple

import pytest
import tlsspec
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESCCM, AESGCM, ChaCha20Poly1305
from tlsspec import CipherSpec, ContentType, ProtocolVersion, key_schedule, keys, record

from tests import live_openssl
from tests.live_openssl import (
    FINISHED,
    Handshake,
    HandshakeConfig,
    HandshakeMessage,
    Record,
    Side,
)

TLS12_SUITES = (
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-RSA-CHACHA20-POLY1305",
    "AES128-SHA",
    "DHE-RSA-AES256-SHA256",
    "AES128-CCM",
    "AES128-CCM8",
)
TLS12_CBC_SUITES = ("AES128-SHA", "DHE-RSA-AES256-SHA256")
TLS13_SUITES = (
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_AES_128_CCM_SHA256",
    "TLS_AES_128_CCM_8_SHA256",
)

# An external PSK for the psk_ke handshakes. Any bytes work.
EXTERNAL_PSK = hashlib.sha256(b"tlsspec external PSK for the live OpenSSL tests").digest()

# RFC 5705, Section 4: labels beginning with "EXPERIMENTAL" need no registration.
EXPORTER_LABEL = b"EXPERIMENTAL tlsspec live test"
EXPORTER_LENGTH = 42
EXPORTER_CONTEXTS = {
    "context": b"tlsspec exporter context",
    "empty-context": b"",
    "no-context": None,
}

PRE_TLS13_CONFIGS = [
    HandshakeConfig("TLSv1.2", suite, extended_master_secret=ems)
    for suite in TLS12_SUITES
    for ems in (True, False)
] + [HandshakeConfig("TLSv1.2", suite, encrypt_then_mac=False) for suite in TLS12_CBC_SUITES]
# TLS 1.0 (implicit CBC IV, MD5 and SHA-1 PRF) and TLS 1.1 (explicit IV, same PRF).
PRE_TLS13_CONFIGS += [
    HandshakeConfig(version, suite, extended_master_secret=ems, encrypt_then_mac=etm)
    for version in ("TLSv1", "TLSv1.1")
    for suite in ("AES128-SHA", "ECDHE-RSA-AES256-SHA")
    for ems, etm in ((True, True), (False, False))
]
RSA_CONFIGS = [config for config in PRE_TLS13_CONFIGS if config.cipher == "AES128-SHA"]
TLS13_CONFIGS = [HandshakeConfig("TLSv1.3", suite) for suite in TLS13_SUITES]
PSK_CONFIGS = [HandshakeConfig("TLSv1.3", suite, psk=EXTERNAL_PSK) for suite in TLS13_SUITES]
TLS13_ALL_CONFIGS = TLS13_CONFIGS + PSK_CONFIGS
SIDES: tuple[Side, ...] = ("client", "server")


def case_id(config: HandshakeConfig) -> str:
    """Name a handshake case for pytest: version, suite and the options that differ."""
    parts = [config.version, config.cipher]
    if config.version != "TLSv1.3":
        parts.append("ems" if config.extended_master_secret else "no-ems")
    if not config.encrypt_then_mac:
        parts.append("no-etm")
    if config.psk is not None:
        parts.append("psk-ke")
    return "-".join(parts)


@functools.cache
def handshake(config: HandshakeConfig) -> Handshake:
    """Run the handshake of `config` once per test process; tests share the result."""
    return live_openssl.run_handshake(config)


def negotiated_spec(live: Handshake) -> CipherSpec:
    """Return our cipher spec of the suite and version that OpenSSL negotiated."""
    name = live.client.get_cipher_name()
    assert name is not None
    suite = tlsspec.cipher_suite_by_openssl_name(name)
    version = {
        "TLSv1": ProtocolVersion.TLS_1_0,
        "TLSv1.1": ProtocolVersion.TLS_1_1,
        "TLSv1.2": ProtocolVersion.TLS_1_2,
        "TLSv1.3": ProtocolVersion.TLS_1_3,
    }[live.client.get_protocol_version_name()]
    spec = tlsspec.cipher_spec(suite.code, version)
    assert spec is not None, f"cipher_spec({suite.code:#06x}, {version.name}) is None"
    return spec


def transcript(messages: list[HandshakeMessage] | tuple[HandshakeMessage, ...]) -> bytes:
    """Concatenate handshake messages, headers included, as the transcript covers them."""
    return b"".join(message.data for message in messages)


def digest(spec: CipherSpec, data: bytes) -> bytes:
    """Hash `data` with the suite's PRF hash, through hashlib."""
    assert spec.prf_hash is not None
    return hashlib.new(spec.prf_hash, data).digest()


def handshake_hash(spec: CipherSpec, data: bytes) -> bytes:
    """Hash `data` as RFC 7627, Section 3 hashes the session: MD5 and SHA-1 before TLS 1.2."""
    if spec.version in (ProtocolVersion.TLS_1_0, ProtocolVersion.TLS_1_1):
        return hashlib.md5(data).digest() + hashlib.sha1(data).digest()
    return digest(spec, data)


def aead_of(spec: CipherSpec, key: bytes) -> AESGCM | AESCCM | ChaCha20Poly1305:
    """Return the pyca/cryptography AEAD that the suite's IANA name spells out."""
    name = spec.suite.name
    if "CCM_8" in name:
        return AESCCM(key, tag_length=8)  # RFC 6655, Section 3 and RFC 8446, Appendix B.4
    if "_CCM" in name:
        return AESCCM(key)
    if "_GCM_" in name:
        return AESGCM(key)
    assert "CHACHA20_POLY1305" in name
    return ChaCha20Poly1305(key)


def peer_of(side: Side) -> Side:
    """Return the other side of the connection."""
    return "server" if side == "client" else "client"


def open_records(state: record.RecordState, records: tuple[Record, ...]) -> list[tuple[int, bytes]]:
    """Open `records` in order with `state`, and return each one's content type and plaintext."""
    return [state.open(item.data) for item in records]


def openssl_secrets(live: Handshake) -> tuple[bytes, bytes, bytes]:
    """Return OpenSSL's master secret, client random and server random of a TLS 1.2 session."""
    master_secret = live.client.master_key()
    client_random = live.client.client_random()
    server_random = live.client.server_random()
    assert master_secret is not None
    assert client_random is not None
    assert server_random is not None
    return master_secret, client_random, server_random


def encrypt_then_mac_negotiated(live: Handshake) -> bool:
    """Return whether the ServerHello accepted encrypt_then_mac (RFC 7366, Section 2)."""
    return live_openssl.ENCRYPT_THEN_MAC in live.server_hello().extensions


# Both versions


@pytest.mark.parametrize("config", PRE_TLS13_CONFIGS + TLS13_ALL_CONFIGS, ids=case_id)
def test_openssl_cipher_name_maps_to_suite(config: HandshakeConfig) -> None:
    live = handshake(config)
    name = live.client.get_cipher_name()
    assert name is not None

    suite = tlsspec.cipher_suite_by_openssl_name(name)

    assert suite.code == live.server_hello().cipher_suites[0]
    assert negotiated_spec(live).suite == suite.code


# TLS 1.2


@pytest.mark.parametrize("config", PRE_TLS13_CONFIGS, ids=case_id)
def test_key_logs_match_openssl_master_key(config: HandshakeConfig) -> None:
    live = handshake(config)
    master_secret = live.client.master_key()

    assert master_secret is not None
    assert live.server.master_key() == master_secret
    assert live.logged_secret("CLIENT_RANDOM", "client") == master_secret
    assert live.logged_secret("CLIENT_RANDOM", "server") == master_secret


@pytest.mark.parametrize("config", PRE_TLS13_CONFIGS, ids=case_id)
def test_extended_master_secret_negotiated_as_configured(config: HandshakeConfig) -> None:
    live = handshake(config)
    extension = live_openssl.EXTENDED_MASTER_SECRET

    assert (extension in live.client_hello().extensions) is config.extended_master_secret
    assert (extension in live.server_hello().extensions) is config.extended_master_secret


@pytest.mark.parametrize(
    "config", [c for c in PRE_TLS13_CONFIGS if c.cipher in TLS12_CBC_SUITES], ids=case_id
)
def test_encrypt_then_mac_negotiated_as_configured(config: HandshakeConfig) -> None:
    assert encrypt_then_mac_negotiated(handshake(config)) is config.encrypt_then_mac


@pytest.mark.parametrize("context", EXPORTER_CONTEXTS.values(), ids=EXPORTER_CONTEXTS.keys())
@pytest.mark.parametrize("config", PRE_TLS13_CONFIGS, ids=case_id)
def test_export_keying_material_matches_openssl(
    config: HandshakeConfig, context: bytes | None
) -> None:
    live = handshake(config)
    spec = negotiated_spec(live)
    master_secret, client_random, server_random = openssl_secrets(live)

    ours = keys.export_keying_material(
        spec, master_secret, client_random, server_random, EXPORTER_LABEL, context, EXPORTER_LENGTH
    )

    assert ours == live.client.export_keying_material(EXPORTER_LABEL, EXPORTER_LENGTH, context)
    assert ours == live.server.export_keying_material(EXPORTER_LABEL, EXPORTER_LENGTH, context)


@pytest.mark.parametrize("config", PRE_TLS13_CONFIGS, ids=case_id)
def test_exporter_empty_context_differs_from_none(config: HandshakeConfig) -> None:
    # RFC 5705, Section 4: the seed carries a context length only when a context is given,
    # so an empty context and no context give different output.
    live = handshake(config)
    spec = negotiated_spec(live)
    master_secret, client_random, server_random = openssl_secrets(live)

    def ours(context: bytes | None) -> bytes:
        return keys.export_keying_material(
            spec,
            master_secret,
            client_random,
            server_random,
            EXPORTER_LABEL,
            context,
            EXPORTER_LENGTH,
        )

    openssl_empty = live.client.export_keying_material(EXPORTER_LABEL, EXPORTER_LENGTH, b"")
    openssl_none = live.client.export_keying_material(EXPORTER_LABEL, EXPORTER_LENGTH, None)
    assert openssl_empty != openssl_none
    assert ours(b"") != ours(None)


@pytest.mark.parametrize("sender", SIDES)
@pytest.mark.parametrize("config", PRE_TLS13_CONFIGS, ids=case_id)
def test_finished_verify_data_matches_openssl(config: HandshakeConfig, sender: Side) -> None:
    # RFC 5246, Section 7.4.9: verify_data covers every handshake message before this
    # Finished. The client's Finished comes first, so the server's also covers it.
    live = handshake(config)
    spec = negotiated_spec(live)
    master_secret, client_random, server_random = openssl_secrets(live)
    key_block = keys.key_block(spec, master_secret, client_random, server_random)
    etm = encrypt_then_mac_negotiated(live)

    finished: dict[Side, HandshakeMessage] = {}
    for side in SIDES:
        # The peer of `side` reads what `side` wrote.
        read_state, _ = record.new_states(spec, key_block, side=peer_of(side), encrypt_then_mac=etm)
        content_type, plaintext = read_state.open(live.protected_records(side)[0].data)
        assert content_type == ContentType.handshake
        (message,), rest = live_openssl.split_handshake_messages(plaintext, side)
        assert not rest
        assert message.msg_type == FINISHED
        finished[side] = message

    messages = list(live.plaintext_handshake_messages())
    if sender == "server":
        messages.append(finished["client"])
    expected = keys.verify_data(spec, master_secret, transcript(messages), sender)
    assert finished[sender].body == expected


@pytest.mark.parametrize("sender", SIDES)
@pytest.mark.parametrize("config", PRE_TLS13_CONFIGS, ids=case_id)
def test_key_block_opens_application_data(config: HandshakeConfig, sender: Side) -> None:
    live = handshake(config)
    spec = negotiated_spec(live)
    master_secret, client_random, server_random = openssl_secrets(live)
    key_block = keys.key_block(spec, master_secret, client_random, server_random)
    read_state, _ = record.new_states(
        spec, key_block, side=peer_of(sender), encrypt_then_mac=encrypt_then_mac_negotiated(live)
    )

    opened = open_records(read_state, live.protected_records(sender))
    # The first record is the Finished, and the sequence numbers continue after it.
    application_data = [plaintext for content_type, plaintext in opened[1:]]
    types = {content_type for content_type, _ in opened[1:]}

    expected = live_openssl.CLIENT_MESSAGE if sender == "client" else live_openssl.SERVER_MESSAGE
    assert types == {ContentType.application_data}
    assert b"".join(application_data) == expected


def decrypt_tls12_finished(
    spec: CipherSpec, key_block: keys.KeyBlock, finished_record: Record, etm: bool
) -> bytes:
    """Decrypt a Finished record (sequence number 0) with pyca/cryptography, not tlsspec.record.

    RFC 5288, Section 3 (GCM), RFC 7905, Section 2 (ChaCha20-Poly1305), and RFC 5246,
    Section 6.2.3.2 with RFC 7366, Section 3 (CBC, MAC before or after encryption). TLS 1.0
    takes the first CBC IV from the key block instead of the record (RFC 2246, Section
    6.2.3.2).
    """
    client = finished_record.sender == "client"
    write_key = key_block.client_write_key if client else key_block.server_write_key
    write_iv = key_block.client_write_iv if client else key_block.server_write_iv
    mac_key = key_block.client_write_mac_key if client else key_block.server_write_mac_key
    fragment = finished_record.fragment
    header = bytes(8) + finished_record.data[:3]  # seq_num, type, version

    if spec.cipher_type == "aead":
        aead = aead_of(spec, write_key)
        if isinstance(aead, ChaCha20Poly1305):
            nonce, ciphertext = write_iv, fragment  # the IV XOR sequence number 0
        else:
            nonce, ciphertext = write_iv + fragment[:8], fragment[8:]  # RFC 5288 and RFC 6655
        length = len(ciphertext) - spec.tag_length
        return aead.decrypt(nonce, ciphertext, header + length.to_bytes(2, "big"))

    assert spec.mac_hash is not None and spec.cipher_algorithm == "AES"
    if etm:
        protected, mac = fragment[: -spec.mac_length], fragment[-spec.mac_length :]
        mac_input = header + len(protected).to_bytes(2, "big") + protected
        assert hmac.digest(mac_key, mac_input, spec.mac_hash) == mac
        fragment = protected
    if spec.version is ProtocolVersion.TLS_1_0:
        iv, ciphertext = write_iv, fragment
    else:
        iv, ciphertext = fragment[:16], fragment[16:]
    decryptor = Cipher(algorithms.AES(write_key), modes.CBC(iv)).decryptor()
    padded = decryptor.update(ciphertext) + decryptor.finalize()
    padding_length = padded[-1]
    assert padded[-padding_length - 1 :] == bytes([padding_length]) * (padding_length + 1)
    unpadded = padded[: -padding_length - 1]
    if etm:
        return unpadded
    plaintext, mac = unpadded[: -spec.mac_length], unpadded[-spec.mac_length :]
    mac_input = header + len(plaintext).to_bytes(2, "big") + plaintext
    assert hmac.digest(mac_key, mac_input, spec.mac_hash) == mac
    return plaintext


@pytest.mark.parametrize("sender", SIDES)
@pytest.mark.parametrize("config", PRE_TLS13_CONFIGS, ids=case_id)
def test_key_block_decrypts_finished_directly(config: HandshakeConfig, sender: Side) -> None:
    # The claim of test_finished_verify_data_matches_openssl without tlsspec.record. If both
    # fail, the key block is wrong. If only the other one fails, the record layer is.
    live = handshake(config)
    spec = negotiated_spec(live)
    master_secret, client_random, server_random = openssl_secrets(live)
    key_block = keys.key_block(spec, master_secret, client_random, server_random)
    etm = encrypt_then_mac_negotiated(live)
    finished = {
        side: decrypt_tls12_finished(spec, key_block, live.protected_records(side)[0], etm)
        for side in SIDES
    }

    messages = transcript(live.plaintext_handshake_messages())
    if sender == "server":
        messages += finished["client"]
    expected = keys.verify_data(spec, master_secret, messages, sender)

    assert finished[sender] == bytes([FINISHED]) + len(expected).to_bytes(3, "big") + expected


@pytest.mark.parametrize("config", RSA_CONFIGS, ids=case_id)
def test_rsa_master_secret_matches_openssl(config: HandshakeConfig) -> None:
    live = handshake(config)
    spec = negotiated_spec(live)
    messages = live.plaintext_handshake_messages()
    (client_key_exchange,) = [m for m in messages if m.msg_type == live_openssl.CLIENT_KEY_EXCHANGE]
    # RFC 5246, Section 7.4.7.1: EncryptedPreMasterSecret, a vector with a 2-byte length.
    length = int.from_bytes(client_key_exchange.body[:2], "big")
    encrypted = client_key_exchange.body[2:]
    assert length == len(encrypted)
    key, _ = live_openssl.server_identity()
    pre_master_secret = key.decrypt(encrypted, padding.PKCS1v15())
    # The client's key log names the pre-master secret by the ciphertext's first 8 bytes.
    (logged,) = [entry for entry in live.client_key_log if entry.label == "RSA"]
    assert logged.reference == encrypted[:8]
    assert logged.secret == pre_master_secret
    master_secret, client_random, server_random = openssl_secrets(live)

    if config.extended_master_secret:
        # RFC 7627, Section 3: the session hash covers ClientHello up to ClientKeyExchange.
        session_hash = keys.session_hash(spec, transcript(messages))
        assert session_hash == handshake_hash(spec, transcript(messages))
        ours = keys.extended_master_secret(spec, pre_master_secret, session_hash)
    else:
        ours = keys.master_secret(spec, pre_master_secret, client_random, server_random)

    assert ours == master_secret


# TLS 1.3


def open_tls13_flight(
    spec: CipherSpec, traffic_secret: bytes, records: tuple[Record, ...], sender: Side
) -> tuple[list[HandshakeMessage], tuple[Record, ...]]:
    """Open the encrypted handshake records of `sender` up to its Finished.

    Return the handshake messages and the records after the Finished.
    """
    state = record.tls13_state(spec, traffic_secret)
    pending = b""
    messages: list[HandshakeMessage] = []
    for index, item in enumerate(records):
        content_type, plaintext = state.open(item.data)
        assert content_type == ContentType.handshake, f"record {index} has type {content_type}"
        parsed, pending = live_openssl.split_handshake_messages(pending + plaintext, sender)
        messages.extend(parsed)
        if messages and messages[-1].msg_type == FINISHED:
            assert not pending
            return messages, records[index + 1 :]
    raise AssertionError(f"The {sender}'s encrypted handshake records end without a Finished.")


def tls13_handshake_messages(
    live: Handshake, spec: CipherSpec, handshake_secrets: dict[Side, bytes]
) -> tuple[list[HandshakeMessage], dict[Side, tuple[Record, ...]]]:
    """Return the whole transcript, CH to client Finished, and each side's later records."""
    messages = list(live.plaintext_handshake_messages())
    assert [m.msg_type for m in messages] == [live_openssl.CLIENT_HELLO, live_openssl.SERVER_HELLO]
    assert live.server_hello().random != live_openssl.HELLO_RETRY_REQUEST_RANDOM
    rest: dict[Side, tuple[Record, ...]] = {}
    for side in ("server", "client"):
        flight, rest[side] = open_tls13_flight(
            spec, handshake_secrets[side], live.protected_records(side), side
        )
        messages.extend(flight)
    return messages, rest


def logged_handshake_secrets(live: Handshake) -> dict[Side, bytes]:
    """Return the handshake traffic secrets of both sides from OpenSSL's key log."""
    return {
        "client": live.logged_secret("CLIENT_HANDSHAKE_TRAFFIC_SECRET"),
        "server": live.logged_secret("SERVER_HANDSHAKE_TRAFFIC_SECRET"),
    }


@pytest.mark.parametrize("config", TLS13_ALL_CONFIGS, ids=case_id)
def test_tls13_key_logs_of_both_sides_agree(config: HandshakeConfig) -> None:
    live = handshake(config)
    for label in (
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "CLIENT_TRAFFIC_SECRET_0",
        "SERVER_TRAFFIC_SECRET_0",
        "EXPORTER_SECRET",
    ):
        assert live.logged_secret(label, "client") == live.logged_secret(label, "server"), label


@pytest.mark.parametrize("sender", SIDES)
@pytest.mark.parametrize("config", TLS13_ALL_CONFIGS, ids=case_id)
def test_traffic_key_decrypts_first_handshake_record(config: HandshakeConfig, sender: Side) -> None:
    # Independent of tlsspec.record: RFC 8446, Section 5.2 and 5.3. The first encrypted
    # record has sequence number 0, so its nonce is the IV, and its header is the AAD.
    live = handshake(config)
    spec = negotiated_spec(live)
    assert spec.prf_hash is not None
    secret = logged_handshake_secrets(live)[sender]
    traffic_key = key_schedule.traffic_key(
        spec.prf_hash, secret, spec.key_length, spec.fixed_iv_length
    )
    first = live.protected_records(sender)[0]
    aead = aead_of(spec, traffic_key.key)

    inner = aead.decrypt(traffic_key.iv, first.fragment, first.data[:5]).rstrip(b"\0")

    assert inner[-1] == ContentType.handshake
    first_message_type = live_openssl.ENCRYPTED_EXTENSIONS if sender == "server" else FINISHED
    assert inner[0] == first_message_type


@pytest.mark.parametrize("config", TLS13_ALL_CONFIGS, ids=case_id)
def test_tls13_handshake_records_open(config: HandshakeConfig) -> None:
    live = handshake(config)
    spec = negotiated_spec(live)

    messages, _ = tls13_handshake_messages(live, spec, logged_handshake_secrets(live))

    server_flight = [m.msg_type for m in messages if m.sender == "server"][1:]
    client_flight = [m.msg_type for m in messages if m.sender == "client"][1:]
    if config.psk is None:
        assert server_flight == [
            live_openssl.ENCRYPTED_EXTENSIONS,
            live_openssl.CERTIFICATE,
            live_openssl.CERTIFICATE_VERIFY,
            FINISHED,
        ]
    else:
        assert server_flight == [live_openssl.ENCRYPTED_EXTENSIONS, FINISHED]
    assert client_flight == [FINISHED]


@pytest.mark.parametrize("sender", SIDES)
@pytest.mark.parametrize("config", TLS13_ALL_CONFIGS, ids=case_id)
def test_tls13_finished_verify_data_matches_openssl(config: HandshakeConfig, sender: Side) -> None:
    # RFC 8446, Section 4.4.4: HMAC over the transcript hash up to, not including, this
    # Finished, keyed from the sender's handshake traffic secret.
    live = handshake(config)
    spec = negotiated_spec(live)
    assert spec.prf_hash is not None
    secrets = logged_handshake_secrets(live)
    messages, _ = tls13_handshake_messages(live, spec, secrets)
    index = next(i for i, m in enumerate(messages) if m.sender == sender and m.msg_type == FINISHED)

    expected = key_schedule.finished_verify_data(
        spec.prf_hash, secrets[sender], digest(spec, transcript(messages[:index]))
    )

    assert messages[index].body == expected


@pytest.mark.parametrize("context", EXPORTER_CONTEXTS.values(), ids=EXPORTER_CONTEXTS.keys())
@pytest.mark.parametrize("config", TLS13_ALL_CONFIGS, ids=case_id)
def test_tls13_exporter_matches_openssl(config: HandshakeConfig, context: bytes | None) -> None:
    # RFC 8446, Section 7.5: no context and an empty context give the same output, so
    # OpenSSL's output without a context must equal ours with an empty one.
    live = handshake(config)
    spec = negotiated_spec(live)
    assert spec.prf_hash is not None

    ours = key_schedule.exporter(
        spec.prf_hash,
        live.logged_secret("EXPORTER_SECRET"),
        EXPORTER_LABEL,
        context or b"",
        EXPORTER_LENGTH,
    )

    assert ours == live.client.export_keying_material(EXPORTER_LABEL, EXPORTER_LENGTH, context)
    assert ours == live.server.export_keying_material(EXPORTER_LABEL, EXPORTER_LENGTH, context)


@pytest.mark.parametrize("sender", SIDES)
@pytest.mark.parametrize("config", TLS13_ALL_CONFIGS, ids=case_id)
def test_application_traffic_secret_opens_application_records(
    config: HandshakeConfig, sender: Side
) -> None:
    live = handshake(config)
    spec = negotiated_spec(live)
    _, rest = tls13_handshake_messages(live, spec, logged_handshake_secrets(live))
    label = "CLIENT_TRAFFIC_SECRET_0" if sender == "client" else "SERVER_TRAFFIC_SECRET_0"
    state = record.tls13_state(spec, live.logged_secret(label))

    opened = open_records(state, rest[sender])

    # OpenSSL 4.0.3's TLS 1.3 server sends NewSessionTicket messages despite
    # SSL_OP_NO_TICKET, and pyOpenSSL 26.4.0 has no call to set their number to zero.
    tickets = b"".join(p for t, p in opened if t == ContentType.handshake)
    application_data = b"".join(p for t, p in opened if t == ContentType.application_data)
    types = {content_type for content_type, _ in opened}
    expected = live_openssl.CLIENT_MESSAGE if sender == "client" else live_openssl.SERVER_MESSAGE
    assert types <= {ContentType.handshake, ContentType.application_data}
    assert application_data == expected
    ticket_messages = live_openssl.split_handshake_messages(tickets, sender)[0]
    assert all(m.msg_type == live_openssl.NEW_SESSION_TICKET for m in ticket_messages)


# TLS 1.3 with an external PSK and no (EC)DHE: every input of the key schedule is known.
# NOTE: pyOpenSSL 26.4.0 has no PSK API. The harness sets OpenSSL's TLS 1.3 PSK callbacks
# through pyOpenSSL's private cffi binding (OpenSSL._util.lib), which an upgrade may break.


@pytest.mark.parametrize("config", PSK_CONFIGS, ids=case_id)
def test_psk_handshake_has_no_key_share(config: HandshakeConfig) -> None:
    extensions = handshake(config).server_hello().extensions

    assert live_openssl.PRE_SHARED_KEY in extensions
    assert live_openssl.KEY_SHARE not in extensions


class PskSchedule(NamedTuple):
    """Our key schedule of a psk_ke handshake and the messages it let us decrypt."""

    early: key_schedule.EarlySecrets
    handshake: key_schedule.HandshakeSecrets
    master: key_schedule.ApplicationSecrets
    resumption: key_schedule.ResumptionSecrets
    messages: list[HandshakeMessage]
    later_records: dict[Side, tuple[Record, ...]]


def derive_psk_schedule(live: Handshake, spec: CipherSpec, psk: bytes) -> PskSchedule:
    """Run our key schedule from `psk` and the wire alone, without the key log.

    Our own handshake traffic secrets open the encrypted handshake messages, whose hashes
    the master secrets need.
    """
    hash_name = spec.prf_hash
    assert hash_name is not None
    client_hello, server_hello = live.plaintext_handshake_messages()
    early = key_schedule.early_secrets(hash_name, psk)
    handshake_secrets = key_schedule.handshake_secrets(
        hash_name,
        early.early_secret,
        None,
        digest(spec, client_hello.data + server_hello.data),
        spec.key_length,
        spec.fixed_iv_length,
    )
    ours: dict[Side, bytes] = {
        "client": handshake_secrets.client_handshake_traffic_secret,
        "server": handshake_secrets.server_handshake_traffic_secret,
    }
    messages, later_records = tls13_handshake_messages(live, spec, ours)
    server_finished = next(
        i for i, m in enumerate(messages) if m.sender == "server" and m.msg_type == FINISHED
    )
    master_secrets = key_schedule.application_secrets(
        hash_name,
        handshake_secrets.handshake_secret,
        digest(spec, transcript(messages[: server_finished + 1])),
        spec.key_length,
        spec.fixed_iv_length,
    )
    resumption_secrets = key_schedule.resumption_secrets(
        hash_name, master_secrets.master_secret, digest(spec, transcript(messages))
    )
    return PskSchedule(
        early, handshake_secrets, master_secrets, resumption_secrets, messages, later_records
    )


def check_binder(live: Handshake, spec: CipherSpec, binder_key: bytes) -> None:
    """Assert that the ClientHello offers one PSK, whose binder `binder_key` reproduces.

    RFC 8446, Section 4.2.11.2: the binder is a Finished computed with the binder key over
    the ClientHello truncated before the binders list.
    """
    assert spec.prf_hash is not None
    client_hello = live.plaintext_handshake_messages()[0]
    offered = live_openssl.parse_offered_psks(
        live.client_hello().extensions[live_openssl.PRE_SHARED_KEY]
    )
    truncated = client_hello.data[: -offered.binders_length]

    binder = key_schedule.finished_verify_data(spec.prf_hash, binder_key, digest(spec, truncated))

    assert offered.binders == (binder,)


def check_schedule_against_key_log(live: Handshake, schedule: PskSchedule) -> None:
    """Assert that every secret that OpenSSL logged equals ours."""
    secrets = {
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET": schedule.handshake.client_handshake_traffic_secret,
        "SERVER_HANDSHAKE_TRAFFIC_SECRET": schedule.handshake.server_handshake_traffic_secret,
        "CLIENT_TRAFFIC_SECRET_0": schedule.master.client_application_traffic_secret_0,
        "SERVER_TRAFFIC_SECRET_0": schedule.master.server_application_traffic_secret_0,
        "EXPORTER_SECRET": schedule.master.exporter_master_secret,
    }
    for label, ours in secrets.items():
        assert ours == live.logged_secret(label), label


@pytest.mark.parametrize("config", PSK_CONFIGS, ids=case_id)
def test_psk_schedule_keys_open_records(config: HandshakeConfig) -> None:
    """The write keys and IVs that the stage functions derive open OpenSSL's records."""
    live = handshake(config)
    spec = negotiated_spec(live)
    schedule = derive_psk_schedule(live, spec, EXTERNAL_PSK)
    stages: dict[Side, tuple[bytes, bytes]] = {
        "server": (schedule.handshake.server_handshake_key, schedule.handshake.server_handshake_iv),
        "client": (schedule.handshake.client_handshake_key, schedule.handshake.client_handshake_iv),
    }
    for side, (key, iv) in stages.items():
        state = record.Tls13State(spec, key, iv)
        content_type, _ = state.open(live.protected_records(side)[0].data)
        assert content_type == ContentType.handshake, side

    applications: dict[Side, tuple[bytes, bytes]] = {
        "server": (
            schedule.master.server_application_key,
            schedule.master.server_application_iv,
        ),
        "client": (
            schedule.master.client_application_key,
            schedule.master.client_application_iv,
        ),
    }
    for side, (key, iv) in applications.items():
        state = record.Tls13State(spec, key, iv)
        opened = open_records(state, schedule.later_records[side])
        assert opened, side


@functools.cache
def resumption(config: HandshakeConfig) -> tuple[Handshake, Handshake]:
    """Run the handshake of `config` and its resumption once per test process."""
    return live_openssl.run_resumption(config)


@pytest.mark.parametrize("config", PSK_CONFIGS, ids=case_id)
def test_psk_binder_matches_client_hello(config: HandshakeConfig) -> None:
    live = handshake(config)
    spec = negotiated_spec(live)
    assert spec.prf_hash is not None
    offered = live_openssl.parse_offered_psks(
        live.client_hello().extensions[live_openssl.PRE_SHARED_KEY]
    )
    assert offered.identities == (live_openssl.PSK_IDENTITY,)

    early = key_schedule.early_secrets(spec.prf_hash, EXTERNAL_PSK)

    assert early.binder_key_external is not None
    check_binder(live, spec, early.binder_key_external)


@pytest.mark.parametrize("config", PSK_CONFIGS, ids=case_id)
def test_psk_key_schedule_matches_key_log(config: HandshakeConfig) -> None:
    live = handshake(config)
    spec = negotiated_spec(live)
    assert spec.prf_hash is not None

    schedule = derive_psk_schedule(live, spec, EXTERNAL_PSK)

    check_schedule_against_key_log(live, schedule)
    exported = key_schedule.exporter(
        spec.prf_hash, schedule.master.exporter_master_secret, EXPORTER_LABEL, b"", EXPORTER_LENGTH
    )
    assert exported == live.client.export_keying_material(EXPORTER_LABEL, EXPORTER_LENGTH, b"")


@pytest.mark.parametrize("config", PSK_CONFIGS, ids=case_id)
def test_resumption_psk_matches_resumed_handshake(config: HandshakeConfig) -> None:
    # RFC 8446, Section 4.6.1: the resumed handshake's PSK comes from the first one's
    # resumption_master_secret and the nonce of the ticket that the client offers. With
    # psk_ke on both, the resumed handshake's logged secrets follow from our schedule alone.
    first, resumed = resumption(config)
    spec = negotiated_spec(first)
    assert spec.prf_hash is not None
    first_schedule = derive_psk_schedule(first, spec, EXTERNAL_PSK)
    check_schedule_against_key_log(first, first_schedule)

    state = record.tls13_state(spec, first_schedule.master.server_application_traffic_secret_0)
    opened = open_records(state, first_schedule.later_records["server"])
    ticket_data = b"".join(p for t, p in opened if t == ContentType.handshake)
    ticket_messages, rest = live_openssl.split_handshake_messages(ticket_data, "server")
    assert not rest
    tickets = {
        ticket.ticket: ticket
        for ticket in (live_openssl.parse_new_session_ticket(m.body) for m in ticket_messages)
    }
    offered = live_openssl.parse_offered_psks(
        resumed.client_hello().extensions[live_openssl.PRE_SHARED_KEY]
    )
    (identity,) = offered.identities
    assert identity in tickets
    assert live_openssl.KEY_SHARE not in resumed.server_hello().extensions

    psk = key_schedule.resumption_psk(
        spec.prf_hash,
        first_schedule.resumption.resumption_master_secret,
        tickets[identity].ticket_nonce,
    )
    resumed_schedule = derive_psk_schedule(resumed, spec, psk)

    assert resumed_schedule.early.binder_key_resumption is not None
    check_binder(resumed, spec, resumed_schedule.early.binder_key_resumption)
    check_schedule_against_key_log(resumed, resumed_schedule)
