"""The key-schedule compiler: variants of spec/key_schedule.yaml compile into correct code.

Each test edits a copy of the spec, generates the package into a temporary folder, loads
the new key_schedule.py and compares its stage with tlsspec.prf's HKDF functions, which
tests/test_vectors.py checks against the published vectors.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

from tlsspec import prf

from tests.paths import GENERATED, SPEC
from tests.test_generator import run_generator

EMPTY = prf.transcript_hash("sha256", b"")


def compile_variant(tmp_path: Path, old: str, new: str) -> ModuleType:
    """Generate the package from the spec with `old` replaced by `new`; load key_schedule."""
    spec, out = tmp_path / "spec", tmp_path / "out"
    shutil.copytree(SPEC, spec)
    shutil.copytree(GENERATED, out, ignore=shutil.ignore_patterns("__pycache__"))
    path = spec / "key_schedule.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))

    result = run_generator("--spec", str(spec), "--out", str(out))
    assert result.returncode == 0, result.stderr

    name = f"key_schedule_variant_{tmp_path.name}"
    loader = importlib.util.spec_from_file_location(name, out / "key_schedule.py")
    assert loader is not None
    assert loader.loader is not None
    module = importlib.util.module_from_spec(loader)
    sys.modules[name] = module
    loader.loader.exec_module(module)
    return module


def test_key_used_with_and_without_condition(tmp_path: Path) -> None:
    """A secret that keys conditional and unconditional steps is padded before both."""
    module = compile_variant(
        tmp_path,
        "      outputs:\n        - early_secret\n",
        "        - name: early_derived\n"
        "          derive: {secret: early_secret, label: derived, transcript: empty}\n"
        "        - name: early_check\n"
        "          when: psk\n"
        "          derive: {secret: early_secret, label: check, transcript: empty}\n"
        "      outputs:\n        - early_derived\n        - early_check\n        - early_secret\n",
    )
    psk = bytes(range(48))

    with_psk = module.early_secrets("sha256", psk)
    without_psk = module.early_secrets("sha256", None)

    early = prf.hkdf_extract("sha256", b"", psk)
    assert with_psk.early_secret == early
    assert with_psk.binder_key_external == prf.derive_secret("sha256", early, b"ext binder", EMPTY)
    assert with_psk.early_derived == prf.derive_secret("sha256", early, b"derived", EMPTY)
    assert with_psk.early_check == prf.derive_secret("sha256", early, b"check", EMPTY)
    assert without_psk.early_check is None
    assert without_psk.binder_key_external is None
    no_psk = prf.hkdf_extract("sha256", b"", bytes(32))
    assert without_psk.early_derived == prf.derive_secret("sha256", no_psk, b"derived", EMPTY)


def test_zeros_as_derive_secret(tmp_path: Path) -> None:
    """The constant zeros may key a Derive-Secret as well as salt an extraction."""
    module = compile_variant(
        tmp_path,
        "      outputs:\n        - early_secret\n",
        "        - name: zero_keyed\n"
        "          derive: {secret: zeros, label: zero, transcript: empty}\n"
        "      outputs:\n        - zero_keyed\n        - early_secret\n",
    )

    secrets = module.early_secrets("sha256", None)

    assert secrets.zero_keyed == prf.derive_secret("sha256", bytes(32), b"zero", EMPTY)


def test_optional_input_as_salt(tmp_path: Path) -> None:
    """An optional input of any length keys an HMAC through pads(), not the fast path."""
    module = compile_variant(
        tmp_path,
        "        - name: early_secret\n          extract: {salt: zeros, ikm: psk}\n",
        "        - name: early_secret\n          extract: {salt: psk, ikm: zeros}\n",
    )
    psk = bytes(range(100))

    secrets = module.early_secrets("sha256", psk)

    assert secrets.early_secret == prf.hkdf_extract("sha256", psk, bytes(32))
