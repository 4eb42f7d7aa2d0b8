"""Write a first draft of spec/cipher_suites.yaml from IANA's export.

The draft decomposes every suite by parsing its IANA name. That is good enough for a draft
that a person then reviews; once committed, the YAML is the source of truth.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import re
import sys
from collections.abc import Iterable, Mapping
from typing import Final

from generator.iana_export import Assignment, IanaExport, ValueRange

REGISTRY_CLASS: Final = "CipherSuite"
REGISTRY_TITLE: Final = "TLS Cipher Suites"
REGISTRY_URL: Final = (
    "https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-4"
)

DRAFT_HEADER: Final = """\
# TLS Cipher Suites: a first draft that `python -m generator import-iana` wrote from the
# IANA export. It decomposed each suite by parsing its name. Review every entry, add
# openssl_name, gnutls_name and notes where they apply, then commit. From then on this file
# is the source of truth, and import-iana only reports how a newer export differs from it.
"""


# Strings that YAML would read as something else, or that need quotes in a flow sequence,
# are written double-quoted. JSON string syntax is valid YAML double-quoted syntax.
_PLAIN_SCALAR_PATTERN: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_.+-]*")
_YAML_KEYWORDS: Final = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n"})


@dataclasses.dataclass(frozen=True, slots=True)
class Decomposition:
    """The algorithms and versions of a suite, as far as its IANA name shows them."""

    key_exchange: str | None
    authentication: str | None
    cipher: str | None
    mac: str | None
    prf_hash: str | None
    export: bool
    min_version: str
    max_version: str
    scsv: bool = False


# Suite-name tokens before "_WITH_": the key exchange and the authentication they denote.
# DH_anon and ECDH_anon exchange ephemeral keys, while DH_DSS, DH_RSA, ECDH_ECDSA and ECDH_RSA
# use the static key of the certificate. PSK_DHE is RFC 6655's spelling of DHE_PSK.
_KEY_EXCHANGE_TOKENS: Final[Mapping[str, tuple[str, str]]] = {
    "NULL": ("NULL", "anon"),
    "RSA": ("RSA", "RSA"),
    "DH_DSS": ("DH", "DSS"),
    "DH_RSA": ("DH", "RSA"),
    "DHE_DSS": ("DHE", "DSS"),
    "DHE_RSA": ("DHE", "RSA"),
    "DH_anon": ("DHE", "anon"),
    "KRB5": ("KRB5", "KRB5"),
    "PSK": ("PSK", "PSK"),
    "DHE_PSK": ("DHE_PSK", "PSK"),
    "PSK_DHE": ("DHE_PSK", "PSK"),
    "RSA_PSK": ("RSA_PSK", "RSA"),
    "ECDH_ECDSA": ("ECDH", "ECDSA"),
    "ECDH_RSA": ("ECDH", "RSA"),
    "ECDHE_ECDSA": ("ECDHE", "ECDSA"),
    "ECDHE_RSA": ("ECDHE", "RSA"),
    "ECDH_anon": ("ECDHE", "anon"),
    "ECDHE_PSK": ("ECDHE_PSK", "PSK"),
    "SRP_SHA": ("SRP_SHA", "SRP"),
    "SRP_SHA_RSA": ("SRP_SHA", "RSA"),
    "SRP_SHA_DSS": ("SRP_SHA", "DSS"),
    "ECCPWD": ("ECCPWD", "ECCPWD"),
    "GOSTR341112_256": ("GOSTR341112_256", "GOSTR341012"),
}
_PSK_KEY_EXCHANGES: Final = frozenset({"PSK", "DHE_PSK", "RSA_PSK", "ECDHE_PSK"})
_ELLIPTIC_CURVE_KEY_EXCHANGES: Final = frozenset({"ECDH", "ECDHE", "ECDHE_PSK"})

# Cipher tokens whose algorithms.yaml name differs, because a name must be a Python identifier
# or because RFC 2712 spells the export DES cipher differently.
_CIPHER_ALIASES: Final[Mapping[str, str]] = {
    "3DES_EDE_CBC": "DES_EDE3_CBC",
    "DES_CBC_40": "DES40_CBC",
    "28147_CNT_IMIT": "GOST28147_CNT_IMIT",
}
# The GOST ciphers of RFC 9189 name their MAC inside the cipher token.
_GOST_STREAM_CIPHER_MACS: Final[Mapping[str, str]] = {
    "KUZNYECHIK_CTR_OMAC": "KUZNYECHIK_OMAC",
    "MAGMA_CTR_OMAC": "MAGMA_OMAC",
    "GOST28147_CNT_IMIT": "GOST28147_IMIT",
}
_AEAD_CIPHER_SUFFIXES: Final = ("_GCM", "_CCM", "_CCM_8", "_POLY1305", "_MGM_L", "_MGM_S")
_TLS13_HASHES: Final = frozenset({"SHA256", "SHA384", "SHA512", "SM3", "ASCONHASH256"})
_MAC_TOKENS: Final = frozenset({"NULL", "MD5", "SHA", "SHA256", "SHA384"})
_SCSV_VERSIONS: Final[Mapping[str, tuple[str, str]]] = {
    "TLS_EMPTY_RENEGOTIATION_INFO_SCSV": ("SSL_3_0", "TLS_1_2"),
    "TLS_FALLBACK_SCSV": ("SSL_3_0", "TLS_1_2"),
}


def decompose(name: str) -> Decomposition:
    """Decompose a suite by parsing its IANA name, for a first draft of the spec.

    The version rules are those of the spec. Export suites end at TLS 1.0 (RFC 4346,
    Appendix A.5), and DES and IDEA suites at TLS 1.1 (RFC 5246, Section 1.2). AEAD suites
    and HMAC-SHA256/384 suites start at TLS 1.2, except the PSK ones, which RFC 5487 allows
    from TLS 1.0. Other elliptic-curve suites start at TLS 1.0 (RFC 4492), and the rest at
    SSL 3.0. Raises ValueError for a name that does not follow the patterns of the registry.
    """
    if name in _SCSV_VERSIONS:
        min_version, max_version = _SCSV_VERSIONS[name]
        return Decomposition(None, None, None, None, None, False, min_version, max_version, True)
    if not name.startswith("TLS_"):
        raise ValueError(f"suite name {name!r} does not start with TLS_")

    body = name.removeprefix("TLS_")
    if "_WITH_" not in body:
        return _decompose_tls13(name, body)

    key_exchange_token, cipher_and_mac = body.split("_WITH_", 1)
    export = key_exchange_token.endswith("_EXPORT")
    key_exchange_token = key_exchange_token.removesuffix("_EXPORT")
    if key_exchange_token not in _KEY_EXCHANGE_TOKENS:
        raise ValueError(f"suite name {name!r} has the unknown key exchange {key_exchange_token!r}")
    key_exchange, authentication = _KEY_EXCHANGE_TOKENS[key_exchange_token]

    cipher, mac, tls12_hash = _split_cipher_and_mac(name, cipher_and_mac)
    prf_hash: str | None = tls12_hash
    if cipher.endswith(("_MGM_L", "_MGM_S")):
        # RFC 9367: TLS 1.3 suites that still carry the TLS 1.2 "_WITH_" form.
        return Decomposition(
            None, None, cipher, mac, "GOSTR341112_256", False, "TLS_1_3", "TLS_1_3"
        )
    if key_exchange == "GOSTR341112_256":
        prf_hash = "GOSTR341112_256"

    if export:
        min_version, max_version = "SSL_3_0", "TLS_1_0"
    else:
        min_version = _min_version(key_exchange, mac)
        max_version = "TLS_1_1" if cipher in {"DES_CBC", "IDEA_CBC"} else "TLS_1_2"
    if key_exchange == "ECCPWD":
        max_version = "TLS_1_3"
    if max_version in ("TLS_1_0", "TLS_1_1"):
        prf_hash = None  # RFC 2246 and RFC 4346, Section 5: no suite hash before TLS 1.2
    return Decomposition(
        key_exchange, authentication, cipher, mac, prf_hash, export, min_version, max_version
    )


def _decompose_tls13(name: str, body: str) -> Decomposition:
    cipher, _, prf_hash = body.rpartition("_")
    if prf_hash not in _TLS13_HASHES or not cipher:
        raise ValueError(f"suite name {name!r} does not end in a hash name")
    if cipher in _TLS13_HASHES:
        # RFC 9150 integrity-only suites, such as TLS_SHA256_SHA256: HMAC, no encryption.
        return Decomposition(None, None, "NULL", cipher, prf_hash, False, "TLS_1_3", "TLS_1_3")
    return Decomposition(None, None, cipher, "AEAD", prf_hash, False, "TLS_1_3", "TLS_1_3")


def _split_cipher_and_mac(name: str, cipher_and_mac: str) -> tuple[str, str, str]:
    """Return the cipher, the MAC and the TLS 1.2 PRF hash of a "_WITH_" suite name."""
    cipher_token = _CIPHER_ALIASES.get(cipher_and_mac, cipher_and_mac)
    if cipher_token in _GOST_STREAM_CIPHER_MACS:
        return cipher_token, _GOST_STREAM_CIPHER_MACS[cipher_token], "SHA256"
    if cipher_token.endswith(_AEAD_CIPHER_SUFFIXES):
        return cipher_token, "AEAD", "SHA256"

    cipher_token, _, last_token = cipher_and_mac.rpartition("_")
    prf_hash = "SHA384" if last_token == "SHA384" else "SHA256"
    if cipher_token.endswith(_AEAD_CIPHER_SUFFIXES) and last_token in {"SHA256", "SHA384"}:
        return cipher_token, "AEAD", prf_hash
    if last_token in _MAC_TOKENS and cipher_token:
        return _CIPHER_ALIASES.get(cipher_token, cipher_token), last_token, prf_hash
    raise ValueError(f"suite name {name!r} does not end in a MAC or an AEAD cipher")


def _min_version(key_exchange: str, mac: str) -> str:
    if mac == "AEAD" or key_exchange in {"GOSTR341112_256", "ECCPWD"}:
        return "TLS_1_2"
    if mac in {"SHA256", "SHA384"}:
        return "TLS_1_0" if key_exchange in _PSK_KEY_EXCHANGES else "TLS_1_2"
    if key_exchange in _ELLIPTIC_CURVE_KEY_EXCHANGES:
        return "TLS_1_0"
    return "SSL_3_0"


def draft_entry(assignment: Assignment) -> dict[str, object]:
    """Return the spec entry of an assignment, with the decomposition parsed from its name."""
    parts = decompose(assignment.name)
    entry: dict[str, object] = {
        "code": assignment.code,
        "name": assignment.name,
        "dtls_ok": assignment.dtls_ok,
        "recommended": assignment.recommended,
        "references": list(assignment.references),
    }
    if assignment.comment is not None:
        entry["comment"] = assignment.comment
    entry.update(
        key_exchange=parts.key_exchange,
        authentication=parts.authentication,
        cipher=parts.cipher,
        mac=parts.mac,
        prf_hash=parts.prf_hash,
        export=parts.export,
        min_version=parts.min_version,
        max_version=parts.max_version,
    )
    if parts.scsv:
        entry["scsv"] = True
    return entry


def render_spec(
    header: str, ranges: Iterable[ValueRange], entries: Iterable[Mapping[str, object]]
) -> str:
    """Render the cipher-suite spec: one block mapping per range and entry, one key per line."""
    lines = [header.rstrip("\n"), "", "registries:", f"  {REGISTRY_CLASS}:"]
    lines += [
        f"    title: {format_scalar(REGISTRY_TITLE)}",
        f"    url: {format_scalar(REGISTRY_URL)}",
        "    source: sources/tls-parameters-4.csv",
        "    bits: 16",
        "    grease: true",
        "    ranges:",
    ]
    for value_range in ranges:
        lines += _render_mapping(
            {
                "first": value_range.first,
                "last": value_range.last,
                "status": value_range.status,
                "description": value_range.description,
                "references": list(value_range.references),
            }
        )
    lines.append("    entries:")
    for entry in entries:
        lines += _render_mapping(entry)
    return "\n".join(lines) + "\n"


def _render_mapping(mapping: Mapping[str, object]) -> list[str]:
    lines: list[str] = []
    for index, (key, value) in enumerate(mapping.items()):
        prefix = "      - " if index == 0 else "        "
        if key in {"code", "first", "last"} and isinstance(value, int):
            text = f"0x{value:04X}"
        elif key == "recommended" and isinstance(value, str):
            text = json.dumps(value)
        else:
            text = format_scalar(value)
        lines.append(f"{prefix}{key}: {text}")
    return lines


def format_scalar(value: object) -> str:
    """Format a value as a YAML scalar or flow sequence, quoting strings only where needed."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if _PLAIN_SCALAR_PATTERN.fullmatch(value) and value.lower() not in _YAML_KEYWORDS:
            return value
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_scalar(item) for item in value) + "]"
    raise TypeError(f"cannot format {type(value).__name__} value {value!r} as YAML")


def write_draft(export: IanaExport, spec_path: pathlib.Path) -> int:
    try:
        entries = [draft_entry(assignment) for assignment in export.assignments]
    except ValueError as error:
        print(
            f"{spec_path}: error: cannot draft the spec: {error} "
            "(extend the name tables in import_iana.py, or write the spec by hand)",
            file=sys.stderr,
        )
        return 2

    text = render_spec(DRAFT_HEADER, export.ranges, entries)
    temporary_path = spec_path.with_name(spec_path.name + ".tmp")
    try:
        temporary_path.write_text(text, encoding="utf-8")
        os.replace(temporary_path, spec_path)
    except OSError as error:
        print(f"{spec_path}: error: cannot write the draft: {error}", file=sys.stderr)
        return 2

    print(
        f"wrote a draft of {spec_path} with {len(entries)} suites and "
        f"{len(export.ranges)} ranges; review it before committing"
    )
    return 0
