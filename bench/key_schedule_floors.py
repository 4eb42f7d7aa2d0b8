"""Floors of the TLS 1.3 key schedule: its 21 HMACs in straight-line code, SHA-256 only.

Each function computes what bench.key_schedule times. That is the Early Secret without a
PSK, the Handshake Secret, the Master Secret and the six secrets they key. Then come the
write key and IV of the four traffic secrets (AES-128-GCM sizes) and the two finished keys
(RFC 8446, Sections 4.4.4, 7.1 and 7.3). HKDF-Extract is one HMAC, and so is each
HKDF-Expand-Label whose output fits in one hash length, which makes 3 + 18 = 21.

The HKDF-Label messages whose context is constant are built once, at import. The two
handshake traffic secrets also key their finished keys, the first two rounds of each
loop over the traffic secrets. Where the API has keyed contexts, a key that computes
several HMACs is keyed once, and its context is copied for every HMAC but the last.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.hmac import HMAC

HASH_LENGTH = 32
BLOCK_SIZE = 64
KEY_LENGTH = 16
IV_LENGTH = 12
ZEROS = bytes(HASH_LENGTH)
EMPTY_HASH = hashlib.sha256(b"").digest()
SHA256 = hashes.SHA256()
# Translation tables that XOR every byte with HMAC's ipad and opad (RFC 2104, Section 2).
IPAD = bytes(byte ^ 0x36 for byte in range(256))
OPAD = bytes(byte ^ 0x5C for byte in range(256))
KEY_PADDING = bytes(BLOCK_SIZE - HASH_LENGTH)


def hkdf_label(label: bytes, context: bytes, length: int) -> bytes:
    """Return HkdfLabel (RFC 8446, Section 7.1) without the context bytes themselves.

    The HMAC of a one-block HKDF-Expand hashes this, then the context, then the counter 1.
    """
    full_label = b"tls13 " + label
    return length.to_bytes(2, "big") + bytes([len(full_label)]) + full_label + bytes([len(context)])


DERIVED = hkdf_label(b"derived", EMPTY_HASH, HASH_LENGTH) + EMPTY_HASH + b"\x01"
KEY = hkdf_label(b"key", b"", KEY_LENGTH) + b"\x01"
IV = hkdf_label(b"iv", b"", IV_LENGTH) + b"\x01"
FINISHED = hkdf_label(b"finished", b"", HASH_LENGTH) + b"\x01"
C_HS_TRAFFIC = hkdf_label(b"c hs traffic", ZEROS, HASH_LENGTH)
S_HS_TRAFFIC = hkdf_label(b"s hs traffic", ZEROS, HASH_LENGTH)
C_AP_TRAFFIC = hkdf_label(b"c ap traffic", ZEROS, HASH_LENGTH)
S_AP_TRAFFIC = hkdf_label(b"s ap traffic", ZEROS, HASH_LENGTH)
EXP_MASTER = hkdf_label(b"exp master", ZEROS, HASH_LENGTH)
RES_MASTER = hkdf_label(b"res master", ZEROS, HASH_LENGTH)

Secrets = tuple[bytes, bytes, bytes, bytes, bytes, bytes, bytes, bytes, bytes]
Schedule = tuple[Secrets, tuple[tuple[bytes, bytes], ...], tuple[bytes, bytes]]


def floor_hmac_digest(
    shared_secret: bytes,
    hello_hash: bytes,
    server_finished_hash: bytes,
    client_finished_hash: bytes,
) -> Schedule:
    """Compute the schedule with one `hmac.digest` call per HMAC."""
    digest = hmac.digest
    early = digest(ZEROS, ZEROS, "sha256")
    handshake = digest(digest(early, DERIVED, "sha256"), shared_secret, "sha256")
    client_hs = digest(handshake, C_HS_TRAFFIC + hello_hash + b"\x01", "sha256")
    server_hs = digest(handshake, S_HS_TRAFFIC + hello_hash + b"\x01", "sha256")
    master = digest(digest(handshake, DERIVED, "sha256"), ZEROS, "sha256")
    client_ap = digest(master, C_AP_TRAFFIC + server_finished_hash + b"\x01", "sha256")
    server_ap = digest(master, S_AP_TRAFFIC + server_finished_hash + b"\x01", "sha256")
    exporter = digest(master, EXP_MASTER + server_finished_hash + b"\x01", "sha256")
    resumption = digest(master, RES_MASTER + client_finished_hash + b"\x01", "sha256")

    keys = []
    for secret in (client_hs, server_hs, client_ap, server_ap):
        write_key = digest(secret, KEY, "sha256")[:KEY_LENGTH]
        keys.append((write_key, digest(secret, IV, "sha256")[:IV_LENGTH]))
    finished = (digest(client_hs, FINISHED, "sha256"), digest(server_hs, FINISHED, "sha256"))
    secrets = (early, handshake, client_hs, server_hs, master, client_ap, server_ap, exporter)
    return (*secrets, resumption), tuple(keys), finished


def floor_hmac_copy(
    shared_secret: bytes,
    hello_hash: bytes,
    server_finished_hash: bytes,
    client_finished_hash: bytes,
) -> Schedule:
    """Compute the schedule with `hmac.new` objects, copying those of keys used repeatedly."""
    new = hmac.new
    early = new(ZEROS, ZEROS, "sha256").digest()
    derived = new(early, DERIVED, "sha256").digest()
    handshake = new(derived, shared_secret, "sha256").digest()

    keyed = new(handshake, digestmod="sha256")
    mac = keyed.copy()
    mac.update(C_HS_TRAFFIC + hello_hash + b"\x01")
    client_hs = mac.digest()
    mac = keyed.copy()
    mac.update(S_HS_TRAFFIC + hello_hash + b"\x01")
    server_hs = mac.digest()
    keyed.update(DERIVED)
    master = new(keyed.digest(), ZEROS, "sha256").digest()

    keyed = new(master, digestmod="sha256")
    mac = keyed.copy()
    mac.update(C_AP_TRAFFIC + server_finished_hash + b"\x01")
    client_ap = mac.digest()
    mac = keyed.copy()
    mac.update(S_AP_TRAFFIC + server_finished_hash + b"\x01")
    server_ap = mac.digest()
    mac = keyed.copy()
    mac.update(EXP_MASTER + server_finished_hash + b"\x01")
    exporter = mac.digest()
    keyed.update(RES_MASTER + client_finished_hash + b"\x01")
    resumption = keyed.digest()

    keys = []
    finished = []
    for index, secret in enumerate((client_hs, server_hs, client_ap, server_ap)):
        keyed = new(secret, digestmod="sha256")
        mac = keyed.copy()
        mac.update(KEY)
        write_key = mac.digest()[:KEY_LENGTH]
        if index < 2:
            mac = keyed.copy()
            mac.update(FINISHED)
            finished.append(mac.digest())
        keyed.update(IV)
        keys.append((write_key, keyed.digest()[:IV_LENGTH]))
    secrets = (early, handshake, client_hs, server_hs, master, client_ap, server_ap, exporter)
    return (*secrets, resumption), tuple(keys), (finished[0], finished[1])


def floor_hashlib(
    shared_secret: bytes,
    hello_hash: bytes,
    server_finished_hash: bytes,
    client_finished_hash: bytes,
) -> Schedule:
    """Compute the schedule as RFC 2104 writes HMAC: two hashlib SHA-256 calls per HMAC.

    Each call hashes a padded key and its message in one go. In a trial on the machine of
    BENCHMARKS.md, contexts of the padded keys hashed once and copied per HMAC, as the PRF
    floor does, were no faster. Each message here fits in one hash block, so a copy saves
    one block of hashing but costs a call.
    """
    sha256 = hashlib.sha256
    key = ZEROS + KEY_PADDING
    early = sha256(key.translate(OPAD) + sha256(key.translate(IPAD) + ZEROS).digest()).digest()
    key = early + KEY_PADDING
    derived = sha256(key.translate(OPAD) + sha256(key.translate(IPAD) + DERIVED).digest()).digest()
    key = derived + KEY_PADDING
    inner = key.translate(IPAD)
    handshake = sha256(key.translate(OPAD) + sha256(inner + shared_secret).digest()).digest()

    key = handshake + KEY_PADDING
    inner = key.translate(IPAD)
    outer = key.translate(OPAD)
    message = C_HS_TRAFFIC + hello_hash + b"\x01"
    client_hs = sha256(outer + sha256(inner + message).digest()).digest()
    message = S_HS_TRAFFIC + hello_hash + b"\x01"
    server_hs = sha256(outer + sha256(inner + message).digest()).digest()
    derived = sha256(outer + sha256(inner + DERIVED).digest()).digest()
    key = derived + KEY_PADDING
    master = sha256(key.translate(OPAD) + sha256(key.translate(IPAD) + ZEROS).digest()).digest()

    key = master + KEY_PADDING
    inner = key.translate(IPAD)
    outer = key.translate(OPAD)
    message = C_AP_TRAFFIC + server_finished_hash + b"\x01"
    client_ap = sha256(outer + sha256(inner + message).digest()).digest()
    message = S_AP_TRAFFIC + server_finished_hash + b"\x01"
    server_ap = sha256(outer + sha256(inner + message).digest()).digest()
    message = EXP_MASTER + server_finished_hash + b"\x01"
    exporter = sha256(outer + sha256(inner + message).digest()).digest()
    message = RES_MASTER + client_finished_hash + b"\x01"
    resumption = sha256(outer + sha256(inner + message).digest()).digest()

    keys = []
    finished = []
    for index, secret in enumerate((client_hs, server_hs, client_ap, server_ap)):
        key = secret + KEY_PADDING
        inner = key.translate(IPAD)
        outer = key.translate(OPAD)
        write_key = sha256(outer + sha256(inner + KEY).digest()).digest()[:KEY_LENGTH]
        write_iv = sha256(outer + sha256(inner + IV).digest()).digest()[:IV_LENGTH]
        keys.append((write_key, write_iv))
        if index < 2:
            finished.append(sha256(outer + sha256(inner + FINISHED).digest()).digest())
    secrets = (early, handshake, client_hs, server_hs, master, client_ap, server_ap, exporter)
    return (*secrets, resumption), tuple(keys), (finished[0], finished[1])


def floor_cryptography(
    shared_secret: bytes,
    hello_hash: bytes,
    server_finished_hash: bytes,
    client_finished_hash: bytes,
) -> Schedule:
    """Compute the schedule with pyca/cryptography HMACs, copying those of reused keys."""
    mac = HMAC(ZEROS, SHA256)
    mac.update(ZEROS)
    early = mac.finalize()
    mac = HMAC(early, SHA256)
    mac.update(DERIVED)
    mac = HMAC(mac.finalize(), SHA256)
    mac.update(shared_secret)
    handshake = mac.finalize()

    keyed = HMAC(handshake, SHA256)
    mac = keyed.copy()
    mac.update(C_HS_TRAFFIC + hello_hash + b"\x01")
    client_hs = mac.finalize()
    mac = keyed.copy()
    mac.update(S_HS_TRAFFIC + hello_hash + b"\x01")
    server_hs = mac.finalize()
    keyed.update(DERIVED)
    mac = HMAC(keyed.finalize(), SHA256)
    mac.update(ZEROS)
    master = mac.finalize()

    keyed = HMAC(master, SHA256)
    mac = keyed.copy()
    mac.update(C_AP_TRAFFIC + server_finished_hash + b"\x01")
    client_ap = mac.finalize()
    mac = keyed.copy()
    mac.update(S_AP_TRAFFIC + server_finished_hash + b"\x01")
    server_ap = mac.finalize()
    mac = keyed.copy()
    mac.update(EXP_MASTER + server_finished_hash + b"\x01")
    exporter = mac.finalize()
    keyed.update(RES_MASTER + client_finished_hash + b"\x01")
    resumption = keyed.finalize()

    keys = []
    finished = []
    for index, secret in enumerate((client_hs, server_hs, client_ap, server_ap)):
        keyed = HMAC(secret, SHA256)
        mac = keyed.copy()
        mac.update(KEY)
        write_key = mac.finalize()[:KEY_LENGTH]
        if index < 2:
            mac = keyed.copy()
            mac.update(FINISHED)
            finished.append(mac.finalize())
        keyed.update(IV)
        keys.append((write_key, keyed.finalize()[:IV_LENGTH]))
    secrets = (early, handshake, client_hs, server_hs, master, client_ap, server_ap, exporter)
    return (*secrets, resumption), tuple(keys), (finished[0], finished[1])
