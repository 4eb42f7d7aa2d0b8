"""Check loaded spec files against the schema and build the typed spec model.

Every check logs its problem and goes on, so that one run reports every error in the spec.
"""

from __future__ import annotations

import itertools
import keyword
from pathlib import Path
from typing import Any, TypeGuard

from generator.errors import ErrorLog, Position
from generator.loader import LocatedDict, LocatedList, load_file
from generator.model import (
    Algorithm,
    DefaultSignatureRule,
    Entry,
    Range,
    Registry,
    SessionField,
    Spec,
)
from generator.schema import (
    ALGORITHM_TABLES,
    COMMON_ENTRY_KEYS,
    REGISTRIES,
    REGISTRY_BY_NAME,
    SPEC_FILES,
    FieldSpec,
    RegistrySpec,
)

RANGE_STATUSES = ("reserved", "unassigned", "private_use")
RECOMMENDED = ("Y", "N", "D")
SESSION_TYPES = (
    "bytes",
    "bool",
    "int",
    "time",
    "host_name",
    "member",
    "codes",
    "der_chain",
    "private_key",
    "public_key",
    "mapping",
    "cipher_spec",
    "point_format",
)
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


def is_identifier(name: object) -> TypeGuard[str]:
    """Return whether `name` can be a public Python name."""
    return (
        isinstance(name, str)
        and name.isidentifier()
        and not keyword.iskeyword(name)
        and not name.startswith("_")
    )


class Validator:
    """Validate the spec directory into a `Spec`, logging every problem to `log`."""

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

    def run(self) -> Spec:
        found = {path.stem for path in self.spec_dir.glob("*.yaml")}
        for stem in sorted(found - set(SPEC_FILES)):
            self.log.add(
                Position(self.display(self.spec_dir / f"{stem}.yaml"), 1, 1),
                f"unknown spec file {stem}.yaml",
                f"rename it to one of {', '.join(SPEC_FILES)} or move it out of spec/",
            )
        documents: dict[str, Any] = {}
        for stem in SPEC_FILES:
            path = self.spec_dir / f"{stem}.yaml"
            display = self.display(path)
            if not path.exists():
                self.log.add(Position(display, 1, 1), f"missing spec file {stem}.yaml", "create it")
                continue
            self.spec.files[stem] = path.read_bytes()
            documents[stem] = load_file(path, display, self.log)

        for stem, document in documents.items():
            if document is None:
                continue
            if not isinstance(document, LocatedDict):
                self.log.add(
                    Position(self.display(self.spec_dir / f"{stem}.yaml"), 1, 1),
                    "top level is not a mapping",
                    "write the file as 'key: value' pairs",
                )
                continue
            if stem == "algorithms":
                self.algorithms(document)
            elif stem == "session":
                self.session(document)
            else:
                self.registry_file(stem, document)

        self.resolve_references()
        return self.spec

    # -- helpers -----------------------------------------------------------------------

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
                f"write a {kind.__name__}",
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

    # -- algorithms.yaml -----------------------------------------------------------------

    def algorithms(self, document: LocatedDict) -> None:
        self.unknown_keys(
            document, tuple(table.key for table in ALGORITHM_TABLES), "algorithms.yaml"
        )
        for table in ALGORITHM_TABLES:
            rows = document.get(table.key)
            self.spec.algorithms[table.key] = {}
            if not isinstance(rows, LocatedDict):
                where = document.value_at(table.key) if table.key in document else document.position
                self.log.add(
                    where,
                    f"table {table.key!r} is missing or not a mapping",
                    "add 'NAME: {...}' rows",
                )
                continue
            allowed = tuple(field.key for field in table.fields)
            for name, row in rows.items():
                what = f"{table.key} row {name!r}"
                if not is_identifier(name):
                    self.log.add(
                        rows.key_at(name),
                        f"{what}: name is not an identifier",
                        "use letters, digits, '_'",
                    )
                if not isinstance(row, LocatedDict):
                    self.log.add(
                        rows.value_at(name), f"{what} is not a mapping", "write '{key: value, ...}'"
                    )
                    continue
                self.unknown_keys(row, allowed, what)
                values = {field.key: self.check_field(field, row, what) for field in table.fields}
                values["references"] = self.references(row, what)
                self.spec.algorithms[table.key][name] = Algorithm(
                    table, name, values, rows.key_at(name)
                )

    # -- registry files ------------------------------------------------------------------

    def registry_file(self, stem: str, document: LocatedDict) -> None:
        allowed: tuple[str, ...] = ("registries",)
        if stem == "signature_schemes":
            allowed += ("default_signature_algorithms",)
        self.unknown_keys(document, allowed, f"{stem}.yaml")
        registries = document.get("registries")
        if not isinstance(registries, LocatedDict):
            self.log.add(
                document.position, "'registries' is missing or not a mapping", "add 'registries:'"
            )
            return
        expected = [spec.name for spec in REGISTRIES if spec.module == stem]
        for name in registries:
            if name not in expected:
                self.log.add(
                    registries.key_at(name),
                    f"unknown registry {name!r} in {stem}.yaml",
                    f"define one of: {', '.join(expected)}",
                )
        for name in expected:
            if name not in registries:
                self.log.add(registries.position, f"registry {name!r} is missing", f"add '{name}:'")
            elif not isinstance(registries[name], LocatedDict):
                self.log.add(
                    registries.value_at(name), f"registry {name!r} is not a mapping", "add its keys"
                )
            else:
                self.registry(REGISTRY_BY_NAME[name], registries[name])
        if stem == "signature_schemes":
            self.default_signature_rules(document.get("default_signature_algorithms"), document)

    def registry(self, spec: RegistrySpec, block: LocatedDict) -> None:
        what = f"registry {spec.name}"
        self.unknown_keys(
            block, ("title", "url", "source", "bits", "grease", "ranges", "entries"), what
        )
        title = self.require(block, "title", str, what) or ""
        url = self.require(block, "url", str, what) or ""
        source = self.optional(block, "source", str, what)
        if source is not None and not (self.spec_dir / source).is_file():
            self.log.add(
                block.value_at("source"),
                f"source file {source!r} not found",
                "copy it into spec/sources/",
            )
        bits = self.require(block, "bits", int, what)
        if bits not in (8, 16, None):
            self.log.add(block.value_at("bits"), f"bits of {what} is {bits}", "use 8 or 16")
            bits = None
        grease = self.optional(block, "grease", bool, what) or False
        if grease and bits == 8:
            self.log.add(
                block.value_at("grease"), "GREASE applies to 16-bit registries", "remove 'grease'"
            )
        limit = (1 << bits) - 1 if bits else 0xFFFF

        entries = self.entries(spec, block, limit)
        ranges = self.ranges(
            spec, block, limit, {entry.code for entry in entries}, grease and bits == 16
        )
        registry = Registry(
            spec, title, url, source, bits or 16, grease, ranges, entries, block.position
        )
        self.spec.registries[spec.name] = registry

    def entries(self, spec: RegistrySpec, block: LocatedDict, limit: int) -> list[Entry]:
        items = block.get("entries")
        if not isinstance(items, LocatedList) or not items:
            self.log.add(
                block.position, f"registry {spec.name} has no 'entries' list", "add 'entries:'"
            )
            return []
        allowed = COMMON_ENTRY_KEYS + tuple(field.key for field in spec.fields)
        entries: list[Entry] = []
        codes: dict[int, Position] = {}
        names: dict[str, Position] = {}
        for index, item in enumerate(items):
            where = items.item_at(index)
            if not isinstance(item, LocatedDict):
                self.log.add(
                    where,
                    f"entry {index} of {spec.name} is not a mapping",
                    "write 'code:' and 'name:'",
                )
                continue
            name = item.get("name")
            what = f"{spec.name} entry {name if isinstance(name, str) else index!r}"
            self.unknown_keys(item, allowed, what)
            code = self.require(item, "code", int, what)
            if code is not None and not 0 <= code <= limit:
                self.log.add(
                    item.value_at("code"),
                    f"code {code:#x} of {what} is out of range",
                    f"use a value from 0 to {limit:#x}",
                )
                code = None
            if code is not None and code in codes:
                self.log.add(
                    item.value_at("code"),
                    f"duplicate code {code:#06x} in {spec.name}, first used at line {codes[code].line}",
                    "give each entry its own code",
                )
            elif code is not None:
                codes[code] = item.value_at("code")
            if not is_identifier(name):
                self.log.add(
                    item.value_at("name") if "name" in item else where,
                    f"name {name!r} of {spec.name} entry is not a Python identifier",
                    "use letters, digits and '_', not starting with a digit or '_'",
                )
                name = None
            elif name in names:
                self.log.add(
                    item.value_at("name"),
                    f"duplicate name {name!r} in {spec.name}, first used at line {names[name].line}",
                    "give each entry its own name",
                )
            else:
                names[name] = item.value_at("name")
            dtls_ok = self.optional(item, "dtls_ok", bool, what)
            recommended = self.optional(item, "recommended", str, what)
            if recommended is not None and recommended not in RECOMMENDED:
                self.log.add(
                    item.value_at("recommended"),
                    f"recommended of {what} is {recommended!r}",
                    "use Y, N or D",
                )
            extra = {field.key: self.check_field(field, item, what) for field in spec.fields}
            positions = {field.key: item.value_at(field.key) for field in spec.fields}
            if code is None or name is None:
                continue
            entries.append(
                Entry(
                    code=code,
                    name=name,
                    position=where,
                    dtls_ok=dtls_ok,
                    recommended=recommended,
                    references=self.references(item, what),
                    comment=self.optional(item, "comment", str, what),
                    description=self.optional(item, "description", str, what),
                    extra=extra,
                    extra_positions=positions,
                )
            )
        return entries

    def ranges(
        self, spec: RegistrySpec, block: LocatedDict, limit: int, codes: set[int], grease: bool
    ) -> list[Range]:
        items = block.get("ranges")
        if items is None:
            return []
        if not isinstance(items, LocatedList):
            self.log.add(
                block.value_at("ranges"),
                f"ranges of {spec.name} are not a list",
                "write '- {first: ...}'",
            )
            return []
        ranges: list[Range] = []
        for index, item in enumerate(items):
            what = f"{spec.name} range {index}"
            if not isinstance(item, LocatedDict):
                self.log.add(
                    items.item_at(index),
                    f"{what} is not a mapping",
                    "write '{first: ..., last: ...}'",
                )
                continue
            self.unknown_keys(item, ("first", "last", "status", "description", "references"), what)
            first = self.require(item, "first", int, what)
            last = self.require(item, "last", int, what)
            status = self.require(item, "status", str, what)
            if status is not None and status not in RANGE_STATUSES:
                self.log.add(
                    item.value_at("status"),
                    f"status of {what} is {status!r}",
                    f"use one of: {', '.join(RANGE_STATUSES)}",
                )
                continue
            if first is None or last is None or status is None:
                continue
            if not 0 <= first <= last <= limit:
                self.log.add(
                    item.position,
                    f"{what} {first:#x}..{last:#x} is empty or out of range",
                    f"use 0 <= first <= last <= {limit:#x}",
                )
                continue
            clash = next((code for code in sorted(codes) if first <= code <= last), None)
            if clash is not None:
                self.log.add(
                    item.position,
                    f"{what} contains assigned code {clash:#06x}",
                    "split the range around it",
                )
            if grease:
                value = next(
                    (g for g in range(0x0A0A, 0x10000, 0x1010) if first <= g <= last), None
                )
                if value is not None:
                    self.log.add(
                        item.position,
                        f"{what} contains GREASE value {value:#06x}",
                        "split the range around it",
                    )
            ranges.append(
                Range(
                    first,
                    last,
                    status,
                    item.position,
                    self.optional(item, "description", str, what),
                    self.references(item, what),
                )
            )
        ranges.sort(key=lambda r: r.first)
        for before, after in itertools.pairwise(ranges):
            if after.first <= before.last:
                self.log.add(
                    after.position,
                    f"{spec.name} range at {after.first:#x} overlaps the one at line {before.position.line}",
                    "make ranges disjoint",
                )
        return ranges

    def default_signature_rules(self, value: Any, document: LocatedDict) -> None:
        if not isinstance(value, LocatedList):
            self.log.add(
                document.position,
                "'default_signature_algorithms' is missing or not a list",
                "add the RFC 5246, Section 7.4.1.4.1 rules",
            )
            return
        for index, item in enumerate(value):
            what = f"default_signature_algorithms rule {index}"
            if not isinstance(item, LocatedDict):
                self.log.add(
                    value.item_at(index),
                    f"{what} is not a mapping",
                    "write '{key_exchanges: [...], hash: ..., signature: ...}'",
                )
                continue
            self.unknown_keys(item, ("key_exchanges", "hash", "signature"), what)
            exchanges = item.get("key_exchanges")
            hash_name = self.require(item, "hash", str, what)
            signature = self.require(item, "signature", str, what)
            if not isinstance(exchanges, LocatedList) or not all(
                isinstance(x, str) for x in exchanges
            ):
                self.log.add(
                    item.position,
                    f"{what}: key_exchanges is not a list of names",
                    "write [RSA, DHE_RSA, ...]",
                )
                continue
            if hash_name is None or signature is None:
                continue
            self._member_refs.append(("HashAlgorithm", hash_name, item.value_at("hash")))
            self._member_refs.append(("SignatureAlgorithm", signature, item.value_at("signature")))
            self.spec.default_signature_rules.append(
                DefaultSignatureRule(tuple(exchanges), hash_name, signature, item.position)
            )

    # -- session.yaml --------------------------------------------------------------------

    def session(self, document: LocatedDict) -> None:
        self.unknown_keys(document, ("session",), "session.yaml")
        block = document.get("session")
        if not isinstance(block, LocatedDict):
            self.log.add(
                document.position, "'session' is missing or not a mapping", "add 'session:'"
            )
            return
        self.unknown_keys(block, ("doc", "fields"), "session")
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
                    isinstance(v, int) and not isinstance(v, bool) for v in values
                ):
                    self.log.add(
                        item.value_at(key),
                        f"{key} of {what} is not a list of integers",
                        "write [0, 48]",
                    )
                    continue
                setattr(field, key, tuple(values))
            self.session_default(field, item, what)
            self.spec.session_fields.append(field)

    def session_default(self, field: SessionField, item: LocatedDict, what: str) -> None:
        """Check that the default fits the type, so the generated code never starts invalid."""
        where = item.value_at("default")
        default = field.default
        if field.type == "member":
            if field.registry is None:
                self.log.add(
                    item.position,
                    f"{what} is a member but names no registry",
                    "add 'registry: NAME'",
                )
            else:
                self._member_refs.append(
                    (field.registry, field.registry, item.value_at("registry"))
                )
                if default is not None:
                    self._member_refs.append((field.registry, default, where))
        if default is None:
            if not field.nullable and field.type in (
                "bool",
                "int",
                "bytes",
                "codes",
                "der_chain",
                "point_format",
            ):
                self.log.add(
                    item.position,
                    f"{what} has no default and is not nullable",
                    "add 'default:' or 'nullable: true'",
                )
            return
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
        }.get(field.type, False)
        if not ok:
            self.log.add(
                where,
                f"default {default!r} does not fit type {field.type} of {what}",
                "fix the default or make the field nullable",
            )

    # -- cross references ----------------------------------------------------------------

    def resolve_references(self) -> None:
        for table, name, where in self._algorithm_refs:
            known = self.spec.algorithms.get(table)
            if known is None:
                continue  # algorithms.yaml itself failed; that error is already logged
            if name not in known:
                self.log.add(
                    where,
                    f"unknown {table} name {name!r}",
                    f"define it in algorithms.yaml under {table}: or fix the spelling",
                )
        for registry, name, where in self._member_refs:
            target = self.spec.registries.get(registry)
            if registry not in REGISTRY_BY_NAME:
                self.log.add(
                    where,
                    f"unknown registry {registry!r}",
                    f"use one of: {', '.join(REGISTRY_BY_NAME)}",
                )
                continue
            if target is None or name == registry:
                continue
            if name not in {entry.name for entry in target.entries}:
                self.log.add(
                    where,
                    f"unknown {registry} name {name!r}",
                    f"use a name defined in the {registry} registry",
                )


def validate(spec_dir: Path, log: ErrorLog) -> Spec:
    """Load and validate every spec file in `spec_dir`."""
    return Validator(spec_dir, log).run()
