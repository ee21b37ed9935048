"""Enumerate the complete paths through a tree, for tests, the checker and `covnav paths`.

Each step branches over `answer_options` (app/flows/options.py).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from app.flows.conditions import AnswerValue
from app.flows.engine import Flow, route_key
from app.flows.options import answer_options, values_read


@dataclass(frozen=True)
class CompletePath:
    steps: tuple[str, ...]
    answers: dict[str, AnswerValue]
    end: str


def iter_paths(flow: Flow) -> Iterator[CompletePath]:
    """Every complete path, depth first. The answer dict is copied per yielded path."""
    read = values_read(flow.tree)
    options = {s.id: answer_options(s, read.get(s.id, set())) for s in flow.tree.steps}
    active: dict[str, AnswerValue] = {}
    path: list[str] = []

    def dfs(step_id: str) -> Iterator[CompletePath]:
        if step_id in flow.ends:
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
        while step_id not in flow.ends:
            active[step_id] = rng.choice(options[step_id])
            path.append(step_id)
            step_id = flow.follow(step_id, active)
        yield CompletePath(tuple(path), active, step_id)


def covering_paths(flow: Flow) -> Iterator[CompletePath]:
    """Complete paths that, together, take every answer option and every rule of every step.

    For a tree too big to walk whole: each target (a step's option, or a step's rule) gets
    one path found by a depth-first search that remembers the route states that cannot lead
    to it, then ends by taking the first option at each step.
    """
    read = values_read(flow.tree)
    options = {s.id: answer_options(s, read.get(s.id, set())) for s in flow.tree.steps}
    seen_options: set[tuple[str, int]] = set()
    seen_rules: set[tuple[str, str]] = set()
    for step in flow.tree.steps:
        targets: list[tuple[int | None, str | None]] = [
            (i, None) for i in range(len(options[step.id]))
        ]
        targets += [(None, rule.goto) for rule in step.rules]
        for index, goto in targets:
            if (index is not None and (step.id, index) in seen_options) or (
                goto is not None and (step.id, goto) in seen_rules
            ):
                continue
            found = _path_through(flow, options, step.id, index, goto)
            if found is None:
                continue
            steps = (*found.steps, found.end)
            seen_rules.update(zip(steps, steps[1:], strict=False))
            seen_options.update((s, options[s].index(found.answers[s])) for s in found.steps)
            yield found


def _path_through(
    flow: Flow,
    options: dict[str, list[AnswerValue]],
    target: str,
    index: int | None,
    goto: str | None,
) -> CompletePath | None:
    active: dict[str, AnswerValue] = {}
    path: list[str] = []
    dead: set[object] = set()

    def fits(step_id: str, i: int) -> bool:
        if step_id != target:
            return True
        return (index is None or i == index) and (
            goto is None or flow.follow(step_id, active) == goto
        )

    def finish(step_id: str) -> CompletePath:
        while step_id not in flow.ends:
            active[step_id] = options[step_id][0]
            path.append(step_id)
            step_id = flow.follow(step_id, active)
        return CompletePath(tuple(path), dict(active), step_id)

    def dfs(step_id: str) -> CompletePath | None:
        if step_id in flow.ends:
            return None
        key = route_key(flow, step_id, active)
        if key in dead:
            return None
        for i, option in enumerate(options[step_id]):
            active[step_id] = option
            path.append(step_id)
            if step_id == target:
                if fits(step_id, i):
                    return finish(flow.follow(step_id, active))
            elif (found := dfs(flow.follow(step_id, active))) is not None:
                return found
            path.pop()
            del active[step_id]
        dead.add(key)
        return None

    return dfs(flow.tree.start)
