"""Which checklist items and insurer questions some complete path produces (ST117).

A depth-first walk over the same answer options as `app.flows.paths` enumeration. It stops
testing an item as soon as one path satisfies it, and skips a branch once no pending item
can still hold there: an answer that is neither given yet nor asked by a step still ahead
will be absent at the end of the path, so conditions on it are already decided. When the
cap on complete paths is reached it falls back to random sample paths.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence, Set
from typing import TypeVar

from app.flows.conditions import Answers, AnswerValue, Check, Compile, compile_condition
from app.flows.engine import Flow
from app.flows.graph import StepGraph
from app.flows.options import answer_options, values_read
from app.flows.paths import sample_paths
from app.flows.schema import Condition
from app.flows.visitor import ConditionFold
from app.flows.yaml_positions import PathKey

K = TypeVar("K", bound=Hashable)
Check3 = Callable[[Answers, Set[str]], bool | None]

PATH_CAP = 200_000
SAMPLES = 20_000


class _Capped(Exception):
    pass


class Compile3(ConditionFold[Check3]):
    """Three-valued checks given the answers so far and the steps still ahead: None while
    the result depends on a step still ahead."""

    def __init__(self) -> None:
        self._concrete = Compile()

    def _leaf(self, step: str, concrete: Check) -> Check3:
        def leaf(a: Answers, ahead: Set[str]) -> bool | None:
            return None if step in ahead and step not in a else concrete(a)

        return leaf

    def eq(self, step: str, value: str, path: PathKey) -> Check3:
        return self._leaf(step, self._concrete.eq(step, value, path))

    def in_(self, step: str, values: tuple[str, ...], path: PathKey) -> Check3:
        return self._leaf(step, self._concrete.in_(step, values, path))

    def has(self, step: str, value: str, path: PathKey) -> Check3:
        return self._leaf(step, self._concrete.has(step, value, path))

    def answered(self, step: str, path: PathKey) -> Check3:
        return self._leaf(step, self._concrete.answered(step, path))

    def not_(self, inner: Check3, path: PathKey) -> Check3:
        def negate(a: Answers, ahead: Set[str]) -> bool | None:
            value = inner(a, ahead)
            return None if value is None else not value

        return negate

    def all_(self, parts: Sequence[Check3], path: PathKey) -> Check3:
        return _combine(tuple(parts), decisive=False)  # all: one False decides

    def any_(self, parts: Sequence[Check3], path: PathKey) -> Check3:
        return _combine(tuple(parts), decisive=True)  # any: one True decides


def _combine(checks: tuple[Check3, ...], decisive: bool) -> Check3:
    def combine(a: Answers, ahead: Set[str]) -> bool | None:
        unknown = False
        for check in checks:
            value = check(a, ahead)
            if value is decisive:
                return decisive
            unknown = unknown or value is None
        return None if unknown else not decisive

    return combine


_COMPILE3 = Compile3()


def compile3(cond: Condition) -> Check3:
    """Three-valued check of `cond` (see Compile3)."""
    return _COMPILE3.visit(cond)


def unproduced(
    flow: Flow,
    items: Sequence[tuple[K, Condition | None]],
    cap: int = PATH_CAP,
    samples: int = SAMPLES,
) -> list[K]:
    """Keys of the items whose `when` holds on no complete path (needs a sound graph:
    every step id exists, no cycles, every rule list ends with a default)."""
    pending: dict[K, tuple[Check3, Check]] = {
        key: (compile3(cond), compile_condition(cond)) for key, cond in items if cond is not None
    }
    if not pending:
        return []
    tree = flow.tree
    read = values_read(tree)
    options = {s.id: answer_options(s, read.get(s.id, set())) for s in tree.steps}
    results = flow.ends
    graph = StepGraph(tree)
    ahead = {s.id: frozenset(graph.descendants(s.id)) for s in tree.steps}
    active: dict[str, AnswerValue] = {}
    leaves = 0

    def open_branch(step_id: str) -> bool:
        still = ahead[step_id]
        return any(check3(active, still) is not False for check3, _ in pending.values())

    def dfs(step_id: str) -> None:
        nonlocal leaves
        if step_id in results:
            leaves += 1
            for key in [k for k, (_, check) in pending.items() if check(active)]:
                del pending[key]
            if leaves >= cap:
                raise _Capped
            return
        for option in options[step_id]:
            active[step_id] = option
            following = flow.follow(step_id, active)
            if open_branch(following):
                dfs(following)
            del active[step_id]
            if not pending:
                return

    try:
        if open_branch(tree.start):
            dfs(tree.start)
    except _Capped:
        for path in sample_paths(flow, samples):
            for key in [k for k, (_, check) in pending.items() if check(path.answers)]:
                del pending[key]
            if not pending:
                break
    return [key for key, _ in items if key in pending]
