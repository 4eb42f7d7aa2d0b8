"""Derive the session module and the package's __init__ from the validated spec."""

from __future__ import annotations

from typing import Any

from generator.derive import ModuleOut, header, isort_key, literal
from generator.model import SessionField, Spec
from generator.schema import REGISTRIES, SPEC_FILES

# Session type -> (annotation, setter expression). {field} is the field name.
_TYPES: dict[str, tuple[str, str]] = {
    "bytes": ("bytes", "check_bytes({field!r}, value, {lengths}, {max_length})"),
    "bool": ("bool", "check_bool({field!r}, value)"),
    "int": ("int", "check_choice({field!r}, value, {choices})"),
    "time": ("float", "check_time({field!r}, value)"),
    "host_name": ("str", "check_host_name({field!r}, value)"),
    "member": ("{registry}", "check_member({field!r}, value, {registry})"),
    "code": ("{registry} | int", "check_code_point({field!r}, value, {registry})"),
    "codes": ("tuple[int, ...]", "check_codes({field!r}, value)"),
    "der_chain": ("tuple[bytes, ...]", "check_der_chain({field!r}, value)"),
    "private_key": ("PrivateKeyTypes", "check_private_key({field!r}, value)"),
    "public_key": ("PublicKeyTypes", "check_public_key({field!r}, value)"),
    "mapping": ("dict[str, object]", "check_mapping({field!r}, value)"),
    "cipher_spec": ("CipherSpec", "check_cipher_spec({field!r}, value)"),
    "point_format": ("ECPointFormat | NoSupportedOverlap", "check_point_format({field!r}, value)"),
}


# Session type -> what __init__ accepts, where that is wider than what the field holds.
_INPUTS: dict[str, str] = {
    "member": "{registry} | int",
    "code": "{registry} | int",
    "codes": "list[int] | tuple[int, ...]",
    "der_chain": "list[bytes] | tuple[bytes, ...]",
    "point_format": "ECPointFormat | NoSupportedOverlap | int",
    "bytes": "bytes | bytearray | memoryview",
}


def field_out(field: SessionField) -> dict[str, Any]:
    """Return the template values of one session field."""
    annotation, setter = _TYPES[field.type]
    if field.type == "member" and field.registry == "CipherSuite":
        # RFC 5746, Section 3.3: a signalling value is not a suite and is never negotiated.
        setter = "check_negotiable_suite({field!r}, value)"
    annotation = annotation.format(registry=field.registry)
    check = setter.format(
        field=field.name,
        lengths=literal(field.lengths),
        max_length=field.max_length,
        choices=literal(field.choices),
        registry=field.registry,
    )
    accepted = _INPUTS.get(field.type, annotation).format(registry=field.registry)
    if field.nullable:
        annotation = f"{annotation} | None"
        check = f"None if value is None else {check}"
    return {
        "name": field.name,
        "annotation": annotation,
        "accepted": f"{accepted} | None" if field.nullable or field.default == "now" else accepted,
        "parameter_default": "None" if field.default == "now" else default_literal(field),
        "check": check,
        "default": default_literal(field),
        "doc": field.doc,
        "secret": field.secret,
    }


def default_literal(field: SessionField) -> str:
    """Return the Python expression of a field's default."""
    value = field.default
    if value is None:
        return "None"
    if field.type == "bytes":
        return 'b""'
    if field.type == "time":
        return "time.time()"
    if field.type in ("member", "code"):
        return f"{field.registry}.{value}"
    if field.type == "point_format":
        return f"ECPointFormat.{value}"
    if field.type in ("codes", "der_chain"):
        return "(" + "".join(f"0x{v:04X}, " for v in value).rstrip(" ") + ")" if value else "()"
    return literal(value)


def session_module(spec: Spec) -> ModuleOut:
    """Return the session module."""
    registries = sorted({f.registry for f in spec.session_fields if f.registry} | {"ECPointFormat"})
    module_of = {r.name: r.module for r in REGISTRIES}
    imports: dict[str, list[str]] = {}
    for name in registries:
        imports.setdefault(module_of[name], []).append(name)
    if "CipherSuite" in registries:
        imports["cipher_suites"].append("cipher_suite_info")
    return ModuleOut(
        "session.py",
        "session.py.j2",
        {
            "header": header(spec, ("session",)),
            "doc": spec.session_doc,
            "imports": [
                f"from tlsspec.{module} import {', '.join(sorted(names, key=isort_key))}"
                for module, names in sorted(imports.items())
            ],
            "checks_suites": "CipherSuite" in registries,
            "fields": [field_out(f) for f in spec.session_fields],
            "slots": sorted(f"_{f.name}" for f in spec.session_fields),
        },
    )


def init_module(spec: Spec) -> ModuleOut:
    """Return the package's __init__, which re-exports every public name."""
    exports: dict[str, list[str]] = {}
    for registry in REGISTRIES:
        if registry.name not in spec.registries:
            continue
        names = exports.setdefault(registry.module, [])
        names += [
            registry.name,
            f"{registry.name}Info",
            f"{registry.function_prefix}_infos",
            f"{registry.function_prefix}_info",
            f"{registry.function_prefix}_by_name",
        ]
        names += [
            f"{registry.function_prefix}_by_{f.key}"
            for f in registry.fields
            if f.key in ("openssl_name", "gnutls_name")
        ]
    exports.setdefault("signature_schemes", []).append("DEFAULT_SIGNATURE_ALGORITHMS")
    exports["session"] = ["NO_SUPPORTED_OVERLAP", "NoSupportedOverlap", "Session"]
    exports["_runtime"] = ["Status", "UnknownNameError"]
    lines = []
    for module, names in sorted(exports.items()):
        lines.append(f"from tlsspec.{module} import (")
        lines += [f"    {name}," for name in sorted(names, key=isort_key)]
        lines.append(")")
    # Loaded on first use (PEP 562), because dataclasses and typing would double the
    # import time of the package for callers that only read the registries.
    lazy = {
        "CipherSpec": "cipher_specs",
        "cipher_spec": "cipher_specs",
        "CertificatePair": "certificates",
        "certificate_data": "certificates",
        "SessionCache": "session_cache",
        "TicketKeys": "tickets",
        "RedisSessionCache": "redis_cache",
    }
    lazy_modules: dict[str, list[str]] = {}
    for name, module in lazy.items():
        lazy_modules.setdefault(module, []).append(name)
    every = sorted([*(name for names in exports.values() for name in names), *lazy], key=isort_key)
    return ModuleOut(
        "__init__.py",
        "init.py.j2",
        {
            "header": header(spec, SPEC_FILES),
            "imports": lines,
            "names": every,
            "lazy": lazy,
            "lazy_imports": [
                f"from tlsspec.{module} import {', '.join(sorted(names, key=isort_key))}"
                for module, names in sorted(lazy_modules.items())
            ],
        },
    )
