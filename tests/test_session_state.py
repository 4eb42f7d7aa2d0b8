"""The session state codec generated from the `state` list of spec/session.yaml."""

from __future__ import annotations

import pytest
import tlsspec
from hypothesis import example, given
from hypothesis import strategies as st
from tlsspec import (
    NO_SUPPORTED_OVERLAP,
    CipherSuite,
    ECPointFormat,
    NamedGroup,
    ProtocolVersion,
    SignatureScheme,
)
from tlsspec.resumption import RESUMPTION_FIELDS
from tlsspec.session_state import (
    SESSION_STATE_FIELDS,
    SESSION_STATE_FORMAT,
    SessionStateError,
    decode_session_state,
    encode_session_state,
)

from tests.strategies import sessions

MASTER_SECRET = bytes(range(0x40, 0x70))


def known_session() -> tlsspec.Session:
    """Return the session whose byte form EXPECTED_STATE spells out by hand."""
    return tlsspec.Session(
        version=ProtocolVersion.TLS_1_2,
        cipher_suite=CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        master_secret=MASTER_SECRET,
        extended_master_secret=True,
        timestamp=1.5e9,
        psk_identity=b"id",
        server_name="a.example",
        max_packet_size=4096,
        curve=NamedGroup.x25519,
        signature_scheme=SignatureScheme.rsa_pss_rsae_sha256,
        signature_algorithms=[0x0403, 0x0804],
        ecc_curves=[0x001D, 0x0017],
    )


# Written out field by field in RFC 8446, Section 3 notation: uint16 codes, length-prefixed
# vectors, a presence byte before each nullable field. 1.5e9 as an IEEE 754 double is
# 0x41D65A0BC0000000 (sign 0, exponent 1053, fraction 0x65A0BC << 28).
EXPECTED_STATE = bytes.fromhex(
    "02"  # format 2
    "01 0303"  # version: present, TLS 1.2
    "01 C02F"  # cipher_suite: present, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    "00"  # compression_algorithm: null
    "30" + MASTER_SECRET.hex() + "01"  # master_secret<0..255>, extended_master_secret
    "41D65A0BC0000000"  # timestamp
    "000000"  # peer_certificate_chain<0..2^24-1>: empty
    "0002 6964"  # psk_identity<0..2^16-1>: "id"
    "000000"  # certificate_chain: empty
    "01 09 612E6578616D706C65"  # server_name: present, "a.example"
    "1000"  # max_packet_size: 4096
    "00 00"  # truncated_hmac, encrypt_then_mac
    "01 00"  # ecc_point_format: tag 1, uncompressed
    "01 001D"  # curve: present, x25519
    "00"  # ffdhe_group: absent
    "01 0804"  # signature_scheme: present, rsa_pss_rsae_sha256
    "01 0004 0403 0804"  # signature_algorithms: present (None when the peer sent none)
    "0004 001D 0017"  # ecc_curves
    "00"  # ffdhe_groups: absent
    "00"  # heartbeat_mode: absent
)


def chained_state() -> bytes:
    """Return the state of a session with two certificates in each chain."""
    session = known_session()
    session.peer_certificate_chain = [b"\x30\x03abc", b"\x30\x01z"]
    session.certificate_chain = [b"\x30\x02xy", b"\x30"]
    session.ffdhe_groups = [0x0100, 0x0101]
    return encode_session_state(session)


def test_encoding_matches_hand_written_layout() -> None:
    assert encode_session_state(known_session()) == EXPECTED_STATE


def test_decoding_hand_written_layout() -> None:
    session = decode_session_state(EXPECTED_STATE)

    assert session.version is ProtocolVersion.TLS_1_2
    assert session.cipher_suite is CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    assert session.master_secret == MASTER_SECRET
    assert session.extended_master_secret is True
    assert session.timestamp == 1.5e9
    assert session.psk_identity == b"id"
    assert session.server_name == "a.example"
    assert session.max_packet_size == 4096
    assert session.ecc_point_format is ECPointFormat.uncompressed
    assert session.curve is NamedGroup.x25519
    assert session.ffdhe_group is None
    assert session.signature_scheme is SignatureScheme.rsa_pss_rsae_sha256
    assert session.signature_algorithms == (0x0403, 0x0804)
    assert session.ecc_curves == (0x001D, 0x0017)
    assert session.ffdhe_groups is None


def test_fields_outside_state_get_defaults() -> None:
    session = decode_session_state(EXPECTED_STATE)

    assert "identity" not in SESSION_STATE_FIELDS
    assert session.identity == b""
    assert session.ticket == b""
    assert session.private_key is None
    assert session.cipher_spec is None
    assert session.cert_data is None


@given(sessions())
@example(tlsspec.Session(timestamp=0))
def test_round_trip_keeps_every_state_field(session: tlsspec.Session) -> None:
    decoded = decode_session_state(encode_session_state(session))

    for name in SESSION_STATE_FIELDS:
        assert getattr(decoded, name) == getattr(session, name), name


def test_point_format_without_overlap_round_trips() -> None:
    session = known_session()
    session.ecc_point_format = NO_SUPPORTED_OVERLAP

    decoded = decode_session_state(encode_session_state(session))

    assert decoded.ecc_point_format is NO_SUPPORTED_OVERLAP


def test_every_truncation_is_rejected() -> None:
    state = chained_state()

    for length in range(len(state)):
        with pytest.raises(SessionStateError):
            decode_session_state(state[:length])


def test_trailing_bytes_are_rejected() -> None:
    with pytest.raises(SessionStateError, match="has 1 byte after its last field"):
        decode_session_state(EXPECTED_STATE + b"\x00")


def test_other_format_is_rejected() -> None:
    other = bytes([SESSION_STATE_FORMAT + 1]) + EXPECTED_STATE[1:]

    with pytest.raises(SessionStateError, match=f"expected format {SESSION_STATE_FORMAT}"):
        decode_session_state(other)


def replace_at(state: bytes, offset: int, new: bytes) -> bytes:
    """Return `state` with the bytes at `offset` replaced by `new`."""
    return state[:offset] + new + state[offset + len(new) :]


# Offsets into EXPECTED_STATE: 1 version presence, 2 version, 4 suite presence, 5 suite,
# 7 compression, 8 master_secret length, 57 extended_master_secret.
INVALID_STATES = {
    "presence byte 2": (replace_at(EXPECTED_STATE, 1, b"\x02"), "presence byte of 0 or 1"),
    "unknown version": (replace_at(EXPECTED_STATE, 2, b"\x03\x09"), "ProtocolVersion"),
    "signalling suite": (replace_at(EXPECTED_STATE, 5, b"\x00\xff"), "signalling value"),
    "unassigned compression": (replace_at(EXPECTED_STATE, 7, b"\x07"), "CompressionMethod"),
    "boolean byte 2": (replace_at(EXPECTED_STATE, 57, b"\x02"), "boolean byte of 0 or 1"),
    "master secret of 47 bytes": (
        EXPECTED_STATE[:8] + b"\x2f" + MASTER_SECRET[:47] + EXPECTED_STATE[57:],
        "master_secret must be 0 or 48 bytes long; got 47 bytes",
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID_STATES))
def test_invalid_value_is_rejected(case: str) -> None:
    state, message = INVALID_STATES[case]

    with pytest.raises(SessionStateError, match=message) as raised:
        decode_session_state(state)

    assert MASTER_SECRET.hex() not in str(raised.value)
    assert repr(MASTER_SECRET) not in str(raised.value)


def test_certificate_without_der_sequence_is_rejected() -> None:
    session = known_session()
    session.peer_certificate_chain = [b"\x30\x01a"]
    state = encode_session_state(session)
    # The chain vector starts after the timestamp: 3-byte total, 3-byte length, 0x30.
    broken = replace_at(state, 66 + 6, b"\x31")

    with pytest.raises(SessionStateError, match="expected a DER certificate"):
        decode_session_state(broken)


def test_non_ascii_server_name_is_rejected() -> None:
    offset = EXPECTED_STATE.index(b"a.example")

    with pytest.raises(SessionStateError, match="ASCII host name"):
        decode_session_state(replace_at(EXPECTED_STATE, offset, b"\xe4"))


@given(st.binary(max_size=200))
@example(b"")
@example(EXPECTED_STATE[:60])
def test_arbitrary_bytes_raise_only_state_error(data: bytes) -> None:
    for candidate in (data, bytes([SESSION_STATE_FORMAT]) + data):
        try:
            session = decode_session_state(candidate)
        except SessionStateError:
            continue
        assert isinstance(session, tlsspec.Session)


def test_list_too_long_to_encode_is_rejected() -> None:
    session = known_session()
    session.ecc_curves = [0x0017] * 0x8000

    with pytest.raises(SessionStateError, match="ecc_curves is too long to encode"):
        encode_session_state(session)


def test_non_bytes_state_raises_value_error() -> None:
    with pytest.raises(ValueError, match="data must be bytes; got str"):
        decode_session_state("01")  # type: ignore[arg-type]


def test_non_session_raises_value_error() -> None:
    with pytest.raises(ValueError, match=r"session must be a tlsspec\.Session; got dict"):
        encode_session_state({})  # type: ignore[arg-type]


def test_state_carries_every_field_resumption_compares() -> None:
    # A session decoded from a ticket is compared field by field with the new handshake,
    # so a compared field missing from the state would take its default and misjudge.
    missing = set(RESUMPTION_FIELDS) - set(SESSION_STATE_FIELDS)

    assert not missing
    assert "master_secret" in SESSION_STATE_FIELDS


def test_unregistered_signature_pair_round_trips() -> None:
    # RFC 5246, Section 7.4.1.4.1: {sha256, dsa} is a valid TLS 1.2 pair, 0x0402, which
    # the SignatureScheme registry leaves unassigned (RFC 8446, Section 11).
    session = known_session()
    session.signature_scheme = 0x0402

    decoded = decode_session_state(encode_session_state(session))

    assert decoded.signature_scheme == 0x0402
    assert not isinstance(decoded.signature_scheme, SignatureScheme)
    assert decode_session_state(EXPECTED_STATE).signature_scheme is (
        SignatureScheme.rsa_pss_rsae_sha256
    )


@pytest.mark.parametrize("value", [0x10000, -1, True, "0x0402"])
def test_signature_scheme_outside_16_bits_is_rejected(value: object) -> None:
    session = known_session()

    with pytest.raises(ValueError, match="signature_scheme must be a 16-bit code point"):
        session.signature_scheme = value
