"""Hypothesis strategies drawn from the cipher-suite registry and IANA's export of it."""

from __future__ import annotations

from functools import cache
from typing import Literal

import tlsspec
from hypothesis import strategies as st
from tlsspec import CipherSuiteInfo, ProtocolVersion, Status, record
from tlsspec.cipher_specs import CipherSpec, cipher_spec
from tlsspec.keys import KeyBlock

from tests import iana_csv
from tests.paths import SOURCES

# RFC 8701, Section 2: 0x0A0A, 0x1A1A, ... 0xFAFA.
GREASE_CODES = tuple(0x0A0A + 0x1010 * index for index in range(16))

_EXPORT_ROWS = iana_csv.read(SOURCES / "tls-parameters-4.csv")
_UNASSIGNED_ROWS = tuple(row for row in _EXPORT_ROWS if row.status is Status.UNASSIGNED)
_PRIVATE_USE_ROWS = tuple(row for row in _EXPORT_ROWS if row.status is Status.PRIVATE_USE)


def cipher_suites() -> st.SearchStrategy[CipherSuiteInfo]:
    """Draw the record of any assigned cipher suite, signalling values included."""
    return st.sampled_from(tlsspec.cipher_suite_infos())


def negotiable_cipher_suites() -> st.SearchStrategy[CipherSuiteInfo]:
    """Draw the record of an assigned suite that is not a signalling value (SCSV)."""
    return st.sampled_from([info for info in tlsspec.cipher_suite_infos() if not info.scsv])


def openssl_named_suites() -> st.SearchStrategy[CipherSuiteInfo]:
    """Draw the record of an assigned suite that has an OpenSSL name."""
    return st.sampled_from(
        [info for info in tlsspec.cipher_suite_infos() if info.openssl_name is not None]
    )


def gnutls_named_suites() -> st.SearchStrategy[CipherSuiteInfo]:
    """Draw the record of an assigned suite that has a GnuTLS name."""
    return st.sampled_from(
        [info for info in tlsspec.cipher_suite_infos() if info.gnutls_name is not None]
    )


def grease_codes() -> st.SearchStrategy[int]:
    """Draw one of the 16 GREASE values of RFC 8701, Section 2."""
    return st.sampled_from(GREASE_CODES)


def unassigned_codes() -> st.SearchStrategy[int]:
    """Draw a value from a row that IANA's export marks Unassigned, GREASE values excluded."""
    rows = st.sampled_from(_UNASSIGNED_ROWS)
    codes = rows.flatmap(lambda row: st.integers(min_value=row.first, max_value=row.last))
    return codes.filter(lambda code: code not in GREASE_CODES)


def private_use_codes() -> st.SearchStrategy[int]:
    """Draw a value from the range that IANA's export reserves for private use."""
    rows = st.sampled_from(_PRIVATE_USE_ROWS)
    return rows.flatmap(lambda row: st.integers(min_value=row.first, max_value=row.last))


def unregistered_names(registered: frozenset[str]) -> st.SearchStrategy[str]:
    """Draw a string that is not in `registered`, shaped like a suite name or not at all."""
    suite_like = st.from_regex(r"TLS_[A-Z0-9_]{1,40}", fullmatch=True)
    openssl_like = st.from_regex(r"[A-Z0-9]{1,10}(-[A-Z0-9]{1,10}){0,4}", fullmatch=True)
    return st.one_of(suite_like, openssl_like, st.text(max_size=40)).filter(
        lambda name: name not in registered
    )


# Record protection (tests/test_record.py).

_RECORD_VERSIONS = (
    ProtocolVersion.SSL_3_0,
    ProtocolVersion.TLS_1_0,
    ProtocolVersion.TLS_1_1,
    ProtocolVersion.TLS_1_2,
    ProtocolVersion.TLS_1_3,
)


def zero_key_block(spec: CipherSpec) -> KeyBlock:
    """Return a key block of zero bytes with the lengths that `spec` needs."""
    return KeyBlock(
        bytes(spec.mac_key_length),
        bytes(spec.mac_key_length),
        bytes(spec.expanded_key_length),
        bytes(spec.expanded_key_length),
        bytes(spec.fixed_iv_length),
        bytes(spec.fixed_iv_length),
    )


def _is_protectable(spec: CipherSpec) -> bool:
    try:
        if spec.version == ProtocolVersion.TLS_1_3:
            record.Tls13State(spec, bytes(spec.key_length), bytes(spec.fixed_iv_length))
        else:
            record.new_states(spec, zero_key_block(spec), side="client")
    except record.UnsupportedCipherError:
        return False
    return True


@cache
def _protectable_specs() -> tuple[CipherSpec, ...]:
    specs: dict[CipherSpec, None] = {}
    for info in tlsspec.cipher_suite_infos():
        for version in _RECORD_VERSIONS:
            for truncated_hmac in (False, True):
                spec = cipher_spec(info.code, version, truncated_hmac=truncated_hmac)
                if spec is not None and spec not in specs and _is_protectable(spec):
                    specs[spec] = None
    return tuple(specs)


def protectable_cipher_specs() -> st.SearchStrategy[CipherSpec]:
    """Draw the cipher spec of any suite and version, SSL 3.0 to TLS 1.3 and with truncated
    HMAC or not, whose records tlsspec.record can protect."""
    return st.sampled_from(_protectable_specs())


def key_blocks(spec: CipherSpec) -> st.SearchStrategy[KeyBlock]:
    """Draw a key block of random keys with the lengths that `spec` needs."""
    mac_key = st.binary(min_size=spec.mac_key_length, max_size=spec.mac_key_length)
    key = st.binary(min_size=spec.expanded_key_length, max_size=spec.expanded_key_length)
    iv = st.binary(min_size=spec.fixed_iv_length, max_size=spec.fixed_iv_length)
    return st.builds(KeyBlock, mac_key, mac_key, key, key, iv, iv)


def _state(
    spec: CipherSpec,
    keys: KeyBlock,
    encrypt_then_mac: bool,
    direction: Literal["read", "write"],
    sequence_number: int,
) -> record.RecordState:
    mac_key, key, iv = keys.client_write_mac_key, keys.client_write_key, keys.client_write_iv
    if spec.version == ProtocolVersion.TLS_1_3:
        return record.Tls13State(
            spec, key, iv, direction=direction, sequence_number=sequence_number
        )
    if spec.cipher_type == "aead":
        return record.AeadState(spec, key, iv, direction=direction, sequence_number=sequence_number)
    if spec.cipher_type == "block":
        return record.CbcState(
            spec,
            mac_key,
            key,
            iv,
            encrypt_then_mac=encrypt_then_mac,
            direction=direction,
            sequence_number=sequence_number,
        )
    return record.StreamState(
        spec, mac_key, key, direction=direction, sequence_number=sequence_number
    )


@st.composite
def record_state_pairs(
    draw: st.DrawFn, *, authenticated_only: bool = False
) -> tuple[record.RecordState, record.RecordState]:
    """Draw a (write, read) pair of states with the same random keys and sequence number.

    `authenticated_only` leaves out the suites that have neither a MAC nor an AEAD."""
    specs = protectable_cipher_specs()
    if authenticated_only:
        specs = specs.filter(lambda spec: spec.cipher_type == "aead" or spec.mac_length > 0)
    spec = draw(specs)
    keys = draw(key_blocks(spec))
    encrypt_then_mac = spec.version != ProtocolVersion.SSL_3_0 and draw(st.booleans())
    sequence_number = draw(st.integers(min_value=0, max_value=2**64 - 2))
    return (
        _state(spec, keys, encrypt_then_mac, "write", sequence_number),
        _state(spec, keys, encrypt_then_mac, "read", sequence_number),
    )


# Sessions (tests/test_tickets.py and the session cache tests).

_SESSION_CODES = st.lists(st.integers(min_value=0, max_value=0xFFFF), max_size=8)
_DER_CHAINS = st.lists(st.binary(max_size=40).map(lambda body: b"\x30" + body), max_size=3)
_HOST_NAMES = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?(\.[a-z]{2,6}){0,2}", fullmatch=True)


@st.composite
def sessions(
    draw: st.DrawFn, *, timestamps: st.SearchStrategy[float] | None = None
) -> tlsspec.Session:
    """Draw a session with a random suite, version, master secret, chains and code lists.

    `timestamps` draws session.timestamp; by default any time from 0 to 2^31 seconds."""
    if timestamps is None:
        timestamps = st.floats(min_value=0, max_value=2.0**31)
    return tlsspec.Session(
        version=draw(st.sampled_from(ProtocolVersion)),
        cipher_suite=draw(negotiable_cipher_suites()).code,
        compression_algorithm=draw(st.sampled_from(tlsspec.CompressionMethod)),
        master_secret=draw(st.binary(min_size=48, max_size=48)),
        extended_master_secret=draw(st.booleans()),
        timestamp=draw(timestamps),
        peer_certificate_chain=draw(_DER_CHAINS),
        certificate_chain=draw(_DER_CHAINS),
        psk_identity=draw(st.binary(max_size=40)),
        server_name=draw(st.none() | _HOST_NAMES.filter(lambda name: not name[-1].isdigit())),
        max_packet_size=draw(st.sampled_from([16384, 512, 1024, 2048, 4096])),
        truncated_hmac=draw(st.booleans()),
        encrypt_then_mac=draw(st.booleans()),
        ecc_point_format=draw(
            st.sampled_from([*tlsspec.ECPointFormat, tlsspec.NO_SUPPORTED_OVERLAP])
        ),
        curve=draw(st.none() | st.sampled_from(tlsspec.NamedGroup)),
        ffdhe_group=draw(st.none() | st.sampled_from(tlsspec.NamedGroup)),
        signature_scheme=draw(st.none() | st.sampled_from(tlsspec.SignatureScheme)),
        signature_algorithms=draw(st.none() | _SESSION_CODES),
        ecc_curves=draw(_SESSION_CODES),
        ffdhe_groups=draw(st.none() | _SESSION_CODES),
        heartbeat_mode=draw(st.none() | st.sampled_from(tlsspec.HeartbeatMode)),
    )
