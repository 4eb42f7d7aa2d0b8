"""Shared checks of the spec validator: required keys, types, references, positions."""

from __future__ import annotations

import keyword
from pathlib import Path
from typing import Any, TypeGuard

from generator.errors import ErrorLog, Position
from generator.loader import LocatedDict, LocatedList
from generator.model import Spec
from generator.schema import FieldSpec


def is_identifier(name: object) -> TypeGuard[str]:
    """Return whether `name` can be a public Python name."""
    return (
        isinstance(name, str)
        and name.isidentifier()
        and not keyword.iskeyword(name)
        and not name.startswith("_")
    )


TYPE_WORDS: dict[type, str] = {int: "an integer", str: "a string", bool: "true or false"}

# Table key -> the noun for one of its rows, for messages.
TABLE_NOUNS = {
    "hashes": "hash",
    "macs": "MAC",
    "ciphers": "cipher",
    "key_exchanges": "key exchange",
    "authentications": "authentication",
}


def name_problem(name: object, what: str) -> tuple[str, str]:
    """Return the message and hint for a name that `is_identifier` rejected."""
    if name is None:
        return f"{what} has no name", "add 'name:' with the registry's spelling"
    if isinstance(name, str) and keyword.iskeyword(name):
        return (
            f"name {name!r} of {what} is a Python keyword",
            "rename it, for example with a '_' suffix",
        )
    return (
        f"name {name!r} of {what} is not a Python identifier",
        "use letters, digits and '_', not starting with a digit or '_'",
    )


class SpecReader:
    """State and helpers that every part of the validator shares."""

    def __init__(self, spec_dir: Path, log: ErrorLog) -> None:
        self.spec_dir = spec_dir
        self.log = log
        self.spec = Spec()
        self._member_refs: list[tuple[str, str, Position]] = []
        self._algorithm_refs: list[tuple[str, str, Position]] = []

    def display(self, path: Path) -> Path:
        try:
            return path.relative_to(Path.cwd())
        except ValueError:
            return path

    def unknown_keys(self, mapping: LocatedDict, allowed: tuple[str, ...], what: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.log.add(
                    mapping.key_at(key),
                    f"unknown key {key!r} in {what}",
                    f"use one of: {', '.join(allowed)}",
                )

    def require(self, mapping: LocatedDict, key: str, kind: type, what: str) -> Any:
        if key not in mapping or mapping[key] is None:
            self.log.add(mapping.position, f"{what} is missing {key!r}", f"add '{key}:'")
            return None
        value = mapping[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.log.add(
                mapping.value_at(key),
                f"{key!r} of {what} is {value!r}",
                f"write {TYPE_WORDS.get(kind, kind.__name__)}",
            )
            return None
        return value

    def optional(self, mapping: LocatedDict, key: str, kind: type, what: str) -> Any:
        if mapping.get(key) is None:
            return None
        return self.require(mapping, key, kind, what)

    def references(self, mapping: LocatedDict, what: str) -> tuple[str, ...]:
        value = mapping.get("references")
        if value is None:
            return ()
        if not isinstance(value, LocatedList) or not all(isinstance(item, str) for item in value):
            self.log.add(
                mapping.value_at("references"),
                f"references of {what} are not a list of strings",
                "write them as [RFC8446, ...]",
            )
            return ()
        return tuple(value)

    def check_field(self, spec: FieldSpec, mapping: LocatedDict, what: str) -> Any:
        """Validate one schema field of an entry or table row and return its value."""
        value = mapping.get(spec.key)
        where = mapping.value_at(spec.key)
        if value is None:
            if spec.required:
                self.log.add(
                    mapping.position, f"{what} is missing {spec.key!r}", f"add '{spec.key}:'"
                )
            return None

        if spec.kind in ("str", "choice", "ref", "member") and not isinstance(value, str):
            self.log.add(where, f"{spec.key!r} of {what} is {value!r}", "write a string")
            return None
        if spec.kind == "int" and (
            not isinstance(value, int) or isinstance(value, bool) or value < 0
        ):
            self.log.add(
                where, f"{spec.key!r} of {what} is {value!r}", "write a non-negative integer"
            )
            return None
        if spec.kind == "bool" and not isinstance(value, bool):
            self.log.add(where, f"{spec.key!r} of {what} is {value!r}", "write true or false")
            return None
        if spec.kind == "choice" and value not in spec.choices:
            self.log.add(
                where,
                f"{spec.key!r} of {what} is {value!r}",
                f"use one of: {', '.join(spec.choices)}",
            )
            return None

        if spec.kind == "ref":
            self._algorithm_refs.append((spec.target, value, where))
        if spec.kind == "member":
            self._member_refs.append((spec.target, value, where))
        if spec.kind == "members":
            if not isinstance(value, LocatedList) or not all(isinstance(v, str) for v in value):
                self.log.add(
                    where, f"{spec.key!r} of {what} is not a list of names", "write [name, ...]"
                )
                return None
            for index, item in enumerate(value):
                self._member_refs.append((spec.target, item, value.item_at(index)))
            return tuple(value)
        return value
