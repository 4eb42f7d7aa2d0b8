"""A corpus of broken specs: each gives its located error, exit status 2, and writes nothing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.paths import GENERATED, SPEC
from tests.test_generator import ERROR_LINE, run_generator, snapshot

VALID_COMPRESSION = """\
registries:
  CompressionMethod:
    title: TLS Compression Method Identifiers
    url: https://www.iana.org/assignments/comp-meth-ids/comp-meth-ids.xhtml
    bits: 8
    ranges:
      - {first: 224, last: 255, status: private_use}
    entries:
      - code: 0
        name: "null"
        references: [RFC5246]
      - code: 1
        name: DEFLATE
        references: [RFC3749]
"""


def with_line(text: str, old: str, new: str) -> str:
    """Replace the one occurrence of `old` in `text` by `new`."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


# name -> (mutated compression.yaml, line, column, message pattern)
COMPRESSION_CASES: dict[str, tuple[str, int, int, str]] = {
    "malformed_yaml": (
        with_line(VALID_COMPRESSION, "      - code: 1\n", "      - code: [1\n"),
        13,
        13,
        r"malformed YAML: .*expected ',' or '\]'",
    ),
    "duplicate_key": (
        with_line(VALID_COMPRESSION, "    bits: 8\n", "    bits: 8\n    bits: 16\n"),
        6,
        5,
        r"duplicate key 'bits', first defined at line 5",
    ),
    "duplicate_code": (
        with_line(VALID_COMPRESSION, "      - code: 1\n", "      - code: 0\n"),
        12,
        15,
        r"duplicate code 0x0000 in CompressionMethod, first used at line 9",
    ),
    "out_of_range_code": (
        with_line(VALID_COMPRESSION, "      - code: 1\n", "      - code: 256\n"),
        12,
        15,
        r"code 0x100 of CompressionMethod entry 'DEFLATE' is out of range",
    ),
    "name_not_identifier": (
        with_line(VALID_COMPRESSION, "name: DEFLATE", "name: 1-DEFLATE"),
        13,
        15,
        r"name '1-DEFLATE' of CompressionMethod entry is not a Python identifier",
    ),
    "alias": (
        with_line(
            VALID_COMPRESSION,
            "        references: [RFC5246]\n",
            "        references: &refs [RFC5246]\n",
        ),
        11,
        21,
        r"anchor '&refs' is not allowed",
    ),
    "merge_key": (
        with_line(
            VALID_COMPRESSION,
            "        references: [RFC3749]\n",
            "        <<: {references: [RFC3749]}\n",
        ),
        14,
        9,
        r"merge key '<<' is not allowed",
    ),
    "custom_tag": (
        with_line(VALID_COMPRESSION, "name: DEFLATE", "name: !!python/name:os.system DEFLATE"),
        13,
        15,
        r"explicit tag",
    ),
    "unknown_key": (
        with_line(
            VALID_COMPRESSION, "        references: [RFC3749]\n", "        referenses: [RFC3749]\n"
        ),
        14,
        9,
        r"unknown key 'referenses'",
    ),
    "overlapping_range": (
        with_line(VALID_COMPRESSION, "{first: 224,", "{first: 1,"),
        7,
        9,
        r"range 0 contains assigned code 0x0001",
    ),
}


@pytest.fixture
def broken(tmp_path: Path) -> tuple[Path, Path]:
    """A spec copy to break and an output copy that must stay byte-identical."""
    spec = tmp_path / "spec"
    out = tmp_path / "out"
    shutil.copytree(SPEC, spec)
    shutil.copytree(GENERATED, out, ignore=shutil.ignore_patterns("__pycache__"))
    return spec, out


def errors_of(stderr: str) -> list[re.Match[str]]:
    """Return the parsed error lines of the generator's standard error."""
    matches = [ERROR_LINE.match(line) for line in stderr.splitlines()]
    return [match for match in matches if match]


@pytest.mark.parametrize("case", sorted(COMPRESSION_CASES))
def test_bad_compression_spec(case: str, broken: tuple[Path, Path]) -> None:
    spec, out = broken
    text, line, column, pattern = COMPRESSION_CASES[case]
    (spec / "compression.yaml").write_text(text)
    before = snapshot(out)

    result = run_generator("--spec", str(spec), "--out", str(out))

    assert result.returncode == 2, result.stdout + result.stderr
    errors = errors_of(result.stderr)
    assert errors, result.stderr
    first = errors[0]
    assert first["file"] == str(spec / "compression.yaml")
    assert (int(first["line"]), int(first["column"])) == (line, column), result.stderr
    assert re.search(pattern, first["message"]), result.stderr
    assert first["hint"]
    assert "nothing written" in result.stderr
    assert snapshot(out) == before


def test_valid_compression_base_is_valid(broken: tuple[Path, Path]) -> None:
    spec, out = broken
    (spec / "compression.yaml").write_text(VALID_COMPRESSION)
    result = run_generator("--check", "--spec", str(spec), "--out", str(out))
    assert result.returncode in (0, 1), result.stderr


def test_unknown_reference(broken: tuple[Path, Path]) -> None:
    spec, out = broken
    path = spec / "cipher_suites.yaml"
    lines = path.read_text().splitlines(keepends=True)
    index = next(i for i, text in enumerate(lines) if text.strip() == "cipher: AES_128_GCM")
    lines[index] = lines[index].replace("AES_128_GCM", "AES_129_GCM")
    path.write_text("".join(lines))
    before = snapshot(out)

    result = run_generator("--spec", str(spec), "--out", str(out))

    assert result.returncode == 2
    errors = errors_of(result.stderr)
    assert len(errors) == 1, result.stderr
    assert errors[0]["file"] == str(path)
    assert int(errors[0]["line"]) == index + 1
    assert "unknown cipher 'AES_129_GCM'" in errors[0]["message"]
    assert snapshot(out) == before


def test_every_problem_reported_in_one_run(broken: tuple[Path, Path]) -> None:
    spec, out = broken
    (spec / "compression.yaml").write_text(COMPRESSION_CASES["duplicate_code"][0])
    alerts = spec / "alerts.yaml"
    alerts.write_text(alerts.read_text() + "unexpected_top_level_key: 1\n")
    (spec / "extra.yaml").write_text("registries: {}\n")

    result = run_generator("--spec", str(spec), "--out", str(out))

    assert result.returncode == 2
    files = {Path(match["file"]).name for match in errors_of(result.stderr)}
    assert files == {"compression.yaml", "alerts.yaml", "extra.yaml"}, result.stderr
    assert "3 errors" in result.stderr


def test_missing_spec_file(broken: tuple[Path, Path]) -> None:
    spec, out = broken
    (spec / "alerts.yaml").unlink()
    result = run_generator("--spec", str(spec), "--out", str(out))
    assert result.returncode == 2
    assert "missing spec file alerts.yaml" in result.stderr


def mutate_suite(spec: Path, suite: str, key: str, replacement: str | None) -> int:
    """Replace (or with None, delete) one key of a suite in cipher_suites.yaml; return its line."""
    path = spec / "cipher_suites.yaml"
    lines = path.read_text().splitlines(keepends=True)
    start = next(i for i, text in enumerate(lines) if text.strip() == f"name: {suite}")
    index = next(i for i in range(start, start + 20) if lines[i].strip().startswith(f"{key}:"))
    indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
    if replacement is None:
        del lines[index]
    else:
        lines[index] = f"{indent}{key}: {replacement}\n"
    path.write_text("".join(lines))
    return index + 1


# (suite, key, new value or None to delete, message pattern, whether the error is on that line)
SUITE_CASES: dict[str, tuple[str, str, str | None, str, bool]] = {
    "cipher_missing": (
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "cipher",
        None,
        r"cipher suite TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 has no cipher",
        False,
    ),
    "tls13_with_key_exchange": (
        "TLS_AES_128_GCM_SHA256",
        "key_exchange",
        "ECDHE",
        r"is a TLS 1.3 suite but names a key exchange",
        True,
    ),
    "versions_reversed": (
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "max_version",
        "TLS_1_0",
        r"ends at TLS_1_0, before its min_version TLS_1_2",
        True,
    ),
    "dtls_version": (
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "min_version",
        "DTLS_1_2",
        r"min_version of .* is the DTLS version DTLS_1_2",
        True,
    ),
    "hmac_with_aead_cipher": (
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "mac",
        "SHA",
        r"has cipher AES_128_GCM \(aead\) with mac SHA",
        True,
    ),
    "references_missing": (
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "references",
        "[]",
        r"has no references",
        False,
    ),
}


@pytest.mark.parametrize("case", sorted(SUITE_CASES))
def test_inconsistent_suite_rejected(case: str, broken: tuple[Path, Path]) -> None:
    spec, out = broken
    suite, key, replacement, pattern, on_line = SUITE_CASES[case]
    line = mutate_suite(spec, suite, key, replacement)
    before = snapshot(out)

    result = run_generator("--spec", str(spec), "--out", str(out))

    assert result.returncode == 2, result.stdout + result.stderr
    errors = errors_of(result.stderr)
    assert len(errors) == 1, result.stderr
    assert re.search(pattern, errors[0]["message"]), result.stderr
    assert errors[0]["file"] == str(spec / "cipher_suites.yaml")
    if on_line:
        assert int(errors[0]["line"]) == line, result.stderr
    assert snapshot(out) == before


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("class", r"name 'class' of CompressionMethod entry is a Python keyword"),
        ("value", r"name 'value' of CompressionMethod entry is an IntEnum attribute"),
    ],
)
def test_reserved_names_rejected(name: str, message: str, broken: tuple[Path, Path]) -> None:
    spec, out = broken
    (spec / "compression.yaml").write_text(
        with_line(VALID_COMPRESSION, "name: DEFLATE", f"name: {name}")
    )
    result = run_generator("--spec", str(spec), "--out", str(out))
    assert result.returncode == 2
    assert re.search(message, result.stderr), result.stderr


def test_invalid_utf8_located(broken: tuple[Path, Path]) -> None:
    spec, out = broken
    text = with_line(VALID_COMPRESSION, "name: DEFLATE", "name: DEFL\udcffATE")
    (spec / "compression.yaml").write_bytes(text.encode("utf-8", "surrogateescape"))
    result = run_generator("--spec", str(spec), "--out", str(out))
    assert result.returncode == 2
    assert f"{spec / 'compression.yaml'}:13:19: error: invalid UTF-8 byte 0xFF" in result.stderr


def test_spec_file_that_is_a_directory(broken: tuple[Path, Path]) -> None:
    spec, out = broken
    (spec / "compression.yaml").unlink()
    (spec / "compression.yaml").mkdir()
    result = run_generator("--spec", str(spec), "--out", str(out))
    assert result.returncode == 2
    assert "compression.yaml:1:1: error: cannot read file" in result.stderr
    assert "Traceback" not in result.stderr


def test_stray_yml_file_rejected(broken: tuple[Path, Path]) -> None:
    spec, out = broken
    (spec / "notes.yml").write_text("a: 1\n")
    result = run_generator("--spec", str(spec), "--out", str(out))
    assert result.returncode == 2
    assert "unknown spec file notes.yml" in result.stderr


def test_missing_spec_directory(tmp_path: Path) -> None:
    result = run_generator("--spec", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "spec directory not found" in result.stderr
    assert not (tmp_path / "out").exists()


def replace_after(path: Path, anchor: str, old: str, new: str) -> int:
    """Replace the first `old` after the line `anchor` in a spec file; return its line."""
    lines = path.read_text().splitlines(keepends=True)
    start = next(i for i, text in enumerate(lines) if text.strip() == anchor)
    index = next(i for i in range(start, len(lines)) if old in lines[i])
    lines[index] = lines[index].replace(old, new, 1)
    path.write_text("".join(lines))
    return index + 1


# name -> (file, anchor line, old text, new text, message pattern)
RULE_CASES: dict[str, tuple[str, str, str, str, str]] = {
    "signature_curve_not_ec": (
        "signature_schemes.yaml",
        "name: ecdsa_secp256r1_sha256",
        "curve: secp256r1",
        "curve: ffdhe2048",
        r"bound to ffdhe2048, a ffdhe group",
    ),
    "hybrid_lists_itself": (
        "groups.yaml",
        "name: X25519MLKEM768",
        "components: [MLKEM768, x25519]",
        "components: [MLKEM768, X25519MLKEM768]",
        r"hybrid group X25519MLKEM768 lists X25519MLKEM768, a hybrid group",
    ),
    "unknown_tls13_message": (
        "extensions.yaml",
        "name: key_share",
        'tls13: "CH, SH, HRR"',
        'tls13: "CH, XX, SH"',
        r"tls13 of extension key_share names 'XX'",
    ),
    "shared_openssl_name": (
        "cipher_suites.yaml",
        "name: TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "openssl_name: ECDHE-RSA-AES256-GCM-SHA384",
        "openssl_name: ECDHE-RSA-AES128-GCM-SHA256",
        r"share the openssl_name 'ECDHE-RSA-AES128-GCM-SHA256'",
    ),
    "suite_on_grease_code": (
        "cipher_suites.yaml",
        "name: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "code: 0xC02F",
        "code: 0x1A1A",
        r"has the GREASE code 0x1A1A",
    ),
    "prf_hash_before_tls12": (
        "cipher_suites.yaml",
        "name: TLS_RSA_EXPORT_WITH_RC4_40_MD5",
        "mac: MD5",
        "mac: MD5\n        prf_hash: SHA256",
        r"ends at TLS_1_0 but names a prf_hash",
    ),
    "session_default_outside_lengths": (
        "session.yaml",
        "- name: master_secret",
        "lengths: [0, 48]",
        "lengths: [48]",
        r"defaults to empty bytes, but its lengths \[48\] exclude 0",
    ),
    "session_negative_max_length": (
        "session.yaml",
        "- name: identity",
        "max_length: 32",
        "max_length: -1",
        r"max_length",
    ),
    "session_time_without_default": (
        "session.yaml",
        "- name: last_activity",
        "default: now",
        "secret: false",
        r"session field 'last_activity' has no default and is not nullable",
    ),
    "session_code_without_registry": (
        "session.yaml",
        "- name: signature_scheme",
        "      registry: SignatureScheme\n",
        "",
        r"session field 'signature_scheme' is a code but names no registry",
    ),
    "session_state_unknown_field": (
        "session.yaml",
        "state:",
        "      - psk_identity\n",
        "      - psk_id\n",
        r"session state field 'psk_id' is not a session field",
    ),
    "session_state_duplicate_field": (
        "session.yaml",
        "state:",
        "      - psk_identity\n",
        "      - psk_identity\n      - psk_identity\n",
        r"duplicate session state field 'psk_identity', first at line \d+",
    ),
    "session_state_private_key": (
        "session.yaml",
        "state:",
        "      - psk_identity\n",
        "      - psk_identity\n      - private_key\n",
        r"'private_key' has type private_key, which the state cannot encode",
    ),
    "session_state_without_master_secret": (
        "session.yaml",
        "state:",
        "      - master_secret\n",
        "",
        r"session state lacks 'master_secret', which resumption needs",
    ),
    "session_state_ticket": (
        "session.yaml",
        "state:",
        "      - psk_identity\n",
        "      - psk_identity\n      - ticket\n",
        r"session state field 'ticket' belongs to the id or ticket by which a cache finds",
    ),
    "session_state_reordered": (
        "session.yaml",
        "state:",
        "      - truncated_hmac\n",
        "      - encrypt_then_mac\n      - truncated_hmac\n",
        r"session state layout digest is [0-9a-f]{16}, but the spec records '2aae3e41c5bcb41a'",
    ),
    "session_state_format_too_large": (
        "session.yaml",
        "state:",
        "format: 2",
        "format: 256",
        r"session state format is 256",
    ),
}


@pytest.mark.parametrize("case", sorted(RULE_CASES))
def test_rule_violation_rejected(case: str, broken: tuple[Path, Path]) -> None:
    spec, out = broken
    filename, anchor, old, new, pattern = RULE_CASES[case]
    if filename == "cipher_suites.yaml" and anchor.endswith("SHA256") and old.startswith("code"):
        # The code line precedes the name line of an entry.
        path = spec / filename
        text = path.read_text()
        assert text.count(old) == 1
        path.write_text(text.replace(old, new))
    else:
        replace_after(spec / filename, anchor, old, new)
    before = snapshot(out)

    result = run_generator("--spec", str(spec), "--out", str(out))

    assert result.returncode == 2, result.stdout + result.stderr
    errors = errors_of(result.stderr)
    assert errors, result.stderr
    assert any(re.search(pattern, error["message"]) for error in errors), result.stderr
    assert all(error["file"] == str(spec / filename) for error in errors), result.stderr
    assert snapshot(out) == before


# (old text, new text, pattern of the error). Each replaces one line of key_schedule.yaml.
SCHEDULE_CASES: dict[str, tuple[str, str, str]] = {
    "undefined_input": (
        "extract: {salt: derived_early, ikm: shared_secret}",
        "extract: {salt: derived_early, ikm: dh_secret}",
        r"ikm 'dh_secret' is not defined before this step",
    ),
    "step_used_before_defined": (
        "derive: {secret: early_secret, label: ext binder, transcript: empty}",
        "derive: {secret: early_exporter_master_secret, label: ext binder, transcript: empty}",
        r"secret 'early_exporter_master_secret' is not defined before this step",
    ),
    "two_operations": (
        "extract: {salt: zeros, ikm: psk}",
        "extract: {salt: zeros, ikm: psk}\n          derive: {secret: psk, label: x, transcript: empty}",
        r"has 2 operations",
    ),
    "non_ascii_label": (
        "label: c hs traffic,",
        "label: c hs trafﬁc,",
        r"is not printable ASCII",
    ),
    "unknown_output": (
        "        - resumption_master_secret\n",
        "        - resumption_secret\n",
        r"output 'resumption_secret' is not one of its steps",
    ),
    "missing_label": (
        "    key_expansion: key expansion\n",
        "",
        r"is missing 'key_expansion'",
    ),
    "when_not_optional": (
        "          when: psk\n          derive: {secret: early_secret, label: ext binder,",
        "          when: early_secret\n          derive: {secret: early_secret, label: ext binder,",
        r"when 'early_secret' is not an optional input of the stage",
    ),
    "length_as_secret": (
        "expand: {secret: client_handshake_traffic_secret, label: key, length: key_length}",
        "expand: {secret: key_length, label: key, length: key_length}",
        r"secret 'key_length' is a length, not bytes",
    ),
    "bytes_as_length": (
        "expand: {secret: client_handshake_traffic_secret, label: iv, length: iv_length}",
        "expand: {secret: client_handshake_traffic_secret, label: iv, length: hello_hash}",
        r"length 'hello_hash' is bytes, not a length",
    ),
    "unknown_input_type": (
        "          type: length\n          doc: The AEAD key length of the suite.\n        - name: iv_length",
        "          type: int\n          doc: The AEAD key length of the suite.\n        - name: iv_length",
        r"input 'key_length' has type 'int'",
    ),
    "reserved_step_name": (
        "        - name: derived_early\n",
        "        - name: padding\n",
        r"'padding' is a name that the generated key_schedule.py defines itself",
    ),
    "stage_named_like_function": (
        "    - name: resumption_secrets\n",
        "    - name: traffic_key\n",
        r"'traffic_key' is a name that the generated key_schedule.py defines itself",
    ),
    "suffix_of_generated_variable": (
        "        - name: derived_handshake\n",
        "        - name: derived_outer\n",
        r"ends in one of _inner, _outer",
    ),
    "duplicate_output": (
        "        - binder_key_resumption\n",
        "        - binder_key_external\n",
        r"output 'binder_key_external' is listed twice",
    ),
    "conditional_output_used_unconditionally": (
        "      outputs:\n        - early_secret\n",
        "        - name: extra_secret\n"
        "          derive: {secret: binder_key_external, label: extra, transcript: empty}\n"
        "      outputs:\n        - early_secret\n",
        r"uses 'binder_key_external', which exists only when psk is given",
    ),
    "empty_label": (
        "label: c hs traffic,",
        "label: '',",
        r"label is empty",
    ),
    "step_named_like_input": (
        "        - name: derived_early\n          derive: {secret: early_secret",
        "        - name: hello_hash\n          derive: {secret: early_secret",
        r"step 'hello_hash' has the name of an input of its stage",
    ),
    "optional_transcript": (
        "label: c hs traffic, transcript: hello_hash}",
        "label: c hs traffic, transcript: shared_secret}",
        r"transcript 'shared_secret' is an optional input",
    ),
    "builtin_step_name": (
        "        - name: derived_early\n",
        "        - name: len\n",
        r"'len' is a name that the generated key_schedule.py defines itself",
    ),
    "tuple_method_step_name": (
        "        - name: derived_early\n",
        "        - name: count\n",
        r"'count' is a name that the generated key_schedule.py defines itself",
    ),
    "duplicate_input": (
        "        - name: hello_hash\n          doc: Transcript-Hash(ClientHello...ServerHello).\n",
        "        - name: hello_hash\n          doc: Transcript-Hash(ClientHello...ServerHello).\n"
        "        - name: hello_hash\n          doc: The same input again.\n",
        r"input 'hello_hash' is listed twice",
    ),
    "input_named_like_record": (
        "        - name: hello_hash\n          doc: Transcript-Hash(ClientHello...ServerHello).\n",
        "        - name: hello_hash\n          doc: Transcript-Hash(ClientHello...ServerHello).\n"
        "        - name: EarlySecrets\n          doc: A clash with a record.\n",
        r"'EarlySecrets' is also the name of a stage or record",
    ),
    "unused_step": (
        "        - binder_key_resumption\n",
        "",
        r"step 'binder_key_resumption' is neither an output nor used by a later step",
    ),
    "unknown_key_block_length": (
        "      length: fixed_iv_length\n",
        "      length: record_iv_length\n",
        r"key_block length 'record_iv_length' is not a cipher-spec length",
    ),
}


@pytest.mark.parametrize("case", sorted(SCHEDULE_CASES))
def test_bad_key_schedule_rejected(case: str, broken: tuple[Path, Path]) -> None:
    spec, out = broken
    old, new, pattern = SCHEDULE_CASES[case]
    path = spec / "key_schedule.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    before = snapshot(out)

    result = run_generator("--spec", str(spec), "--out", str(out))

    assert result.returncode == 2, result.stdout + result.stderr
    errors = errors_of(result.stderr)
    assert errors, result.stderr
    assert all(error["file"] == str(path) for error in errors), result.stderr
    assert any(re.search(pattern, error["message"]) for error in errors), result.stderr
    assert all(error["hint"] for error in errors)
    assert snapshot(out) == before


def test_label_that_is_no_identifier_compiles(broken: tuple[Path, Path]) -> None:
    """A label such as "i-v" is only data; the generated variable names stay valid."""
    spec, out = broken
    path = spec / "key_schedule.yaml"
    text = path.read_text()
    old = "expand: {secret: client_handshake_traffic_secret, label: iv, length: iv_length}"
    assert old in text
    path.write_text(text.replace(old, old.replace("label: iv,", "label: i-v,"), 1))

    result = run_generator("--spec", str(spec), "--out", str(out))

    assert result.returncode == 0, result.stderr
    assert "_expand_info(b'i-v', iv_length)" in (out / "key_schedule.py").read_text()


def test_one_mistake_gives_one_error(broken: tuple[Path, Path]) -> None:
    """A broken step still counts as defined, so its users add no errors of their own."""
    spec, out = broken
    path = spec / "key_schedule.yaml"
    text = path.read_text()
    old = "extract: {salt: derived_early, ikm: shared_secret}"
    path.write_text(text.replace(old, "extract: {salt: derived_early, ikm: dh_secret}", 1))

    result = run_generator("--spec", str(spec), "--out", str(out))

    assert result.returncode == 2
    errors = errors_of(result.stderr)
    assert len(errors) == 1, result.stderr


def test_rules_run_beside_errors_in_other_files(broken: tuple[Path, Path]) -> None:
    """A rule of versions.yaml is reported although key_schedule.yaml has an error too."""
    spec, out = broken
    versions = spec / "versions.yaml"
    old = "        tls_equivalent: TLS_1_2\n        references: [RFC6347]"
    versions.write_text(
        versions.read_text().replace(
            old, old.replace("references", "prf: tls12\n        references")
        )
    )
    schedule = spec / "key_schedule.yaml"
    schedule.write_text(schedule.read_text().replace("label: c hs traffic,", "label: '',", 1))

    result = run_generator("--spec", str(spec), "--out", str(out))

    assert result.returncode == 2
    files = sorted(Path(match["file"]).name for match in errors_of(result.stderr))
    assert files == ["key_schedule.yaml", "versions.yaml"], result.stderr


def test_dtls_version_with_own_prf_rejected(broken: tuple[Path, Path]) -> None:
    spec, out = broken
    path = spec / "versions.yaml"
    text = path.read_text()
    old = "        tls_equivalent: TLS_1_2\n        references: [RFC6347]"
    assert old in text
    path.write_text(text.replace(old, old.replace("references", "prf: tls12\n        references")))
    result = run_generator("--spec", str(spec), "--out", str(out))
    assert result.returncode == 2
    assert "is a DTLS version with its own prf" in result.stderr
