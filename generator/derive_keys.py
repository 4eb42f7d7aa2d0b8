"""Derive tlsspec/keys.py and tlsspec/key_schedule.py from spec/key_schedule.yaml."""

from __future__ import annotations

import re
from typing import Any

from generator.derive import ModuleOut, header, isort_key, literal
from generator.model import KeySchedule, ScheduleStage, ScheduleStep, Spec

_STEMS = ("key_schedule",)
# The TLS 1.3 module also lists the hashes of the TLS 1.3 suites.
_TLS13_STEMS = ("key_schedule", "cipher_suites", "algorithms")

# The per-hash values that the stage functions take from _hash(). The generated NamedTuple
# and each stage's unpacking both follow this one list, so their orders cannot drift.
HASH_PARTS: tuple[tuple[str, str, str], ...] = (
    ("H", "Callable[[bytes], Digest]", "The hash function, applied to bytes."),
    ("pads", "Callable[[bytes], Pads]", "Pads a key of any length (RFC 2104, Section 2)."),
    ("size", "int", "Hash.length."),
    ("padding", "bytes", "Zeros that pad a Hash.length key to the hash's block size."),
    ("zero_pads", "Pads", "The padded all-zero salt of the Early Secret."),
    ("empty", "bytes", 'Transcript-Hash of no messages, Hash("").'),
    (
        "labels",
        "dict[bytes, bytes]",
        "The HkdfLabel of each Derive-Secret label, up to the transcript hash.",
    ),
    ("ipad", "bytes", "A bytes.translate() table that XORs each byte with ipad."),
    ("opad", "bytes", "A bytes.translate() table that XORs each byte with opad."),
    ("zeros", "bytes", 'Hash.length zero bytes, the "0" of RFC 8446, Section 7.1.'),
    (
        "hash_length_infos",
        "dict[bytes, bytes]",
        "The HKDF-Expand input of each label expanded to Hash.length bytes.",
    ),
)


def keys_module(spec: Spec) -> ModuleOut:
    """Return the module of SSL 3.0 to TLS 1.2 derivations, with the spec's labels."""
    schedule = spec.key_schedule or KeySchedule()
    labels = {name: repr(value.encode("ascii")) for name, value in schedule.tls12_labels.items()}
    senders = {name: repr(value.encode("ascii")) for name, value in schedule.ssl3_senders.items()}
    parts = [{"name": part.name, "length": part.length} for part in schedule.key_block]
    return ModuleOut(
        "keys.py",
        "keys.py.j2",
        {"header": header(spec, _STEMS), "labels": labels, "senders": senders, "parts": parts},
    )


def step_comment(step: ScheduleStep) -> str:
    """Return the RFC 8446 diagram's notation of a step, for a comment above it."""
    arguments = step.arguments
    if step.operation == "extract":
        return f"HKDF-Extract(salt={arguments['salt']}, IKM={arguments['ikm']})"
    if step.operation == "expand":
        return (
            f'HKDF-Expand-Label({arguments["secret"]}, "{arguments["label"]}", "",'
            f" {arguments['length']})"
        )
    transcript = '""' if arguments["transcript"] == "empty" else arguments["transcript"]
    return f'Derive-Secret({arguments["secret"]}, "{arguments["label"]}", {transcript})'


def key_argument(step: ScheduleStep) -> str:
    """Return the name of the secret that keys a step's HMAC."""
    return step.arguments["salt" if step.operation == "extract" else "secret"]


class StageCompiler:
    """Compile one stage into straight-line statements.

    Every step is one HMAC, written out as RFC 2104 defines it, H((K ^ opad) + H((K ^ ipad)
    + message)), because a Python call per HMAC would cost more than a tenth of the
    schedule's time. Each secret that keys an HMAC has its two padded keys computed once,
    into NAME_inner and NAME_outer, just before its first use. Derive-Secret and the
    expansions here fit in one hash block, so each is one HMAC.
    """

    def __init__(self, stage: ScheduleStage) -> None:
        self.stage = stage
        # Keys of exactly Hash.length bytes: steps, checked inputs and zeros. They pad
        # with plain concatenation; others (an optional input) go through pads().
        self.sized = {step.name for step in stage.steps} | {"zeros"}
        self.sized |= {i.name for i in stage.inputs if i.kind == "bytes" and not i.optional}
        self.uses: dict[str, list[ScheduleStep]] = {}
        for step in stage.steps:
            self.uses.setdefault(key_argument(step), []).append(step)
        self.padded: set[str] = set()
        self.infos: dict[tuple[str, str], str] = {}

    def statement(self, step: ScheduleStep) -> str:
        arguments = step.arguments
        key = key_argument(step)
        if step.operation == "extract":
            message = arguments["ikm"]
        elif step.operation == "derive":
            label = repr(arguments["label"].encode("ascii"))
            message = f"labels[{label}] + {arguments['transcript']} + b'\\x01'"
        else:
            message = self.infos[(arguments["label"], arguments["length"])]
        mac = f"H({key}_outer + H({key}_inner + {message}).digest()).digest()"
        if step.operation == "expand" and arguments["length"] != "hash_length":
            return f"{step.name} = {mac}[:{arguments['length']}]"
        return f"{step.name} = {mac}"

    def sized_keys(self) -> set[str]:
        """Return the keys of Hash.length, which the stage pads inline."""
        return (set(self.uses) & self.sized) - {"zeros"}

    def unsized_keys(self) -> set[str]:
        """Return the keys that may differ from Hash.length, which pads() must handle."""
        return set(self.uses) - self.sized

    def pad(self, key: str, indent: str) -> list[str]:
        """Return the statements that compute a key's ipad and opad blocks."""
        if key == "zeros":
            return [f"{indent}zeros_inner, zeros_outer = zero_pads"]
        if key not in self.sized:
            return [f"{indent}{key}_inner, {key}_outer = pads({key})"]
        return [
            f"{indent}padded = {key} + padding",
            f"{indent}{key}_inner = padded.translate(ipad)",
            f"{indent}{key}_outer = padded.translate(opad)",
        ]

    def prelude(self, step: ScheduleStep, indent: str) -> list[str]:
        """Return the padded keys and HKDF-Expand inputs a step needs first."""
        lines = []
        key = key_argument(step)
        if key not in self.padded:
            self.padded.add(key)
            lines += self.pad(key, indent)
        if step.operation == "expand":
            label, length = step.arguments["label"], step.arguments["length"]
            if (label, length) not in self.infos:
                name = "info_" + re.sub(r"\W", "_", label)
                while name in self.infos.values():
                    name += "_"
                self.infos[(label, length)] = name
                encoded = repr(label.encode("ascii"))
                if length == "hash_length":
                    lines.append(f"{indent}{name} = hash_length_infos[{encoded}]")
                else:
                    lines.append(f"{indent}{name} = _expand_info({encoded}, {length})")
        return lines

    def lines(self) -> list[str]:
        """Return the body's statements, with comments, grouped by `when` condition."""
        lines: list[str] = []
        # Outputs of conditional steps start as None, declared once before any step.
        for step in self.stage.steps:
            if step.when is not None:
                lines.append(f"{step.name}: bytes | None = None")
        # A key used under different conditions is padded where it is defined, before any
        # condition applies: at the start for an input, after its step otherwise.
        mixed = {name for name, steps in self.uses.items() if len({s.when for s in steps}) > 1}
        for name in mixed & {item.name for item in self.stage.inputs}:
            self.padded.add(name)
            lines += self.pad(name, "")
        current: str | None = None
        for step in self.stage.steps:
            if step.when != current:
                if step.when is not None:
                    lines.append(f"if {step.when}_present:")
                current = step.when
            indent = "    " if step.when is not None else ""
            lines += self.prelude(step, indent)
            lines.append(f"{indent}# {step_comment(step)}")
            lines.append(f"{indent}{self.statement(step)}")
            if step.name in mixed:
                self.padded.add(step.name)
                lines += self.pad(step.name, indent)
        return lines


def hash_parts_needed(stage: ScheduleStage, compiler: StageCompiler) -> set[str]:
    """Return the names of HASH_PARTS that a stage's body uses; the others unpack to _."""
    arguments = [step.arguments for step in stage.steps]
    used = {value for argument in arguments for value in argument.values()}
    unkeyed = {value for argument in arguments for k, value in argument.items() if k != "salt"}
    needed = {"H"}

    if compiler.unsized_keys():
        needed.add("pads")
    if compiler.sized_keys():
        needed |= {"padding", "ipad", "opad"}
    if "zeros" in compiler.uses:
        needed.add("zero_pads")
    if any(not item.optional for item in stage.inputs):
        needed.add("size")
    if any(item.optional for item in stage.inputs) or "zeros" in unkeyed:
        needed.add("zeros")
    if "empty" in used:
        needed.add("empty")
    if any(step.operation == "derive" for step in stage.steps):
        needed.add("labels")
    if "hash_length" in used:
        needed.add("hash_length_infos")
    return needed


def stage_out(stage: ScheduleStage) -> dict[str, Any]:
    """Return the template values of one stage: its signature, checks, body and record."""
    compiler = StageCompiler(stage)
    needed = hash_parts_needed(stage, compiler)
    conditional = {step.name for step in stage.steps if step.when is not None}
    annotations = {"bytes": "bytes", "length": "int"}
    return {
        "name": stage.name,
        "record": stage.record,
        "doc": stage.doc,
        "inputs": [
            {
                "name": item.name,
                "annotation": "bytes | None" if item.optional else annotations[item.kind],
                "doc": item.doc,
                "optional": item.optional,
                "kind": item.kind,
                "condition": item.name in {step.when for step in stage.steps},
            }
            for item in stage.inputs
        ],
        "unpack": ", ".join(name if name in needed else "_" for name, _, _ in HASH_PARTS),
        "optional_names": [item.name for item in stage.inputs if item.optional],
        "body": compiler.lines(),
        "outputs": [
            {"name": name, "annotation": "bytes | None" if name in conditional else "bytes"}
            for name in stage.outputs
        ],
    }


def hash_name(spec: Spec, name: str) -> str:
    """Return a hash's hashlib name, or its spec name in lower case when hashlib has none."""
    row = spec.algorithms.get("hashes", {}).get(name)
    hashlib_name = row.values.get("hashlib_name") if row is not None else None
    return str(hashlib_name or name.lower())


def key_schedule_module(spec: Spec) -> ModuleOut:
    """Return the TLS 1.3 key schedule compiled to straight-line functions."""
    schedule = spec.key_schedule or KeySchedule()
    labels = {name: repr(value.encode("ascii")) for name, value in schedule.tls13_labels.items()}
    derive_labels = [
        step.arguments["label"].encode("ascii")
        for stage in schedule.stages
        for step in stage.steps
        if step.operation == "derive"
    ]
    derive_labels = list(dict.fromkeys(derive_labels))
    exports = [stage.name for stage in schedule.stages] + [
        stage.record for stage in schedule.stages
    ]
    hash_length_labels = [
        step.arguments["label"].encode("ascii")
        for stage in schedule.stages
        for step in stage.steps
        if step.operation == "expand" and step.arguments["length"] == "hash_length"
    ]
    exports += [
        "TrafficKey",
        "exporter",
        "finished_key",
        "finished_verify_data",
        "next_application_traffic_secret",
        "resumption_psk",
        "traffic_key",
    ]
    tls13_hashes = (
        sorted(
            {
                hash_name(spec, entry.extra["prf_hash"])
                for entry in suites.entries
                if entry.extra.get("max_version") == "TLS_1_3" and entry.extra.get("prf_hash")
            }
        )
        if (suites := spec.registries.get("CipherSuite"))
        else []
    )
    return ModuleOut(
        "key_schedule.py",
        "key_schedule.py.j2",
        {
            "header": header(spec, _TLS13_STEMS),
            "hash_parts": [
                {"name": name, "annotation": annotation, "doc": doc}
                for name, annotation, doc in HASH_PARTS
            ],
            "tls13_hashes": literal(tuple(tls13_hashes)),
            "labels": labels,
            "stages": [stage_out(stage) for stage in schedule.stages],
            "exports": sorted(exports, key=isort_key),
            "derive_labels": literal(tuple(derive_labels)),
            "hash_length_labels": literal(tuple(dict.fromkeys(hash_length_labels))),
        },
    )
