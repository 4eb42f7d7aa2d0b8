"""Published vectors for every derivation (origins in tests/data/vectors/SOURCES.md).

Each test id is the vector's id, and each vector's `source` names the file it came from.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from tlsspec import CipherSuite, ProtocolVersion, cipher_spec, key_schedule, keys, prf

from tests.paths import DATA

VECTORS = DATA / "vectors"


def load(name: str) -> list[dict[str, Any]]:
    vectors: list[dict[str, Any]] = json.loads((VECTORS / name).read_text())["vectors"]
    return vectors


def ids(vectors: list[dict[str, Any]]) -> list[str]:
    return [f"{vector['id']} ({vector['source']})" for vector in vectors]


def h(text: str | None) -> bytes:
    return bytes.fromhex(text or "")


PRF_VECTORS = [v for v in load("prf.json") + load("master_key_block.json") if v["kind"] == "prf"]
KEY_BLOCK_VECTORS = [v for v in load("master_key_block.json") if v["kind"] == "master_key_block"]
KDF_VECTORS = load("tls13_kdf_ops.json")
RFC8448 = load("tls13_rfc8448_simple_1rtt.json")[0]


@pytest.mark.parametrize("vector", PRF_VECTORS, ids=ids(PRF_VECTORS))
def test_prf_matches_vector(vector: dict[str, Any]) -> None:
    secret, seed, length = h(vector["secret"]), h(vector["seed"]), int(vector["length"])
    label = bytes.fromhex(vector["label_hex"])
    if vector["version"] == "tls1.2":
        output = prf.prf_tls12(vector["hash"], secret, label, seed, length)
    else:
        output = prf.prf_tls10(secret, label, seed, length)
    assert output.hex() == vector["output"]


@pytest.mark.parametrize("vector", PRF_VECTORS, ids=ids(PRF_VECTORS))
def test_cipher_spec_prf_matches_vector(vector: dict[str, Any]) -> None:
    """The cipher spec's own PRF: SHA-256 and SHA-384 suites at TLS 1.2, any suite below."""
    suite = {
        "sha256": CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256,
        "sha384": CipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384,
        "md5+sha1": CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
    }[vector["hash"]]
    version = ProtocolVersion.TLS_1_2 if vector["version"] == "tls1.2" else ProtocolVersion.TLS_1_1
    spec = cipher_spec(suite, version)
    assert spec is not None
    label = bytes.fromhex(vector["label_hex"])
    output = spec.prf(h(vector["secret"]), label, h(vector["seed"]), int(vector["length"]))
    assert output.hex() == vector["output"]


@pytest.mark.parametrize("vector", KEY_BLOCK_VECTORS, ids=ids(KEY_BLOCK_VECTORS))
def test_master_secret_and_key_block_match_vector(vector: dict[str, Any]) -> None:
    """Go's vectors are TLS_RSA_WITH_AES_128_CBC_SHA at TLS 1.0 (prf_test.go)."""
    spec = cipher_spec(CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA, ProtocolVersion.TLS_1_0)
    assert spec is not None
    assert spec.mac_key_length == int(vector["mac_key_length"])
    assert spec.key_length == int(vector["enc_key_length"])
    client_random, server_random = h(vector["client_random"]), h(vector["server_random"])

    master = keys.master_secret(spec, h(vector["pre_master_secret"]), client_random, server_random)
    assert master.hex() == vector["master_secret"]

    block = keys.key_block(spec, master, client_random, server_random)
    assert block.client_write_mac_key.hex() == vector["client_write_mac_key"]
    assert block.server_write_mac_key.hex() == vector["server_write_mac_key"]
    assert block.client_write_key.hex() == vector["client_write_key"]
    assert block.server_write_key.hex() == vector["server_write_key"]


FINISHED_VECTORS = load("finished.json")


@pytest.mark.parametrize("vector", FINISHED_VECTORS, ids=ids(FINISHED_VECTORS))
def test_finished_matches_vector(vector: dict[str, Any]) -> None:
    spec = cipher_spec(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, ProtocolVersion.TLS_1_2)
    assert spec is not None
    output = keys.verify_data(
        spec, h(vector["master_secret"]), h(vector["handshake_messages"]), vector["role"]
    )
    assert len(output) == vector["length"]
    assert output.hex() == vector["output"]


EXPORTER_VECTORS = load("exporter.json")


@pytest.mark.parametrize("vector", EXPORTER_VECTORS, ids=ids(EXPORTER_VECTORS))
def test_tls13_exporter_matches_vector(vector: dict[str, Any]) -> None:
    output = key_schedule.exporter(
        vector["hash"],
        h(vector["exporter_master_secret"]),
        vector["label"].encode(),
        h(vector["context"]),
        vector["length"],
    )
    assert output.hex() == vector["output"]


@pytest.mark.parametrize("vector", KDF_VECTORS, ids=ids(KDF_VECTORS))
def test_tls13_kdf_matches_openssl_vector(vector: dict[str, Any]) -> None:
    """OpenSSL's TLS13-KDF: a null salt or ikm is Hash.length zero bytes."""
    name = vector["hash"]
    zeros = bytes(prf.hash_algorithm(name).digest_size)
    ikm = h(vector["ikm"]) if vector.get("ikm") else zeros
    if vector["op"] == "extract":
        salt = h(vector["salt"]) if vector.get("salt") else zeros
        output = prf.hkdf_extract(name, salt, ikm)
    elif vector["op"] == "derive_then_extract":
        empty = prf.transcript_hash(name, b"")
        salt = prf.derive_secret(name, h(vector["previous_secret"]), b"derived", empty)
        assert salt.hex() == vector["derived_salt"]
        output = prf.hkdf_extract(name, salt, ikm)
    else:
        assert vector["prefix"] == "tls13 "
        output = prf.hkdf_expand_label(
            name,
            h(vector["secret"]),
            vector["label"].encode(),
            h(vector.get("context")),
            vector["length"],
        )
    assert output.hex() == vector["output"]


def test_rfc8448_key_schedule_matches() -> None:
    """RFC 8448, Section 3 (simple 1-RTT), via Botan's transcripts.vec."""
    inputs, secrets = RFC8448["inputs"], RFC8448["secrets"]
    hashes = RFC8448["transcript_hashes"]
    hello_hash = prf.transcript_hash(
        "sha256", h(inputs["client_hello"]) + h(inputs["server_hello"])
    )
    assert hello_hash.hex() == hashes["ch_sh"]

    early = key_schedule.early_secrets("sha256", None)
    assert early.early_secret.hex() == secrets["early_secret"]
    assert early.binder_key_external is None

    handshake = key_schedule.handshake_secrets(
        "sha256", early.early_secret, h(inputs["ecdhe_shared_secret"]), hello_hash, 16, 12
    )
    assert handshake.handshake_secret.hex() == secrets["handshake_secret"]
    assert handshake.client_handshake_traffic_secret.hex() == secrets["c_hs_traffic"]
    assert handshake.server_handshake_traffic_secret.hex() == secrets["s_hs_traffic"]
    traffic = RFC8448["traffic"]
    assert handshake.client_handshake_key.hex() == traffic["client_handshake"]["key"]
    assert handshake.client_handshake_iv.hex() == traffic["client_handshake"]["iv"]
    assert handshake.server_handshake_key.hex() == traffic["server_handshake"]["key"]
    assert handshake.server_handshake_iv.hex() == traffic["server_handshake"]["iv"]
    finished = RFC8448["finished"]
    assert handshake.client_finished_key.hex() == finished["client"]["finished_key"]
    assert handshake.server_finished_key.hex() == finished["server"]["finished_key"]

    application = key_schedule.application_secrets(
        "sha256", handshake.handshake_secret, h(hashes["ch_sf"]), 16, 12
    )
    assert application.master_secret.hex() == secrets["master_secret"]
    assert application.client_application_traffic_secret_0.hex() == secrets["c_ap_traffic"]
    assert application.server_application_traffic_secret_0.hex() == secrets["s_ap_traffic"]
    assert application.exporter_master_secret.hex() == secrets["exp_master"]
    assert application.client_application_key.hex() == traffic["client_application"]["key"]
    assert application.client_application_iv.hex() == traffic["client_application"]["iv"]
    assert application.server_application_key.hex() == traffic["server_application"]["key"]
    assert application.server_application_iv.hex() == traffic["server_application"]["iv"]

    resumption = key_schedule.resumption_secrets(
        "sha256", application.master_secret, h(hashes["ch_cf"])
    )
    assert resumption.resumption_master_secret.hex() == secrets["res_master"]


def test_early_stages_match_openssl_session() -> None:
    """The first simulated session of OpenSSL's TLS13-KDF tests: a PSK's Early Secret and 0-RTT."""
    extract, early_traffic, early_exporter = KDF_VECTORS[:3]
    assert (early_traffic["label"], early_exporter["label"]) == ("c e traffic", "e exp master")

    early = key_schedule.early_secrets("sha256", h(extract["ikm"]))
    assert early.early_secret.hex() == extract["output"]
    assert early.binder_key_external is not None
    assert early.binder_key_resumption is not None
    assert early.early_secret.hex() not in repr(early)

    zero_rtt = key_schedule.early_traffic_secrets(
        "sha256", early.early_secret, h(early_traffic["context"])
    )
    assert zero_rtt.client_early_traffic_secret.hex() == early_traffic["output"]
    assert zero_rtt.early_exporter_master_secret.hex() == early_exporter["output"]


@pytest.mark.parametrize(
    ("direction", "secret"),
    [
        ("server_handshake", "s_hs_traffic"),
        ("client_handshake", "c_hs_traffic"),
        ("server_application", "s_ap_traffic"),
        ("client_application", "c_ap_traffic"),
    ],
)
def test_rfc8448_traffic_keys_match(direction: str, secret: str) -> None:
    """RFC 8448, Section 3: key and iv of each traffic secret."""
    spec = cipher_spec(CipherSuite.TLS_AES_128_GCM_SHA256, ProtocolVersion.TLS_1_3)
    assert spec is not None
    traffic = key_schedule.traffic_key(
        "sha256", h(RFC8448["secrets"][secret]), spec.key_length, spec.fixed_iv_length
    )
    assert traffic.key.hex() == RFC8448["traffic"][direction]["key"]
    assert traffic.iv.hex() == RFC8448["traffic"][direction]["iv"]


@pytest.mark.parametrize(
    ("sender", "secret"), [("server", "s_hs_traffic"), ("client", "c_hs_traffic")]
)
def test_rfc8448_finished_matches(sender: str, secret: str) -> None:
    """RFC 8448, Section 3: the verify_data of both Finished messages."""
    finished = RFC8448["finished"][sender]
    base_key = h(RFC8448["secrets"][secret])
    assert key_schedule.finished_key("sha256", base_key).hex() == finished["finished_key"]
    output = key_schedule.finished_verify_data("sha256", base_key, h(finished["transcript_hash"]))
    assert output.hex() == finished["verify_data"]


def test_rfc8448_resumption_psk_matches() -> None:
    """RFC 8448, Section 3: the PSK of the NewSessionTicket, from its ticket_nonce."""
    resumption = RFC8448["resumption"]
    output = key_schedule.resumption_psk(
        "sha256", h(RFC8448["secrets"]["res_master"]), h(resumption["ticket_nonce"])
    )
    assert output.hex() == resumption["resumption_psk"]
