"""The session model: typed fields, validated on assignment, secrets kept out of repr."""

from __future__ import annotations

import math
import time

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from hypothesis import given
from hypothesis import strategies as st
from tlsspec import (
    NO_SUPPORTED_OVERLAP,
    CipherSuite,
    CompressionMethod,
    ECPointFormat,
    HeartbeatMode,
    NamedGroup,
    ProtocolVersion,
    Session,
)

SECRET = bytes(range(48))


def test_defaults_follow_rfcs() -> None:
    session = Session()
    assert session.identity == b""
    assert session.master_secret == b""
    assert session.max_packet_size == 2**14
    assert session.compression_algorithm is CompressionMethod.null
    assert session.ecc_point_format is ECPointFormat.uncompressed
    # None: the peer sent no signature_algorithms extension (RFC 5246, Section 7.4.1.4.1).
    assert session.signature_algorithms is None
    assert session.ffdhe_groups is None
    assert session.heartbeat_mode is None
    assert session.cipher_suite is None
    assert session.version is None
    assert abs(session.last_activity - time.time()) < 60


def test_master_secret_48_bytes_or_empty() -> None:
    session = Session()
    session.master_secret = SECRET
    assert session.master_secret == SECRET
    session.master_secret = b""
    assert session.master_secret == b""


@pytest.mark.parametrize("length", [1, 32, 47, 49, 64])
def test_master_secret_other_lengths_rejected(length: int) -> None:
    session = Session()
    with pytest.raises(
        ValueError, match=f"master_secret must be 0 or 48 bytes long; got {length} bytes"
    ):
        session.master_secret = b"\x01" * length


def test_master_secret_must_be_bytes() -> None:
    with pytest.raises(ValueError, match="master_secret must be bytes; got str"):
        Session(master_secret="00" * 48)  # type: ignore[arg-type]


def test_bad_master_secret_error_hides_content() -> None:
    with pytest.raises(ValueError) as caught:
        Session(master_secret=b"\xab" * 47)
    assert "\\xab" not in str(caught.value)
    assert "abab" not in str(caught.value)


@pytest.mark.parametrize("size", [2**14, 512, 1024, 2048, 4096])
def test_max_packet_size_allowed(size: int) -> None:
    assert Session(max_packet_size=size).max_packet_size == size


@pytest.mark.parametrize("size", [0, 1, 511, 8192, 2**14 + 1, 2**16])
def test_max_packet_size_other_rejected(size: int) -> None:
    with pytest.raises(
        ValueError, match="max_packet_size must be one of 16384, 512, 1024, 2048, 4096"
    ):
        Session(max_packet_size=size)


def test_ticket_expiry_is_a_time() -> None:
    session = Session(ticket_expiry_time=1_800_000_000)
    assert session.ticket_expiry_time == 1_800_000_000.0
    session.ticket_expiry_time = None
    assert session.ticket_expiry_time is None
    for bad in ("tomorrow", -1, math.inf, math.nan, True):
        with pytest.raises(ValueError, match="ticket_expiry_time must be"):
            session.ticket_expiry_time = bad


def test_members_accept_codes() -> None:
    session = Session(cipher_suite=0xC02F, version=0x0303, curve=29, heartbeat_mode=1)
    assert session.cipher_suite is CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    assert session.version is ProtocolVersion.TLS_1_2
    assert session.curve is NamedGroup.x25519
    assert session.heartbeat_mode is HeartbeatMode.peer_allowed_to_send


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("cipher_suite", 0x0A0A, "cipher_suite 0x0a0a is not an assigned CipherSuite"),
        ("version", 0x0305, "version 0x0305 is not an assigned ProtocolVersion"),
        ("curve", "x25519", "curve must be a NamedGroup or its code; got 'x25519'"),
        ("heartbeat_mode", 3, "heartbeat_mode 0x0003 is not an assigned HeartbeatMode"),
        ("compression_algorithm", None, "compression_algorithm must be a CompressionMethod"),
    ],
)
def test_members_reject_bad_values(field: str, value: object, message: str) -> None:
    session = Session()
    with pytest.raises(ValueError, match=message):
        setattr(session, field, value)


def test_point_format_no_overlap_state() -> None:
    session = Session()
    session.ecc_point_format = NO_SUPPORTED_OVERLAP
    assert session.ecc_point_format is NO_SUPPORTED_OVERLAP
    session.ecc_point_format = 1
    assert session.ecc_point_format is ECPointFormat.ansiX962_compressed_prime
    with pytest.raises(ValueError, match="ecc_point_format"):
        session.ecc_point_format = -1


def test_code_lists_keep_unknown_and_grease() -> None:
    session = Session(ecc_curves=[0x0A0A, 29, 0xFFFF], signature_algorithms=(0x0804,))
    assert session.ecc_curves == (0x0A0A, 29, 0xFFFF)
    with pytest.raises(ValueError, match="ecc_curves must contain integers from 0 to 0xFFFF"):
        session.ecc_curves = [0x10000]
    with pytest.raises(ValueError, match="ecc_curves must be a list or tuple"):
        session.ecc_curves = b"\x00\x1d"


@pytest.mark.parametrize("name", ["example.com", "a", "xn--bcher-kva.example"])
def test_server_name_accepts_host_names(name: str) -> None:
    assert Session(server_name=name).server_name == name


@pytest.mark.parametrize(
    "name",
    [
        "",
        "example.com.",
        "a..b",
        "bücher.example",
        "x" * 254,
        "1.2.3.4",
        "::1",
        "a" * 64 + ".com",
        "-a.com",
        "a-.com",
        "a_b.com",
    ],
)
def test_server_name_rejects_others(name: str) -> None:
    with pytest.raises(ValueError, match="server_name must be"):
        Session(server_name=name)


def test_identity_at_most_32_bytes() -> None:
    assert Session(identity=b"\x01" * 32).identity == b"\x01" * 32
    with pytest.raises(ValueError, match="identity must be at most 32 bytes long; got 33 bytes"):
        Session(identity=b"\x01" * 33)


def test_certificate_chains_are_der() -> None:
    with pytest.raises(ValueError, match=r"certificate_chain\[0\] must be a DER certificate"):
        Session(certificate_chain=[b"-----BEGIN CERTIFICATE-----"])
    assert Session(certificate_chain=[b"\x30\x03\x02\x01\x00"]).certificate_chain == (
        b"\x30\x03\x02\x01\x00",
    )


def test_private_key_must_be_a_key() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    session = Session(private_key=key, peer_public_key=key.public_key())
    assert session.private_key is key
    with pytest.raises(
        ValueError, match="private_key must be a cryptography private key object; got bytes"
    ):
        session.private_key = b"-----BEGIN PRIVATE KEY-----"
    with pytest.raises(
        ValueError, match="peer_public_key must be a cryptography public key object"
    ):
        session.peer_public_key = key


def test_secrets_not_in_repr_or_str() -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    session = Session(master_secret=SECRET, private_key=key, identity=b"\x07" * 32)
    for text in (repr(session), str(session)):
        assert SECRET.hex() not in text
        assert repr(SECRET) not in text
        assert "master_secret=<secret, 48 bytes>" in text
        assert "private_key=<secret, set>" in text
        assert repr(key) not in text
        assert "identity=" in text


@given(st.binary(min_size=48, max_size=48))
def test_any_master_secret_hidden_from_repr(secret: bytes) -> None:
    text = repr(Session(master_secret=secret))
    assert secret.hex() not in text
    assert repr(secret) not in text


def test_unknown_field_rejected() -> None:
    session = Session()
    with pytest.raises(AttributeError):
        session.master_key = SECRET  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "field", ["master_secret", "identity", "max_packet_size", "truncated_hmac"]
)
def test_none_rejected_for_non_nullable(field: str) -> None:
    with pytest.raises(ValueError, match=f"{field} must be"):
        Session(**{field: None})  # type: ignore[arg-type]
    session = Session()
    with pytest.raises(ValueError, match=f"{field} must be"):
        setattr(session, field, None)


@pytest.mark.parametrize("code", [0x00FF, 0x5600])
def test_signalling_values_not_negotiable(code: int) -> None:
    # RFC 5746, Section 3.3: the SCSV "cannot be negotiated"; RFC 7507 defines 0x5600 alike.
    with pytest.raises(ValueError, match="is a signalling value, not a negotiable cipher suite"):
        Session(cipher_suite=code)


def test_certificate_chain_accepts_bytes_like() -> None:
    der = b"\x30\x03\x02\x01\x00"
    session = Session(peer_certificate_chain=[bytearray(der), memoryview(der)])  # type: ignore[list-item]
    assert session.peer_certificate_chain == (der, der)
