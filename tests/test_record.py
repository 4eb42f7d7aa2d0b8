"""Tests of tlsspec.record: record protection from SSL 3.0 to TLS 1.3.

Expected records are built here from the RFC text with pyca/cryptography's primitives, never
with tlsspec's own code. tlslite-ng 0.8.2's record layer, with its pure-Python ciphers,
seals and opens records as an independent peer. The TLS 1.3 records are those of RFC 8448,
Section 3, as Botan's transcripts.vec carries them (tests/data/vectors/SOURCES.md).
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import json
import os
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.decrepit.ciphers import algorithms as decrepit
from cryptography.hazmat.primitives.ciphers import (
    BlockCipherAlgorithm,
    Cipher,
    CipherContext,
    algorithms,
    modes,
)
from cryptography.hazmat.primitives.ciphers.aead import AESCCM, AESGCM, ChaCha20Poly1305
from hypothesis import given
from hypothesis import strategies as st
from tlsspec import AlertDescription, ContentType, ProtocolVersion
from tlsspec.cipher_specs import CipherSpec, cipher_spec
from tlsspec.keys import KeyBlock, key_block
from tlsspec.record import (
    AeadState,
    BadRecordMac,
    CbcState,
    RecordError,
    RecordOverflow,
    RecordState,
    StreamState,
    Tls13State,
    UnsupportedCipherError,
    new_states,
    tls13_state,
)

from tests import strategies
from tests.paths import DATA

# tlslite-ng ships no type hints, so its modules are loaded as untyped objects.
tlslite_recordlayer: Any = importlib.import_module("tlslite.recordlayer")
tlslite_mathtls: Any = importlib.import_module("tlslite.mathtls")
tlslite_messages: Any = importlib.import_module("tlslite.messages")

SSL_3_0 = ProtocolVersion.SSL_3_0
TLS_1_0 = ProtocolVersion.TLS_1_0
TLS_1_1 = ProtocolVersion.TLS_1_1
TLS_1_2 = ProtocolVersion.TLS_1_2
TLS_1_3 = ProtocolVersion.TLS_1_3
TLS12_VERSIONS = (SSL_3_0, TLS_1_0, TLS_1_1, TLS_1_2)

APPLICATION_DATA = ContentType.application_data
HANDSHAKE = ContentType.handshake
MAX_FRAGMENT = 2**14
FRAGMENT_SIZES = (0, 1, 15, 16, 17, 63, 64, 255, 1000, MAX_FRAGMENT)

# Suites that cover every cipher type, mode and MAC of SSL 3.0 to TLS 1.2, with the bulk
# cipher that each one stands for.
TLS12_SUITES = {
    0x009C: "AES_128_GCM",
    0x009D: "AES_256_GCM",
    0xC09C: "AES_128_CCM",
    0xC0A0: "AES_128_CCM_8",
    0xCCA8: "CHACHA20_POLY1305",
    0x002F: "AES_128_CBC with HMAC-SHA1",
    0x003D: "AES_256_CBC with HMAC-SHA256",
    0x0041: "CAMELLIA_128_CBC",
    0x000A: "DES_EDE3_CBC",
    0x0009: "DES_CBC",
    0x0096: "SEED_CBC",
    0x0007: "IDEA_CBC",
    0x0008: "DES40_CBC (export)",
    0x0002: "NULL with HMAC-SHA1",
    0x0001: "NULL with HMAC-MD5",
    0x0005: "RC4_128 with HMAC-SHA1",
    0x0004: "RC4_128 with HMAC-MD5",
    0x0003: "RC4_40 (export)",
    0x0000: "NULL without a MAC",
}
TLS13_SUITES = (0x1301, 0x1302, 0x1303, 0x1304, 0x1305, 0x00C6)

# The primitives of each bulk cipher, picked here from the RFCs' cipher names.
AEAD_PRIMITIVES: dict[str, Callable[[bytes], Any]] = {
    "AES_128_GCM": AESGCM,
    "AES_256_GCM": AESGCM,
    "AES_128_CCM": AESCCM,
    "AES_128_CCM_8": lambda key: AESCCM(key, tag_length=8),
    "CHACHA20_POLY1305": ChaCha20Poly1305,
}
BLOCK_PRIMITIVES: dict[str, Callable[[bytes], BlockCipherAlgorithm]] = {
    "AES_128_CBC": algorithms.AES,
    "AES_256_CBC": algorithms.AES,
    "CAMELLIA_128_CBC": decrepit.Camellia,
    "DES_EDE3_CBC": decrepit.TripleDES,
    # Three equal keys make Triple DES single DES (test_triple_des_with_equal_keys_is_des).
    "DES_CBC": lambda key: decrepit.TripleDES(key * 3),
    "DES40_CBC": lambda key: decrepit.TripleDES(key * 3),
    "SEED_CBC": decrepit.SEED,
    "IDEA_CBC": decrepit.IDEA,
}


def spec_of(suite: int, version: int, *, truncated_hmac: bool = False) -> CipherSpec:
    spec = cipher_spec(suite, version, truncated_hmac=truncated_hmac)
    assert spec is not None, f"no cipher spec for 0x{suite:04X} at 0x{version:04X}"
    return spec


def random_keys(spec: CipherSpec) -> KeyBlock:
    return KeyBlock(
        os.urandom(spec.mac_key_length),
        os.urandom(spec.mac_key_length),
        os.urandom(spec.expanded_key_length),
        os.urandom(spec.expanded_key_length),
        os.urandom(spec.fixed_iv_length),
        os.urandom(spec.fixed_iv_length),
    )


def tls12_cases() -> list[Any]:
    """Return a pytest param per (spec, encrypt_then_mac) that cipher_spec allows."""
    cases: dict[tuple[CipherSpec, bool], None] = {}
    for suite in TLS12_SUITES:
        for version in TLS12_VERSIONS:
            for truncated_hmac in (False, True):
                spec = cipher_spec(suite, version, truncated_hmac=truncated_hmac)
                if spec is None:
                    continue
                for encrypt_then_mac in (False, True):
                    if not (encrypt_then_mac and version == SSL_3_0):
                        cases[(spec, encrypt_then_mac)] = None
    return [pytest.param(spec, etm, id=case_id(spec, etm)) for spec, etm in cases]


def case_id(spec: CipherSpec, encrypt_then_mac: bool = False) -> str:
    parts = [spec.suite.name.removeprefix("TLS_"), spec.version.name]
    if spec.truncated_hmac:
        parts.append("truncated_hmac")
    if encrypt_then_mac:
        parts.append("etm")
    return "-".join(parts)


TLS12_CASES = tls12_cases()
TLS13_CASES = [
    pytest.param(spec_of(suite, TLS_1_3), id=case_id(spec_of(suite, TLS_1_3)))
    for suite in TLS13_SUITES
]
TLS13_CASES_ETM = [pytest.param(*case.values, False, id=case.id) for case in TLS13_CASES]


def cases_of_type(cipher_type: str) -> list[Any]:
    return [case for case in TLS12_CASES if case.values[0].cipher_type == cipher_type]


# Records built by hand from the RFCs.


def header(content_type: int, version: int, length: int) -> bytes:
    """Return the 5-byte TLSCiphertext header (RFC 5246, Section 6.2.1)."""
    return bytes([content_type]) + version.to_bytes(2, "big") + length.to_bytes(2, "big")


def expected_mac(
    spec: CipherSpec, mac_key: bytes, sequence_number: int, content_type: int, data: bytes
) -> bytes:
    """Return the record MAC: RFC 6101, Section 5.2.3.1 for SSL 3.0, else RFC 5246,
    Section 6.2.3.1, cut to the truncated length of RFC 6066, Section 7."""
    assert spec.mac_hash is not None
    sequence = sequence_number.to_bytes(8, "big")
    length = len(data).to_bytes(2, "big")
    if spec.version == SSL_3_0:
        pad_length = {"md5": 48, "sha1": 40}[spec.mac_hash]
        inner = hashlib.new(
            spec.mac_hash,
            mac_key + b"\x36" * pad_length + sequence + bytes([content_type]) + length + data,
        ).digest()
        return hashlib.new(spec.mac_hash, mac_key + b"\x5c" * pad_length + inner).digest()
    message = sequence + bytes([content_type]) + int(spec.version).to_bytes(2, "big") + length
    full = hmac.new(mac_key, message + data, spec.mac_hash).digest()
    return full[:10] if spec.truncated_hmac else full


def cbc_padding(length: int, block_size: int) -> bytes:
    """Return the shortest GenericBlockCipher padding (RFC 5246, Section 6.2.3.2)."""
    padding_length = (block_size - (length + 1) % block_size) % block_size
    return bytes([padding_length]) * (padding_length + 1)


def cbc_encrypt(spec: CipherSpec, key: bytes, iv: bytes, plaintext: bytes) -> bytes:
    encryptor = Cipher(BLOCK_PRIMITIVES[spec.bulk_cipher](key), modes.CBC(iv)).encryptor()
    return encryptor.update(plaintext) + encryptor.finalize()


def expected_cbc_body(
    spec: CipherSpec,
    mac_key: bytes,
    key: bytes,
    iv: bytes,
    sequence_number: int,
    content_type: int,
    fragment: bytes,
    *,
    encrypt_then_mac: bool,
    padding: bytes | None = None,
) -> bytes:
    """Return GenericBlockCipher: explicit IV (TLS 1.1+) and ciphertext, then the MAC in
    encrypt-then-MAC (RFC 7366, Section 3)."""
    explicit_iv = iv if spec.record_iv_length else b""
    if encrypt_then_mac:
        if padding is None:
            padding = cbc_padding(len(fragment), spec.block_size)
        sent = explicit_iv + cbc_encrypt(spec, key, iv, fragment + padding)
        return sent + expected_mac(spec, mac_key, sequence_number, content_type, sent)
    data = fragment + expected_mac(spec, mac_key, sequence_number, content_type, fragment)
    if padding is None:
        padding = cbc_padding(len(data), spec.block_size)
    return explicit_iv + cbc_encrypt(spec, key, iv, data + padding)


def tls12_aead_nonce(spec: CipherSpec, iv: bytes, sequence_number: int) -> bytes:
    """Return the nonce: RFC 5288, Section 3 and RFC 6655, Section 3 (salt + seq_num), or
    RFC 7905, Section 2 (iv XOR the padded seq_num)."""
    sequence = sequence_number.to_bytes(8, "big")
    if spec.bulk_cipher == "CHACHA20_POLY1305":
        return bytes(a ^ b for a, b in zip(iv, bytes(4) + sequence, strict=True))
    return iv + sequence


def expected_aead_record(
    spec: CipherSpec,
    key: bytes,
    iv: bytes,
    sequence_number: int,
    content_type: int,
    fragment: bytes,
) -> bytes:
    """Return a TLS 1.2 AEAD record (RFC 5246, Section 6.2.3.3)."""
    sequence = sequence_number.to_bytes(8, "big")
    additional_data = sequence + header(content_type, spec.version, len(fragment))
    nonce = tls12_aead_nonce(spec, iv, sequence_number)
    aead = AEAD_PRIMITIVES[spec.bulk_cipher](key)
    ciphertext = bytes(aead.encrypt(nonce, fragment, additional_data))
    explicit_nonce = sequence if spec.record_iv_length else b""
    body = explicit_nonce + ciphertext
    return header(content_type, spec.version, len(body)) + body


def tls13_record(key: bytes, iv: bytes, sequence_number: int, inner_plaintext: bytes) -> bytes:
    """Return an AES-GCM TLS 1.3 record around `inner_plaintext` (RFC 8446, Section 5.2)."""
    nonce = bytes(a ^ b for a, b in zip(iv, sequence_number.to_bytes(12, "big"), strict=True))
    outer = header(APPLICATION_DATA, 0x0303, len(inner_plaintext) + 16)
    return outer + AESGCM(key).encrypt(nonce, inner_plaintext, outer)


def assert_no_key_in(text: str, keys: tuple[bytes, ...]) -> None:
    for key in keys:
        if len(key) >= 4:
            assert key.hex() not in text.lower()
            assert repr(key) not in text


# Round trips.


@pytest.mark.parametrize(("spec", "encrypt_then_mac"), TLS12_CASES)
def test_round_trip_both_directions(spec: CipherSpec, encrypt_then_mac: bool) -> None:
    keys = random_keys(spec)
    client_read, client_write = new_states(
        spec, keys, side="client", encrypt_then_mac=encrypt_then_mac
    )
    server_read, server_write = new_states(
        spec, keys, side="server", encrypt_then_mac=encrypt_then_mac
    )
    for size in FRAGMENT_SIZES:
        fragment = os.urandom(size)
        record = client_write.seal(APPLICATION_DATA, fragment)
        assert record[:3] == header(APPLICATION_DATA, spec.version, 0)[:3]
        assert int.from_bytes(record[3:5], "big") == len(record) - 5
        assert server_read.open(record) == (APPLICATION_DATA, fragment)

        reply = server_write.seal(HANDSHAKE, fragment)
        content_type, plaintext = client_read.open(reply)
        assert content_type is ContentType.handshake
        assert plaintext == fragment
    for state in (client_read, client_write, server_read, server_write):
        assert state.sequence_number == len(FRAGMENT_SIZES)


@pytest.mark.parametrize("spec", TLS13_CASES)
def test_tls13_round_trip_with_padding(spec: CipherSpec) -> None:
    assert spec.prf_hash is not None
    secret = os.urandom(hashlib.new(spec.prf_hash).digest_size)
    writer = tls13_state(spec, secret)
    reader = tls13_state(spec, secret)
    for size, padding in ((0, 0), (1, 0), (100, 27), (MAX_FRAGMENT, 0), (MAX_FRAGMENT - 5, 5)):
        fragment = os.urandom(size)
        for content_type in (HANDSHAKE, APPLICATION_DATA, ContentType.alert):
            record = writer.seal(content_type, fragment, padding)
            assert record[:3] == b"\x17\x03\x03"
            assert len(record) == 5 + size + 1 + padding + spec.tag_length
            assert reader.open(record) == (content_type, fragment)
    assert reader.sequence_number == writer.sequence_number == 15


# Records against the RFCs, built with the primitives directly.


@pytest.mark.parametrize(("spec", "encrypt_then_mac"), cases_of_type("aead"))
def test_aead_record_matches_rfc(spec: CipherSpec, encrypt_then_mac: bool) -> None:
    keys = random_keys(spec)
    _, write = new_states(spec, keys, side="client", encrypt_then_mac=encrypt_then_mac)
    for sequence_number, size in enumerate((0, 1, 100, 1000)):
        fragment = os.urandom(size)
        expected = expected_aead_record(
            spec,
            keys.client_write_key,
            keys.client_write_iv,
            sequence_number,
            APPLICATION_DATA,
            fragment,
        )
        assert write.seal(APPLICATION_DATA, fragment) == expected


@pytest.mark.parametrize(("spec", "encrypt_then_mac"), cases_of_type("aead"))
def test_aead_record_at_high_sequence_numbers(spec: CipherSpec, encrypt_then_mac: bool) -> None:
    keys = random_keys(spec)
    for sequence_number in (0x0102030405060708, 2**32, 2**64 - 1):
        state = AeadState(
            spec, keys.server_write_key, keys.server_write_iv, sequence_number=sequence_number
        )
        expected = expected_aead_record(
            spec, keys.server_write_key, keys.server_write_iv, sequence_number, HANDSHAKE, b"abc"
        )
        assert state.seal(HANDSHAKE, b"abc") == expected


@pytest.mark.parametrize("suite", [0x009C, 0xC09C, 0xC0A0])
def test_aead_opens_any_explicit_nonce(suite: int) -> None:
    # RFC 5288, Section 3: the sender chooses nonce_explicit, so the receiver takes it from
    # the record instead of assuming the sequence number.
    spec = spec_of(suite, TLS_1_2)
    keys = random_keys(spec)
    read, _ = new_states(spec, keys, side="server")
    explicit_nonce = os.urandom(8)
    additional_data = bytes(8) + header(APPLICATION_DATA, TLS_1_2, 5)
    aead = AEAD_PRIMITIVES[spec.bulk_cipher](keys.client_write_key)
    ciphertext = aead.encrypt(keys.client_write_iv + explicit_nonce, b"hello", additional_data)
    body = explicit_nonce + bytes(ciphertext)
    assert read.open(header(APPLICATION_DATA, TLS_1_2, len(body)) + body) == (
        APPLICATION_DATA,
        b"hello",
    )


@pytest.mark.parametrize(("spec", "encrypt_then_mac"), cases_of_type("block"))
def test_cbc_record_matches_rfc(spec: CipherSpec, encrypt_then_mac: bool) -> None:
    keys = random_keys(spec)
    _, write = new_states(spec, keys, side="client", encrypt_then_mac=encrypt_then_mac)
    # SSL 3.0 and TLS 1.0 start from the key block's IV and chain from the last block.
    chained_iv = keys.client_write_iv
    for sequence_number, size in enumerate((0, 1, 15, 16, 17, 300)):
        fragment = os.urandom(size)
        record = write.seal(APPLICATION_DATA, fragment)
        iv = record[5 : 5 + spec.block_size] if spec.record_iv_length else chained_iv
        body = expected_cbc_body(
            spec,
            keys.client_write_mac_key,
            keys.client_write_key,
            iv,
            sequence_number,
            APPLICATION_DATA,
            fragment,
            encrypt_then_mac=encrypt_then_mac,
        )
        assert record == header(APPLICATION_DATA, spec.version, len(body)) + body
        ciphertext_end = len(body) - (spec.mac_length if encrypt_then_mac else 0)
        chained_iv = body[ciphertext_end - spec.block_size : ciphertext_end]


@pytest.mark.parametrize(("spec", "encrypt_then_mac"), cases_of_type("block"))
def test_cbc_explicit_ivs_differ(spec: CipherSpec, encrypt_then_mac: bool) -> None:
    _, write = new_states(spec, random_keys(spec), side="client", encrypt_then_mac=encrypt_then_mac)
    records = [write.seal(APPLICATION_DATA, b"same") for _ in range(8)]
    assert len(set(records)) == 8
    if spec.record_iv_length:
        assert len({record[5 : 5 + spec.block_size] for record in records}) == 8


@pytest.mark.parametrize(("spec", "encrypt_then_mac"), cases_of_type("stream"))
def test_stream_record_matches_rfc(spec: CipherSpec, encrypt_then_mac: bool) -> None:
    keys = random_keys(spec)
    _, write = new_states(spec, keys, side="client", encrypt_then_mac=encrypt_then_mac)
    key_stream: CipherContext | None = None
    if spec.cipher_algorithm == "RC4":
        key_stream = Cipher(decrepit.ARC4(keys.client_write_key), mode=None).encryptor()
    for sequence_number, size in enumerate((0, 1, 100, 1000)):
        fragment = os.urandom(size)
        data = fragment
        if spec.mac_length:
            data += expected_mac(
                spec, keys.client_write_mac_key, sequence_number, HANDSHAKE, fragment
            )
        body = data if key_stream is None else key_stream.update(data)
        assert write.seal(HANDSHAKE, fragment) == header(HANDSHAKE, spec.version, len(body)) + body


def test_truncated_hmac_keeps_ten_bytes() -> None:
    spec = spec_of(0x002F, TLS_1_2, truncated_hmac=True)
    assert spec.mac_length == 10
    keys = random_keys(spec)
    _, write = new_states(spec, keys, side="server", encrypt_then_mac=True)
    record = write.seal(APPLICATION_DATA, b"truncated")
    full = hmac.new(
        keys.server_write_mac_key,
        bytes(8) + header(APPLICATION_DATA, TLS_1_2, len(record) - 5 - 10) + record[5:-10],
        "sha1",
    ).digest()
    assert record[-10:] == full[:10]


def test_ssl3_mac_pads_md5_to_48_bytes() -> None:
    spec = spec_of(0x0001, SSL_3_0)
    keys = random_keys(spec)
    _, write = new_states(spec, keys, side="client")
    record = write.seal(APPLICATION_DATA, b"ssl")
    inner = hashlib.md5(
        keys.client_write_mac_key + b"\x36" * 48 + bytes(8) + b"\x17\x00\x03" + b"ssl"
    ).digest()
    outer = hashlib.md5(keys.client_write_mac_key + b"\x5c" * 48 + inner).digest()
    assert record == header(APPLICATION_DATA, SSL_3_0, 3 + 16) + b"ssl" + outer


def test_triple_des_with_equal_keys_is_des() -> None:
    # The DES example that OpenSSL 3.0.19's des-ecb (legacy provider) computes.
    key = bytes.fromhex("0123456789abcdef")
    encryptor = Cipher(decrepit.TripleDES(key * 3), modes.ECB()).encryptor()
    ciphertext = encryptor.update(b"Now is the time for all ") + encryptor.finalize()
    assert ciphertext.hex() == "3fa40e8a984d48156a271787ab8883f9893d51ec4b563b53"


@pytest.mark.parametrize("suite", [0x009C, 0x0005, 0x0002, 0x0000])
def test_etm_ignored_for_stream_and_aead(suite: int) -> None:
    spec = spec_of(suite, TLS_1_2)
    keys = random_keys(spec)
    _, plain = new_states(spec, keys, side="client")
    _, flagged = new_states(spec, keys, side="client", encrypt_then_mac=True)
    for size in (0, 17, 300):
        fragment = os.urandom(size)
        assert flagged.seal(APPLICATION_DATA, fragment) == plain.seal(APPLICATION_DATA, fragment)


def test_sm4_gcm_record_matches_rfc() -> None:
    spec = spec_of(0x00C6, TLS_1_3)
    key, iv = os.urandom(16), os.urandom(12)
    state = Tls13State(spec, key, iv, sequence_number=5)
    record = state.seal(HANDSHAKE, b"sm4", padding=2)

    nonce = bytes(a ^ b for a, b in zip(iv, (5).to_bytes(12, "big"), strict=True))
    outer = header(APPLICATION_DATA, 0x0303, 3 + 1 + 2 + 16)
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(outer)
    ciphertext = encryptor.update(b"sm4\x16\x00\x00") + encryptor.finalize()
    assert record == outer + ciphertext + encryptor.tag


# TLS 1.3 records of RFC 8448, Section 3.

RFC8448 = json.loads((DATA / "vectors" / "tls13_rfc8448_simple_1rtt.json").read_text())["vectors"][
    0
]
RFC8448_RECORDS = json.loads((DATA / "vectors" / "rfc8448_simple_1rtt_records.json").read_text())[
    "records"
]


def rfc8448_state(entry: dict[str, Any]) -> Tls13State:
    traffic = RFC8448["traffic"][entry["traffic"]]
    return Tls13State(
        spec_of(0x1301, TLS_1_3),
        bytes.fromhex(traffic["key"]),
        bytes.fromhex(traffic["iv"]),
        sequence_number=entry["sequence_number"],
    )


@pytest.mark.parametrize("entry", RFC8448_RECORDS, ids=[e["name"] for e in RFC8448_RECORDS])
def test_rfc8448_record_opens(entry: dict[str, Any]) -> None:
    content_type, plaintext = rfc8448_state(entry).open(bytes.fromhex(entry["record"]))
    assert content_type == entry["content_type"]
    assert plaintext == bytes.fromhex(entry["plaintext"])


@pytest.mark.parametrize("entry", RFC8448_RECORDS, ids=[e["name"] for e in RFC8448_RECORDS])
def test_rfc8448_record_seals(entry: dict[str, Any]) -> None:
    record = rfc8448_state(entry).seal(entry["content_type"], bytes.fromhex(entry["plaintext"]))
    assert record.hex() == entry["record"]


def test_rfc8448_traffic_secret_derives_keys() -> None:
    entry = RFC8448_RECORDS[0]
    assert entry["traffic"] == "server_handshake"
    state = tls13_state(spec_of(0x1301, TLS_1_3), bytes.fromhex(RFC8448["secrets"]["s_hs_traffic"]))
    content_type, plaintext = state.open(bytes.fromhex(entry["record"]))
    assert content_type is ContentType.handshake
    assert plaintext == bytes.fromhex(entry["plaintext"])


# tlslite-ng as the peer.


class Pipe:
    """An in-memory socket for tlslite-ng's record layer."""

    def __init__(self) -> None:
        self.data = bytearray()

    def send(self, data: bytes) -> int:
        self.data += data
        return len(data)

    def recv(self, size: int) -> bytes:
        chunk = bytes(self.data[:size])
        del self.data[:size]
        return chunk

    def take(self) -> bytes:
        chunk = bytes(self.data)
        self.data.clear()
        return chunk


def tlslite_receive(layer: Any) -> tuple[int, bytes]:
    for result in layer.recvRecord():
        if result not in (0, 1):
            record_header, parser = result
            return int(record_header.type), bytes(parser.bytes)
    raise AssertionError("tlslite-ng returned no record")


def tlslite_send(layer: Any, content_type: int, fragment: bytes) -> None:
    for _ in layer.sendRecord(tlslite_messages.Message(content_type, bytearray(fragment))):
        pass


def tlslite_key_block(
    spec: CipherSpec, master_secret: bytes, client_random: bytes, server_random: bytes
) -> KeyBlock:
    """Slice tlslite-ng's key expansion into a KeyBlock in the order of RFC 5246, Section 6.3."""
    lengths = (spec.mac_key_length,) * 2 + (spec.key_length,) * 2 + (spec.fixed_iv_length,) * 2
    block = bytes(
        tlslite_mathtls.calc_key(
            (spec.version >> 8, spec.version & 0xFF),
            bytearray(master_secret),
            int(spec.suite),
            b"key expansion",
            client_random=bytearray(client_random),
            server_random=bytearray(server_random),
            output_length=sum(lengths),
        )
    )
    parts = []
    offset = 0
    for length in lengths:
        parts.append(block[offset : offset + length])
        offset += length
    return KeyBlock(*parts)


# Suites of TLS12_SUITES that tlslite-ng 0.8.2 implements.
TLSLITE_SUITES = frozenset(
    {0x009C, 0x009D, 0xC09C, 0xC0A0, 0xCCA8, 0x002F, 0x003D, 0x000A, 0x0002, 0x0001, 0x0005, 0x0004}
)
TLSLITE_CASES = [
    case
    for case in TLS12_CASES
    if case.values[0].suite in TLSLITE_SUITES and not case.values[0].truncated_hmac
]


@pytest.mark.parametrize(("spec", "encrypt_then_mac"), TLSLITE_CASES)
def test_tlslite_peer_opens_and_seals(spec: CipherSpec, encrypt_then_mac: bool) -> None:
    master_secret, client_random, server_random = (os.urandom(n) for n in (48, 32, 32))
    pipe = Pipe()
    server = tlslite_recordlayer.RecordLayer(pipe)
    server.version = (spec.version >> 8, spec.version & 0xFF)
    server.client = False
    # A server negotiates encrypt-then-MAC for block ciphers only (RFC 7366, Section 3), so
    # tlslite-ng, which would apply it to any cipher, gets it only for those.
    server.encryptThenMAC = encrypt_then_mac and spec.cipher_type == "block"
    server.calcPendingStates(
        int(spec.suite),
        bytearray(master_secret),
        bytearray(client_random),
        bytearray(server_random),
        ["python"],
    )
    server.changeWriteState()
    server.changeReadState()
    keys = tlslite_key_block(spec, master_secret, client_random, server_random)
    read, write = new_states(spec, keys, side="client", encrypt_then_mac=encrypt_then_mac)

    for size in (0, 1, 16, 31, 500):
        fragment = os.urandom(size)
        pipe.send(write.seal(APPLICATION_DATA, fragment))
        assert tlslite_receive(server) == (APPLICATION_DATA, fragment)
        tlslite_send(server, HANDSHAKE, fragment)
        assert read.open(pipe.take()) == (HANDSHAKE, fragment)


@pytest.mark.parametrize(
    ("suite", "version"),
    [(0x002F, TLS_1_0), (0x003D, TLS_1_2), (0xCCA8, TLS_1_2), (0x0005, SSL_3_0)],
)
def test_key_block_states_talk_to_tlslite(suite: int, version: ProtocolVersion) -> None:
    # tlsspec.keys derives the key block here, and tlslite-ng derives its own.
    spec = spec_of(suite, version)
    master_secret, client_random, server_random = (os.urandom(n) for n in (48, 32, 32))
    pipe = Pipe()
    client = tlslite_recordlayer.RecordLayer(pipe)
    client.version = (version >> 8, version & 0xFF)
    client.calcPendingStates(
        suite,
        bytearray(master_secret),
        bytearray(client_random),
        bytearray(server_random),
        ["python"],
    )
    client.changeWriteState()
    client.changeReadState()
    keys = key_block(spec, master_secret, client_random, server_random)
    read, write = new_states(spec, keys, side="server")

    tlslite_send(client, HANDSHAKE, b"from tlslite-ng")
    assert read.open(pipe.take()) == (HANDSHAKE, b"from tlslite-ng")
    pipe.send(write.seal(APPLICATION_DATA, b"from tlsspec"))
    assert tlslite_receive(client) == (APPLICATION_DATA, b"from tlsspec")


@pytest.mark.parametrize("suite", (0x1301, 0x1302, 0x1303, 0x1304, 0x1305))
def test_tlslite_peer_tls13(suite: int) -> None:
    spec = spec_of(suite, TLS_1_3)
    assert spec.prf_hash is not None
    size = hashlib.new(spec.prf_hash).digest_size
    client_secret, server_secret = os.urandom(size), os.urandom(size)
    pipe = Pipe()
    server = tlslite_recordlayer.RecordLayer(pipe)
    server.version = (3, 4)
    server.tls13record = True
    server.client = False
    server.calcTLS1_3PendingState(
        suite, bytearray(client_secret), bytearray(server_secret), ["python"]
    )
    server.changeWriteState()
    server.changeReadState()
    write = tls13_state(spec, client_secret, direction="write")
    read = tls13_state(spec, server_secret, direction="read")

    for fragment_size, padding in ((0, 0), (10, 0), (100, 50)):
        fragment = os.urandom(fragment_size)
        pipe.send(write.seal(HANDSHAKE, fragment, padding))
        assert tlslite_receive(server) == (HANDSHAKE, fragment)
        tlslite_send(server, APPLICATION_DATA, fragment)
        assert read.open(pipe.take()) == (APPLICATION_DATA, fragment)


# Failures to open.


def sealed(suite: int = 0x009C, version: int = TLS_1_2) -> tuple[RecordState, bytes, KeyBlock]:
    """Return a fresh read state, one record sealed for it, and the keys."""
    spec = spec_of(suite, version)
    keys = random_keys(spec)
    _, write = new_states(spec, keys, side="client")
    read, _ = new_states(spec, keys, side="server")
    return read, write.seal(APPLICATION_DATA, b"payload"), keys


@pytest.mark.parametrize("length", range(5))
def test_open_short_header(length: int) -> None:
    read, record, _ = sealed()
    with pytest.raises(RecordError, match=r"record 0: .*too short") as caught:
        read.open(record[:length])
    assert caught.value.alert is AlertDescription.decode_error
    assert caught.value.sequence_number == 0


@pytest.mark.parametrize("change", [-1, 1])
def test_open_length_field_mismatch(change: int) -> None:
    read, record, _ = sealed()
    damaged = record[:-1] if change < 0 else record + b"\x00"
    with pytest.raises(RecordError, match="does not match") as caught:
        read.open(damaged)
    assert type(caught.value) is RecordError
    assert caught.value.alert is AlertDescription.decode_error


@pytest.mark.parametrize(
    ("suite", "version", "limit"),
    [
        (0x002F, TLS_1_2, 2**14 + 2048),
        (0x0005, TLS_1_0, 2**14 + 2048),
        (0x1301, TLS_1_3, 2**14 + 256),
    ],
)
def test_open_ciphertext_length_limit(suite: int, version: int, limit: int) -> None:
    spec = spec_of(suite, version)
    wire_version = 0x0303 if version == TLS_1_3 else version
    if version == TLS_1_3:
        read: RecordState = Tls13State(spec, bytes(16), bytes(12))
    else:
        read = new_states(spec, random_keys(spec), side="server")[0]
    with pytest.raises(
        RecordOverflow, match=f"record 0: length field {limit + 1} exceeds"
    ) as caught:
        read.open(header(APPLICATION_DATA, wire_version, limit + 1) + bytes(limit + 1))
    assert caught.value.alert is AlertDescription.record_overflow
    # A record at the limit passes the length check and fails a later one.
    with pytest.raises(RecordError) as caught_later:
        read.open(header(APPLICATION_DATA, wire_version, limit) + bytes(limit))
    assert "length field" not in str(caught_later.value)


def test_open_aead_plaintext_overflow() -> None:
    spec = spec_of(0x009C, TLS_1_2)
    keys = random_keys(spec)
    read, _ = new_states(spec, keys, side="server")
    largest = expected_aead_record(
        spec, keys.client_write_key, keys.client_write_iv, 0, 23, bytes(MAX_FRAGMENT)
    )
    assert read.open(largest) == (APPLICATION_DATA, bytes(MAX_FRAGMENT))
    too_long = expected_aead_record(
        spec, keys.client_write_key, keys.client_write_iv, 1, 23, bytes(MAX_FRAGMENT + 1)
    )
    with pytest.raises(RecordOverflow, match="record 1: plaintext of 16385 bytes"):
        read.open(too_long)


def test_open_cbc_plaintext_overflow_after_mac() -> None:
    spec = spec_of(0x002F, TLS_1_2)
    keys = random_keys(spec)
    read, _ = new_states(spec, keys, side="server")
    iv = os.urandom(16)
    body = expected_cbc_body(
        spec,
        keys.client_write_mac_key,
        keys.client_write_key,
        iv,
        0,
        APPLICATION_DATA,
        bytes(MAX_FRAGMENT + 1),
        encrypt_then_mac=False,
    )
    with pytest.raises(RecordOverflow) as caught:
        read.open(header(APPLICATION_DATA, TLS_1_2, len(body)) + body)
    assert caught.value.alert is AlertDescription.record_overflow


def test_open_tls13_inner_plaintext_limit() -> None:
    spec = spec_of(0x1301, TLS_1_3)
    key, iv = os.urandom(16), os.urandom(12)
    largest = tls13_record(key, iv, 0, bytes(MAX_FRAGMENT - 1) + b"\x17\x00")
    assert Tls13State(spec, key, iv).open(largest) == (APPLICATION_DATA, bytes(MAX_FRAGMENT - 1))
    too_long = tls13_record(key, iv, 0, bytes(MAX_FRAGMENT) + b"\x17\x00")
    with pytest.raises(RecordOverflow, match="TLSInnerPlaintext of 16386 bytes"):
        Tls13State(spec, key, iv).open(too_long)


@pytest.mark.parametrize("suite", [0x009C, 0xC0A0, 0xCCA8, 0x002F, 0x0005, 0x0002])
def test_flipped_last_byte_is_bad_mac(suite: int) -> None:
    read, record, keys = sealed(suite)
    damaged = record[:-1] + bytes([record[-1] ^ 1])
    with pytest.raises(BadRecordMac) as caught:
        read.open(damaged)
    assert str(caught.value) == "record 0: authentication failed (bad MAC, padding or tag)"
    assert caught.value.alert is AlertDescription.bad_record_mac
    assert_no_key_in(str(caught.value), tuple(keys))
    assert read.sequence_number == 0


@pytest.mark.parametrize("version", [TLS_1_0, TLS_1_2])
def test_bad_padding_and_bad_mac_look_alike(version: ProtocolVersion) -> None:
    spec = spec_of(0x002F, version)
    keys = random_keys(spec)
    fragment = b"twelve bytes"
    mac = expected_mac(spec, keys.client_write_mac_key, 0, APPLICATION_DATA, fragment)
    iv = os.urandom(16) if spec.record_iv_length else keys.client_write_iv
    explicit_iv = iv if spec.record_iv_length else b""
    # 12 + 20 bytes leave 16 for the padding: fifteen bytes 15 and the length byte.
    bad_padding = explicit_iv + cbc_encrypt(
        spec, keys.client_write_key, iv, fragment + mac + b"\x0e" + b"\x0f" * 15
    )
    bad_mac = explicit_iv + cbc_encrypt(
        spec, keys.client_write_key, iv, fragment + bytes(20) + b"\x0f" * 16
    )
    errors = []
    for body in (bad_padding, bad_mac):
        read, _ = new_states(spec, keys, side="server")
        with pytest.raises(BadRecordMac) as caught:
            read.open(header(APPLICATION_DATA, version, len(body)) + body)
        errors.append(caught.value)
    assert str(errors[0]) == str(errors[1])
    assert errors[0].alert is errors[1].alert is AlertDescription.bad_record_mac

    read, _ = new_states(spec, keys, side="server")
    good = explicit_iv + cbc_encrypt(spec, keys.client_write_key, iv, fragment + mac + b"\x0f" * 16)
    assert read.open(header(APPLICATION_DATA, version, len(good)) + good) == (
        APPLICATION_DATA,
        fragment,
    )


def test_bad_padding_with_valid_mac_fails() -> None:
    # The MAC is the one a receiver computes when it treats bad padding as zero-length,
    # so only the padding check can reject this record.
    spec = spec_of(0x002F, TLS_1_2)
    keys = random_keys(spec)
    content = os.urandom(27)
    mac = expected_mac(spec, keys.client_write_mac_key, 0, APPLICATION_DATA, content)
    iv = os.urandom(16)
    plaintext = content + mac + b"\x05"
    body = iv + cbc_encrypt(spec, keys.client_write_key, iv, plaintext)
    assert plaintext[-6:-1] != b"\x05" * 5
    read, _ = new_states(spec, keys, side="server")
    with pytest.raises(BadRecordMac):
        read.open(header(APPLICATION_DATA, TLS_1_2, len(body)) + body)


def test_ssl3_checks_only_the_padding_length() -> None:
    spec = spec_of(0x002F, SSL_3_0)
    keys = random_keys(spec)
    fragment = b"twelve bytes"
    mac = expected_mac(spec, keys.client_write_mac_key, 0, APPLICATION_DATA, fragment)
    iv = keys.client_write_iv
    # RFC 6101, Section 5.2.3.2: any padding bytes, but fewer than a block.
    arbitrary = cbc_encrypt(
        spec, keys.client_write_key, iv, fragment + mac + b"\xaa" * 15 + b"\x0f"
    )
    read, _ = new_states(spec, keys, side="server")
    assert read.open(header(APPLICATION_DATA, SSL_3_0, 48) + arbitrary) == (
        APPLICATION_DATA,
        fragment,
    )
    # Padding of 31 bytes, longer than a block, is valid in TLS but not in SSL 3.0.
    block_long = cbc_encrypt(spec, keys.client_write_key, iv, fragment + mac + b"\x1f" * 32)
    read, _ = new_states(spec, keys, side="server")
    with pytest.raises(BadRecordMac):
        read.open(header(APPLICATION_DATA, SSL_3_0, len(block_long)) + block_long)


@pytest.mark.parametrize("encrypt_then_mac", [False, True])
def test_open_cbc_length_not_block_multiple(encrypt_then_mac: bool) -> None:
    spec = spec_of(0x002F, TLS_1_1)
    keys = random_keys(spec)
    _, write = new_states(spec, keys, side="client", encrypt_then_mac=encrypt_then_mac)
    read, _ = new_states(spec, keys, side="server", encrypt_then_mac=encrypt_then_mac)
    record = write.seal(APPLICATION_DATA, b"x" * 40)
    for cut in (1, 15):
        # Encrypt-then-MAC records end in the 20-byte MAC; cut the ciphertext before it.
        body = record[5 : -20 - cut] + record[-20:] if encrypt_then_mac else record[5:-cut]
        with pytest.raises(BadRecordMac):
            read.open(header(APPLICATION_DATA, TLS_1_1, len(body)) + body)


def test_etm_rejects_bad_padding() -> None:
    spec = spec_of(0x002F, TLS_1_2)
    keys = random_keys(spec)
    body = expected_cbc_body(
        spec,
        keys.client_write_mac_key,
        keys.client_write_key,
        os.urandom(16),
        0,
        APPLICATION_DATA,
        b"x" * 10,
        encrypt_then_mac=True,
        padding=b"\x04\x05\x05\x05\x05\x05",
    )
    read, _ = new_states(spec, keys, side="server", encrypt_then_mac=True)
    with pytest.raises(BadRecordMac):
        read.open(header(APPLICATION_DATA, TLS_1_2, len(body)) + body)


def test_open_unknown_content_type() -> None:
    read, record, _ = sealed()
    with pytest.raises(RecordError, match="content type 99") as caught:
        read.open(b"\x63" + record[1:])
    assert caught.value.alert is AlertDescription.unexpected_message


def test_open_wrong_record_version() -> None:
    read, record, _ = sealed(0x002F, TLS_1_2)
    with pytest.raises(RecordError, match="0x0301 differs from the negotiated 0x0303") as caught:
        read.open(record[:1] + b"\x03\x01" + record[3:])
    assert caught.value.alert is AlertDescription.protocol_version


def test_tls13_open_rejects_outer_type() -> None:
    spec = spec_of(0x1301, TLS_1_3)
    key, iv = os.urandom(16), os.urandom(12)
    record = tls13_record(key, iv, 0, b"hello\x16")
    with pytest.raises(RecordError, match="content type 22 is not application_data") as caught:
        Tls13State(spec, key, iv).open(b"\x16" + record[1:])
    assert caught.value.alert is AlertDescription.unexpected_message


@pytest.mark.parametrize(
    ("inner_plaintext", "message"),
    [
        (b"", "only zero bytes"),
        (bytes(20), "only zero bytes"),
        (b"\x01\x14", "inner content type 20"),
        (b"\x01\x18\x00", "inner content type 24"),
    ],
)
def test_tls13_open_rejects_inner_type(inner_plaintext: bytes, message: str) -> None:
    spec = spec_of(0x1301, TLS_1_3)
    key, iv = os.urandom(16), os.urandom(12)
    state = Tls13State(spec, key, iv, sequence_number=9)
    with pytest.raises(RecordError, match=f"record 9: .*{message}") as caught:
        state.open(tls13_record(key, iv, 9, inner_plaintext))
    assert caught.value.alert is AlertDescription.unexpected_message


def test_tls13_version_is_authenticated() -> None:
    spec = spec_of(0x1301, TLS_1_3)
    key, iv = os.urandom(16), os.urandom(12)
    record = tls13_record(key, iv, 0, b"hi\x17")
    with pytest.raises(BadRecordMac):
        Tls13State(spec, key, iv).open(record[:1] + b"\x03\x01" + record[3:])


def test_failed_open_keeps_sequence_number() -> None:
    for suite, version in ((0x009C, TLS_1_2), (0x002F, TLS_1_0), (0x0002, TLS_1_2)):
        read, record, _ = sealed(suite, version)
        with pytest.raises(BadRecordMac):
            read.open(record[:-1] + bytes([record[-1] ^ 0x80]))
        assert read.sequence_number == 0
        assert read.open(record) == (APPLICATION_DATA, b"payload")


def test_rc4_state_unusable_after_failure() -> None:
    read, record, _ = sealed(0x0005, TLS_1_2)
    with pytest.raises(BadRecordMac):
        read.open(record[:-1] + bytes([record[-1] ^ 1]))
    with pytest.raises(RecordError, match="key stream is lost"):
        read.open(record)


def test_sequence_number_exhaustion() -> None:
    spec = spec_of(0x009C, TLS_1_2)
    keys = random_keys(spec)
    last = 2**64 - 1
    write = AeadState(spec, keys.client_write_key, keys.client_write_iv, sequence_number=last)
    read = AeadState(spec, keys.client_write_key, keys.client_write_iv, sequence_number=last)
    record = write.seal(APPLICATION_DATA, b"last")
    assert read.open(record) == (APPLICATION_DATA, b"last")
    assert write.sequence_number == read.sequence_number == 2**64
    for action in (lambda: write.seal(APPLICATION_DATA, b"more"), lambda: read.open(record)):
        with pytest.raises(RecordError, match="all 2\\^64 sequence numbers are used") as caught:
            action()
        assert caught.value.alert is AlertDescription.internal_error
        assert caught.value.sequence_number == 2**64


@pytest.mark.parametrize("sequence_number", [-1, 2**64, "0"])
def test_state_rejects_bad_sequence_number(sequence_number: Any) -> None:
    spec = spec_of(0x1301, TLS_1_3)
    with pytest.raises(ValueError, match="sequence_number must be an int"):
        Tls13State(spec, bytes(16), bytes(12), sequence_number=sequence_number)


# Building states, and arguments of seal.


def test_states_keep_their_direction() -> None:
    spec = spec_of(0x002F, TLS_1_2)
    read, write = new_states(spec, random_keys(spec), side="client")
    assert (read.direction, write.direction) == ("read", "write")
    with pytest.raises(ValueError, match="cannot seal records with <CbcState"):
        read.seal(APPLICATION_DATA, b"x")
    with pytest.raises(ValueError, match="cannot open records with <CbcState"):
        write.open(write.seal(APPLICATION_DATA, b"x"))

    state = tls13_state(spec_of(0x1301, TLS_1_3), bytes(32))
    assert state.direction is None
    record = state.seal(APPLICATION_DATA, b"x")
    assert state.direction == "write"
    with pytest.raises(ValueError, match="a state protects one direction"):
        state.open(record)


def test_client_and_server_use_opposite_keys() -> None:
    spec = spec_of(0x009C, TLS_1_2)
    keys = random_keys(spec)
    _, client_write = new_states(spec, keys, side="client")
    client_read, _ = new_states(spec, keys, side="client")
    record = client_write.seal(APPLICATION_DATA, b"to the server")
    expected = expected_aead_record(
        spec, keys.client_write_key, keys.client_write_iv, 0, APPLICATION_DATA, b"to the server"
    )
    assert record == expected
    with pytest.raises(BadRecordMac):
        client_read.open(record)


@pytest.mark.parametrize(
    ("suite", "version", "cipher"),
    [
        (0xC07C, TLS_1_2, "CAMELLIA_128_GCM"),
        (0xC052, TLS_1_2, "ARIA_128_GCM"),
        (0xC03C, TLS_1_2, "ARIA_128_CBC"),
        (0x0006, TLS_1_0, "RC2_CBC_40"),
        (0xC100, TLS_1_2, "KUZNYECHIK_CTR_OMAC"),
        (0xC102, TLS_1_2, "GOST28147_CNT_IMIT"),
    ],
)
def test_unsupported_cipher_raises_when_built(suite: int, version: int, cipher: str) -> None:
    spec = spec_of(suite, version)
    with pytest.raises(UnsupportedCipherError, match=f"cannot protect records with {cipher}"):
        new_states(spec, strategies.zero_key_block(spec), side="client")


@pytest.mark.parametrize(
    ("suite", "cipher"), [(0x00C7, "SM4_CCM"), (0x1306, "AEGIS_256"), (0x1307, "AEGIS_128L")]
)
def test_unsupported_tls13_cipher_raises_when_built(suite: int, cipher: str) -> None:
    spec = spec_of(suite, TLS_1_3)
    with pytest.raises(UnsupportedCipherError, match=f"cannot protect records with {cipher}"):
        Tls13State(spec, bytes(spec.key_length), bytes(spec.fixed_iv_length))


def test_new_states_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="use tls13_state"):
        new_states(spec_of(0x1301, TLS_1_3), KeyBlock(*(b"",) * 6), side="client")
    spec = spec_of(0x002F, TLS_1_2)
    with pytest.raises(ValueError, match="side must be 'client' or 'server'"):
        new_states(spec, random_keys(spec), side="peer")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"SSL 3.0 has no extensions"):
        ssl3 = spec_of(0x002F, SSL_3_0)
        new_states(ssl3, random_keys(ssl3), side="client", encrypt_then_mac=True)


def test_tls13_state_rejects_tls12_spec() -> None:
    with pytest.raises(ValueError, match=r"needs a TLS 1.3 cipher spec, not TLS_1_2"):
        tls13_state(spec_of(0x009C, TLS_1_2), bytes(32))


@pytest.mark.parametrize("field", range(6))
def test_new_states_rejects_wrong_key_length(field: int) -> None:
    spec = spec_of(0x002F, TLS_1_0)
    parts = list(random_keys(spec))
    parts[field] += b"\x00"
    name = KeyBlock._fields[field]
    with pytest.raises(ValueError, match=f"^{name} is {len(parts[field])} bytes long"):
        new_states(spec, KeyBlock(*parts), side="client")


def test_seal_rejects_bad_arguments() -> None:
    spec = spec_of(0x009C, TLS_1_2)
    _, write = new_states(spec, random_keys(spec), side="client")
    with pytest.raises(ValueError, match="content type 25 cannot be sent"):
        write.seal(ContentType.tls12_cid, b"")
    with pytest.raises(ValueError, match="16385 bytes is longer"):
        write.seal(APPLICATION_DATA, bytes(MAX_FRAGMENT + 1))
    with pytest.raises(ValueError, match=r"applies to TLS 1.3 records only"):
        write.seal(APPLICATION_DATA, b"", padding=1)
    with pytest.raises(ValueError, match="fragment must be bytes, not str"):
        write.seal(APPLICATION_DATA, "text")  # type: ignore[arg-type]
    assert write.sequence_number == 0

    tls13 = tls13_state(spec_of(0x1301, TLS_1_3), bytes(32))
    with pytest.raises(ValueError, match="content type 20 cannot be sent"):
        tls13.seal(ContentType.change_cipher_spec, b"\x01")
    with pytest.raises(ValueError, match="TLSInnerPlaintext limit"):
        tls13.seal(APPLICATION_DATA, bytes(MAX_FRAGMENT), padding=1)
    with pytest.raises(ValueError, match="padding must be a non-negative int"):
        tls13.seal(APPLICATION_DATA, b"", padding=-1)
    assert tls13.sequence_number == 0


@pytest.mark.parametrize(("spec", "encrypt_then_mac"), TLS12_CASES)
def test_repr_shows_state_not_keys(spec: CipherSpec, encrypt_then_mac: bool) -> None:
    keys = random_keys(spec)
    read, write = new_states(spec, keys, side="client", encrypt_then_mac=encrypt_then_mac)
    write.seal(APPLICATION_DATA, b"x")
    for state, direction, sequence_number in ((read, "read", 0), (write, "write", 1)):
        text = repr(state)
        assert text == str(state)
        assert spec.bulk_cipher in text
        assert spec.version.name in text
        assert f" {direction} sequence_number={sequence_number}" in text
        assert_no_key_in(text, tuple(keys))


def test_tls13_repr_hides_keys() -> None:
    secret = os.urandom(32)
    state = tls13_state(spec_of(0x1303, TLS_1_3), secret)
    assert repr(state) == "<Tls13State CHACHA20_POLY1305 TLS_1_3 unused sequence_number=0>"
    assert_no_key_in(repr(state), (secret,))


def test_state_classes_by_cipher_type() -> None:
    expected = {"aead": AeadState, "block": CbcState, "stream": StreamState}
    for case in TLS12_CASES:
        spec = case.values[0]
        read, write = new_states(spec, random_keys(spec), side="server")
        assert type(read) is type(write) is expected[spec.cipher_type]


AUTHENTICATED_CASES = [
    case
    for case in TLS12_CASES
    if case.values[0].suite in (0x009C, 0xC0A0, 0xCCA8, 0x002F, 0x000A, 0x0001, 0x0005)
]


@pytest.mark.parametrize(("spec", "encrypt_then_mac"), AUTHENTICATED_CASES + TLS13_CASES_ETM)
def test_every_flipped_bit_fails(spec: CipherSpec, encrypt_then_mac: bool) -> None:
    keys = random_keys(spec)

    def fresh_reader() -> RecordState:
        if spec.version == TLS_1_3:
            return Tls13State(spec, keys.client_write_key, keys.client_write_iv)
        return new_states(spec, keys, side="server", encrypt_then_mac=encrypt_then_mac)[0]

    if spec.version == TLS_1_3:
        writer: RecordState = Tls13State(spec, keys.client_write_key, keys.client_write_iv)
    else:
        writer = new_states(spec, keys, side="client", encrypt_then_mac=encrypt_then_mac)[1]
    record = writer.seal(APPLICATION_DATA, b"sixteen bytes!!!")
    for bit in range(len(record) * 8):
        damaged = bytearray(record)
        damaged[bit // 8] ^= 1 << (bit % 8)
        with pytest.raises(BadRecordMac if bit >= 40 else RecordError):
            fresh_reader().open(bytes(damaged))
    assert fresh_reader().open(record) == (APPLICATION_DATA, b"sixteen bytes!!!")


# Properties.


@given(
    strategies.record_state_pairs(),
    st.binary(max_size=3000),
    st.sampled_from([ContentType.alert, ContentType.handshake, ContentType.application_data]),
)
def test_seal_then_open_returns_fragment(
    states: tuple[RecordState, RecordState], fragment: bytes, content_type: ContentType
) -> None:
    write, read = states
    start = write.sequence_number
    record = write.seal(content_type, fragment)
    assert read.open(record) == (content_type, fragment)
    assert write.sequence_number == read.sequence_number == start + 1


@given(strategies.record_state_pairs(authenticated_only=True), st.binary(max_size=600), st.data())
def test_flipped_bit_fails_to_open(
    states: tuple[RecordState, RecordState], fragment: bytes, data: st.DataObject
) -> None:
    write, read = states
    record = write.seal(APPLICATION_DATA, fragment)
    bit = data.draw(st.integers(min_value=0, max_value=len(record) * 8 - 1))
    damaged = bytearray(record)
    damaged[bit // 8] ^= 1 << (bit % 8)
    expected_error = BadRecordMac if bit >= 40 else RecordError
    with pytest.raises(expected_error):
        read.open(bytes(damaged))
    assert read.sequence_number == write.sequence_number - 1


@given(strategies.record_state_pairs(authenticated_only=True), st.binary(max_size=600), st.data())
def test_truncated_record_fails_to_open(
    states: tuple[RecordState, RecordState], fragment: bytes, data: st.DataObject
) -> None:
    write, read = states
    record = write.seal(APPLICATION_DATA, fragment)
    cut = data.draw(st.integers(min_value=0, max_value=len(record) - 1))
    with pytest.raises(RecordError):
        read.open(record[:cut])

    # The same cut with the length field rewritten to match fails authentication.
    body_length = max(cut - 5, 0)
    rewritten = record[:3] + body_length.to_bytes(2, "big") + record[5 : 5 + body_length]
    with pytest.raises(BadRecordMac):
        read.open(rewritten)
