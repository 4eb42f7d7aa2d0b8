"""Check loaded spec files against the schema and build the typed spec model.

Every check logs its problem and goes on, so that one run reports every error in the spec.
"""

from __future__ import annotations

import itertools
from enum import IntEnum
from pathlib import Path
from typing import Any

from generator.errors import ErrorLog, Position
from generator.loader import LocatedDict, LocatedList, load_file
from generator.model import (
    Algorithm,
    DefaultSignatureRule,
    Entry,
    Range,
    Registry,
    Spec,
)
from generator.rules import check_rules
from generator.schema import (
    ALGORITHM_TABLES,
    COMMON_ENTRY_KEYS,
    REGISTRIES,
    REGISTRY_BY_NAME,
    SPEC_FILES,
    RegistrySpec,
)
from generator.validate_base import TABLE_NOUNS, is_identifier, name_problem
from generator.validate_schedule import KeyScheduleReader
from generator.validate_session import SessionReader

RANGE_STATUSES = ("reserved", "unassigned", "private_use")
RECOMMENDED = ("Y", "N", "D")
INT_ENUM_ATTRIBUTES = frozenset(
    {"name", "value"} | {n for n in dir(IntEnum) if not n.startswith("_")}
)


class Validator(SessionReader, KeyScheduleReader):
    """Validate the spec directory into a `Spec`, logging every problem to `log`."""

    def run(self) -> Spec:
        expected = {f"{stem}.yaml" for stem in SPEC_FILES}
        found = sorted(p.name for p in self.spec_dir.iterdir() if p.suffix in (".yaml", ".yml"))
        for name in found:
            if name not in expected:
                self.log.add(
                    Position(self.display(self.spec_dir / name), 1, 1),
                    f"unknown spec file {name}",
                    f"rename it to one of {', '.join(sorted(expected))} or move it out of spec/",
                )
        documents: dict[str, Any] = {}
        for stem in SPEC_FILES:
            path = self.spec_dir / f"{stem}.yaml"
            display = self.display(path)
            if not path.exists():
                self.log.add(Position(display, 1, 1), f"missing spec file {stem}.yaml", "create it")
                continue
            documents[stem] = load_file(path, display, self.log)
            if documents[stem] is not None:
                self.spec.files[stem] = path.read_bytes()

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
            elif stem == "key_schedule":
                self.key_schedule(document)
            else:
                self.registry_file(stem, document)

        self.resolve_references()
        failed = {Path(error.position.path).stem for error in self.log.errors}
        clean = {stem for stem in SPEC_FILES if stem in documents and stem not in failed}
        check_rules(self.spec, self.log, clean)
        return self.spec

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
                    *name_problem(name, f"{spec.name} entry"),
                )
                name = None
            elif name in INT_ENUM_ATTRIBUTES:
                self.log.add(
                    item.value_at("name"),
                    f"name {name!r} of {spec.name} entry is an IntEnum attribute",
                    "rename it; members cannot shadow IntEnum's own attributes",
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

    # -- cross references ----------------------------------------------------------------

    def resolve_references(self) -> None:
        for table, name, where in self._algorithm_refs:
            known = self.spec.algorithms.get(table)
            if known is None:
                continue  # algorithms.yaml itself failed; that error is already logged
            if name not in known:
                self.log.add(
                    where,
                    f"unknown {TABLE_NOUNS[table]} {name!r}",
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
