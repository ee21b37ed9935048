"""The distinct answers worth trying at each step, for path walks and progress counts.

Free-entry steps (number, money, date, text) never change the route except through
`answered`, so each gets one sample value, plus a skip when it is optional. A multi-choice
step branches over the subsets of the values that some condition reads, plus one value
no condition reads (when there is one), since other picks cannot change the route.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

from app.flows.conditions import AnswerValue
from app.flows.schema import Condition, Step, StepType, Tree
from app.flows.visitor import Gather
from app.flows.yaml_positions import PathKey

INFO_SEEN = "seen"
SKIPPED = ""

SAMPLE_VALUES: dict[StepType, str] = {
    StepType.number: "30",
    StepType.money: "100.00",
    StepType.date: "2026-01-15",
    StepType.text: "sample",
}


class _ValuesRead(Gather[dict[str, set[str]]]):
    """The choice values each step is compared against."""

    def eq(self, step: str, value: str, path: PathKey) -> dict[str, set[str]]:
        return {step: {value}}

    def in_(self, step: str, values: tuple[str, ...], path: PathKey) -> dict[str, set[str]]:
        return {step: set(values)}

    def has(self, step: str, value: str, path: PathKey) -> dict[str, set[str]]:
        return {step: {value}}

    def answered(self, step: str, path: PathKey) -> dict[str, set[str]]:
        return {}

    def merge(self, parts: Sequence[dict[str, set[str]]]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for part in parts:
            for step, values in part.items():
                out.setdefault(step, set()).update(values)
        return out


def values_read(tree: Tree, *, routing_only: bool = False) -> dict[str, set[str]]:
    """For each step, the choice values that some condition compares against.

    With `routing_only`, only the conditions that choose the next step count.
    """
    conditions: list[Condition | None] = [r.when for s in tree.steps for r in s.rules]
    if not routing_only:
        conditions += [item.when for item in (*tree.checklist, *tree.questions)]
    reader = _ValuesRead()
    return reader.merge([reader.visit(c) for c in conditions if c is not None])


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
