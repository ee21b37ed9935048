"""Read YAML into plain data while remembering where every node sits in the file.

The loader follows the YAML 1.2 core schema for plain scalars: only `true`/`false` are
booleans (so `yes`, `no`, `on`, `off` stay text, as choice values need), numbers are
decimal unless written `0o..`/`0x..`, and dates stay text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # the C parser is much faster; the pure-Python one gives the same result
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

PathKey = tuple[str | int, ...]
Position = tuple[int, int]

TAG = "tag:yaml.org,2002:"
_CORE_RESOLVERS: list[tuple[str, str, str]] = [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    ("merge", r"^<<$", "<"),
]


def _core_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for name, pattern, first in _CORE_RESOLVERS:
        regexp = re.compile(pattern)
        for char in first:
            table.setdefault(char, []).append((TAG + name, regexp))
    table[""] = [(TAG + "null", re.compile(r"^$"))]
    return table


class FlowLoader(_BaseLoader):
    """A safe loader with YAML 1.2 core-schema scalars (no yes/no booleans)."""

    yaml_implicit_resolvers = _core_resolvers()


class PureFlowLoader(yaml.SafeLoader):
    """The same rules on the pure-Python parser, used to word syntax errors the same way
    whether or not libyaml is installed."""

    yaml_implicit_resolvers = _core_resolvers()


@dataclass
class Positions:
    """1-based (line, column) of each value node and each mapping key, by data path."""

    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)

    def value(self, path: PathKey) -> Position:
        """Where the node at `path` starts, or its nearest recorded ancestor."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def key(self, path: PathKey) -> Position:
        """Where the mapping key for `path` is written (falls back to the value)."""
        return self.keys.get(path) or self.value(path)


@dataclass(frozen=True)
class YamlIssue:
    """A problem found while reading: a syntax error (fatal) or e.g. a duplicate key."""

    line: int
    col: int
    message: str
    fatal: bool


@dataclass
class Document:
    data: Any
    positions: Positions
    issues: list[YamlIssue]


def _mark(node: Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def read_yaml(text: str) -> Document:
    """Parse one YAML document; a syntax error comes back as a fatal issue."""
    try:
        loader = FlowLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return Document(None, Positions(), [_syntax_issue(text)])
    builder = _Builder()
    data = builder.build(root, ()) if root is not None else None
    return Document(data, builder.positions, builder.issues)


def _syntax_issue(text: str) -> YamlIssue:
    try:
        loader = PureFlowLoader(text)
        try:
            loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        words = " ".join((exc.problem or "invalid YAML").split())
        if exc.context:
            where = exc.context_mark
            at = f" at line {where.line + 1}" if where and where is not mark else ""
            words = f"{words} ({exc.context}{at})"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return YamlIssue(line, col, f"YAML syntax error: {words}", True)
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return YamlIssue(
            line,
            col,
            f"YAML syntax error: character #x{code:04x} is not allowed in a YAML file",
            True,
        )
    except yaml.YAMLError as exc:
        return YamlIssue(1, 1, f"YAML syntax error: {' '.join(str(exc).split())}", True)
    return YamlIssue(1, 1, "YAML syntax error", True)  # pragma: no cover - parsers disagree


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording positions."""

    def __init__(self) -> None:
        self.positions = Positions()
        self.issues: list[YamlIssue] = []
        self._open: set[int] = set()

    def build(self, node: Node, path: PathKey) -> Any:
        self.positions.values[path] = _mark(node)
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if id(node) in self._open:
            self._issue(node, "an alias refers to itself", fatal=True)
            return None
        self._open.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
        finally:
            self._open.discard(id(node))
        return None  # pragma: no cover - composer yields only the three node kinds

    def _mapping(self, node: MappingNode, path: PathKey) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        for key_node, value_node in _merged(node):
            if not isinstance(key_node, ScalarNode):
                self._issue(key_node, "a key must be plain text", fatal=False)
                continue
            key = self._scalar(key_node)
            if isinstance(key, float | bool) or key is None:
                key = key_node.value
            if key in seen:
                self._issue(
                    key_node, f"duplicate key {key!r} (first at line {seen[key]})", fatal=False
                )
            seen[key] = key_node.start_mark.line + 1
            self.positions.keys[(*path, key)] = _mark(key_node)
            out[key] = self.build(value_node, (*path, key))
        return out

    def _scalar(self, node: ScalarNode) -> Any:
        tag, value = node.tag, node.value
        try:
            if tag == TAG + "str":
                return value
            if tag == TAG + "null":
                return None
            if tag == TAG + "bool":
                return value.lower() == "true"
            if tag == TAG + "int":
                if value.startswith(("0o", "0x")):
                    return int(value[2:], 8 if value[1] == "o" else 16)
                return int(value, 10)
            if tag == TAG + "float":
                return float(value.lower().replace(".inf", "inf").replace(".nan", "nan"))
        except ValueError:
            self._issue(node, f"{value!r} is not a valid {tag.removeprefix(TAG)}", fatal=False)
            return value
        self._issue(node, f"unsupported tag {tag.replace(TAG, '!!')}", fatal=False)
        return value

    def _issue(self, node: Node, message: str, *, fatal: bool) -> None:
        line, col = _mark(node)
        self.issues.append(YamlIssue(line, col, message, fatal))


def _merged(node: MappingNode) -> list[tuple[Node, Node]]:
    """The mapping's pairs with `<<: *anchor` merge keys expanded (explicit keys win)."""
    pairs: list[tuple[Node, Node]] = []
    merged: list[tuple[Node, Node]] = []
    for key_node, value_node in node.value:
        if key_node.tag == TAG + "merge":
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in sources:
                if isinstance(source, MappingNode):
                    merged.extend(_merged(source))
        else:
            pairs.append((key_node, value_node))
    explicit = {k.value for k, _ in pairs if isinstance(k, ScalarNode)}
    return [p for p in merged if p[0].value not in explicit] + pairs
