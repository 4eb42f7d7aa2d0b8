"""Time the TLS 1.2 PRF for one key block against tlslite-ng, scapy and HMAC floors.

The operation is PRF(master_secret, "key expansion", server_random + client_random) over
SHA-256 for 104 bytes: the key block of TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA at TLS 1.2 (two
20-byte MAC keys and two 32-byte keys). P_SHA256 computes two HMACs per 32-byte block, A(i)
and then the output block, so 104 bytes take 8 HMACs, all keyed with the master secret
(RFC 5246, Section 5).

Each floor computes those 8 HMACs for SHA-256 alone, in one of four ways that Python offers.
The first calls `hmac.digest` per HMAC, and the second copies one `hmac.new` object per
HMAC. The third hashes the padded key (RFC 2104) into two hashlib SHA-256 contexts once and
copies them per HMAC. The fourth keys one pyca/cryptography HMAC and copies it per HMAC.
tlsspec is measured against the fastest floor of the run.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
from importlib.metadata import version

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.hmac import HMAC
from tlsspec.prf import prf_tls12

from bench.timing import Candidate, check_outputs, report_table

# NIST CAVP's TLS 1.2 KDF test, COUNT=0, SHA-256, key expansion step, as OpenSSL copies it
# into test/recipes/30-test_evp_data/evpkdf_tls12_prf.txt. The test requests 128 bytes.
# P_hash's output for a shorter length is a prefix of it, so 104 bytes are its first 104.
MASTER_SECRET = bytes.fromhex(
    "202c88c00f84a17a20027079604787461176455539e705be730890602c289a50"
    "01e34eeb3a043e5d52a65e66125188bf"
)
LABEL = b"key expansion"
SEED = bytes.fromhex(
    "ae6c806f8ad4d80784549dff28a4b58fd837681a51d928c3e30ee5ff14f39868"
    "62e1fd91f23f558a605f28478c58cf72637b89784d959df7e946d3f07bd1b616"
)
LENGTH = 104
EXPECTED = bytes.fromhex(
    "d06139889fffac1e3a71865f504aa5d0d2a2e89506c6f2279b670c3e1b74f531"
    "016a2530c51a3a0f7e1d6590d0f0566b2f387f8d11fd4f731cdd572d2eae927f"
    "6f2f81410b25e6960be68985add6c38445ad9f8c64bf8068bf9a6679485d966f"
    "1ad6f68b43495b10"
)
HMACS = 2 * -(-LENGTH // 32)

SHA256 = hashes.SHA256()
BLOCK_SIZE = 64
# Translation tables that XOR every byte with HMAC's ipad and opad (RFC 2104, Section 2).
IPAD = bytes(byte ^ 0x36 for byte in range(256))
OPAD = bytes(byte ^ 0x5C for byte in range(256))


def floor_hmac_digest(secret: bytes, label: bytes, seed: bytes, length: int) -> bytes:
    """Compute P_SHA256 with one `hmac.digest` call per HMAC."""
    digest = hmac.digest
    labelled = label + seed
    blocks = []
    a = labelled
    for _ in range(-(-length // 32)):
        a = digest(secret, a, "sha256")
        blocks.append(digest(secret, a + labelled, "sha256"))
    return b"".join(blocks)[:length]


def floor_hmac_copy(secret: bytes, label: bytes, seed: bytes, length: int) -> bytes:
    """Compute P_SHA256 with one keyed `hmac.new` object, copied for each HMAC."""
    keyed = hmac.new(secret, digestmod="sha256")
    labelled = label + seed
    blocks = []
    a = labelled
    for _ in range(-(-length // 32)):
        mac = keyed.copy()
        mac.update(a)
        a = mac.digest()
        mac = keyed.copy()
        mac.update(a + labelled)
        blocks.append(mac.digest())
    return b"".join(blocks)[:length]


def floor_hashlib(secret: bytes, label: bytes, seed: bytes, length: int) -> bytes:
    """Compute P_SHA256 as RFC 2104 writes HMAC, over hashlib contexts of the padded key."""
    if len(secret) > BLOCK_SIZE:
        secret = hashlib.sha256(secret).digest()
    key = secret + bytes(BLOCK_SIZE - len(secret))
    inner = hashlib.sha256(key.translate(IPAD))
    outer = hashlib.sha256(key.translate(OPAD))

    labelled = label + seed
    blocks = []
    a = labelled
    for _ in range(-(-length // 32)):
        inner_mac = inner.copy()
        inner_mac.update(a)
        outer_mac = outer.copy()
        outer_mac.update(inner_mac.digest())
        a = outer_mac.digest()
        inner_mac = inner.copy()
        inner_mac.update(a + labelled)
        outer_mac = outer.copy()
        outer_mac.update(inner_mac.digest())
        blocks.append(outer_mac.digest())
    return b"".join(blocks)[:length]


def floor_cryptography(secret: bytes, label: bytes, seed: bytes, length: int) -> bytes:
    """Compute P_SHA256 with one keyed pyca/cryptography HMAC, copied for each HMAC."""
    keyed = HMAC(secret, SHA256)
    labelled = label + seed
    blocks = []
    a = labelled
    for _ in range(-(-length // 32)):
        mac = keyed.copy()
        mac.update(a)
        a = mac.finalize()
        mac = keyed.copy()
        mac.update(a + labelled)
        blocks.append(mac.finalize())
    return b"".join(blocks)[:length]


def candidates() -> list[Candidate]:
    """Return tlsspec, the peers and the floors, each computing the same key block."""
    # The peers are imported here, not at the top, because only `make bench` installs them.
    tlslite_mathtls = importlib.import_module("tlslite.mathtls")
    scapy_prf = importlib.import_module("scapy.layers.tls.crypto.prf")
    # scapy's PRF object picks its function from the version and hash when it is built, once
    # per connection. Its derive_key_block(master_secret, server_random, client_random,
    # length) calls that function with the two randoms joined, as SEED joins them.
    scapy_tls12 = scapy_prf.PRF("sha256", 0x0303).prf
    tlslite_tls12 = tlslite_mathtls.PRF_1_2

    return [
        Candidate(
            "tlsspec",
            "`prf.prf_tls12`",
            lambda: prf_tls12("sha256", MASTER_SECRET, LABEL, SEED, LENGTH),
            HMACS,
            "tlsspec",
        ),
        Candidate(
            f"tlslite-ng {version('tlslite-ng')}",
            "`mathtls.PRF_1_2`",
            lambda: tlslite_tls12(MASTER_SECRET, LABEL, SEED, LENGTH),
            HMACS,
            "peer",
        ),
        # scapy computes A(1) first and A(i + 1) after each output block, so the last A is
        # computed and never used: 2n + 1 HMACs for n blocks.
        Candidate(
            f"scapy {version('scapy')}",
            "`PRF('sha256', 0x0303).prf`",
            lambda: scapy_tls12(MASTER_SECRET, LABEL, SEED, LENGTH),
            HMACS + 1,
            "peer",
        ),
        Candidate(
            "floor",
            "`hmac.digest` per HMAC",
            lambda: floor_hmac_digest(MASTER_SECRET, LABEL, SEED, LENGTH),
            HMACS,
            "floor",
        ),
        Candidate(
            "floor",
            "`hmac.new` once, `.copy()` per HMAC",
            lambda: floor_hmac_copy(MASTER_SECRET, LABEL, SEED, LENGTH),
            HMACS,
            "floor",
        ),
        Candidate(
            "floor",
            "hashlib pads once, `.copy()` per HMAC",
            lambda: floor_hashlib(MASTER_SECRET, LABEL, SEED, LENGTH),
            HMACS,
            "floor",
        ),
        Candidate(
            "floor",
            "cryptography `HMAC` once, `.copy()` per HMAC",
            lambda: floor_cryptography(MASTER_SECRET, LABEL, SEED, LENGTH),
            HMACS,
            "floor",
        ),
    ]


def report(repeats: int = 9) -> str:
    """Check that every candidate returns the key block, time them, and return the table."""
    timed = candidates()
    check_outputs(timed, [EXPECTED])
    return report_table(
        f"TLS 1.2 PRF, SHA-256, {LENGTH}-byte key block", "µs per key block", timed, repeats
    )


if __name__ == "__main__":
    print(report())
