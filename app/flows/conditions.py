"""Evaluate flow conditions over the answers on the current path.

Conditions are compiled once into small closures, so a next-step computation costs
only a few dictionary look-ups.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from app.flows.schema import Condition
from app.flows.types.base import AnswerValue
from app.flows.visitor import ConditionFold
from app.flows.yaml_positions import PathKey

__all__ = ["AnswerValue", "Answers", "Check", "Compile", "compile_condition"]

Answers = Mapping[str, AnswerValue]
Check = Callable[[Answers], bool]


class Compile(ConditionFold[Check]):
    """Builds the closure for each operator once, so evaluating it never re-reads the tree."""

    def eq(self, step: str, value: str, path: PathKey) -> Check:
        return lambda a: a.get(step) == value

    def in_(self, step: str, values: tuple[str, ...], path: PathKey) -> Check:
        allowed = frozenset(values)
        return lambda a: isinstance(a.get(step), str) and a.get(step) in allowed

    def has(self, step: str, value: str, path: PathKey) -> Check:
        return lambda a: isinstance(a.get(step), list) and value in a[step]

    def answered(self, step: str, path: PathKey) -> Check:
        return lambda a: a.get(step) not in (None, "", [])

    def not_(self, inner: Check, path: PathKey) -> Check:
        return lambda a: not inner(a)

    def all_(self, parts: Sequence[Check], path: PathKey) -> Check:
        checks = tuple(parts)
        return lambda a: all(c(a) for c in checks)

    def any_(self, parts: Sequence[Check], path: PathKey) -> Check:
        checks = tuple(parts)
        return lambda a: any(c(a) for c in checks)


_COMPILE = Compile()


def compile_condition(cond: Condition | None) -> Check:
    """Turn a condition into a function of the active answers."""
    if cond is None:
        return _always
    return _COMPILE.visit(cond)


def _always(_: Answers) -> bool:
    return True
