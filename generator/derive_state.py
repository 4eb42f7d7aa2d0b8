"""Derive the session state codec: the byte form of the fields listed under `state`.

The codec is straight-line code, one block per field in spec order, so that decoding a
ticket costs a few struct reads and the same checks the Session setters run. The wire
forms follow TLS's presentation language (RFC 8446, Section 3): big-endian integers, and
vectors with a length prefix just wide enough for the field's maximum length.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.derive import ModuleOut, header, isort_key
from generator.derive_session import default_literal, field_out
from generator.model import SessionField, Spec
from generator.schema import REGISTRIES

# A vector's length prefix, by the most bytes its field may hold.
_UINT24_MAX = 0xFFFFFF


@dataclass
class FieldCode:
    """The encode and decode lines of one state field, indented for the template."""

    name: str
    encode: list[str]
    decode: list[str]


def prefix_width(max_length: int) -> int:
    """Return the bytes of a length prefix that can count up to `max_length`."""
    if max_length <= 0xFF:
        return 1
    if max_length <= 0xFFFF:
        return 2
    return 3


class StateCompiler:
    """Emit the encode and decode lines of each state field."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.fields = {f.name: f for f in spec.session_fields}

    def member_width(self, field: SessionField) -> int:
        """Return the bytes of a member's code: its registry's code width."""
        assert field.registry is not None
        return self.spec.registries[field.registry].bits // 8

    def compile(self, name: str) -> FieldCode:
        """Return the code of one field: encode reads `value`, decode assigns the slot."""
        field = self.fields[name]
        encode = self.encode_value(field)
        decode = self.decode_value(field)
        if field.nullable:
            encode = [
                "if value is None:",
                '    append(b"\\x00")',
                "else:",
                '    append(b"\\x01")',
                *(f"    {line}" for line in encode),
            ]
            decode = [
                "present = data[offset]",
                "offset += 1",
                "if present == 0:",
                "    value = None",
                "elif present == 1:",
                *(f"    {line}" for line in decode),
                "else:",
                f"    raise _invalid({name!r}, offset - 1, 'a presence byte of 0 or 1')",
            ]
        decode.append(f"session._{name} = {self.decode_check(field)}")
        return FieldCode(name, [f"value = session._{name}", *encode], decode)

    def decode_check(self, field: SessionField) -> str:
        """Return the expression that checks a decoded `value` as its setter would.

        Where the wire form already guarantees what the setter checks (a bool byte, 16-bit
        codes, certificates that _split_chain checked), the value is taken as it is, which
        keeps decoding fast. A plain member is converted by its enum, whose ValueError the
        decoder reports. Every other value goes through the setter's own check, whose
        message names the field and the expected form, and for bytes only lengths.
        """
        check: str = field_out(field)["check"]
        direct = None
        if field.type in ("bool", "codes", "der_chain"):
            direct = "value"
        elif field.type == "member" and "check_member(" in check:
            direct = f"{field.registry}(value)"
        if direct is None:
            return check
        return f"None if value is None else {direct}" if field.nullable else direct

    def encode_value(self, field: SessionField) -> list[str]:
        """Return lines that append the byte form of `value` (not None) to the parts."""
        kind = field.type
        name = field.name
        if kind == "bytes":
            return self.encode_vector(name, "value", self.bytes_width(field))

        if kind == "bool":
            return ['append(b"\\x01" if value else b"\\x00")']

        if kind == "int":
            width = (max(field.choices).bit_length() + 7) // 8
            return [f'append(value.to_bytes({width}, "big"))']

        if kind == "time":
            return ["append(_DOUBLE.pack(value))"]

        if kind == "host_name":
            return self.encode_vector(name, 'value.encode("ascii")', 1)

        if kind in ("member", "code"):
            return [f'append(value.to_bytes({self.member_width(field)}, "big"))']

        if kind == "point_format":
            return [
                "if value is NO_SUPPORTED_OVERLAP:",
                '    append(b"\\x00")',
                "else:",
                '    append(b"\\x01" + value.to_bytes(1, "big"))',
            ]

        if kind == "codes":
            return [
                *self.check_length(name, "2 * len(value)", 2),
                'append((2 * len(value)).to_bytes(2, "big"))',
                'append(struct.pack(f">{len(value)}H", *value))',
            ]

        if kind == "der_chain":
            return [
                'chain = b"".join(len(cert).to_bytes(3, "big") + cert for cert in value)',
                *self.check_length(name, "len(chain)", 3),
                'append(len(chain).to_bytes(3, "big"))',
                "append(chain)",
            ]

        raise AssertionError(f"type {kind} has no byte form; validation should reject it")

    def decode_value(self, field: SessionField) -> list[str]:
        """Return lines that read one value at `offset` into `value` and advance `offset`."""
        kind = field.type
        name = field.name
        if kind == "bytes":
            return self.decode_vector(name, self.bytes_width(field))

        if kind == "bool":
            return [
                "flag = data[offset]",
                "if flag > 1:",
                f"    raise _invalid({name!r}, offset, 'a boolean byte of 0 or 1')",
                "value = flag == 1",
                "offset += 1",
            ]

        if kind == "int":
            width = (max(field.choices).bit_length() + 7) // 8
            return self.decode_uint(width)

        if kind == "time":
            return ["value = _DOUBLE.unpack_from(data, offset)[0]", "offset += 8"]

        if kind == "host_name":
            return [
                *self.decode_vector(name, 1),
                "if not value.isascii():",
                f"    raise _invalid({name!r}, offset, 'an ASCII host name')",
                'value = value.decode("ascii")',
            ]

        if kind in ("member", "code"):
            return self.decode_uint(self.member_width(field))

        if kind == "point_format":
            return [
                "tag = data[offset]",
                "if tag == 0:",
                "    value = NO_SUPPORTED_OVERLAP",
                "    offset += 1",
                "elif tag == 1:",
                "    value = data[offset + 1]",
                "    offset += 2",
                "else:",
                f"    raise _invalid({name!r}, offset, 'a point-format tag of 0 or 1')",
            ]

        if kind == "codes":
            return [
                *self.decode_vector(name, 2),
                "if len(value) % 2:",
                f"    raise _invalid({name!r}, offset, 'an even number of bytes of 16-bit codes')",
                'value = struct.unpack(f">{len(value) // 2}H", value)',
            ]

        if kind == "der_chain":
            return [
                *self.decode_vector(name, 3),
                "value = _split_chain(value, offset)",
            ]

        raise AssertionError(f"type {kind} has no byte form; validation should reject it")

    def bytes_width(self, field: SessionField) -> int:
        """Return the length prefix of a bytes field, from its largest allowed length."""
        largest = max(field.lengths) if field.lengths else field.max_length
        return prefix_width(largest if largest is not None else _UINT24_MAX)

    @staticmethod
    def check_length(name: str, expression: str, width: int) -> list[str]:
        """Return lines that reject a value too long for its length prefix."""
        limit = (1 << (8 * width)) - 1
        return [
            f"if {expression} > 0x{limit:X}:",
            f"    raise SessionStateError(f'{name} is too long to encode: {{{expression}}} bytes,"
            f" at most {limit} fit')",
        ]

    def encode_vector(self, name: str, expression: str, width: int) -> list[str]:
        """Return lines that append a length-prefixed byte string."""
        return [
            f"data = {expression}",
            *self.check_length(name, "len(data)", width),
            f'append(len(data).to_bytes({width}, "big"))',
            "append(data)",
        ]

    @staticmethod
    def decode_uint(width: int) -> list[str]:
        """Return lines that read a big-endian unsigned integer of `width` bytes."""
        if width == 1:
            return ["value = data[offset]", "offset += 1"]
        reader = {2: "_UINT16", 4: "_UINT32"}[width]
        return [f"value = {reader}.unpack_from(data, offset)[0]", f"offset += {width}"]

    @staticmethod
    def decode_vector(name: str, width: int) -> list[str]:
        """Return lines that read a length-prefixed byte string into `value`."""
        if width == 1:
            length = ["length = data[offset]"]
        elif width == 2:
            length = ["length = _UINT16.unpack_from(data, offset)[0]"]
        else:
            length = ['length = int.from_bytes(data[offset : offset + 3], "big")']
        return [
            *length,
            f"offset += {width}",
            "end = offset + length",
            "if end > size:",
            f"    raise _truncated({name!r}, offset)",
            "value = data[offset:end]",
            "offset = end",
        ]


# Checks that the session module defines; every other check comes from tlsspec._runtime.
_SESSION_CHECKS = ("check_point_format", "check_negotiable_suite")


def called_check(expression: str) -> str | None:
    """Return the name of the check function that a decode expression calls, if any."""
    call = expression.removeprefix("None if value is None else ")
    return call.split("(")[0] if call.startswith("check_") else None


def state_imports(
    spec: Spec, compiler: StateCompiler, in_state: set[str]
) -> tuple[list[str], list[str]]:
    """Return the names imported from tlsspec._runtime, and the other import lines."""
    fields = [f for f in spec.session_fields if f.name in in_state]
    expressions = {f.name: compiler.decode_check(f) for f in fields}
    checks = {called_check(expression) for expression in expressions.values()} - {None}

    # A registry is imported only where a check names it: check_negotiable_suite, for one,
    # converts suites itself.
    module_of = {r.name: r.module for r in REGISTRIES}
    imports: dict[str, list[str]] = {}
    for registry in sorted({f.registry for f in fields if f.registry}):
        if any(registry in expressions[f.name] for f in fields if f.registry == registry):
            imports.setdefault(module_of[registry], []).append(registry)
    imports["session"] = ["Session", *sorted(c for c in checks if c in _SESSION_CHECKS)]

    runtime = sorted(
        {c for c in checks if c is not None and c not in _SESSION_CHECKS}
        | {"NO_SUPPORTED_OVERLAP"},
        key=isort_key,
    )
    lines = [
        f"from tlsspec.{module} import {', '.join(sorted(names, key=isort_key))}"
        for module, names in sorted(imports.items())
    ]
    return runtime, lines


def session_state_module(spec: Spec) -> ModuleOut:
    """Return the session state codec module."""
    compiler = StateCompiler(spec)
    state = [compiler.compile(name) for name in spec.session_state_fields]
    in_state = set(spec.session_state_fields)
    others = [(f.name, default_literal(f)) for f in spec.session_fields if f.name not in in_state]
    runtime, import_lines = state_imports(spec, compiler, in_state)

    return ModuleOut(
        "session_state.py",
        "session_state.py.j2",
        {
            "header": header(spec, ("session",)),
            "format": spec.session_state_format,
            "field_names": spec.session_state_fields,
            "fields": state,
            "others": others,
            "runtime_imports": runtime,
            "registry_imports": import_lines,
            "uses_time": any(value == "time.time()" for _, value in others),
        },
    )
