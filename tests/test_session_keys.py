"""Session key derivation and record states, against the tlsspec.keys functions and tlslite-ng."""

from __future__ import annotations

import pytest
from tlslite import mathtls
from tlslite.handshakehashes import HandshakeHashes
from tlsspec import CipherSuite, ContentType, ProtocolVersion, Session, cipher_spec, key_schedule

S = CipherSuite
V = ProtocolVersion
CLIENT_RANDOM = bytes(range(32))
SERVER_RANDOM = bytes(range(32, 64))
PRE_MASTER = b"\x03\x03" + bytes(range(46))


def session(suite: int, version: int, **fields: object) -> Session:
    return Session(cipher_suite=suite, version=version, **fields)  # type: ignore[arg-type]


def test_master_secret_matches_tlslite() -> None:
    s = session(S.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, V.TLS_1_2)
    s.derive_master_secret(PRE_MASTER, CLIENT_RANDOM, SERVER_RANDOM)
    expected = mathtls.calc_key(
        (3, 3),
        bytearray(PRE_MASTER),
        S.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        b"master secret",
        client_random=bytearray(CLIENT_RANDOM),
        server_random=bytearray(SERVER_RANDOM),
        output_length=48,
    )
    assert s.master_secret == bytes(expected)


def test_extended_master_secret_covers_messages() -> None:
    """RFC 7627, Section 4, compared with tlslite-ng's calc_key."""
    messages = b"\x01\x00\x00\x04abcd" + b"\x10\x00\x00\x02\x00\x00"
    s = session(S.TLS_RSA_WITH_AES_128_CBC_SHA, V.TLS_1_1, extended_master_secret=True)
    with pytest.raises(ValueError, match="handshake_messages"):
        s.derive_master_secret(PRE_MASTER, CLIENT_RANDOM, SERVER_RANDOM)
    s.derive_master_secret(PRE_MASTER, CLIENT_RANDOM, SERVER_RANDOM, messages)
    hashes = HandshakeHashes()
    hashes.update(bytearray(messages))
    expected = mathtls.calc_key(
        (3, 2),
        bytearray(PRE_MASTER),
        S.TLS_RSA_WITH_AES_128_CBC_SHA,
        b"extended master secret",
        handshake_hashes=hashes,
        output_length=48,
    )
    assert s.master_secret == bytes(expected)


def test_generate_keys_needs_master_secret() -> None:
    s = session(S.TLS_RSA_WITH_AES_128_CBC_SHA, V.TLS_1_2)
    with pytest.raises(ValueError, match="no master secret"):
        s.generate_keys(CLIENT_RANDOM, SERVER_RANDOM)


def test_generate_keys_needs_suite_and_version() -> None:
    s = Session(master_secret=bytes(48))
    with pytest.raises(ValueError, match="set cipher_suite and version"):
        s.generate_keys(CLIENT_RANDOM, SERVER_RANDOM)


def test_generate_keys_rejects_suite_the_version_forbids() -> None:
    s = session(S.TLS_RSA_WITH_AES_128_GCM_SHA256, V.TLS_1_0, master_secret=bytes(48))
    with pytest.raises(ValueError, match="not allowed at TLS_1_0"):
        s.generate_keys(CLIENT_RANDOM, SERVER_RANDOM)


def test_generate_keys_returns_rfc_order() -> None:
    """RFC 5246, Section 6.3: client MAC key, server MAC key, client key, server key, IVs."""
    s = session(S.TLS_RSA_WITH_AES_128_CBC_SHA, V.TLS_1_0, master_secret=bytes(48))
    block = s.generate_keys(CLIENT_RANDOM, SERVER_RANDOM)
    expected = mathtls.calc_key(
        (3, 1),
        bytearray(48),
        S.TLS_RSA_WITH_AES_128_CBC_SHA,
        b"key expansion",
        client_random=bytearray(CLIENT_RANDOM),
        server_random=bytearray(SERVER_RANDOM),
        output_length=104,
    )
    assert [len(part) for part in block] == [20, 20, 16, 16, 16, 16]
    assert b"".join(block) == bytes(expected)
    assert block._fields[:2] == ("client_write_mac_key", "server_write_mac_key")


def test_truncated_hmac_reaches_the_cipher_spec() -> None:
    s = session(S.TLS_RSA_WITH_AES_128_CBC_SHA, V.TLS_1_2, truncated_hmac=True)
    assert s.negotiated_cipher_spec().mac_length == 10


@pytest.mark.parametrize(
    ("suite", "version", "encrypt_then_mac"),
    [
        (S.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, V.TLS_1_2, False),
        (S.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, V.TLS_1_2, False),
        (S.TLS_RSA_WITH_AES_128_CBC_SHA, V.TLS_1_0, False),
        (S.TLS_RSA_WITH_AES_256_CBC_SHA256, V.TLS_1_2, True),
    ],
)
def test_client_writes_what_server_reads(
    suite: CipherSuite, version: ProtocolVersion, encrypt_then_mac: bool
) -> None:
    client = session(suite, version, master_secret=bytes(48), encrypt_then_mac=encrypt_then_mac)
    server = session(suite, version, master_secret=bytes(48), encrypt_then_mac=encrypt_then_mac)
    client_read, client_write = client.new_client_states(CLIENT_RANDOM, SERVER_RANDOM)
    server_read, server_write = server.new_server_states(CLIENT_RANDOM, SERVER_RANDOM)
    for index in range(3):
        data = b"request %d" % index
        record = client_write.seal(ContentType.application_data, data)
        assert data not in record
        assert server_read.open(record) == (ContentType.application_data, data)
        reply = server_write.seal(ContentType.application_data, data.upper())
        assert client_read.open(reply) == (ContentType.application_data, data.upper())


def test_tls13_states_use_traffic_secrets() -> None:
    s = session(S.TLS_AES_128_GCM_SHA256, V.TLS_1_3)
    with pytest.raises(ValueError, match="client_traffic_secret"):
        s.new_client_states()
    client_secret, server_secret = b"c" * 32, b"s" * 32
    client_read, client_write = s.new_client_states(
        client_traffic_secret=client_secret, server_traffic_secret=server_secret
    )
    server_read, server_write = s.new_server_states(
        client_traffic_secret=client_secret, server_traffic_secret=server_secret
    )
    record = client_write.seal(ContentType.handshake, b"finished")
    assert server_read.open(record) == (ContentType.handshake, b"finished")
    reply = server_write.seal(ContentType.application_data, b"hello")
    assert client_read.open(reply) == (ContentType.application_data, b"hello")
    spec = cipher_spec(S.TLS_AES_128_GCM_SHA256, V.TLS_1_3)
    assert spec is not None
    # The record nonce of sequence number 0 is the IV (RFC 8446, Section 5.3).
    traffic = key_schedule.traffic_key("sha256", client_secret, spec.key_length, 12)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    inner = AESGCM(traffic.key).decrypt(traffic.iv, record[5:], record[:5])
    assert inner == b"finished\x16"


def test_cipher_spec_field_takes_only_cipher_specs() -> None:
    spec = cipher_spec(S.TLS_RSA_WITH_AES_128_CBC_SHA, V.TLS_1_2)
    assert Session(cipher_spec=spec).cipher_spec is spec
    with pytest.raises(ValueError, match="must be a CipherSpec"):
        Session(cipher_spec="AES128-SHA")  # type: ignore[arg-type]


def test_repr_hides_master_secret() -> None:
    s = session(S.TLS_RSA_WITH_AES_128_CBC_SHA, V.TLS_1_2)
    s.derive_master_secret(PRE_MASTER, CLIENT_RANDOM, SERVER_RANDOM)
    assert s.master_secret.hex() not in repr(s)
    assert repr(s.master_secret)[2:20] not in repr(s)


def test_deflate_session_has_no_record_states() -> None:
    s = session(
        S.TLS_RSA_WITH_AES_128_CBC_SHA, V.TLS_1_2, master_secret=bytes(48), compression_algorithm=1
    )
    with pytest.raises(ValueError, match="compression DEFLATE are not supported"):
        s.new_client_states(CLIENT_RANDOM, SERVER_RANDOM)
