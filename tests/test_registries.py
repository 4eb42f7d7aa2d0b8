"""Every registry: codes, names and records round-trip; lookups are total over the range."""

from __future__ import annotations

import enum as stdlib_enum
from collections.abc import Callable
from enum import IntEnum
from typing import Any

import pytest
import tlsspec
from hypothesis import example, given
from hypothesis import strategies as st
from tlsspec import Status, UnknownNameError

# enum -> (info function, by-name function, all records, bits)
REGISTRIES: dict[
    type[IntEnum], tuple[Callable[[int], Any], Callable[[str], Any], tuple[Any, ...], int]
] = {
    tlsspec.ProtocolVersion: (
        tlsspec.protocol_version_info,
        tlsspec.protocol_version_by_name,
        tlsspec.protocol_version_infos(),
        16,
    ),
    tlsspec.CipherSuite: (
        tlsspec.cipher_suite_info,
        tlsspec.cipher_suite_by_name,
        tlsspec.cipher_suite_infos(),
        16,
    ),
    tlsspec.NamedGroup: (tlsspec.group_info, tlsspec.group_by_name, tlsspec.group_infos(), 16),
    tlsspec.ECPointFormat: (
        tlsspec.ec_point_format_info,
        tlsspec.ec_point_format_by_name,
        tlsspec.ec_point_format_infos(),
        8,
    ),
    tlsspec.SignatureScheme: (
        tlsspec.signature_scheme_info,
        tlsspec.signature_scheme_by_name,
        tlsspec.signature_scheme_infos(),
        16,
    ),
    tlsspec.HashAlgorithm: (
        tlsspec.hash_algorithm_info,
        tlsspec.hash_algorithm_by_name,
        tlsspec.hash_algorithm_infos(),
        8,
    ),
    tlsspec.SignatureAlgorithm: (
        tlsspec.signature_algorithm_info,
        tlsspec.signature_algorithm_by_name,
        tlsspec.signature_algorithm_infos(),
        8,
    ),
    tlsspec.ExtensionType: (
        tlsspec.extension_type_info,
        tlsspec.extension_type_by_name,
        tlsspec.extension_type_infos(),
        16,
    ),
    tlsspec.MaxFragmentLength: (
        tlsspec.max_fragment_length_info,
        tlsspec.max_fragment_length_by_name,
        tlsspec.max_fragment_length_infos(),
        8,
    ),
    tlsspec.HeartbeatMode: (
        tlsspec.heartbeat_mode_info,
        tlsspec.heartbeat_mode_by_name,
        tlsspec.heartbeat_mode_infos(),
        8,
    ),
    tlsspec.HeartbeatMessageType: (
        tlsspec.heartbeat_message_type_info,
        tlsspec.heartbeat_message_type_by_name,
        tlsspec.heartbeat_message_type_infos(),
        8,
    ),
    tlsspec.AlertLevel: (
        tlsspec.alert_level_info,
        tlsspec.alert_level_by_name,
        tlsspec.alert_level_infos(),
        8,
    ),
    tlsspec.AlertDescription: (
        tlsspec.alert_description_info,
        tlsspec.alert_description_by_name,
        tlsspec.alert_description_infos(),
        8,
    ),
    tlsspec.HandshakeType: (
        tlsspec.handshake_type_info,
        tlsspec.handshake_type_by_name,
        tlsspec.handshake_type_infos(),
        8,
    ),
    tlsspec.ContentType: (
        tlsspec.content_type_info,
        tlsspec.content_type_by_name,
        tlsspec.content_type_infos(),
        8,
    ),
    tlsspec.CompressionMethod: (
        tlsspec.compression_method_info,
        tlsspec.compression_method_by_name,
        tlsspec.compression_method_infos(),
        8,
    ),
}
ENUMS = sorted(REGISTRIES, key=lambda enum: enum.__name__)
GREASE = [0x0A0A + 0x1010 * i for i in range(16)]


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_members_round_trip(enum: type[IntEnum]) -> None:
    info_of, by_name, records, _ = REGISTRIES[enum]
    assert len(records) == len(enum)
    for member in enum:
        info = info_of(member)
        assert info.code == member.value
        assert info.name == member.name
        assert info.status is Status.ASSIGNED
        assert by_name(member.name) is info
        assert enum(info.code) is member
        assert enum[info.name] is member
        assert (
            str(info).splitlines()[0]
            == f"{member.name} (0x{member.value:0{REGISTRIES[enum][3] // 4}X})"
        )


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_records_in_code_order_and_unique(enum: type[IntEnum]) -> None:
    _, _, records, _ = REGISTRIES[enum]
    codes = [record.code for record in records]
    names = [record.name for record in records]
    assert codes == sorted(set(codes))
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_total_over_range(enum: type[IntEnum]) -> None:
    info_of, _, _, bits = REGISTRIES[enum]
    digits = bits // 4
    for code in range(1 << bits):
        info = info_of(code)
        assert info.code == code
        if info.status is not Status.ASSIGNED:
            assert info.name == f"0x{code:0{digits}X}"
            assert str(info) == info.name
            assert code not in set(enum)


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
@pytest.mark.parametrize("bad", [-1, 1 << 16, 1 << 64])
def test_out_of_range_raises(enum: type[IntEnum], bad: int) -> None:
    info_of, _, _, bits = REGISTRIES[enum]
    if bits == 16 and bad == -1:
        bad = -1
    elif bits == 8 and bad == 1 << 16:
        bad = 256
    with pytest.raises(
        ValueError, match=rf"code {bad} is out of range; expected 0 to 0x{(1 << bits) - 1:x}"
    ):
        info_of(bad)


@pytest.mark.parametrize("bad", ["0xC02F", 49199.0, None, True, b"\xc0\x2f"])
def test_non_integer_raises(bad: object) -> None:
    with pytest.raises(ValueError, match="is not an integer; expected an int from 0 to 0xffff"):
        tlsspec.cipher_suite_info(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_unknown_name_raises(enum: type[IntEnum]) -> None:
    _, by_name, _, _ = REGISTRIES[enum]
    with pytest.raises(UnknownNameError, match=r"no .* is named 'NOT_A_NAME'"):
        by_name("NOT_A_NAME")
    with pytest.raises(KeyError):
        by_name("NOT_A_NAME")
    with pytest.raises(ValueError):
        by_name("NOT_A_NAME")


@given(st.integers(min_value=0, max_value=0xFFFF))
@example(0x0A0A)
@example(0xFAFA)
@example(0xFFFF)
def test_grease_rule(code: int) -> None:
    is_grease = code in GREASE
    for info_of in (
        tlsspec.cipher_suite_info,
        tlsspec.group_info,
        tlsspec.signature_scheme_info,
        tlsspec.extension_type_info,
        tlsspec.protocol_version_info,
    ):
        assert (info_of(code).status is Status.GREASE) == is_grease, (info_of.__name__, hex(code))


@given(st.sampled_from(list(tlsspec.CipherSuite)))
def test_info_records_are_frozen(member: tlsspec.CipherSuite) -> None:
    info = tlsspec.cipher_suite_info(member)
    with pytest.raises(AttributeError, match="has no setter"):
        info.name = "changed"  # type: ignore[misc]
    assert info == tlsspec.cipher_suite_info(int(member))
    assert hash(info) == hash(tlsspec.cipher_suite_info(int(member)))


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_fast_enum_matches_class_syntax(enum: type[IntEnum]) -> None:
    # int_enum builds the enums with CPython's private enum._simple_enum; the stdlib's own
    # check compares the result with the same enum written the ordinary way.
    ordinary = IntEnum(  # type: ignore[misc]
        enum.__name__,
        [(member.name, member.value) for member in enum],
        module=enum.__module__,
        qualname=enum.__qualname__,
    )
    ordinary.__doc__ = enum.__doc__
    check = getattr(stdlib_enum, "_test_simple_enum", None)
    if check is None:
        pytest.skip("this Python has no enum._test_simple_enum")
    check(ordinary, enum)
    assert [m.name for m in enum] == [m.name for m in ordinary]
    assert {m.value for m in enum} == {m.value for m in ordinary}


@given(st.data())
def test_any_code_round_trips(data: st.DataObject) -> None:
    enum = data.draw(st.sampled_from(ENUMS))
    info_of, by_name, _, bits = REGISTRIES[enum]
    code = data.draw(st.integers(min_value=0, max_value=(1 << bits) - 1))
    info = info_of(code)
    assert info.code == code
    if info.status is Status.ASSIGNED:
        assert enum(code).name == info.name
        assert by_name(info.name) == info
    else:
        assert info.name == f"0x{code:0{bits // 4}X}"
        with pytest.raises(ValueError):
            enum(code)
