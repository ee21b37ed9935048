"""The distinct answers worth trying at each step, for path walks and progress counts.

Each step type decides its own options (app/flows/types): free-entry steps never change the
route except through `answered`, so each gets one sample value, plus a skip when it is
optional; a multi-choice step branches over the subsets of the values some condition reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from app.flows.conditions import AnswerValue
from app.flows.schema import Condition, Step, Tree
from app.flows.types import INFO_SEEN, SKIPPED
from app.flows.visitor import Gather
from app.flows.yaml_positions import PathKey

__all__ = ["INFO_SEEN", "SKIPPED", "answer_options", "values_read"]


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
    return step.kind.options(step, set(read))
