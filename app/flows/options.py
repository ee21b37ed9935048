"""The distinct answers worth trying at each step, for path walks and progress counts.

Free-entry steps (number, money, date, text) never change the route except through
`answered`, so each gets one sample value, plus a skip when it is optional. A multi-choice
step branches over the subsets of the values that some condition reads, plus one value
no condition reads (when there is one), since other picks cannot change the route.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

from app.flows.conditions import AnswerValue
from app.flows.schema import All, AnyOf, Condition, Eq, Has, In, Not, Step, StepType, Tree

INFO_SEEN = "seen"
SKIPPED = ""

SAMPLE_VALUES: dict[StepType, str] = {
    StepType.number: "30",
    StepType.money: "100.00",
    StepType.date: "2026-01-15",
    StepType.text: "sample",
}


def _visit(cond: Condition | None, out: dict[str, set[str]]) -> None:
    match cond:
        case Eq(eq=(step, value)) | Has(has=(step, value)):
            out.setdefault(step, set()).add(value)
        case In(in_=(step, values)):
            out.setdefault(step, set()).update(values)
        case Not(not_=inner):
            _visit(inner, out)
        case All(all=parts) | AnyOf(any=parts):
            for part in parts:
                _visit(part, out)


def values_read(tree: Tree, *, routing_only: bool = False) -> dict[str, set[str]]:
    """For each step, the choice values that some condition compares against.

    With `routing_only`, only the conditions that choose the next step count.
    """
    out: dict[str, set[str]] = {}
    conditions: list[Condition | None] = [r.when for s in tree.steps for r in s.rules]
    if not routing_only:
        conditions += [item.when for item in (*tree.checklist, *tree.questions)]
    for cond in conditions:
        _visit(cond, out)
    return out


def answer_options(step: Step, read: Iterable[str]) -> list[AnswerValue]:
    """The distinct answers worth trying at a step, given the values conditions read."""
    read = set(read)
    if step.type == StepType.results:
        return []
    if step.type == StepType.info:
        return [INFO_SEEN]
    if step.type in (StepType.single, StepType.yesno):
        return list(step.choice_values)
    if step.type == StepType.multi:
        used = [v for v in step.choice_values if v in read]
        spare = [v for v in step.choice_values if v not in read][:1]
        pool = used + spare
        return [
            sorted(combo, key=step.choice_values.index)
            for size in range(1, len(pool) + 1)
            for combo in combinations(pool, size)
        ]
    sample = SAMPLE_VALUES[step.type]
    if step.min is not None and step.type == StepType.number:
        sample = str(max(float(sample), step.min)).removesuffix(".0")
    return [sample, SKIPPED] if step.optional else [sample]
