"""Derive tlsspec/keys.py and tlsspec/key_schedule.py from spec/key_schedule.yaml."""

from __future__ import annotations

from typing import Any

from generator.derive import ModuleOut, header, isort_key
from generator.model import KeySchedule, ScheduleStage, ScheduleStep, Spec

_STEMS = ("key_schedule",)


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


def step_line(step: ScheduleStep) -> str:
    """Return the Python statement of one key-schedule step."""
    arguments = step.arguments
    if step.operation == "extract":
        # RFC 5869, Section 2.2: HKDF-Extract(salt, IKM) = HMAC(salt, IKM).
        return f"{step.name} = hmac({arguments['salt']}, {arguments['ikm']})"
    label = repr(arguments["label"].encode("ascii"))
    return f"{step.name} = hmac({arguments['secret']}, labels[{label}] + {arguments['transcript']} + ONE)"


def step_comment(step: ScheduleStep) -> str:
    """Return the RFC 8446 diagram's notation of a step, for a comment above it."""
    arguments = step.arguments
    if step.operation == "extract":
        return f"HKDF-Extract(salt={arguments['salt']}, IKM={arguments['ikm']})"
    transcript = '""' if arguments["transcript"] == "empty" else arguments["transcript"]
    return f'Derive-Secret({arguments["secret"]}, "{arguments["label"]}", {transcript})'


def stage_out(stage: ScheduleStage) -> dict[str, Any]:
    """Return the template values of one stage: its signature, checks, steps and record."""
    used = {value for step in stage.steps for value in step.arguments.values()}
    return {
        "name": stage.name,
        "record": stage.record,
        "doc": stage.doc,
        "inputs": [
            {
                "name": item.name,
                "annotation": "bytes | None" if item.optional else "bytes",
                "doc": item.doc,
                "optional": item.optional,
            }
            for item in stage.inputs
        ],
        "uses_zeros": "zeros" in used or any(item.optional for item in stage.inputs),
        "steps": [{"comment": step_comment(step), "line": step_line(step)} for step in stage.steps],
        "outputs": stage.outputs,
    }


def key_schedule_module(spec: Spec) -> ModuleOut:
    """Return the TLS 1.3 key schedule compiled to straight-line functions."""
    schedule = spec.key_schedule or KeySchedule()
    labels = {name: repr(value.encode("ascii")) for name, value in schedule.tls13_labels.items()}
    derive_labels = [
        repr(step.arguments["label"].encode("ascii"))
        for stage in schedule.stages
        for step in stage.steps
        if step.operation == "derive"
    ]
    derive_labels = list(dict.fromkeys(derive_labels))
    exports = [stage.name for stage in schedule.stages] + [
        stage.record for stage in schedule.stages
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
    return ModuleOut(
        "key_schedule.py",
        "key_schedule.py.j2",
        {
            "header": header(spec, _STEMS),
            "labels": labels,
            "stages": [stage_out(stage) for stage in schedule.stages],
            "exports": sorted(exports, key=isort_key),
            "derive_labels": derive_labels,
        },
    )
