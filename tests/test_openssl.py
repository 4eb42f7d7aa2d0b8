"""Every suite in OpenSSL 3.0.19's tables agrees with our record, or its difference is listed.

OpenSSL's view comes from two snapshots in tests/data/openssl/, described in SOURCES.md
there: `openssl ciphers -V ALL:COMPLEMENTOFALL`, and Python 3.11.7's
`ssl.SSLContext.get_ciphers()` linked against the same OpenSSL. The tests read only
OpenSSL's own columns, never the `derived` member that the first file adds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pytest
import tlsspec
from tlsspec import ProtocolVersion, Status, UnknownNameError

from tests import iana_csv
from tests.paths import DATA, SOURCES

Word = TypeVar("Word")
Meaning = TypeVar("Meaning")


class Vocabulary(Generic[Word, Meaning]):
    """A table from OpenSSL's words for one column to ours that records which entries were used.

    A table entry that no suite uses fails `test_vocabulary_tables_have_no_unused_entries`,
    so that the tables only state what the snapshots show.
    """

    def __init__(self, column: str, entries: Mapping[Word, Meaning]) -> None:
        self.column = column
        self._entries = dict(entries)
        self.used: set[Word] = set()

    def __getitem__(self, word: Word) -> Meaning:
        if word not in self._entries:
            raise KeyError(
                f"{self.column} {word!r} is missing from the table. Add its meaning in our terms."
            )
        self.used.add(word)
        return self._entries[word]

    def get(self, word: Word, default: Meaning) -> Meaning:
        """Return the meaning of `word`, or `default` if the table has no entry for it."""
        if word not in self._entries:
            return default
        self.used.add(word)
        return self._entries[word]

    def unused(self) -> set[Word]:
        """Return the entries that no lookup has used so far."""
        return set(self._entries) - self.used


# `openssl ciphers -V` columns. OpenSSL 3.0 has no static DH or ECDH suites, so its Kx=DH
# and Kx=ECDH are the ephemeral exchanges, and Au=None is anonymous. TLS 1.3 suites print
# "any" because TLS 1.3 negotiates key exchange and authentication separately.
KX: Vocabulary[str, str | None] = Vocabulary(
    "Kx",
    {
        "RSA": "RSA",
        "DH": "DHE",
        "ECDH": "ECDHE",
        "PSK": "PSK",
        "DHEPSK": "DHE_PSK",
        "RSAPSK": "RSA_PSK",
        "ECDHEPSK": "ECDHE_PSK",
        "SRP": "SRP_SHA",
        "any": None,
    },
)
AU: Vocabulary[str, str | None] = Vocabulary(
    "Au",
    {
        "RSA": "RSA",
        "DSS": "DSS",
        "ECDSA": "ECDSA",
        "PSK": "PSK",
        "SRP": "SRP",
        "None": "anon",
        "any": None,
    },
)
# Enc is printed as NAME(key bits), or as None without bits. NAME maps to (algorithm, mode).
ENC: Vocabulary[str, tuple[str, str | None]] = Vocabulary(
    "Enc",
    {
        "None": ("NULL", None),
        "AES": ("AES", "CBC"),
        "AESGCM": ("AES", "GCM"),
        "AESCCM": ("AES", "CCM"),
        "AESCCM8": ("AES", "CCM_8"),
        "Camellia": ("CAMELLIA", "CBC"),
        "ARIAGCM": ("ARIA", "GCM"),
        "CHACHA20/POLY1305": ("CHACHA20", "POLY1305"),
    },
)
MAC: Vocabulary[str, str] = Vocabulary(
    "Mac",
    {"MD5": "MD5", "SHA1": "SHA", "SHA256": "SHA256", "SHA384": "SHA384", "AEAD": "AEAD"},
)
# The minimum protocol version that OpenSSL allows the suite at.
PROTOCOL: Vocabulary[str, ProtocolVersion] = Vocabulary(
    "protocol",
    {
        "SSLv3": ProtocolVersion.SSL_3_0,
        "TLSv1": ProtocolVersion.TLS_1_0,
        "TLSv1.2": ProtocolVersion.TLS_1_2,
        "TLSv1.3": ProtocolVersion.TLS_1_3,
    },
)

# get_ciphers() keys. `symmetric` is OpenSSL's EVP cipher name, or None for no encryption;
# it maps to (algorithm, mode, key bits). `digest` is the MAC's hash, None for AEAD suites.
KEA: Vocabulary[str, str | None] = Vocabulary(
    "kea",
    {
        "kx-rsa": "RSA",
        "kx-dhe": "DHE",
        "kx-ecdhe": "ECDHE",
        "kx-psk": "PSK",
        "kx-dhe-psk": "DHE_PSK",
        "kx-rsa-psk": "RSA_PSK",
        "kx-ecdhe-psk": "ECDHE_PSK",
        "kx-srp": "SRP_SHA",
        "kx-any": None,
    },
)
AUTH: Vocabulary[str, str | None] = Vocabulary(
    "auth",
    {
        "auth-rsa": "RSA",
        "auth-dss": "DSS",
        "auth-ecdsa": "ECDSA",
        "auth-psk": "PSK",
        "auth-srp": "SRP",
        "auth-null": "anon",
        "auth-any": None,
    },
)
SYMMETRIC: Vocabulary[str | None, tuple[str, str | None, int]] = Vocabulary(
    "symmetric",
    {
        None: ("NULL", None, 0),
        "aes-128-cbc": ("AES", "CBC", 128),
        "aes-256-cbc": ("AES", "CBC", 256),
        "aes-128-gcm": ("AES", "GCM", 128),
        "aes-256-gcm": ("AES", "GCM", 256),
        "aes-128-ccm": ("AES", "CCM", 128),
        "aes-256-ccm": ("AES", "CCM", 256),
        "camellia-128-cbc": ("CAMELLIA", "CBC", 128),
        "camellia-256-cbc": ("CAMELLIA", "CBC", 256),
        "aria-128-gcm": ("ARIA", "GCM", 128),
        "aria-256-gcm": ("ARIA", "GCM", 256),
        "chacha20-poly1305": ("CHACHA20", "POLY1305", 256),
    },
)
# Our modes that OpenSSL's EVP layer names differently: CCM with an 8-byte tag (RFC 6655)
# is the same EVP cipher as CCM, with the tag length set per use.
EVP_MODE: Vocabulary[str | None, str | None] = Vocabulary("our mode", {"CCM_8": "CCM"})
DIGEST: Vocabulary[str | None, str] = Vocabulary(
    "digest",
    {None: "AEAD", "md5": "MD5", "sha1": "SHA", "sha256": "SHA256", "sha384": "SHA384"},
)
PYTHON_PROTOCOL: Vocabulary[str, ProtocolVersion] = Vocabulary(
    "protocol",
    {
        "SSLv3": ProtocolVersion.SSL_3_0,
        "TLSv1.0": ProtocolVersion.TLS_1_0,
        "TLSv1.2": ProtocolVersion.TLS_1_2,
        "TLSv1.3": ProtocolVersion.TLS_1_3,
    },
)
VOCABULARIES: tuple[Vocabulary[Any, Any], ...] = (
    KX,
    AU,
    ENC,
    MAC,
    PROTOCOL,
    KEA,
    AUTH,
    SYMMETRIC,
    EVP_MODE,
    DIGEST,
    PYTHON_PROTOCOL,
)

# Suites on which our record and OpenSSL 3.0.19 disagree, with the reason we keep ours.
# Every code here must really differ, and every code that differs must be here.
KNOWN_DIFFERENCES: dict[int, str] = {}


@dataclass(frozen=True)
class ListedCipher:
    """One line of `openssl ciphers -V`, with the columns as OpenSSL prints them."""

    code: int
    openssl_name: str
    protocol: str
    kx: str
    au: str
    enc: str
    mac: str


@dataclass(frozen=True)
class PythonCipher:
    """One record of `ssl.SSLContext.get_ciphers()`."""

    code: int
    name: str
    protocol: str
    kea: str
    auth: str
    symmetric: str | None
    digest: str | None
    alg_bits: int
    aead: bool


def _records(filename: str) -> list[dict[str, Any]]:
    document = json.loads((DATA / "openssl" / filename).read_text(encoding="utf-8"))
    records: list[dict[str, Any]] = document["ciphers"]
    assert len(records) == document["count"], filename
    return records


LISTED: dict[int, ListedCipher] = {
    int(record["code"], 16): ListedCipher(
        code=int(record["code"], 16),
        openssl_name=record["openssl_name"],
        protocol=record["protocol"],
        kx=record["kx"],
        au=record["au"],
        enc=record["enc"],
        mac=record["mac"],
    )
    for record in _records("openssl-3.0.19_ciphers.json")
}
PYTHON: dict[int, PythonCipher] = {
    int(record["code"], 16): PythonCipher(
        code=int(record["code"], 16),
        name=record["name"],
        protocol=record["protocol"],
        kea=record["kea"],
        auth=record["auth"],
        symmetric=record["symmetric"],
        digest=record["digest"],
        alg_bits=record["alg_bits"],
        aead=record["aead"],
    )
    for record in _records("python-3.11.7_ssl-openssl-3.0.19_get_ciphers.json")
}
CODES = sorted(LISTED)
IANA_ASSIGNED = {
    row.first: row.description
    for row in iana_csv.read(SOURCES / "tls-parameters-4.csv")
    if row.status is Status.ASSIGNED
}
ENC_PATTERN = re.compile(r"(?P<name>[^()]+)(?:\((?P<bits>\d+)\))?")


def _name(record: Any) -> str | None:
    """Return a record's `name`, or None for no record."""
    return None if record is None else str(record.name)


def code_by_openssl_name(name: str) -> int | None:
    """Return the code that `cipher_suite_by_openssl_name` finds for `name`, or None."""
    try:
        return tlsspec.cipher_suite_by_openssl_name(name).code
    except UnknownNameError:
        return None


def differences(code: int) -> list[str]:
    """List how our record of `code` differs from OpenSSL's two snapshots, one line each."""
    listed = LISTED[code]
    python = PYTHON[code]
    info = tlsspec.cipher_suite_info(code)
    found: list[str] = []

    def check(field: str, ours: object, openssl: object) -> None:
        if ours != openssl:
            found.append(f"{field}: ours {ours!r}, OpenSSL {openssl!r}")

    if code not in IANA_ASSIGNED:
        found.append("not an assigned suite in IANA's export")
    if info.status is not Status.ASSIGNED or info.cipher is None or info.mac is None:
        found.append(f"no decomposition in our registry (status {info.status.value})")
        return found

    check("openssl_name (ciphers -V)", info.openssl_name, listed.openssl_name)
    check("openssl_name (get_ciphers)", info.openssl_name, python.name)
    check("cipher_suite_by_openssl_name", code_by_openssl_name(listed.openssl_name), code)

    check("Kx", _name(info.key_exchange), KX[listed.kx])
    check("Au", _name(info.authentication), AU[listed.au])
    enc = ENC_PATTERN.fullmatch(listed.enc)
    assert enc is not None, f"Enc {listed.enc!r} is not NAME(bits)"
    algorithm, mode = ENC[enc["name"]]
    check("Enc algorithm", info.cipher.algorithm, algorithm)
    check("Enc mode", info.cipher.mode, mode)
    check("Enc key bits", info.cipher.key_length * 8, int(enc["bits"] or 0))
    check("Mac", info.mac.name, MAC[listed.mac])
    check("min_version (protocol)", info.min_version, PROTOCOL[listed.protocol])

    check("kea", _name(info.key_exchange), KEA[python.kea])
    check("auth", _name(info.authentication), AUTH[python.auth])
    algorithm, mode, bits = SYMMETRIC[python.symmetric]
    check("symmetric algorithm", info.cipher.algorithm, algorithm)
    check("symmetric mode", EVP_MODE.get(info.cipher.mode, info.cipher.mode), mode)
    check("symmetric key bits", info.cipher.key_length * 8, bits)
    check("alg_bits", info.cipher.key_length * 8, python.alg_bits)
    check("aead", info.cipher.type == "aead", python.aead)
    check("digest", info.mac.name, DIGEST[python.digest])
    check("min_version (get_ciphers protocol)", info.min_version, PYTHON_PROTOCOL[python.protocol])
    return found


def test_snapshots_list_the_same_suites() -> None:
    assert len(LISTED) == 158
    assert set(PYTHON) == set(LISTED)
    for code in CODES:
        assert PYTHON[code].name == LISTED[code].openssl_name, f"0x{code:04X}"


@pytest.mark.parametrize("code", CODES, ids=lambda code: f"0x{code:04X}")
def test_suite_agrees_with_openssl(code: int) -> None:
    found = differences(code)
    if code in KNOWN_DIFFERENCES:
        assert KNOWN_DIFFERENCES[code].strip(), f"0x{code:04X} is listed without a reason"
        assert found, f"0x{code:04X} agrees with OpenSSL now; remove it from KNOWN_DIFFERENCES"
    else:
        assert found == [], f"0x{code:04X} differs; fix the spec or explain it in KNOWN_DIFFERENCES"


def test_known_differences_are_openssl_suites() -> None:
    stale = sorted(f"0x{code:04X}" for code in set(KNOWN_DIFFERENCES) - set(LISTED))
    assert stale == [], "KNOWN_DIFFERENCES lists suites that OpenSSL 3.0.19 does not know"


def test_vocabulary_tables_have_no_unused_entries() -> None:
    for code in CODES:
        differences(code)
    for table in VOCABULARIES:
        assert table.unused() == set(), f"the {table.column} table has entries no suite uses"


def test_openssl_suites_are_iana_assigned() -> None:
    for code in CODES:
        if code in KNOWN_DIFFERENCES:
            continue
        assert code in IANA_ASSIGNED, f"0x{code:04X} {LISTED[code].openssl_name}"
        assert tlsspec.cipher_suite_info(code).status is Status.ASSIGNED, f"0x{code:04X}"
        assert tlsspec.cipher_suite_info(code).name == IANA_ASSIGNED[code], f"0x{code:04X}"


def test_lookup_by_openssl_name_finds_each_suite() -> None:
    for code in CODES:
        if code in KNOWN_DIFFERENCES:
            continue
        info = tlsspec.cipher_suite_by_openssl_name(LISTED[code].openssl_name)
        assert info.code == code, LISTED[code].openssl_name
