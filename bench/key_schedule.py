"""Time the TLS 1.3 key schedule of one handshake against tlslite-ng, scapy and HMAC floors.

The operation is one handshake over SHA-256, without a PSK, from known transcript hashes.
It derives the Early Secret, the Handshake Secret from the (EC)DHE shared secret, and the
client and server handshake traffic secrets. Then it derives the Master Secret, the client
and server application traffic secrets, and the exporter and resumption master secrets.
Last come the write key and IV of the four traffic secrets and the two finished keys (RFC
8446, Sections 4.4.4, 7.1 and 7.3). The inputs and the expected values are those of RFC
8448, Section 3, a 1-RTT handshake with TLS_AES_128_GCM_SHA256.

A bare implementation computes 21 HMACs: 3 HKDF-Extracts, and 18 HKDF-Expand-Labels that
each fit in one hash length. tlsspec's `early_secrets` also derives both binder keys, the
client early traffic secret and the early exporter master secret, whether or not the
handshake uses them: 4 HMACs more. The second tlsspec row calls `hkdf_extract` for the
Early Secret instead, to time the same 21 HMACs as the floors.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import version

from tlsspec.key_schedule import (
    early_secrets,
    finished_key,
    handshake_secrets,
    master_secrets,
    traffic_key,
)
from tlsspec.prf import hkdf_extract

from bench.key_schedule_floors import (
    floor_cryptography,
    floor_hashlib,
    floor_hmac_copy,
    floor_hmac_digest,
)
from bench.timing import Candidate, check_outputs, report_table

# RFC 8448, Section 3: the x25519 shared secret and the transcript hashes of the handshake.
SHARED_SECRET = bytes.fromhex("8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d")
CLIENT_HELLO_HASH = bytes.fromhex(
    "4db255f30da09a407c841720be831a06a5aa9b3662a5f44267d37706b73c2b8c"
)
HELLO_HASH = bytes.fromhex("860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8")
SERVER_FINISHED_HASH = bytes.fromhex(
    "9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13"
)
CLIENT_FINISHED_HASH = bytes.fromhex(
    "209145a96ee8e2a122ff810047cc952684658d6049e86429426db87c54ad143d"
)
HASH_LENGTH = 32
KEY_LENGTH = 16
IV_LENGTH = 12
ZEROS = bytes(HASH_LENGTH)

# RFC 8448, Section 3, in the order that every candidate returns them.
EXPECTED = [
    bytes.fromhex(value)
    for value in (
        "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a",  # early_secret
        "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac",  # handshake_secret
        "b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21",  # c hs traffic
        "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38",  # s hs traffic
        "18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919",  # master_secret
        "9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5",  # c ap traffic
        "a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643",  # s ap traffic
        "fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50",  # exp master
        "7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c",  # res master
        "dbfaa693d1762c5b666af5d950258d01",  # client handshake key
        "5bd3c71b836e0b76bb73265f",  # client handshake iv
        "3fce516009c21727d0f2e4e86ee403bc",  # server handshake key
        "5d313eb2671276ee13000b30",  # server handshake iv
        "17422dda596ed5d9acd890e3c63f5051",  # client application key
        "5b78923dee08579033e523d9",  # client application iv
        "9f02283b6c9c07efc26bb9f2ac92e356",  # server application key
        "cf782b88dd83549aadf1e984",  # server application iv
        "b80ad01015fb2f0bd65ff7d4da5d6bf83f84821d1f87fdc7d3c75b5a7b42d9c4",  # client finished_key
        "008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8",  # server finished_key
    )
]


def tlsspec_schedule(early_secret: bytes | None = None) -> object:
    """Run tlsspec's stage functions; with `early_secret`, skip `early_secrets`."""
    if early_secret is None:
        early_secret = early_secrets("sha256", None, CLIENT_HELLO_HASH).early_secret
    handshake = handshake_secrets("sha256", early_secret, SHARED_SECRET, HELLO_HASH)
    master = master_secrets(
        "sha256", handshake.handshake_secret, SERVER_FINISHED_HASH, CLIENT_FINISHED_HASH
    )
    traffic_secrets = (
        handshake.client_handshake_traffic_secret,
        handshake.server_handshake_traffic_secret,
        master.client_application_traffic_secret_0,
        master.server_application_traffic_secret_0,
    )
    keys = [traffic_key("sha256", secret, KEY_LENGTH, IV_LENGTH) for secret in traffic_secrets]
    finished = (
        finished_key("sha256", handshake.client_handshake_traffic_secret),
        finished_key("sha256", handshake.server_handshake_traffic_secret),
    )
    return early_secret, handshake, master, keys, finished


def tlsspec_schedule_from_extract() -> object:
    """Run tlsspec's stage functions after `hkdf_extract` computes the Early Secret."""
    return tlsspec_schedule(hkdf_extract("sha256", ZEROS, ZEROS))


class KnownTranscript:
    """Stand-in for tlslite-ng's HandshakeHashes that returns a hash computed beforehand."""

    def __init__(self, transcript_hash: bytes) -> None:
        self.transcript_hash = transcript_hash

    def digest(self, hash_name: str) -> bytes:
        """Return the stored transcript hash; `hash_name` is always "sha256" here."""
        return self.transcript_hash


def tlslite_schedule() -> Callable[[], object]:
    """Return the schedule built from tlslite-ng's functions, called as its TLSConnection does."""
    cryptomath = importlib.import_module("tlslite.utils.cryptomath")
    secure_hmac, derive, expand_label = (
        cryptomath.secureHMAC,
        cryptomath.derive_secret,
        cryptomath.HKDF_expand_label,
    )
    hello = KnownTranscript(HELLO_HASH)
    server_finished = KnownTranscript(SERVER_FINISHED_HASH)
    client_finished = KnownTranscript(CLIENT_FINISHED_HASH)

    def schedule() -> object:
        early = secure_hmac(bytearray(HASH_LENGTH), bytearray(HASH_LENGTH), "sha256")
        handshake = secure_hmac(derive(early, b"derived", None, "sha256"), SHARED_SECRET, "sha256")
        client_hs = derive(handshake, b"c hs traffic", hello, "sha256")
        server_hs = derive(handshake, b"s hs traffic", hello, "sha256")
        derived = derive(handshake, b"derived", None, "sha256")
        master = secure_hmac(derived, bytearray(HASH_LENGTH), "sha256")
        client_ap = derive(master, b"c ap traffic", server_finished, "sha256")
        server_ap = derive(master, b"s ap traffic", server_finished, "sha256")
        exporter = derive(master, b"exp master", server_finished, "sha256")
        resumption = derive(master, b"res master", client_finished, "sha256")

        keys = [
            (
                expand_label(secret, b"key", b"", KEY_LENGTH, "sha256"),
                expand_label(secret, b"iv", b"", IV_LENGTH, "sha256"),
            )
            for secret in (client_hs, server_hs, client_ap, server_ap)
        ]
        finished = (
            expand_label(client_hs, b"finished", b"", HASH_LENGTH, "sha256"),
            expand_label(server_hs, b"finished", b"", HASH_LENGTH, "sha256"),
        )
        secrets = (early, handshake, client_hs, server_hs, master, client_ap, server_ap)
        return (*secrets, exporter, resumption), keys, finished

    return schedule


def scapy_schedule() -> Callable[[], object]:
    """Return the schedule built from scapy's TLS13_HKDF methods, called as its tlsSession does."""
    hkdf = importlib.import_module("scapy.layers.tls.crypto.hkdf").TLS13_HKDF("sha256")

    def schedule() -> object:
        # extract(None, None) is HKDF-Extract over zeros, and derive_secret hashes the empty
        # message list for "derived", as scapy's session code calls them.
        early = hkdf.extract(None, None)
        handshake = hkdf.extract(hkdf.derive_secret(early, b"derived", b""), SHARED_SECRET)
        client_hs = hkdf.expand_label(handshake, b"c hs traffic", HELLO_HASH, HASH_LENGTH)
        server_hs = hkdf.expand_label(handshake, b"s hs traffic", HELLO_HASH, HASH_LENGTH)
        master = hkdf.extract(hkdf.derive_secret(handshake, b"derived", b""), None)
        client_ap = hkdf.expand_label(master, b"c ap traffic", SERVER_FINISHED_HASH, HASH_LENGTH)
        server_ap = hkdf.expand_label(master, b"s ap traffic", SERVER_FINISHED_HASH, HASH_LENGTH)
        exporter = hkdf.expand_label(master, b"exp master", SERVER_FINISHED_HASH, HASH_LENGTH)
        resumption = hkdf.expand_label(master, b"res master", CLIENT_FINISHED_HASH, HASH_LENGTH)

        keys = [
            (
                hkdf.expand_label(secret, b"key", b"", KEY_LENGTH),
                hkdf.expand_label(secret, b"iv", b"", IV_LENGTH),
            )
            for secret in (client_hs, server_hs, client_ap, server_ap)
        ]
        finished = (
            hkdf.expand_label(client_hs, b"finished", b"", HASH_LENGTH),
            hkdf.expand_label(server_hs, b"finished", b"", HASH_LENGTH),
        )
        secrets = (early, handshake, client_hs, server_hs, master, client_ap, server_ap)
        return (*secrets, exporter, resumption), keys, finished

    return schedule


def candidates() -> list[Candidate]:
    """Return tlsspec, the peers and the floors, each computing the same schedule."""
    # The peers are imported here, not at the top, because only `make bench` installs them.
    tlslite = tlslite_schedule()
    scapy = scapy_schedule()
    hashes = (SHARED_SECRET, HELLO_HASH, SERVER_FINISHED_HASH, CLIENT_FINISHED_HASH)
    stages = "`early_secrets`, `handshake_secrets`, `master_secrets`"
    return [
        Candidate(
            "tlsspec",
            f"{stages}, `traffic_key`, `finished_key`",
            tlsspec_schedule,
            25,
            "tlsspec",
        ),
        Candidate(
            "tlsspec without `early_secrets`",
            "`hkdf_extract`, then the rest as above",
            tlsspec_schedule_from_extract,
            21,
            "tlsspec",
        ),
        # tlslite-ng's HKDF_expand computes one block more than it returns, so each
        # HKDF-Expand-Label costs 2 HMACs: 3 + 2 * 18.
        Candidate(
            f"tlslite-ng {version('tlslite-ng')}",
            "`secureHMAC`, `derive_secret`, `HKDF_expand_label`",
            tlslite,
            39,
            "peer",
        ),
        Candidate(
            f"scapy {version('scapy')}",
            "`TLS13_HKDF`: `extract`, `derive_secret`, `expand_label`",
            scapy,
            21,
            "peer",
        ),
        Candidate(
            "floor", "`hmac.digest` per HMAC", lambda: floor_hmac_digest(*hashes), 21, "floor"
        ),
        Candidate(
            "floor",
            "`hmac.new` per key, `.copy()` per HMAC",
            lambda: floor_hmac_copy(*hashes),
            21,
            "floor",
        ),
        Candidate(
            "floor",
            "hashlib, padded key and message in one call",
            lambda: floor_hashlib(*hashes),
            21,
            "floor",
        ),
        Candidate(
            "floor",
            "cryptography `HMAC` per key, `.copy()` per HMAC",
            lambda: floor_cryptography(*hashes),
            21,
            "floor",
        ),
    ]


def report(repeats: int = 9) -> str:
    """Check every candidate against RFC 8448, time them, and return the tables."""
    timed = candidates()
    check_outputs(timed, EXPECTED)
    return report_table(
        "TLS 1.3 key schedule of one handshake, SHA-256", "µs per handshake", timed, repeats
    )


if __name__ == "__main__":
    print(report())
