"""Validation of spec/key_schedule.yaml: PRF labels, key-block layout, TLS 1.3 stages."""

from __future__ import annotations

import builtins
from typing import Any

from generator.errors import Position
from generator.loader import LocatedDict, LocatedList
from generator.model import (
    KeyBlockPart,
    KeySchedule,
    ScheduleInput,
    ScheduleStage,
    ScheduleStep,
)
from generator.validate_base import SpecReader, is_identifier

# The templates use every one of these labels by name, so the spec must define them all.
TLS12_LABELS = (
    "master_secret",
    "extended_master_secret",
    "key_expansion",
    "client_finished",
    "server_finished",
    "export_client_write_key",
    "export_server_write_key",
    "export_iv_block",
)
TLS13_LABELS = ("key", "iv", "finished", "traffic_update", "exporter", "resumption")
SSL3_SENDERS = ("client", "server")
KEY_BLOCK_PARTS = (
    "client_write_mac_key",
    "server_write_mac_key",
    "client_write_key",
    "server_write_key",
    "client_write_iv",
    "server_write_iv",
)
KEY_BLOCK_LENGTHS = ("mac_key_length", "key_length", "fixed_iv_length")
CONSTANTS = ("zeros", "empty", "hash_length")
# Names that the generated stage functions and their module define themselves, so a spec
# name may be none of them, nor end in the suffixes that the generated code appends.
RESERVED_NAMES = frozenset(
    {
        "H",
        "pads",
        "size",
        "padding",
        "zero_pads",
        "labels",
        "ipad",
        "opad",
        "hash_length_infos",
        "hash_name",
        "padded",
        "bytes",
        "int",
        "None",
        # Functions, classes, imports and constants of tlsspec.key_schedule besides the stages.
        "TrafficKey",
        "traffic_key",
        "next_application_traffic_secret",
        "finished_key",
        "finished_verify_data",
        "exporter",
        "resumption_psk",
        "annotations",
        "Callable",
        "NamedTuple",
        "cache",
        "HMAC_IPAD",
        "HMAC_OPAD",
        "Digest",
        "Pads",
        "derive_secret",
        "hash_algorithm",
        "hkdf_expand_label",
        "hkdf_label_prefix",
        "hmac_parts",
        "transcript_hash",
        "DERIVE_LABELS",
        "HASH_LENGTH_LABELS",
        "TLS13_HASHES",
        "ONE",
        # Attributes of the tuples that the stages return.
        "count",
        "index",
    }
    # The generated code calls builtins such as len, type and bytes.
    | set(dir(builtins))
)
RESERVED_SUFFIXES = ("_inner", "_outer", "_present", "_info")
BYTES_CONSTANTS = ("zeros", "empty")
LENGTH_CONSTANTS = ("hash_length",)
OPERATIONS = {
    "extract": ("salt", "ikm"),
    "derive": ("secret", "label", "transcript"),
    "expand": ("secret", "label", "length"),
}
INPUT_KINDS = ("bytes", "length")
# HkdfLabel.label is at most 255 bytes, of which "tls13 " takes 6 (RFC 8446, Section 7.1).
MAX_LABEL = 249


class KeyScheduleReader(SpecReader):
    """Validate key_schedule.yaml into `spec.key_schedule`."""

    failed_steps: set[str]
    stage_inputs: set[str]
    stage_optional: set[str]

    def key_schedule(self, document: LocatedDict) -> None:
        self.failed_steps = set()
        self.stage_inputs = set()
        self.stage_optional = set()
        self.unknown_keys(document, ("tls12", "tls13"), "key_schedule.yaml")
        schedule = KeySchedule()
        tls12 = self.block(document, "tls12", "key_schedule.yaml")
        if tls12 is not None:
            self.unknown_keys(tls12, ("labels", "ssl3_senders", "key_block"), "tls12")
            schedule.tls12_labels = self.labels(tls12, "labels", TLS12_LABELS, "tls12")
            schedule.ssl3_senders = self.labels(tls12, "ssl3_senders", SSL3_SENDERS, "tls12")
            schedule.key_block = self.key_block(tls12)
        tls13 = self.block(document, "tls13", "key_schedule.yaml")
        if tls13 is not None:
            self.unknown_keys(tls13, ("labels", "stages"), "tls13")
            schedule.tls13_labels = self.labels(tls13, "labels", TLS13_LABELS, "tls13")
            schedule.stages = self.stages(tls13)
        self.spec.key_schedule = schedule

    def block(self, mapping: LocatedDict, key: str, what: str) -> LocatedDict | None:
        value = mapping.get(key)
        if isinstance(value, LocatedDict):
            return value
        where = mapping.value_at(key) if key in mapping else mapping.position
        self.log.add(where, f"{what}: {key!r} is missing or not a mapping", f"add '{key}:'")
        return None

    def labels(
        self, mapping: LocatedDict, key: str, expected: tuple[str, ...], what: str
    ) -> dict[str, str]:
        block = self.block(mapping, key, what)
        if block is None:
            return {}
        self.unknown_keys(block, expected, f"{what}.{key}")
        labels: dict[str, str] = {}
        for name in expected:
            value = self.require(block, name, str, f"{what}.{key}")
            if value is not None and self.label_ok(value, block.value_at(name), name):
                labels[name] = value
        return labels

    def label_ok(self, value: str, where: Position, what: str) -> bool:
        if not value:
            self.log.add(where, f"{what}: label is empty", "write the label of the RFC")
            return False
        if not value.isascii() or not value.isprintable():
            self.log.add(
                where, f"{what}: label {value!r} is not printable ASCII", "write ASCII characters"
            )
            return False
        if len(value) > MAX_LABEL:
            self.log.add(
                where,
                f"{what}: label is {len(value)} bytes long",
                f"keep labels to {MAX_LABEL} bytes, since HkdfLabel allows 255 with 'tls13 '",
            )
            return False
        return True

    def key_block(self, tls12: LocatedDict) -> list[KeyBlockPart]:
        items = tls12.get("key_block")
        if not isinstance(items, LocatedList):
            self.log.add(tls12.position, "tls12 has no 'key_block' list", "add 'key_block:'")
            return []
        parts: list[KeyBlockPart] = []
        for index, item in enumerate(items):
            where = items.item_at(index)
            if not isinstance(item, LocatedDict):
                self.log.add(where, "key_block item is not a mapping", "write '{name, length}'")
                continue
            self.unknown_keys(item, ("name", "length"), "key_block item")
            name = self.require(item, "name", str, "key_block item")
            length = self.require(item, "length", str, "key_block item")
            if name is not None and name not in KEY_BLOCK_PARTS:
                self.log.add(
                    item.value_at("name"),
                    f"unknown key_block part {name!r}",
                    f"use the names of RFC 5246, Section 6.3: {', '.join(KEY_BLOCK_PARTS)}",
                )
            elif length is not None and length not in KEY_BLOCK_LENGTHS:
                self.log.add(
                    item.value_at("length"),
                    f"key_block length {length!r} is not a cipher-spec length",
                    f"use one of {', '.join(KEY_BLOCK_LENGTHS)}",
                )
            elif name is not None and length is not None:
                parts.append(KeyBlockPart(name, length, where))
        names = [part.name for part in parts]
        if len(parts) == len(items) and sorted(names) != sorted(KEY_BLOCK_PARTS):
            self.log.add(
                items.position,
                f"key_block has parts {', '.join(names)}",
                f"list each of {', '.join(KEY_BLOCK_PARTS)} once",
            )
        return parts

    def stages(self, tls13: LocatedDict) -> list[ScheduleStage]:
        items = tls13.get("stages")
        if not isinstance(items, LocatedList) or not items:
            self.log.add(tls13.position, "tls13 has no 'stages' list", "add 'stages:'")
            return []
        stages = []
        seen: dict[str, Position] = {}
        for index, item in enumerate(items):
            if not isinstance(item, LocatedDict):
                self.log.add(items.item_at(index), "stage is not a mapping", "write 'name: ...'")
                continue
            stage = self.stage(item, seen)
            if stage is not None:
                stages.append(stage)
        self.check_module_names(stages)
        return stages

    def check_module_names(self, stages: list[ScheduleStage]) -> None:
        """Log an input or step that has the name of a stage function or record."""
        module_names = {stage.name for stage in stages} | {stage.record for stage in stages}
        for stage in stages:
            names = [(i.name, stage.position) for i in stage.inputs]
            names += [(step.name, step.position) for step in stage.steps]
            for name, position in names:
                if name in module_names:
                    self.log.add(
                        position,
                        f"stage {stage.name!r}: {name!r} is also the name of a stage or record",
                        "rename one of them, since both share the generated module",
                    )

    def stage(self, item: LocatedDict, seen: dict[str, Position]) -> ScheduleStage | None:
        self.unknown_keys(item, ("name", "record", "doc", "inputs", "steps", "outputs"), "stage")
        name = self.identifier(item, "name", "stage", seen)
        record = self.identifier(item, "record", "stage", seen)
        doc = self.require(item, "doc", str, "stage")
        what = f"stage {name!r}"
        inputs = self.inputs(item, what)
        self.stage_inputs = {i.name for i in inputs}
        self.stage_optional = {i.name for i in inputs if i.optional}
        known = {i.name: i.kind for i in inputs}
        known |= {name: "bytes" for name in BYTES_CONSTANTS}
        known |= {name: "length" for name in LENGTH_CONSTANTS}
        optional = {i.name for i in inputs if i.optional}
        failed_before = len(self.failed_steps)
        steps = self.steps(item, what, known, optional, seen)
        outputs = self.outputs(item, what, {step.name for step in steps})
        if len(self.failed_steps) == failed_before:
            # A broken step's arguments are unknown, so unused steps are judged only without.
            self.check_unused(steps, outputs, what)
        if name is None or record is None or doc is None:
            return None
        return ScheduleStage(name, record, doc, inputs, steps, outputs, item.position)

    def check_unused(self, steps: list[ScheduleStep], outputs: list[str], what: str) -> None:
        """Log a step that is neither an output nor an argument of a later step."""
        used = {value for step in steps for value in step.arguments.values()} | set(outputs)
        for step in steps:
            if step.name not in used:
                self.log.add(
                    step.position,
                    f"{what} step {step.name!r} is neither an output nor used by a later step",
                    "list it under outputs, or remove it",
                )

    def identifier(
        self, item: LocatedDict, key: str, what: str, seen: dict[str, Position]
    ) -> str | None:
        value = self.require(item, key, str, what)
        if value is None:
            return None
        where = item.value_at(key)
        problem = self.name_problem(value)
        if problem:
            self.log.add(where, f"{what} {key} {value!r} {problem}", "rename it")
            return None
        if value in seen:
            first = seen[value]
            self.log.add(
                where,
                f"{what} {key} {value!r} is already defined at line {first.line}",
                "rename one of them",
            )
            return None
        seen[value] = where
        return str(value)

    @staticmethod
    def name_problem(name: str) -> str:
        """Return why `name` cannot name an input, step, stage or record, or "" if it can."""
        if not is_identifier(name) or name.startswith("_"):
            return "is not a Python identifier without a leading underscore"
        if name in CONSTANTS:
            return "is one of the constants " + ", ".join(CONSTANTS)
        if name in RESERVED_NAMES:
            return "is a name that the generated key_schedule.py defines itself"
        if name.startswith("LABEL_"):
            return "starts with LABEL_, as the label constants of the generated code do"
        if name.endswith(RESERVED_SUFFIXES) or name.startswith("info_"):
            return (
                f"ends in one of {', '.join(RESERVED_SUFFIXES)} or starts with info_,"
                " which the generated code uses for its own variables"
            )
        return ""

    def inputs(self, item: LocatedDict, what: str) -> list[ScheduleInput]:
        values = item.get("inputs")
        if not isinstance(values, LocatedList):
            self.log.add(item.position, f"{what} has no 'inputs' list", "add 'inputs:'")
            return []
        inputs: list[ScheduleInput] = []
        for index, value in enumerate(values):
            if not isinstance(value, LocatedDict):
                self.log.add(values.item_at(index), f"{what}: input is not a mapping", "add name")
                continue
            self.unknown_keys(value, ("name", "doc", "optional", "type"), f"{what} input")
            name = self.require(value, "name", str, f"{what} input")
            doc = self.require(value, "doc", str, f"{what} input")
            optional = self.optional(value, "optional", bool, f"{what} input") or False
            kind = self.optional(value, "type", str, f"{what} input") or "bytes"
            if kind not in INPUT_KINDS:
                self.log.add(
                    value.value_at("type"),
                    f"{what}: input {name!r} has type {kind!r}",
                    f"use one of {', '.join(INPUT_KINDS)}",
                )
                kind = "any"  # keeps later uses of the input from adding errors of their own
            if optional and kind == "length":
                self.log.add(
                    value.value_at("optional"),
                    f"{what}: input {name!r} is an optional length",
                    "only bytes inputs may be optional, because zeros replace a missing one",
                )
            if name is None:
                continue
            doc = doc or ""
            # Inputs of different stages may share a name (early_secret feeds the next stage).
            problem = self.name_problem(name)
            if problem:
                self.log.add(
                    value.value_at("name"), f"{what}: input {name!r} {problem}", "rename it"
                )
                continue
            if name in {i.name for i in inputs}:
                self.log.add(
                    value.value_at("name"),
                    f"{what}: input {name!r} is listed twice",
                    "list each input once",
                )
                continue
            inputs.append(ScheduleInput(name, doc, optional, kind))
        return inputs

    def steps(
        self,
        item: LocatedDict,
        what: str,
        known: dict[str, str],
        optional: set[str],
        seen: dict[str, Position],
    ) -> list[ScheduleStep]:
        values = item.get("steps")
        if not isinstance(values, LocatedList) or not values:
            self.log.add(
                item.position, f"{what} has no steps", "add 'steps:' with at least one step"
            )
            return []
        steps = []
        conditional: dict[str, str] = {}
        for index, value in enumerate(values):
            if not isinstance(value, LocatedDict):
                self.log.add(values.item_at(index), f"{what}: step is not a mapping", "add name")
                continue
            step = self.step(value, what, known, optional, seen)
            name = value.get("name")
            if step is None:
                # A broken step still counts as defined, so that its users add no errors.
                if isinstance(name, str):
                    known[name] = "any"
                    self.failed_steps.add(name)
                continue
            self.check_condition(step, conditional, what)
            if step.when is not None:
                conditional[step.name] = step.when
            steps.append(step)
            known[step.name] = "bytes"
        return steps

    def check_condition(self, step: ScheduleStep, conditional: dict[str, str], what: str) -> None:
        """Log a step that uses the output of a step with another `when` than its own."""
        for argument in step.arguments.values():
            when = conditional.get(argument)
            if when is not None and when != step.when:
                self.log.add(
                    step.position,
                    f"{what} step {step.name!r} uses {argument!r}, which exists only when"
                    f" {when} is given",
                    f"add 'when: {when}' to the step",
                )

    def step(
        self,
        value: LocatedDict,
        what: str,
        known: dict[str, str],
        optional: set[str],
        seen: dict[str, Position],
    ) -> ScheduleStep | None:
        self.unknown_keys(
            value, ("name", "when", *OPERATIONS), f"{what} step {value.get('name')!r}"
        )
        if value.get("name") in self.stage_inputs:
            self.log.add(
                value.value_at("name"),
                f"{what} step {value.get('name')!r} has the name of an input of its stage",
                "rename the step",
            )
            return None
        when = self.optional(value, "when", str, f"{what} step")
        if when is not None and when not in optional:
            self.log.add(
                value.value_at("when"),
                f"{what} step: when {when!r} is not an optional input of the stage",
                f"name one of {', '.join(sorted(optional))}"
                if optional
                else "mark an input 'optional: true' first, or remove 'when:'",
            )
        name = self.identifier(value, "name", f"{what} step", seen)
        operations = [key for key in OPERATIONS if key in value]
        if len(operations) != 1:
            self.log.add(
                value.position,
                f"{what} step {name!r} has {len(operations)} operations",
                "give exactly one of 'extract: {salt, ikm}', 'derive: {secret, label,"
                " transcript}' or 'expand: {secret, label, length}'",
            )
            return None
        operation = operations[0]
        arguments = self.arguments(value, operation, f"{what} step {name!r}", known)
        if name is None or arguments is None:
            return None
        return ScheduleStep(name, operation, arguments, value.position, when)

    def arguments(
        self, value: LocatedDict, operation: str, what: str, known: dict[str, str]
    ) -> dict[str, str] | None:
        block = self.block(value, operation, what)
        if block is None:
            return None
        self.unknown_keys(block, OPERATIONS[operation], f"{what} {operation}")
        arguments: dict[str, str] = {}
        for key in OPERATIONS[operation]:
            argument: Any = self.require(block, key, str, f"{what} {operation}")
            if argument is None:
                continue
            if key == "label":
                if self.label_ok(argument, block.value_at(key), what):
                    arguments[key] = argument
            elif key == "transcript" and argument in self.stage_optional:
                self.log.add(
                    block.value_at(key),
                    f"{what}: transcript {argument!r} is an optional input, which may have any"
                    " length",
                    "name a transcript hash: a required input, an earlier step or empty",
                )
            elif argument not in known:
                self.log.add(
                    block.value_at(key),
                    f"{what}: {key} {argument!r} is not defined before this step",
                    f"name a stage input, an earlier step, or one of {', '.join(CONSTANTS)}",
                )
            elif known[argument] != "any" and (known[argument] == "length") != (key == "length"):
                expected = "a length" if key == "length" else "bytes"
                actual = "a length" if known[argument] == "length" else "bytes"
                self.log.add(
                    block.value_at(key),
                    f"{what}: {key} {argument!r} is {actual}, not {expected}",
                    f"name {expected}: a stage input of that type, an earlier step or a constant",
                )
            else:
                arguments[key] = argument
        return arguments if len(arguments) == len(OPERATIONS[operation]) else None

    def outputs(self, item: LocatedDict, what: str, steps: set[str]) -> list[str]:
        values = item.get("outputs")
        if not isinstance(values, LocatedList) or not values:
            self.log.add(item.position, f"{what} has no 'outputs' list", "add 'outputs:'")
            return []
        outputs: list[str] = []
        for index, value in enumerate(values):
            if isinstance(value, str) and value in self.failed_steps:
                continue
            if not isinstance(value, str) or value not in steps:
                self.log.add(
                    values.item_at(index),
                    f"{what}: output {value!r} is not one of its steps",
                    f"name one of {', '.join(sorted(steps))}" if steps else "define steps first",
                )
                continue
            if value in outputs:
                self.log.add(
                    values.item_at(index),
                    f"{what}: output {value!r} is listed twice",
                    "list each output once",
                )
                continue
            outputs.append(value)
        return outputs
