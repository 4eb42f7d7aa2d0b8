"""Load spec YAML into plain values that remember their line and column.

The loader is stricter than YAML: it rejects anchors, aliases, merge keys, explicit tags
and duplicate keys, and resolves plain scalars by a small schema (see spec/README.md), so
that `NULL`, `Y` and `no` stay strings.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import ErrorLog, Position

_INT = re.compile(r"[-+]?(0x[0-9a-fA-F]+|[0-9]+)")
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


class LocatedDict(dict[str, Any]):
    """A mapping from a spec file, with the position of itself, its keys and its values."""

    position: Position
    key_positions: dict[str, Position]
    value_positions: dict[str, Position]

    def key_at(self, key: str) -> Position:
        return self.key_positions.get(key, self.position)

    def value_at(self, key: str) -> Position:
        return self.value_positions.get(key, self.key_at(key))


class LocatedList(list[Any]):
    """A sequence from a spec file, with the position of itself and of each item."""

    position: Position
    item_positions: list[Position]

    def item_at(self, index: int) -> Position:
        return self.item_positions[index]


# libyaml's parser when PyYAML was built with it (about ten times faster), else PyYAML's own.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Compose nodes only; resolution of plain scalars happens in `_scalar`."""


# Drop YAML 1.1's implicit types, so that `_scalar` alone decides what a plain scalar is.
_StrictLoader.yaml_implicit_resolvers = {}


def _position(path: Path, node: Node) -> Position:
    return Position(path, node.start_mark.line + 1, node.start_mark.column + 1)


def _scalar(node: ScalarNode) -> Any:
    text = node.value
    if node.style:  # quoted or block scalars are always strings
        return text
    if text in ("null", "~", ""):
        return None
    if text == "true":
        return True
    if text == "false":
        return False
    if _INT.fullmatch(text):
        return int(text, 16) if "0x" in text else int(text, 10)
    return text


class _Builder:
    """Turn a composed node tree into located values, logging every problem found."""

    def __init__(self, path: Path, log: ErrorLog) -> None:
        self.path = path
        self.log = log

    def build(self, node: Node) -> Any:
        if node.tag not in _PLAIN_TAGS:
            self.log.add(
                _position(self.path, node),
                f"explicit tag {node.tag!r} is not allowed",
                "remove the tag; a spec holds only plain maps, lists and scalars",
            )
        if isinstance(node, ScalarNode):
            return _scalar(node)
        if isinstance(node, SequenceNode):
            items = LocatedList(self.build(item) for item in node.value)
            items.position = _position(self.path, node)
            items.item_positions = [_position(self.path, item) for item in node.value]
            return items
        assert isinstance(node, MappingNode)
        return self._mapping(node)

    def _mapping(self, node: MappingNode) -> LocatedDict:
        result = LocatedDict()
        result.position = _position(self.path, node)
        result.key_positions = {}
        result.value_positions = {}
        for key_node, value_node in node.value:
            where = _position(self.path, key_node)
            if key_node.tag == "tag:yaml.org,2002:merge" or key_node.value == "<<":
                self.log.add(where, "merge key '<<' is not allowed", "write the keys out in full")
                continue
            if not isinstance(key_node, ScalarNode):
                self.log.add(where, "mapping key is not a scalar", "use a plain string as the key")
                continue
            key = str(key_node.value)
            if key in result:
                first = result.key_positions[key]
                self.log.add(
                    where,
                    f"duplicate key {key!r}, first defined at line {first.line}",
                    "remove one of the two or rename it",
                )
                continue
            result[key] = self.build(value_node)
            result.key_positions[key] = where
            result.value_positions[key] = _position(self.path, value_node)
        return result


def _reject_anchors(path: Path, text: str, log: ErrorLog) -> bool:
    """Log every anchor and alias in the text; return whether any was found."""
    found = False
    for event in yaml.parse(text, Loader=_StrictLoader):
        anchor = getattr(event, "anchor", None)
        mark = event.start_mark
        where = Position(path, mark.line + 1, mark.column + 1) if mark else Position(path, 1, 1)
        if isinstance(event, yaml.AliasEvent):
            found = True
            log.add(
                where,
                f"alias '*{anchor}' is not allowed",
                "write the value out in full",
            )
        elif anchor is not None:
            found = True
            log.add(
                where,
                f"anchor '&{anchor}' is not allowed",
                "remove the anchor; a spec holds plain data",
            )
    return found


def load_file(path: Path, display: Path, log: ErrorLog) -> Any:
    """Load one spec file, logging problems against `display`; return None if unreadable."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        log.add(
            Position(display, 1, 1), f"cannot read file: {exc.strerror}", "make it a readable file"
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        log.add(
            Position(display, line, column),
            f"invalid UTF-8 byte 0x{data[exc.start]:02X}",
            "save the file as UTF-8",
        )
        return None

    try:
        if _reject_anchors(display, text, log):
            return None
        node = yaml.compose(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and exc.problem:
            problem = f"{exc.context} at line {exc.context_mark.line + 1}, {exc.problem}"
        log.add(
            Position(display, line, column), f"malformed YAML: {problem}", "fix the YAML syntax"
        )
        return None
    except yaml.YAMLError as exc:
        log.add(Position(display, 1, 1), f"malformed YAML: {exc}", "fix the syntax")
        return None

    if node is None:
        log.add(Position(display, 1, 1), "file is empty", "add the spec content or delete it")
        return None
    return _Builder(display, log).build(node)
