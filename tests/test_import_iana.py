"""`python -m generator import-iana`: in sync, differences listed, bad input, first draft."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from tlsspec import Status

from tests import iana_csv
from tests.paths import ROOT, SOURCES, SPEC

EXPORT = SOURCES / "tls-parameters-4.csv"

# The suites that IANA's export assigns, as an independent reader of it counts them.
ASSIGNED_CODES = [row.first for row in iana_csv.read(EXPORT) if row.status is Status.ASSIGNED]


def run_import(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator import-iana` from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "import-iana", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def edit_export(target: Path) -> None:
    """Write a copy of the export with three changes a registry update could make.

    0xC02F's Recommended goes from Y to N, the row of 0x0005 goes away, and a new suite
    takes 0x00C8 out of the Unassigned row 0x00,0xC8-FE, which then starts at 0xC9.
    """
    with EXPORT.open(newline="", encoding="utf-8") as stream:
        reader = csv.DictReader(stream)
        columns = list(reader.fieldnames or ())
        rows = list(reader)

    edited: list[dict[str, str]] = []
    for row in rows:
        if row["Value"] == "0x00,0x05":
            continue
        if row["Value"] == "0xC0,0x2F":
            assert row["Recommended"] == "Y"
            row["Recommended"] = "N"
        if row["Value"] == "0x00,0xC8-FE":
            new_suite = dict.fromkeys(columns, "")
            new_suite.update(
                {
                    "Value": "0x00,0xC8",
                    "Description": "TLS_ECDHE_PSK_WITH_EXAMPLE_128_GCM_SHA256",
                    "DTLS-OK": "Y",
                    "Recommended": "N",
                    "Reference": "[RFC9999]",
                }
            )
            edited.append(new_suite)
            row["Value"] = "0x00,0xC9-FE"
        edited.append(row)

    with target.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns)
        writer.writeheader()
        writer.writerows(edited)


def test_current_export_has_no_differences() -> None:
    result = run_import(str(EXPORT.relative_to(ROOT)))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("0 differences between ")


def test_edited_export_lists_each_difference(tmp_path: Path) -> None:
    edited = tmp_path / "tls-parameters-4.csv"
    edit_export(edited)

    result = run_import(str(edited))

    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("5 differences between ")
    assert result.stdout.splitlines() == [
        "removed 0x0005 TLS_RSA_WITH_RC4_128_SHA",
        "added 0x00C8 TLS_ECDHE_PSK_WITH_EXAMPLE_128_GCM_SHA256",
        'changed 0xC02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: recommended "Y" -> "N"',
        "removed range 0x00C8-0x00FE unassigned Unassigned []",
        "added range 0x00C9-0x00FE unassigned Unassigned []",
    ]


def test_missing_export_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-export.csv"

    result = run_import(str(missing))

    assert result.returncode == 2
    assert result.stdout == ""
    assert str(missing) in result.stderr
    assert "file not found" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00not UTF-8", "expected a UTF-8 CSV file"),
        (b"Value,Name\n1,2\n", "missing columns"),
        (b"Value,Description,DTLS-OK,Recommended,Reference\n0x00,X,Y,N,[RFC1]\n", "invalid Value"),
    ],
    ids=["not-utf8", "wrong-columns", "bad-value"],
)
def test_invalid_export_exits_2(tmp_path: Path, content: bytes, message: str) -> None:
    export = tmp_path / "tls-parameters-4.csv"
    export.write_bytes(content)

    result = run_import(str(export))

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{export}")
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_draft_written_into_empty_spec_directory(tmp_path: Path) -> None:
    result = run_import(str(EXPORT), "--spec", str(tmp_path))

    assert result.returncode == 0, result.stderr
    assert "356 suites" in result.stdout
    draft = yaml.safe_load((tmp_path / "cipher_suites.yaml").read_text(encoding="utf-8"))
    entries = draft["registries"]["CipherSuite"]["entries"]
    assert len(entries) == 356
    assert [entry["code"] for entry in entries] == ASSIGNED_CODES


def test_draft_compiles_with_the_rest_of_the_spec(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    (spec / "cipher_suites.yaml").unlink()
    assert run_import(str(EXPORT), "--spec", str(spec)).returncode == 0

    result = subprocess.run(
        [sys.executable, "-m", "generator", "--spec", str(spec), "--out", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr


def test_other_registry_export_rejected() -> None:
    result = run_import(str((SOURCES / "tls-parameters-8.csv").relative_to(ROOT)))
    assert result.returncode == 2
    assert "is this another registry's export?" in result.stderr
    assert "Traceback" not in result.stderr


def test_directory_rejected() -> None:
    result = run_import("spec")
    assert result.returncode == 2
    assert "spec: error: is a directory" in result.stderr
