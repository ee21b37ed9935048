"""Validate raw flow data with the pydantic schema and word each error for a content editor.

Pydantic reports a bad condition once per union branch (Eq, In, Has, ...), so errors under a
condition are collapsed and the condition is diagnosed here directly, giving one clear
message per place. The same goes for `next`, which is a step id or a list of rules.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from app.flows.condition_errors import VALUE_RE, bad_id, describe, diagnose_condition
from app.flows.problems import Reporter
from app.flows.schema import (
    ChecklistItem,
    Choice,
    Item,
    Rule,
    Stage,
    Step,
    StepType,
    Tree,
    parse_tree,
)
from app.flows.step_rules import step_shapes, strict_scalars
from app.flows.yaml_positions import PathKey


def validate(data: Any, report: Reporter) -> Tree | None:
    """The Tree when the data fits the schema; otherwise None, with every error reported."""
    if not isinstance(data, dict):
        what = "empty" if data is None else f"{describe(data)}"
        report.at(
            (),
            "ST101",
            f"the file must be a mapping with version, start, steps, "
            f"checklist and questions; it is {what}",
        )
        return None
    before = len(report.problems)
    strict_paths = strict_scalars(data, report)
    step_shapes(data, report)
    try:
        tree = parse_tree(data)
    except ValidationError as exc:
        _explain(exc, data, strict_paths, report)
        return None
    return tree if len(report.problems) == before else None


def _get(data: Any, path: PathKey) -> Any:
    for part in path:
        data = data[part]
    return data


def _resolve(data: Any, loc: tuple[str | int, ...]) -> tuple[PathKey, list[str | int]]:
    """Follow a pydantic `loc` through the data; parts that do not descend are left over
    (union branch tags and missing keys)."""
    path: PathKey = ()
    rest: list[str | int] = []
    cur: Any = data
    for part in loc:
        if _descends(cur, part):
            cur = cur[part]
            path = (*path, part)
        else:
            rest.append(part)
    return path, rest


def _descends(cur: Any, part: str | int) -> bool:
    if isinstance(cur, dict):
        return part in cur
    return isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur)


def _condition_root(path: PathKey) -> PathKey | None:
    for size in (5, 3):
        head = path[:size]
        if len(head) == size and head[-1] == "when":
            if size == 5 and head[0] == "steps" and head[2] == "next":
                return head
            if size == 3 and head[0] in ("checklist", "questions"):
                return head
    return None


def _explain(
    exc: ValidationError, data: dict[Any, Any], strict_paths: set[PathKey], report: Reporter
) -> None:
    conditions: dict[PathKey, None] = {}
    bad_next: dict[PathKey, None] = {}
    for err in exc.errors():
        loc = tuple(err["loc"])
        path, rest = _resolve(data, loc)
        if path in strict_paths:
            continue
        root = _condition_root(path)
        if root is not None:
            conditions[root] = None
            continue
        if len(path) >= 3 and path[0] == "steps" and path[2] == "next":
            value = _get(data, path[:3])
            tag = str(loc[3]) if len(loc) > 3 else ""
            if not isinstance(value, str | list):
                bad_next[path[:3]] = None
                continue
            if isinstance(value, list) != tag.startswith("tuple"):
                continue  # the error belongs to the union branch that does not apply
        if err["type"] == "too_short" and isinstance(_get(data, path), list) and _get(data, path):
            continue  # pydantic counts only the items that validated
        _word(err, path, rest, data, report)
    for path in bad_next:
        report.at(
            path,
            "ST101",
            f"next must be a step id or a list of rules, not {describe(_get(data, path))}",
        )
    for root in conditions:
        before = len(report.problems)
        diagnose_condition(_get(data, root), root, report)
        if len(report.problems) == before:  # pragma: no cover - pydantic stricter than us
            report.at(root, "ST101", "this condition is not valid")


SECTION_NOUNS = {"steps": "step", "checklist": "checklist item", "questions": "insurer question"}


def _owner(data: Any, path: PathKey) -> str:
    """A human name for the mapping at `path`, e.g. "rule #2 of step 'stage'"."""
    if not path:
        return "the file"
    if len(path) == 1:
        return str(path[0])
    noun = SECTION_NOUNS.get(str(path[0]), str(path[0]))
    entry = _get(data, path[:2])
    ident = entry.get("id") if isinstance(entry, dict) else None
    base = f"{noun} {ident!r}" if isinstance(ident, str) else f"{noun} #{int(path[1]) + 1}"
    if len(path) >= 4 and path[2] in ("choices", "next") and isinstance(path[3], int):
        part = "choice" if path[2] == "choices" else "rule"
        return f"{part} #{path[3] + 1} of {base}"
    return base


def _model_at(path: PathKey) -> type[BaseModel] | None:
    shapes: dict[tuple[str | None, ...], type[BaseModel]] = {
        (): Tree,
        ("steps", None): Step,
        ("steps", None, "choices", None): Choice,
        ("steps", None, "next", None): Rule,
        ("checklist", None): ChecklistItem,
        ("questions", None): Item,
    }
    key = tuple(None if isinstance(p, int) else p for p in path)
    return shapes.get(key)


def _allowed_keys(path: PathKey) -> list[str]:
    model = _model_at(path)
    if model is None:
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _suggest(word: str, options: list[str]) -> str:
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"; did you mean {match[0]!r}?" if match else ""


def _word(err: Any, path: PathKey, rest: list[str | int], data: Any, report: Reporter) -> None:
    kind: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    value = _get(data, path)
    field = str(path[-1]) if path and isinstance(path[-1], str) else "this entry"
    if kind == "missing":
        name = rest[-1] if rest else field
        report.at(path, "ST103", f"{_owner(data, path)} is missing required field {name!r}")
    elif kind == "extra_forbidden":
        key = str(path[-1])
        hint = _suggest(key, _allowed_keys(path[:-1]))
        report.at(
            path, "ST102", f"unknown key {key!r} in {_owner(data, path[:-1])}{hint}", key=True
        )
    elif kind == "string_type":
        quote = f'; put it in quotes: "{value}"' if isinstance(value, int | float) else ""
        if isinstance(value, bool):
            quote = f'; put it in quotes: "{str(value).lower()}"'
        report.at(path, "ST101", f"{field} must be text, not {describe(value)}{quote}")
    elif kind == "string_pattern_mismatch":
        choice = ctx.get("pattern") == VALUE_RE.pattern
        report.at(path, "ST101", bad_id(value, choice=choice))
    elif kind == "string_too_short":
        report.at(path, "ST101", f"{field} must not be empty")
    elif kind == "string_too_long":
        report.at(
            path,
            "ST101",
            f"{field} is too long ({len(value)} characters; at most {ctx.get('max_length')})",
        )
    elif kind == "enum":
        options = [t.value for t in (StepType if field == "type" else Stage)]
        shown = repr(value) if isinstance(value, str) else describe(value)
        hint = _suggest(value, options) if isinstance(value, str) else ""
        report.at(
            path, "ST101", f"{shown} is not a valid {field}; use one of {', '.join(options)}{hint}"
        )
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        report.at(
            path,
            "ST101",
            f"{_owner(data, path)} must be a mapping (key: value), not {describe(value)}",
        )
    elif kind in ("tuple_type", "list_type"):
        report.at(path, "ST101", f"{field} must be a list, not {describe(value)}")
    elif kind == "too_short":
        report.at(path, "ST101", f"{field} must have at least {ctx.get('min_length', 1)} entry")
    else:
        report.at(path, "ST101", f"{field}: {err['msg']}")
