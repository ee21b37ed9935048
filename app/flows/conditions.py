"""Evaluate flow conditions over the answers on the current path.

Conditions are compiled once into small closures, so a next-step computation costs
only a few dictionary look-ups.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from app.flows.schema import All, Answered, AnyOf, Condition, Eq, Has, In, Not

AnswerValue = str | list[str]
Answers = Mapping[str, AnswerValue]
Check = Callable[[Answers], bool]


def compile_condition(cond: Condition | None) -> Check:
    """Turn a condition into a function of the active answers."""
    if cond is None:
        return _always
    match cond:
        case Eq(eq=(step, value)):
            return lambda a: a.get(step) == value
        case In(in_=(step, values)):
            allowed = frozenset(values)
            return lambda a: isinstance(a.get(step), str) and a.get(step) in allowed
        case Has(has=(step, value)):
            return lambda a: isinstance(a.get(step), list) and value in a[step]
        case Answered(answered=step):
            return lambda a: a.get(step) not in (None, "", [])
        case Not(not_=inner):
            check = compile_condition(inner)
            return lambda a: not check(a)
        case All(all=parts):
            checks = tuple(compile_condition(p) for p in parts)
            return lambda a: all(c(a) for c in checks)
        case AnyOf(any=parts):
            checks = tuple(compile_condition(p) for p in parts)
            return lambda a: any(c(a) for c in checks)
    raise TypeError(f"unknown condition {cond!r}")  # pragma: no cover


def _always(_: Answers) -> bool:
    return True


def evaluate3(cond: Condition | None, known: Answers) -> bool | None:
    """Three-valued evaluation: None when the answer depends on steps not yet answered."""
    if cond is None:
        return True
    match cond:
        case Eq(eq=(step, _)) | In(in_=(step, _)) | Has(has=(step, _)) | Answered(answered=step):
            if step not in known:
                return None
            return compile_condition(cond)(known)
        case Not(not_=inner):
            inner_value = evaluate3(inner, known)
            return None if inner_value is None else not inner_value
        case All(all=parts):
            values = [evaluate3(p, known) for p in parts]
            if False in values:
                return False
            return None if None in values else True
        case AnyOf(any=parts):
            values = [evaluate3(p, known) for p in parts]
            if True in values:
                return True
            return None if None in values else False
    raise TypeError(f"unknown condition {cond!r}")  # pragma: no cover
