"""Import the IANA TLS Cipher Suites export (tls-parameters-4.csv) into the spec.

When ``spec/cipher_suites.yaml`` does not exist yet, ``import_cipher_suites`` writes a first
draft of it, decomposing every suite by parsing its IANA name. Parsing names is good enough
for a draft that a person then reviews. Once the file exists it is the source of truth, and
the command only reports how the export differs from it, so that a registry update is
applied by hand.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import pathlib
import re
import sys
from collections.abc import Iterable, Mapping
from typing import Final

import yaml

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

# The IANA export's columns. Older exports have no Comment column.
_REQUIRED_COLUMNS: Final = ("Value", "Description", "DTLS-OK", "Recommended", "Reference")

# A Value cell: "0x00,0x2F", "0x00,0x1C-1D", "0x01-09,*" or "0xCB,*".
_VALUE_PATTERN: Final = re.compile(
    r"0x(?P<hi>[0-9A-F]{2})(?:-(?P<hi_last>[0-9A-F]{2}))?,"
    r"(?:(?P<any>\*)|0x(?P<lo>[0-9A-F]{2})(?:-(?P<lo_last>[0-9A-F]{2}))?)",
    re.IGNORECASE,
)
_REFERENCE_PATTERN: Final = re.compile(r"\[([^\]]*)\]")

# Strings that YAML would read as something else, or that need quotes in a flow sequence,
# are written double-quoted. JSON string syntax is valid YAML double-quoted syntax.
_PLAIN_SCALAR_PATTERN: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_.+-]*")
_YAML_KEYWORDS: Final = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n"})


class ExportError(ValueError):
    """Raised for a row of the IANA export that this importer cannot read."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclasses.dataclass(frozen=True, slots=True)
class Assignment:
    """An assigned code point of the export: a row whose Value is a single byte pair."""

    code: int
    name: str
    dtls_ok: bool | None
    recommended: str | None
    references: tuple[str, ...]
    comment: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class ValueRange:
    """A row of the export that covers values without assigning them."""

    first: int
    last: int
    status: str
    description: str
    references: tuple[str, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class IanaExport:
    """The rows of an export, in code order, without the GREASE rows of RFC 8701."""

    assignments: tuple[Assignment, ...]
    ranges: tuple[ValueRange, ...]


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


def import_cipher_suites(csv_path: pathlib.Path, spec_path: pathlib.Path) -> int:
    """Write a draft spec from the export, or report how the export differs from the spec.

    Returns 0 when a draft was written or nothing differs, 1 when differences were printed
    (one line each on stdout), and 2 when the export or the spec cannot be read.
    """
    try:
        export = read_export(csv_path)
    except ExportError as error:
        print(f"{csv_path}:{error.line}: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"{csv_path}: error: cannot read the IANA export: {error}", file=sys.stderr)
        return 2
    except (UnicodeDecodeError, csv.Error) as error:
        print(
            f"{csv_path}: error: invalid IANA export: {error} (expected a UTF-8 CSV file)",
            file=sys.stderr,
        )
        return 2

    if not spec_path.exists():
        return _write_draft(export, spec_path)

    try:
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        differences = compare_with_spec(export, spec)
    except (OSError, yaml.YAMLError) as error:
        print(f"{spec_path}: error: cannot read the spec: {error}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"{spec_path}: error: {error}", file=sys.stderr)
        return 2

    for line in differences:
        print(line)
    return 1 if differences else 0


def read_export(csv_path: pathlib.Path) -> IanaExport:
    """Read an IANA cipher-suite export into assignments and ranges, in code order."""
    assignments: list[Assignment] = []
    ranges: list[ValueRange] = []

    with csv_path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        missing = [
            column for column in _REQUIRED_COLUMNS if column not in (reader.fieldnames or ())
        ]
        if missing:
            raise ExportError(1, f"missing columns {missing} (expected an IANA CSV export)")

        for row in reader:
            line = reader.line_num
            first, last = parse_value(row["Value"], line)
            description = " ".join(row["Description"].split())
            references = parse_references(row["Reference"], line)

            if first == last and description.startswith("TLS_"):
                assignments.append(
                    Assignment(
                        code=first,
                        name=description,
                        dtls_ok=_parse_flag(row["DTLS-OK"], line),
                        recommended=_parse_recommended(row["Recommended"], line),
                        references=references,
                        comment=" ".join((row.get("Comment") or "").split()) or None,
                    )
                )
            elif first == last and is_grease(first) and "RFC8701" in references:
                continue
            else:
                ranges.append(
                    ValueRange(
                        first=first,
                        last=last,
                        status=_range_status(description, line),
                        description=description,
                        references=references,
                    )
                )

    assignments.sort(key=lambda assignment: assignment.code)
    ranges.sort(key=lambda value_range: value_range.first)
    return IanaExport(tuple(assignments), tuple(ranges))


def parse_value(value: str, line: int) -> tuple[int, int]:
    """Return the first and last code point that a Value cell covers."""
    match = _VALUE_PATTERN.fullmatch(value.strip())
    if match is None:
        raise ExportError(line, f"invalid Value {value!r} (expected a form such as 0x00,0x2F)")

    high = int(match["hi"], 16)
    high_last = int(match["hi_last"], 16) if match["hi_last"] else high
    if match["any"]:
        return high << 8, (high_last << 8) | 0xFF
    if high_last != high:
        raise ExportError(line, f"invalid Value {value!r}: a first-byte range needs '*'")

    low = int(match["lo"], 16)
    low_last = int(match["lo_last"], 16) if match["lo_last"] else low
    if low_last < low:
        raise ExportError(line, f"invalid Value {value!r}: the range is reversed")
    return (high << 8) | low, (high << 8) | low_last


def parse_references(text: str, line: int) -> tuple[str, ...]:
    """Split a Reference cell such as "[RFC4346][RFC6347]" into its bracketed items."""
    references = tuple(_REFERENCE_PATTERN.findall(text))
    leftover = _REFERENCE_PATTERN.sub("", text).strip()
    if leftover:
        raise ExportError(
            line, f"invalid Reference {text!r}: text {leftover!r} is outside brackets"
        )
    return references


def is_grease(code: int) -> bool:
    """Return whether a two-byte value is one of the GREASE values of RFC 8701."""
    return (code & 0x0F0F) == 0x0A0A and (code >> 8) == (code & 0xFF)


def _parse_flag(text: str, line: int) -> bool | None:
    flags = {"Y": True, "N": False, "": None}
    if text.strip() not in flags:
        raise ExportError(line, f"invalid DTLS-OK {text!r} (expected Y, N or empty)")
    return flags[text.strip()]


def _parse_recommended(text: str, line: int) -> str | None:
    value = text.strip()
    if value not in {"Y", "N", "D", ""}:
        raise ExportError(line, f"invalid Recommended {text!r} (expected Y, N, D or empty)")
    return value or None


def _range_status(description: str, line: int) -> str:
    lowered = description.lower()
    if lowered.startswith("unassigned"):
        return "unassigned"
    if lowered.startswith("reserved for private use"):
        return "private_use"
    if lowered.startswith("reserved"):
        return "reserved"
    raise ExportError(
        line, f"invalid row {description!r}: expected a TLS_ suite name, Unassigned or Reserved"
    )


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

    cipher, mac, prf_hash = _split_cipher_and_mac(name, cipher_and_mac)
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


def _write_draft(export: IanaExport, spec_path: pathlib.Path) -> int:
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


# The IANA columns that the spec copies, as (spec key, Assignment attribute).
_COMPARED_FIELDS: Final = (
    ("name", "name"),
    ("dtls_ok", "dtls_ok"),
    ("recommended", "recommended"),
    ("references", "references"),
    ("comment", "comment"),
)


def compare_with_spec(export: IanaExport, spec: object) -> list[str]:
    """List how the export differs from a loaded cipher-suite spec, one line per difference.

    Entries are compared on the columns that the spec copies from IANA (name, dtls_ok,
    recommended, references, comment), and ranges on all their fields. Raises ValueError
    when the spec does not have the shape of spec/README.md.
    """
    registry = _registry_of(spec)
    spec_entries = _by_code(registry.get("entries"), "code", "entries")
    export_entries = {assignment.code: assignment for assignment in export.assignments}
    differences: list[str] = []

    for code in sorted(export_entries.keys() | spec_entries.keys()):
        assignment = export_entries.get(code)
        spec_entry = spec_entries.get(code)
        if spec_entry is None and assignment is not None:
            differences.append(f"added 0x{code:04X} {assignment.name}")
        elif assignment is None and spec_entry is not None:
            differences.append(f"removed 0x{code:04X} {spec_entry.get('name')}")
        elif assignment is not None and spec_entry is not None:
            differences += _compare_entry(code, assignment, spec_entry)

    spec_ranges = _by_code(registry.get("ranges", []), "first", "ranges")
    export_ranges = {value_range.first: value_range for value_range in export.ranges}
    for first in sorted(export_ranges.keys() | spec_ranges.keys()):
        export_range = export_ranges.get(first)
        spec_item = spec_ranges.get(first)
        spec_range = _range_of(spec_item) if spec_item is not None else None
        if spec_range == export_range:
            continue
        if spec_range is not None:
            differences.append(f"removed range {_describe_range(spec_range)}")
        if export_range is not None:
            differences.append(f"added range {_describe_range(export_range)}")
    return differences


def _registry_of(spec: object) -> Mapping[str, object]:
    if not isinstance(spec, dict):
        raise ValueError("the spec is not a mapping (expected a registries: key)")
    registries = spec.get("registries")
    if not isinstance(registries, dict) or not isinstance(registries.get(REGISTRY_CLASS), dict):
        raise ValueError(f"the spec has no registries.{REGISTRY_CLASS} mapping")
    registry: dict[str, object] = registries[REGISTRY_CLASS]
    return registry


def _by_code(items: object, key: str, section: str) -> dict[int, Mapping[str, object]]:
    if not isinstance(items, list):
        raise ValueError(f"registries.{REGISTRY_CLASS}.{section} is not a list")
    by_code: dict[int, Mapping[str, object]] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get(key), int):
            raise ValueError(f"{section}[{index}] has no integer {key}")
        by_code[item[key]] = item
    return by_code


def _compare_entry(
    code: int, assignment: Assignment, spec_entry: Mapping[str, object]
) -> list[str]:
    differences: list[str] = []
    for spec_key, attribute in _COMPARED_FIELDS:
        spec_value = spec_entry.get(spec_key)
        if isinstance(spec_value, list):
            spec_value = tuple(spec_value)
        export_value = getattr(assignment, attribute)
        if spec_value != export_value:
            differences.append(
                f"changed 0x{code:04X} {spec_entry.get('name')}: {spec_key} "
                f"{_format_difference(spec_value)} -> {_format_difference(export_value)}"
            )
    return differences


def _format_difference(value: object) -> str:
    return json.dumps(value) if isinstance(value, str) else format_scalar(value)


def _range_of(item: Mapping[str, object]) -> ValueRange:
    first, last, references = item.get("first"), item.get("last"), item.get("references", [])
    if not isinstance(first, int) or not isinstance(last, int) or not isinstance(references, list):
        raise ValueError(f"range {item!r} needs integer first and last and a references list")
    return ValueRange(
        first=first,
        last=last,
        status=str(item.get("status")),
        description=str(item.get("description")),
        references=tuple(str(reference) for reference in references),
    )


def _describe_range(value_range: ValueRange) -> str:
    references = format_scalar(list(value_range.references))
    return (
        f"0x{value_range.first:04X}-0x{value_range.last:04X} {value_range.status} "
        f"{format_scalar(value_range.description)} {references}"
    )
