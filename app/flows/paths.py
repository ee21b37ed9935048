"""Enumerate the complete paths through a tree, for tests, the checker and `covnav paths`.

Free-entry steps (number, money, date, text) never change the route except through
`answered`, so each gets one sample value, plus a skip when it is optional. A multi-choice
step branches over the subsets of the values that some condition reads, plus one value
no condition reads (when there is one), since other picks cannot change the route.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from app.flows.conditions import AnswerValue
from app.flows.engine import INFO_SEEN, SKIPPED, Flow
from app.flows.schema import All, AnyOf, Condition, Eq, Has, In, Not, Step, StepType, Tree

SAMPLE_VALUES: dict[StepType, str] = {
    StepType.number: "30",
    StepType.money: "100.00",
    StepType.date: "2026-01-15",
    StepType.text: "sample",
}


@dataclass(frozen=True)
class CompletePath:
    steps: tuple[str, ...]
    answers: dict[str, AnswerValue]
    end: str


def values_read(tree: Tree) -> dict[str, set[str]]:
    """For each step, the choice values that some condition compares against."""
    out: dict[str, set[str]] = {}

    def visit(cond: Condition | None) -> None:
        match cond:
            case Eq(eq=(step, value)) | Has(has=(step, value)):
                out.setdefault(step, set()).add(value)
            case In(in_=(step, values)):
                out.setdefault(step, set()).update(values)
            case Not(not_=inner):
                visit(inner)
            case All(all=parts) | AnyOf(any=parts):
                for part in parts:
                    visit(part)

    for step in tree.steps:
        for rule in step.rules:
            visit(rule.when)
    for item in (*tree.checklist, *tree.questions):
        visit(item.when)
    return out


def answer_options(step: Step, read: set[str]) -> list[AnswerValue]:
    """The distinct answers worth trying at a step."""
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


def iter_paths(flow: Flow) -> Iterator[CompletePath]:
    """Every complete path, depth first. The answer dict is copied per yielded path."""
    read = values_read(flow.tree)
    options = {s.id: answer_options(s, read.get(s.id, set())) for s in flow.tree.steps}
    active: dict[str, AnswerValue] = {}
    path: list[str] = []

    def dfs(step_id: str) -> Iterator[CompletePath]:
        step = flow.step(step_id)
        if step.type == StepType.results:
            yield CompletePath(tuple(path), dict(active), step_id)
            return
        for option in options[step_id]:
            active[step_id] = option
            path.append(step_id)
            yield from dfs(flow.follow(step_id, active))
            path.pop()
            del active[step_id]

    yield from dfs(flow.tree.start)


def count_paths(flow: Flow, limit: int | None = None) -> tuple[int, int]:
    """(number of complete paths, longest path in questions), stopping at `limit` paths."""
    count = 0
    longest = 0
    for p in iter_paths(flow):
        count += 1
        longest = max(longest, sum(flow.question_count[s] for s in p.steps))
        if limit is not None and count >= limit:
            break
    return count, longest


def sample_paths(flow: Flow, n: int, seed: int = 2026) -> Iterator[CompletePath]:
    """n random complete paths: each step picks one of its options at random."""
    rng = random.Random(seed)
    read = values_read(flow.tree)
    options = {s.id: answer_options(s, read.get(s.id, set())) for s in flow.tree.steps}
    for _ in range(n):
        active: dict[str, AnswerValue] = {}
        path: list[str] = []
        step_id = flow.tree.start
        while flow.step(step_id).type != StepType.results:
            active[step_id] = rng.choice(options[step_id])
            path.append(step_id)
            step_id = flow.follow(step_id, active)
        yield CompletePath(tuple(path), active, step_id)
