"""The validated spec: plain typed records that the derive stage reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.errors import Position
from generator.schema import RegistrySpec, TableSpec


@dataclass
class Entry:
    """An assigned value of a registry."""

    code: int
    name: str
    position: Position
    dtls_ok: bool | None = None
    recommended: str | None = None
    references: tuple[str, ...] = ()
    comment: str | None = None
    description: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    extra_positions: dict[str, Position] = field(default_factory=dict)


@dataclass
class Range:
    """A run of values that is reserved, unassigned or for private use."""

    first: int
    last: int
    status: str
    position: Position
    description: str | None = None
    references: tuple[str, ...] = ()


@dataclass
class Registry:
    """One registry of a spec file."""

    spec: RegistrySpec
    title: str
    url: str
    source: str | None
    bits: int
    grease: bool
    ranges: list[Range]
    entries: list[Entry]
    position: Position


@dataclass
class Algorithm:
    """A named row of an algorithms.yaml table."""

    table: TableSpec
    name: str
    values: dict[str, Any]
    position: Position


@dataclass
class DefaultSignatureRule:
    """RFC 5246, Section 7.4.1.4.1: the pair assumed for some key exchanges."""

    key_exchanges: tuple[str, ...]
    hash: str
    signature: str
    position: Position


@dataclass
class SessionField:
    """A field of the session model."""

    name: str
    type: str
    doc: str
    position: Position
    default: Any = None
    secret: bool = False
    nullable: bool = False
    registry: str | None = None
    lengths: tuple[int, ...] = ()
    max_length: int | None = None
    choices: tuple[int, ...] = ()
    references: tuple[str, ...] = ()


@dataclass
class Spec:
    """Everything in spec/, validated."""

    files: dict[str, bytes] = field(default_factory=dict)
    algorithms: dict[str, dict[str, Algorithm]] = field(default_factory=dict)
    registries: dict[str, Registry] = field(default_factory=dict)
    default_signature_rules: list[DefaultSignatureRule] = field(default_factory=list)
    session_doc: str = ""
    session_fields: list[SessionField] = field(default_factory=list)
    session_state_format: int = 0
    session_state_fields: list[str] = field(default_factory=list)
    key_schedule: KeySchedule | None = None


@dataclass
class KeyBlockPart:
    """A slice of the TLS 1.2 key block and the cipher-spec field that gives its length."""

    name: str
    length: str
    position: Position


@dataclass
class ScheduleInput:
    """An argument of a TLS 1.3 key-schedule stage."""

    name: str
    doc: str
    optional: bool = False
    kind: str = "bytes"  # bytes or length


@dataclass
class ScheduleStep:
    """One HKDF-Extract or Derive-Secret of the TLS 1.3 key schedule."""

    name: str
    operation: str  # extract, derive or expand
    arguments: dict[str, str]
    position: Position
    when: str | None = None


@dataclass
class ScheduleStage:
    """A run of key-schedule steps that becomes one generated function."""

    name: str
    record: str
    doc: str
    inputs: list[ScheduleInput]
    steps: list[ScheduleStep]
    outputs: list[str]
    position: Position


@dataclass
class KeySchedule:
    """spec/key_schedule.yaml: PRF labels, key-block layout and the TLS 1.3 stages."""

    tls12_labels: dict[str, str] = field(default_factory=dict)
    ssl3_senders: dict[str, str] = field(default_factory=dict)
    key_block: list[KeyBlockPart] = field(default_factory=list)
    tls13_labels: dict[str, str] = field(default_factory=dict)
    stages: list[ScheduleStage] = field(default_factory=list)
