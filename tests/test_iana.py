"""The spec matches IANA's exports row by row, and every value has the export's status."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

import pytest
import tlsspec
from tlsspec import Status

from tests import iana_csv
from tests.paths import SOURCES

# (export, info function, registry enum)
EXPORTS: dict[str, tuple[str, Callable[[int], Any], type[IntEnum]]] = {
    "cipher suites": ("tls-parameters-4.csv", tlsspec.cipher_suite_info, tlsspec.CipherSuite),
    "supported groups": ("tls-parameters-8.csv", tlsspec.group_info, tlsspec.NamedGroup),
    "signature schemes": (
        "tls-signaturescheme.csv",
        tlsspec.signature_scheme_info,
        tlsspec.SignatureScheme,
    ),
}

# RFC 8701, Section 2 reserves 0x0A0A, 0x1A1A, ... 0xFAFA in all three registries, but
# the SignatureScheme export lists them inside its "Unassigned" rows.
GREASE = {0x0A0A + 0x1010 * i for i in range(16)}

# Values that no row of the cipher-suite export covers: IANA's row "0xFA,0x00-C9" stops
# short of the GREASE value 0xFAFA, leaving 0xFACA-0xFAF9 unlisted. They are unassigned.
UNLISTED = {"cipher suites": set(range(0xFACA, 0xFAFA))}


def export_name(description: str) -> str:
    """Return the registry name IANA's description stands for: "X (OBSOLETE)" is X."""
    return description.removesuffix(" (OBSOLETE)")


@pytest.mark.parametrize("registry", sorted(EXPORTS))
def test_assigned_rows_match(registry: str) -> None:
    filename, info_of, _ = EXPORTS[registry]
    for row in iana_csv.read(SOURCES / filename):
        if row.status is not Status.ASSIGNED:
            continue
        assert row.single, row
        info = info_of(row.first)
        assert info.status is Status.ASSIGNED, row
        assert info.name == export_name(row.description), row
        assert info.recommended == row.recommended, row
        assert info.references == row.references, row
        assert info.comment == row.comment, row
        if filename != "tls-signaturescheme.csv":
            assert info.dtls_ok == row.dtls_ok, row


@pytest.mark.parametrize("registry", sorted(EXPORTS))
def test_nothing_else_claims_to_be_iana(registry: str) -> None:
    filename, _, enum = EXPORTS[registry]
    exported = {
        row.first for row in iana_csv.read(SOURCES / filename) if row.status is Status.ASSIGNED
    }
    assert {int(member) for member in enum} == exported


@pytest.mark.parametrize("registry", sorted(EXPORTS))
def test_every_value_classifies_as_exported(registry: str) -> None:
    filename, info_of, _ = EXPORTS[registry]
    covered: set[int] = set()
    for row in iana_csv.read(SOURCES / filename):
        for code in range(row.first, row.last + 1):
            assert code not in covered, f"{code:#06x} is in two rows"
            covered.add(code)
            expected = Status.GREASE if code in GREASE else row.status
            assert info_of(code).status is expected, (f"{code:#06x}", row)
    unlisted = set(range(0x10000)) - covered
    assert unlisted == UNLISTED.get(registry, set())
    for code in unlisted:
        assert info_of(code).status is Status.UNASSIGNED


def test_cipher_suite_export_has_356_assigned_values() -> None:
    rows = iana_csv.read(SOURCES / "tls-parameters-4.csv")
    assert sum(row.status is Status.ASSIGNED for row in rows) == 356
    assert len(tlsspec.cipher_suite_infos()) == 356


def test_sixteen_grease_cipher_suites() -> None:
    rows = iana_csv.read(SOURCES / "tls-parameters-4.csv")
    grease = sorted(row.first for row in rows if row.status is Status.GREASE)
    assert grease == [0x0A0A + 0x1010 * i for i in range(16)]
