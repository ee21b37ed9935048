"""Diagnose a raw condition directly, one clear message per place.

Pydantic reports a bad condition once per union branch (Eq, In, Has, ...); these messages
replace that noise.
"""

from __future__ import annotations

import re
from typing import Any

from app.flows.problems import Reporter
from app.flows.yaml_positions import PathKey

OPERATORS = ("eq", "in", "has", "answered", "not", "all", "any")
OPERATOR_LIST = ", ".join(OPERATORS)
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
VALUE_RE = re.compile(r"^[a-z0-9_]+$")
MAX_ID = 60


def describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def bad_id(value: Any, *, choice: bool) -> str:
    text = str(value)
    if choice:
        if VALUE_RE.match(text):
            return f"{value!r} is too long (at most {MAX_ID} characters)"
        return f"{value!r} is not a valid value: use lowercase letters, digits and _"
    if ID_RE.match(text):
        return f"{value!r} is too long for an id (at most {MAX_ID} characters)"
    return (
        f"{value!r} is not a valid id: use lowercase letters, digits and _, starting with a letter"
    )


def diagnose_condition(cond: Any, path: PathKey, report: Reporter) -> None:
    """Report what is wrong with one raw condition (and, recursively, its parts)."""
    if not isinstance(cond, dict):
        report.at(
            path,
            "ST101",
            "a condition must be a mapping with one operator, like "
            f"{{eq: [step_id, value]}}, not {describe(cond)}",
        )
        return
    if not cond:
        report.at(path, "ST101", f"empty condition; use one of {OPERATOR_LIST}")
        return
    unknown = [k for k in cond if k not in OPERATORS]
    for key in unknown:
        report.at(
            (*path, key),
            "ST102",
            f"unknown condition operator {key!r}; use one of {OPERATOR_LIST}",
            key=True,
        )
    known = [k for k in cond if k in OPERATORS]
    if len(known) > 1:
        report.at(
            path,
            "ST101",
            f"a condition has exactly one operator, not "
            f"{', '.join(known)}; combine them with all or any",
        )
    if unknown or len(known) != 1:
        return
    op = known[0]
    arg, here = cond[op], (*path, op)
    if op in ("not",):
        diagnose_condition(arg, here, report)
    elif op in ("all", "any"):
        if not isinstance(arg, list) or not arg:
            report.at(
                here, "ST101", f"{op} takes a list of one or more conditions, not {describe(arg)}"
            )
            return
        for i, part in enumerate(arg):
            diagnose_condition(part, (*here, i), report)
    elif op == "answered":
        _check_step_ref(arg, here, report)
    else:
        form = "[step_id, [value, ...]]" if op == "in" else "[step_id, value]"
        if not isinstance(arg, list) or len(arg) != 2:
            got = f"a list of {len(arg)}" if isinstance(arg, list) else describe(arg)
            report.at(here, "ST101", f"{op} takes {form}, not {got}")
            return
        _check_step_ref(arg[0], (*here, 0), report)
        if op != "in":
            _check_value(arg[1], (*here, 1), report)
        elif not isinstance(arg[1], list):
            report.at(
                (*here, 1),
                "ST101",
                f"in takes {form}: the values must be a list, not {describe(arg[1])}",
            )
        else:
            for i, item in enumerate(arg[1]):
                _check_value(item, (*here, 1, i), report)


def _check_step_ref(value: Any, path: PathKey, report: Reporter) -> None:
    if not isinstance(value, str):
        report.at(path, "ST101", f"a step id must be text, not {describe(value)}")
    elif not ID_RE.match(value) or len(value) > MAX_ID:
        report.at(path, "ST101", bad_id(value, choice=False))


def _check_value(value: Any, path: PathKey, report: Reporter) -> None:
    if isinstance(value, bool | int | float) or value is None:
        shown = str(value).lower() if isinstance(value, bool) else value
        hint = f'; put it in quotes: "{shown}"' if value is not None else ""
        report.at(path, "ST101", f"a choice value must be text, not {describe(value)}{hint}")
    elif not isinstance(value, str):
        report.at(path, "ST101", f"a choice value must be text, not {describe(value)}")
    elif not VALUE_RE.match(value) or len(value) > MAX_ID:
        report.at(path, "ST101", bad_id(value, choice=True))
