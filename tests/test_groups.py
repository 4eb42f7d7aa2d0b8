"""Supported groups against pyca/cryptography, an independent source of curve sizes."""

from __future__ import annotations

import importlib

import pytest
import tlsspec
from cryptography.hazmat.primitives.asymmetric import ec
from tlsspec import NamedGroupInfo

WITH_CLASS = [info for info in tlsspec.group_infos() if info.cryptography]


def resolve(path: str) -> object:
    """Return the object that a path such as 'ec.SECP256R1' names in cryptography."""
    module, _, name = path.partition(".")
    return getattr(
        importlib.import_module(f"cryptography.hazmat.primitives.asymmetric.{module}"), name
    )


def test_common_groups_have_a_class() -> None:
    names = {info.name for info in WITH_CLASS}
    assert {"secp256r1", "secp384r1", "secp521r1", "x25519", "x448"} <= names


@pytest.mark.parametrize("info", WITH_CLASS, ids=lambda info: info.name)
def test_cryptography_class_exists(info: NamedGroupInfo) -> None:
    assert info.cryptography is not None
    assert resolve(info.cryptography) is not None


@pytest.mark.parametrize(
    "info",
    [i for i in WITH_CLASS if (i.cryptography or "").startswith("ec.")],
    ids=lambda i: i.name,
)
def test_curve_size_matches_cryptography(info: NamedGroupInfo) -> None:
    assert info.cryptography is not None
    curve = resolve(info.cryptography)
    assert isinstance(curve, type)
    assert issubclass(curve, ec.EllipticCurve)
    assert curve().key_size == info.bits
    assert info.kind == "short_weierstrass"


@pytest.mark.parametrize(("name", "bits"), [("x25519", 255), ("x448", 448)])
def test_montgomery_sizes(name: str, bits: int) -> None:
    # RFC 7748, Section 4.1 and 4.2: curve25519 over 2^255 - 19, curve448 over 2^448 - 2^224 - 1.
    info = tlsspec.group_by_name(name)
    assert info.kind == "montgomery"
    assert info.bits == bits


@pytest.mark.parametrize(
    ("name", "bits", "security"),
    [("ffdhe2048", 2048, 103), ("ffdhe3072", 3072, 125), ("ffdhe4096", 4096, 150)],
)
def test_ffdhe_strengths(name: str, bits: int, security: int) -> None:
    # RFC 7919, Appendix A: the estimated strength of each group.
    info = tlsspec.group_by_name(name)
    assert info.kind == "ffdhe"
    assert info.bits == bits
    assert info.security_bits == security
