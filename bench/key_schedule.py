"""Time the TLS 1.3 key schedule of one handshake against tlslite-ng, scapy and HMAC floors.

The operation is one handshake over SHA-256, without a PSK, from known transcript hashes.
It derives the Early Secret, the Handshake Secret from the (EC)DHE shared secret, and the
client and server handshake traffic secrets. Then it derives the Master Secret, the client
and server application traffic secrets, and the exporter and resumption master secrets.
Last come the write key and IV of the four traffic secrets and the two finished keys (RFC
8446, Sections 4.4.4, 7.1 and 7.3). The inputs and the expected values are those of RFC
8448, Section 3, a 1-RTT handshake with TLS_AES_128_GCM_SHA256.

That takes 21 HMACs: 3 HKDF-Extracts, and 18 HKDF-Expand-Labels that each fit in one hash
length. tlsspec is timed twice: through the stage functions of `tlsspec.key_schedule`, and
through the HKDF functions of `tlsspec.prf` composed as the peers compose theirs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import version

from tlsspec.key_schedule import (
    ApplicationSecrets,
    EarlySecrets,
    HandshakeSecrets,
    ResumptionSecrets,
    application_secrets,
    early_secrets,
    handshake_secrets,
    resumption_secrets,
)
from tlsspec.prf import derive_secret, hkdf_expand_label, hkdf_extract, transcript_hash

from bench.key_schedule_floors import (
    floor_cryptography,
    floor_hashlib,
    floor_hmac_copy,
    floor_hmac_digest,
)
from bench.timing import Candidate, check_outputs, report_table

# RFC 8448, Section 3: the x25519 shared secret and the transcript hashes of the handshake.
SHARED_SECRET = bytes.fromhex("8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d")
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
EMPTY_HASH = transcript_hash("sha256", b"")

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


Stages = tuple[EarlySecrets, HandshakeSecrets, ApplicationSecrets, ResumptionSecrets]


def tlsspec_stages() -> Stages:
    """Run tlsspec's stage functions, which also derive the write keys, IVs and finished keys."""
    early = early_secrets("sha256", None)
    handshake = handshake_secrets(
        "sha256", early.early_secret, SHARED_SECRET, HELLO_HASH, KEY_LENGTH, IV_LENGTH
    )
    application = application_secrets(
        "sha256", handshake.handshake_secret, SERVER_FINISHED_HASH, KEY_LENGTH, IV_LENGTH
    )
    resumption = resumption_secrets("sha256", application.master_secret, CLIENT_FINISHED_HASH)
    return early, handshake, application, resumption


def arrange_stages(stages: Stages) -> tuple[bytes, ...]:
    """Return the values of the stage records in the order of EXPECTED."""
    early, handshake, application, resumption = stages
    return (
        early.early_secret,
        handshake.handshake_secret,
        handshake.client_handshake_traffic_secret,
        handshake.server_handshake_traffic_secret,
        application.master_secret,
        application.client_application_traffic_secret_0,
        application.server_application_traffic_secret_0,
        application.exporter_master_secret,
        resumption.resumption_master_secret,
        handshake.client_handshake_key,
        handshake.client_handshake_iv,
        handshake.server_handshake_key,
        handshake.server_handshake_iv,
        application.client_application_key,
        application.client_application_iv,
        application.server_application_key,
        application.server_application_iv,
        handshake.client_finished_key,
        handshake.server_finished_key,
    )


def tlsspec_hkdf() -> object:
    """Compose the schedule from `tlsspec.prf`'s HKDF functions, one call per HMAC."""
    early = hkdf_extract("sha256", ZEROS, ZEROS)
    derived = derive_secret("sha256", early, b"derived", EMPTY_HASH)
    handshake = hkdf_extract("sha256", derived, SHARED_SECRET)
    client_hs = derive_secret("sha256", handshake, b"c hs traffic", HELLO_HASH)
    server_hs = derive_secret("sha256", handshake, b"s hs traffic", HELLO_HASH)
    derived = derive_secret("sha256", handshake, b"derived", EMPTY_HASH)
    master = hkdf_extract("sha256", derived, ZEROS)
    client_ap = derive_secret("sha256", master, b"c ap traffic", SERVER_FINISHED_HASH)
    server_ap = derive_secret("sha256", master, b"s ap traffic", SERVER_FINISHED_HASH)
    exporter = derive_secret("sha256", master, b"exp master", SERVER_FINISHED_HASH)
    resumption = derive_secret("sha256", master, b"res master", CLIENT_FINISHED_HASH)

    keys = [
        (
            hkdf_expand_label("sha256", secret, b"key", b"", KEY_LENGTH),
            hkdf_expand_label("sha256", secret, b"iv", b"", IV_LENGTH),
        )
        for secret in (client_hs, server_hs, client_ap, server_ap)
    ]
    finished = (
        hkdf_expand_label("sha256", client_hs, b"finished", b"", HASH_LENGTH),
        hkdf_expand_label("sha256", server_hs, b"finished", b"", HASH_LENGTH),
    )
    secrets = (early, handshake, client_hs, server_hs, master, client_ap, server_ap)
    return (*secrets, exporter, resumption), keys, finished


class KnownTranscript:
    """Stand-in for tlslite-ng's HandshakeHashes that returns a hash computed beforehand."""

    def __init__(self, transcript_hash: bytes) -> None:
        self.transcript_hash = transcript_hash

    def digest(self, hash_name: str) -> bytes:
        """Return the stored transcript hash. This benchmark names no hash but "sha256"."""
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
    return [
        Candidate(
            "tlsspec",
            "`early_secrets`, `handshake_secrets`, `application_secrets`, `resumption_secrets`",
            tlsspec_stages,
            21,
            "tlsspec",
            lambda: arrange_stages(tlsspec_stages()),
        ),
        Candidate(
            "tlsspec.prf",
            "`hkdf_extract`, `derive_secret`, `hkdf_expand_label`",
            tlsspec_hkdf,
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
