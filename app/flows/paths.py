"""Enumerate the complete paths through a tree, for tests, the checker and `covnav paths`.

Each step branches over `answer_options` (app/flows/options.py).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from app.flows.conditions import AnswerValue
from app.flows.engine import Flow
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
