"""Bad run-time input to the derivations raises ValueError naming the value and the form."""

from __future__ import annotations

import pytest
from tlsspec import (
    CipherSpec,
    CipherSuite,
    ContentType,
    ProtocolVersion,
    Session,
    cipher_spec,
    key_schedule,
    keys,
    record,
)

S = CipherSuite
V = ProtocolVersion
RANDOM = bytes(32)


def spec_of(suite: int, version: int) -> CipherSpec:
    spec = cipher_spec(suite, version)
    assert spec is not None
    return spec


def key_block() -> keys.KeyBlock:
    spec = spec_of(S.TLS_RSA_WITH_AES_128_CBC_SHA, V.TLS_1_2)
    return keys.key_block(spec, bytes(48), RANDOM, RANDOM)


def test_new_states_rejects_other_objects() -> None:
    spec = spec_of(S.TLS_RSA_WITH_AES_128_CBC_SHA, V.TLS_1_2)
    with pytest.raises(ValueError, match="keys must be a KeyBlock"):
        record.new_states(spec, (b"",) * 6, side="client")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="spec must be a CipherSpec"):
        record.new_states(None, key_block(), side="client")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="encrypt_then_mac must be a bool"):
        record.new_states(spec, key_block(), side="client", encrypt_then_mac="no")  # type: ignore[arg-type]


def test_new_states_rejects_dtls() -> None:
    spec = spec_of(S.TLS_RSA_WITH_AES_128_CBC_SHA, V.DTLS_1_2)
    with pytest.raises(ValueError, match="records of DTLS_1_2 are not supported"):
        record.new_states(spec, key_block(), side="client")


def test_tls13_state_needs_hash_length_secret() -> None:
    spec = spec_of(S.TLS_AES_128_GCM_SHA256, V.TLS_1_3)
    with pytest.raises(
        ValueError, match="traffic_secret is 31 bytes long, but the cipher spec needs 32"
    ):
        record.tls13_state(spec, bytes(31))
    with pytest.raises(ValueError, match="spec must be a CipherSpec"):
        record.tls13_state(None, bytes(32))  # type: ignore[arg-type]


def test_rejected_seal_leaves_direction_open() -> None:
    """A seal that fails its argument checks does not fix the state to writing."""
    spec = spec_of(S.TLS_AES_128_GCM_SHA256, V.TLS_1_3)
    writer = record.tls13_state(spec, bytes(32))
    with pytest.raises(ValueError, match="content type"):
        writer.seal(99, b"data")
    assert writer.direction is None
    with pytest.raises(ValueError, match="padding must be a non-negative int"):
        writer.seal(ContentType.application_data, b"data", padding=True)
    assert writer.direction is None


def test_cipher_spec_truncated_hmac_must_be_bool() -> None:
    with pytest.raises(ValueError, match="truncated_hmac must be a bool, not 'yes'"):
        cipher_spec(S.TLS_RSA_WITH_AES_128_CBC_SHA, V.TLS_1_2, truncated_hmac="yes")  # type: ignore[arg-type]


def test_key_schedule_rejects_non_tls13_hash() -> None:
    with pytest.raises(ValueError, match=r"'md5' is not the hash of a TLS 1\.3 suite"):
        key_schedule.early_secrets("md5", None)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("sha256", bytes(31), None, bytes(32), 16, 12), "early_secret must be 32 bytes"),
        (("sha256", bytes(32), "secret", bytes(32), 16, 12), "shared_secret must be bytes"),
        (("sha256", bytes(32), None, bytes(32), 33, 12), "key_length must be an int from 1 to 32"),
        (("sha256", bytes(32), None, bytes(32), 16, 1.5), "iv_length must be an int"),
    ],
)
def test_handshake_secrets_name_bad_argument(arguments: tuple[object, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        key_schedule.handshake_secrets(*arguments)  # type: ignore[arg-type]


def test_stage_repr_tells_none_from_hidden() -> None:
    early = key_schedule.early_secrets("sha256", None)
    assert repr(early) == (
        "EarlySecrets(early_secret=<hidden>, binder_key_external=None, binder_key_resumption=None)"
    )


def test_tls13_exporter_treats_none_as_empty_context() -> None:
    """RFC 8446, Section 7.5: in TLS 1.3 no context and an empty context agree."""
    secret = bytes(range(32))
    absent = key_schedule.exporter("sha256", secret, b"EXPORTER-test", None, 16)
    empty = key_schedule.exporter("sha256", secret, b"EXPORTER-test", b"", 16)
    assert absent == empty


def test_tls12_functions_reject_tls13_spec() -> None:
    spec = spec_of(S.TLS_AES_128_GCM_SHA256, V.TLS_1_3)
    with pytest.raises(ValueError, match=r"TLS_1_3 has no Finished of SSL 3\.0 to TLS 1\.2"):
        keys.verify_data(spec, bytes(48), b"", "client")


def test_session_generate_keys_points_tls13_to_key_schedule() -> None:
    session = Session(cipher_suite=S.TLS_AES_128_GCM_SHA256, version=V.TLS_1_3)
    with pytest.raises(ValueError, match="TLS_1_3 has no key block"):
        session.generate_keys(RANDOM, RANDOM)


def test_messages_carry_no_secret() -> None:
    secret = bytes.fromhex("5ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2")
    spec = spec_of(S.TLS_RSA_WITH_AES_128_CBC_SHA, V.TLS_1_2)
    with pytest.raises(ValueError) as excinfo:
        keys.master_secret(spec, secret, RANDOM[:31], RANDOM)
    assert secret.hex() not in str(excinfo.value)
    assert repr(secret) not in str(excinfo.value)
