"""Validation of spec/session.yaml: the fields of the session model."""

from __future__ import annotations

import hashlib

from generator.errors import Position
from generator.loader import LocatedDict, LocatedList
from generator.model import SessionField
from generator.validate_base import SpecReader, is_identifier

SESSION_TYPES = (
    "bytes",
    "bool",
    "int",
    "time",
    "host_name",
    "member",
    "code",
    "codes",
    "der_chain",
    "private_key",
    "public_key",
    "mapping",
    "cipher_spec",
    "point_format",
)
# Key objects, the cipher spec and cert_data have no byte form; they are derived again.
UNENCODABLE_TYPES = ("private_key", "public_key", "mapping", "cipher_spec")
# The keys under which a cache finds a session: the state is what they point to.
LOOKUP_KEY_FIELDS = ("identity", "ticket", "ticket_expiry_time")
# RFC 5077, Section 4: without these a state cannot resume a session, and a cache cannot
# tell when it expires.
REQUIRED_STATE_FIELDS = ("version", "cipher_suite", "master_secret", "timestamp")
_SESSION_KEYS = (
    "name",
    "type",
    "doc",
    "default",
    "secret",
    "nullable",
    "registry",
    "lengths",
    "max_length",
    "choices",
    "references",
)


def state_field_problem(name: object, fields: dict[str, SessionField]) -> tuple[str, str] | None:
    """Return the error and its fix when `name` may not be a state field, else None."""
    if not isinstance(name, str) or name not in fields:
        encodable = [
            f.name
            for f in fields.values()
            if f.type not in UNENCODABLE_TYPES and f.name not in LOOKUP_KEY_FIELDS
        ]
        return (
            f"session state field {name!r} is not a session field",
            f"use one of: {', '.join(encodable)}",
        )
    if name in LOOKUP_KEY_FIELDS:
        return (
            f"session state field {name!r} belongs to the id or ticket by which a cache finds"
            " the session, not to the state that they point to",
            f"remove {name} from the state fields",
        )
    kind = fields[name].type
    if kind in UNENCODABLE_TYPES:
        return (
            f"session state field {name!r} has type {kind}, which the state cannot encode",
            "remove it from the state; derive it again after decoding",
        )
    return None


def state_layout_digest(fields: list[SessionField]) -> str:
    """Return 16 hex digits of SHA-256 over what decides the state's wire form, in order."""
    parts = [
        f"{f.name}:{f.type}:{f.nullable}:{f.registry}:{f.lengths}:{f.max_length}:{f.choices}"
        for f in fields
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


class SessionReader(SpecReader):
    """Validate session.yaml into `spec.session_fields`."""

    def session(self, document: LocatedDict) -> None:
        self.unknown_keys(document, ("session",), "session.yaml")
        block = document.get("session")
        if not isinstance(block, LocatedDict):
            self.log.add(
                document.position, "'session' is missing or not a mapping", "add 'session:'"
            )
            return
        self.unknown_keys(block, ("doc", "fields", "state"), "session")
        self.spec.session_doc = self.require(block, "doc", str, "session") or ""
        fields = block.get("fields")
        if not isinstance(fields, LocatedList) or not fields:
            self.log.add(block.position, "session has no 'fields' list", "add 'fields:'")
            return
        seen: dict[str, Position] = {}
        for index, item in enumerate(fields):
            if not isinstance(item, LocatedDict):
                self.log.add(
                    fields.item_at(index),
                    f"session field {index} is not a mapping",
                    "write 'name:' and 'type:'",
                )
                continue
            name = item.get("name")
            what = f"session field {name if isinstance(name, str) else index!r}"
            self.unknown_keys(item, _SESSION_KEYS, what)
            if not is_identifier(name):
                self.log.add(
                    item.value_at("name") if "name" in item else item.position,
                    f"{what}: name is not an identifier",
                    "use a snake_case name",
                )
                continue
            if name in seen:
                self.log.add(
                    item.value_at("name"),
                    f"duplicate session field {name!r}, first at line {seen[name].line}",
                    "remove one",
                )
                continue
            seen[name] = item.value_at("name")
            kind = self.require(item, "type", str, what)
            if kind is not None and kind not in SESSION_TYPES:
                self.log.add(
                    item.value_at("type"),
                    f"type of {what} is {kind!r}",
                    f"use one of: {', '.join(SESSION_TYPES)}",
                )
                continue
            field = SessionField(
                name=name,
                type=kind or "bool",
                doc=self.require(item, "doc", str, what) or "",
                position=item.position,
                default=item.get("default"),
                secret=bool(self.optional(item, "secret", bool, what)),
                nullable=bool(self.optional(item, "nullable", bool, what)),
                registry=self.optional(item, "registry", str, what),
                max_length=self.optional(item, "max_length", int, what),
                references=self.references(item, what),
            )
            for key in ("lengths", "choices"):
                values = item.get(key)
                if values is None:
                    continue
                if not isinstance(values, LocatedList) or not all(
                    isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values
                ):
                    self.log.add(
                        item.value_at(key),
                        f"{key} of {what} is not a list of non-negative integers",
                        "write a list such as [0, 48]",
                    )
                    continue
                setattr(field, key, tuple(values))
            self.session_default(field, item, what)
            self.spec.session_fields.append(field)
        self.session_state(block)

    def session_state(self, block: LocatedDict) -> None:
        """Validate the `state` list: the fields that a ticket or shared cache encodes."""
        state = block.get("state")
        if state is None:
            return
        if not isinstance(state, LocatedDict):
            self.log.add(
                block.value_at("state"),
                "session 'state' is not a mapping",
                "write 'format:' and 'fields:'",
            )
            return
        self.unknown_keys(state, ("format", "layout", "fields"), "session state")
        number = self.require(state, "format", int, "session state")
        if number is not None and not 1 <= number <= 255:
            self.log.add(
                state.value_at("format"),
                f"session state format is {number}",
                "use a format number from 1 to 255, which becomes the state's first byte",
            )
        self.spec.session_state_format = number or 1
        names = state.get("fields")
        if not isinstance(names, LocatedList) or not names:
            self.log.add(
                state.value_at("fields"),
                "session state has no 'fields' list",
                "list the session fields to encode, such as [version, cipher_suite, master_secret]",
            )
            return
        fields = {f.name: f for f in self.spec.session_fields}
        seen: dict[str, Position] = {}
        for index, name in enumerate(names):
            where = names.item_at(index)
            if isinstance(name, str) and name in seen:
                self.log.add(
                    where,
                    f"duplicate session state field {name!r}, first at line {seen[name].line}",
                    "remove one",
                )
                continue
            problem = state_field_problem(name, fields)
            if problem is not None:
                self.log.add(where, *problem)
                continue
            seen[name] = where
            self.spec.session_state_fields.append(name)

        for name in REQUIRED_STATE_FIELDS:
            if name in fields and name not in seen:
                self.log.add(
                    names.position,
                    f"session state lacks {name!r}, which resumption needs",
                    f"add {name} to the state fields",
                )
        self.state_layout(state, [fields[name] for name in self.spec.session_state_fields])

    def state_layout(self, state: LocatedDict, fields: list[SessionField]) -> None:
        """Check that `layout` records the wire form of the state fields.

        A change of order, type, length or registry changes how the bytes read, and a
        state written before it would be misread under the same format number. The
        recorded digest makes every such change fail here until the maintainer raises
        `format` and records the new digest.
        """
        digest = state_layout_digest(fields)
        recorded = state.get("layout")
        if recorded == digest:
            return
        where = state.value_at("layout") if "layout" in state else state.position
        found = f"the spec records {recorded!r}" if "layout" in state else "no layout is recorded"
        self.log.add(
            where,
            f"session state layout digest is {digest}, but {found}",
            f"if the wire form changed, raise 'format' and set 'layout: {digest}'",
        )

    def session_default(self, field: SessionField, item: LocatedDict, what: str) -> None:
        """Check that the default fits the type, so the generated code never starts invalid."""
        where = item.value_at("default")
        default = field.default
        if field.type in ("member", "code"):
            if field.registry is None:
                self.log.add(
                    item.position,
                    f"{what} is a {field.type} but names no registry",
                    "add 'registry: NAME'",
                )
            else:
                self._member_refs.append(
                    (field.registry, field.registry, item.value_at("registry"))
                )
                if default is not None:
                    self._member_refs.append((field.registry, default, where))
        if default is None:
            if not field.nullable:
                self.log.add(
                    item.position,
                    f"{what} has no default and is not nullable",
                    "add 'default:' or 'nullable: true'",
                )
            return
        if field.type == "bytes" and default == "":
            if field.lengths and 0 not in field.lengths:
                self.log.add(
                    item.value_at("lengths"),
                    f"{what} defaults to empty bytes, but its lengths {list(field.lengths)} exclude 0",
                    "add 0 to 'lengths' or make the field nullable",
                )
            if field.max_length is not None and field.max_length < 1:
                self.log.add(
                    item.value_at("max_length"),
                    f"max_length of {what} is {field.max_length}",
                    "use a positive number of bytes",
                )
        if field.type == "point_format" and isinstance(default, str):
            self._member_refs.append(("ECPointFormat", default, where))
        ok = {
            "bytes": isinstance(default, str) and default == "",
            "bool": isinstance(default, bool),
            "int": isinstance(default, int)
            and not isinstance(default, bool)
            and (not field.choices or default in field.choices),
            "time": default == "now",
            "codes": isinstance(default, list)
            and all(
                isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 0xFFFF for v in default
            ),
            "der_chain": isinstance(default, list) and not default,
            "point_format": isinstance(default, str),
            "member": isinstance(default, str),
            "code": isinstance(default, str),
        }.get(field.type, False)
        if not ok:
            self.log.add(
                where,
                f"default {default!r} does not fit type {field.type} of {what}",
                "fix the default or make the field nullable",
            )
