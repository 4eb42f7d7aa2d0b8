"""Properties of the PRFs and the key derivations, with tlslite-ng 0.8.2 as a peer."""

from __future__ import annotations

import pytest
import tlsspec
from hypothesis import example, given
from hypothesis import strategies as st
from tlslite import mathtls
from tlslite.handshakehashes import HandshakeHashes
from tlsspec import CipherSpec, CipherSuite, ProtocolVersion, cipher_spec, keys, prf
from tlsspec.prf import UnsupportedHashError

V = ProtocolVersion
TLS12_AND_EARLIER = (V.SSL_3_0, V.TLS_1_0, V.TLS_1_1, V.TLS_1_2)
TLSLITE_VERSIONS = {V.SSL_3_0: (3, 0), V.TLS_1_0: (3, 1), V.TLS_1_1: (3, 2), V.TLS_1_2: (3, 3)}
# Suites whose PRF hash has no implementation here (RFC 9189 GOST; Ascon-Hash256).
UNSUPPORTED_PRF_HASHES = {"gostr341112_256", "asconhash256"}

ALLOWED = [
    spec
    for info in tlsspec.cipher_suite_infos()
    for version in (*TLS12_AND_EARLIER, V.TLS_1_3)
    if (spec := cipher_spec(info.code, version)) is not None
]
TLS12_SPECS = [spec for spec in ALLOWED if spec.prf_kind != "hkdf"]
# tlslite-ng picks the TLS 1.2 PRF hash from its own suite tables; compare where it has
# the suite, and only for SHA-256 and SHA-384.
TLSLITE_SUITES = set(mathtls.CipherSuite.ietfNames)
PEER_SPECS = [
    spec
    for spec in TLS12_SPECS
    if spec.suite in TLSLITE_SUITES and spec.prf_hash in (None, "sha256", "sha384")
]

secrets = st.binary(min_size=0, max_size=80)
randoms = st.binary(min_size=32, max_size=32)
labels = st.binary(min_size=0, max_size=40)
prf_kinds = st.sampled_from(["ssl3", "tls10", "sha256", "sha384", "hkdf-sha256"])


def run_prf(kind: str, secret: bytes, label: bytes, seed: bytes, length: int) -> bytes:
    if kind == "ssl3":
        return prf.prf_ssl3(secret, label, seed, length)
    if kind == "tls10":
        return prf.prf_tls10(secret, label, seed, length)
    if kind == "hkdf-sha256":
        return prf.hkdf_expand_label("sha256", secret, label, seed[:255], length)
    return prf.prf_tls12(kind, secret, label, seed, length)


@given(prf_kinds, secrets, labels, st.binary(max_size=64), st.integers(0, 200), st.integers(0, 200))
@example("tls10", b"\x01\x02\x03", b"odd", b"", 12, 100)
def test_prf_output_is_prefix_of_longer(
    kind: str, secret: bytes, label: bytes, seed: bytes, short: int, extra: int
) -> None:
    """P_hash and HKDF-Expand stream their output; only the length cuts it.

    HkdfLabel encodes the length, so HKDF-Expand-Label outputs of two lengths differ; for it
    the property is length alone.
    """
    first = run_prf(kind, secret, label, seed, short)
    second = run_prf(kind, secret, label, seed, short + extra)
    assert len(first) == short
    assert len(second) == short + extra
    if kind != "hkdf-sha256":
        assert second.startswith(first)


@given(secrets, labels, st.binary(max_size=64), st.integers(0, 300))
def test_tls10_prf_matches_tlslite(secret: bytes, label: bytes, seed: bytes, length: int) -> None:
    expected = bytes(mathtls.PRF(bytearray(secret), label, bytearray(seed), length))
    assert prf.prf_tls10(secret, label, seed, length) == expected


@given(secrets, labels, st.binary(max_size=64), st.integers(0, 300))
def test_tls12_prfs_match_tlslite(secret: bytes, label: bytes, seed: bytes, length: int) -> None:
    sha256 = bytes(mathtls.PRF_1_2(bytearray(secret), label, bytearray(seed), length))
    sha384 = bytes(mathtls.PRF_1_2_SHA384(bytearray(secret), label, bytearray(seed), length))
    assert prf.prf_tls12("sha256", secret, label, seed, length) == sha256
    assert prf.prf_tls12("sha384", secret, label, seed, length) == sha384


@given(secrets, st.binary(max_size=64), st.integers(0, 416))
def test_ssl3_prf_matches_tlslite(secret: bytes, seed: bytes, length: int) -> None:
    expected = bytes(mathtls.PRF_SSL(bytearray(secret), bytearray(seed), length))
    assert prf.prf_ssl3(secret, b"ignored", seed, length) == expected


def test_ssl3_prf_rejects_more_than_26_blocks() -> None:
    with pytest.raises(ValueError, match="417"):
        prf.prf_ssl3(b"secret", b"", b"seed", 417)


@pytest.mark.parametrize("spec", TLS12_SPECS, ids=lambda s: f"{s.suite.name}-{s.version.name}")
def test_key_block_split_adds_up(spec: CipherSpec) -> None:
    """RFC 5246, Section 6.3: the parts use up exactly key_block_length bytes."""
    master, client_random, server_random = bytes(range(48)), b"c" * 32, b"s" * 32
    try:
        block = keys.key_block(spec, master, client_random, server_random)
    except UnsupportedHashError:
        assert spec.prf_hash in UNSUPPORTED_PRF_HASHES
        return
    assert len(block.client_write_mac_key) == len(block.server_write_mac_key)
    assert len(block.client_write_mac_key) == spec.mac_key_length
    if spec.export:
        assert len(block.client_write_key) == spec.expanded_key_length
        assert len(block.client_write_iv) == spec.fixed_iv_length
        assert 2 * (spec.mac_key_length + spec.key_length) == spec.key_block_length
    else:
        parts = b"".join(block)
        assert len(parts) == spec.key_block_length
        whole = spec.prf(master, b"key expansion", server_random + client_random, len(parts))
        assert parts == whole
        assert len(block.client_write_iv) == spec.fixed_iv_length


def tlslite_hashes(messages: bytes) -> HandshakeHashes:
    hashes = HandshakeHashes()
    hashes.update(bytearray(messages))
    return hashes


specs_with_peer = st.sampled_from(PEER_SPECS)


@given(specs_with_peer, secrets, randoms, randoms)
def test_master_secret_matches_tlslite(
    spec: CipherSpec, pre_master: bytes, client_random: bytes, server_random: bytes
) -> None:
    expected = mathtls.calc_key(
        TLSLITE_VERSIONS[spec.version],
        bytearray(pre_master),
        spec.suite,
        b"master secret",
        client_random=bytearray(client_random),
        server_random=bytearray(server_random),
        output_length=48,
    )
    assert keys.master_secret(spec, pre_master, client_random, server_random) == bytes(expected)


@given(specs_with_peer, secrets, st.binary(max_size=300))
def test_extended_master_secret_matches_tlslite(
    spec: CipherSpec, pre_master: bytes, messages: bytes
) -> None:
    if spec.prf_kind == "ssl3":
        with pytest.raises(ValueError, match=r"SSL 3\.0"):
            keys.session_hash(spec, messages)
        return
    expected = mathtls.calc_key(
        TLSLITE_VERSIONS[spec.version],
        bytearray(pre_master),
        spec.suite,
        b"extended master secret",
        handshake_hashes=tlslite_hashes(messages),
        output_length=48,
    )
    session_hash = keys.session_hash(spec, messages)
    assert keys.extended_master_secret(spec, pre_master, session_hash) == bytes(expected)


@given(specs_with_peer, st.binary(min_size=48, max_size=48), st.binary(max_size=300), st.booleans())
def test_finished_matches_tlslite(
    spec: CipherSpec, master: bytes, messages: bytes, client: bool
) -> None:
    expected = mathtls.calc_key(
        TLSLITE_VERSIONS[spec.version],
        bytearray(master),
        spec.suite,
        b"client finished" if client else b"server finished",
        handshake_hashes=tlslite_hashes(messages),
        output_length=12,
    )
    output = keys.verify_data(spec, master, messages, "client" if client else "server")
    assert output == bytes(expected)
    assert len(output) == spec.verify_data_length


@given(specs_with_peer, st.binary(min_size=48, max_size=48), randoms, randoms)
def test_key_block_matches_tlslite(
    spec: CipherSpec, master: bytes, client_random: bytes, server_random: bytes
) -> None:
    """tlslite-ng's calc_key gives the raw key block; export suites expand it afterwards."""
    if spec.export:
        return
    expected = mathtls.calc_key(
        TLSLITE_VERSIONS[spec.version],
        bytearray(master),
        spec.suite,
        b"key expansion",
        client_random=bytearray(client_random),
        server_random=bytearray(server_random),
        output_length=spec.key_block_length,
    )
    block = keys.key_block(spec, master, client_random, server_random)
    assert b"".join(block) == bytes(expected)


def test_exporter_context_absent_differs_from_empty() -> None:
    """RFC 5705, Section 4: only a present context enters the seed, with its length."""
    spec = cipher_spec(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, V.TLS_1_2)
    assert spec is not None
    arguments = (spec, bytes(48), b"c" * 32, b"s" * 32, b"EXPORTER-test")
    absent = keys.export_keying_material(*arguments, None, 32)
    empty = keys.export_keying_material(*arguments, b"", 32)
    assert absent != empty
    seed = b"c" * 32 + b"s" * 32
    assert absent == prf.prf_tls12("sha256", bytes(48), b"EXPORTER-test", seed, 32)
    assert empty == prf.prf_tls12("sha256", bytes(48), b"EXPORTER-test", seed + b"\0\0", 32)


def test_tls13_spec_is_rejected_by_tls12_derivations() -> None:
    spec = cipher_spec(CipherSuite.TLS_AES_128_GCM_SHA256, V.TLS_1_3)
    assert spec is not None
    with pytest.raises(ValueError, match="key_schedule"):
        keys.master_secret(spec, b"", b"c" * 32, b"s" * 32)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((b"pms", b"short", b"s" * 32), "client_random must be 32 bytes, not 5 bytes"),
        (("pms", b"c" * 32, b"s" * 32), "pre_master_secret must be bytes, not str"),
    ],
)
def test_bad_inputs_name_the_argument(arguments: tuple[object, ...], message: str) -> None:
    spec = cipher_spec(CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA, V.TLS_1_2)
    assert spec is not None
    with pytest.raises(ValueError, match=message):
        keys.master_secret(spec, *arguments)  # type: ignore[arg-type]


def test_key_block_repr_hides_keys() -> None:
    spec = cipher_spec(CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA, V.TLS_1_0)
    assert spec is not None
    block = keys.key_block(spec, b"\xab" * 48, b"c" * 32, b"s" * 32)
    for text in (repr(block), str(block)):
        for part in block:
            assert part.hex() not in text
        assert "client_write_key=<16 bytes>" in text


def test_peer_comparison_covers_every_prf() -> None:
    """The tlslite-ng comparisons above draw from specs of every PRF kind."""
    kinds = {(spec.prf_kind, spec.prf_hash) for spec in PEER_SPECS}
    assert kinds >= {("ssl3", None), ("tls10", None), ("tls12", "sha256"), ("tls12", "sha384")}
