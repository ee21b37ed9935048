"""The decision-tree engine: pure functions over a compiled tree and the answers so far.

No web, database or file access here. Answers are a plain mapping of step id to value;
answers on branches the patient left are kept by the caller but never read, because only
the steps on the current path count.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from weakref import WeakValueDictionary

from app.flows.conditions import Answers, AnswerValue, Check, compile_condition
from app.flows.options import INFO_SEEN, SKIPPED, answer_options, values_read
from app.flows.schema import STAGE_ORDER, Item, Step, Tree
from app.flows.visitor import condition_steps

__all__ = ["INFO_SEEN", "SKIPPED", "Flow", "Progress", "Selected", "Walk", "progress", "walk"]

# Whether a stored value answers one given step (prepared per step by its type).
AnsweredCheck = Callable[[AnswerValue | None], bool]
# One frozen answer per step a later rule reads: what decides the rest of the route.
RouteKey = tuple[str, tuple[tuple[str, str | tuple[str, ...]], ...]]
# The answers, frozen: a walk's memo key.
AnswersKey = tuple[tuple[str, str | tuple[str, ...]], ...]


@dataclass(frozen=True)
class Walk:
    """Where a patient is: the steps answered on the current path and the step to show."""

    path: tuple[str, ...]
    current: str
    active: Mapping[str, AnswerValue]
    done: bool
    # The checklist items (True) and insurer questions (False) chosen for it, once.
    picked: dict[bool, tuple[Selected, ...]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )


@dataclass(frozen=True)
class Progress:
    answered: int
    min_remaining: int
    max_remaining: int

    @property
    def about_total(self) -> int:
        """A friendly 'about N questions' figure: answered plus the most still to come."""
        return self.answered + self.max_remaining


@dataclass(frozen=True)
class Reason:
    step_id: str
    value: AnswerValue


@dataclass(frozen=True)
class Selected:
    """A checklist item or insurer question that applies, with the answers behind it."""

    item: Item
    reasons: tuple[Reason, ...]


# A checklist item or insurer question, its compiled `when` and the steps that `when` reads.
Pick = tuple[Item, Check, frozenset[str]]


def _pick(item: Item) -> Pick:
    read = frozenset(condition_steps(item.when)) if item.when is not None else frozenset()
    return item, compile_condition(item.when), read


@dataclass
class Flow:
    """A tree with its conditions compiled and its graph facts precomputed."""

    tree: Tree
    _steps: dict[str, Step] = field(init=False, repr=False)
    _rules: dict[str, tuple[tuple[Check, str], ...]] = field(init=False, repr=False)
    _checklist: tuple[Pick, ...] = field(init=False, repr=False)
    _questions: tuple[Pick, ...] = field(init=False, repr=False)
    _answered: dict[str, AnsweredCheck] = field(init=False, repr=False)
    ends: frozenset[str] = field(init=False, repr=False)  # the results steps

    def __post_init__(self) -> None:
        self._steps = {s.id: s for s in self.tree.steps}
        self._answered = {s.id: s.kind.answered_check(s) for s in self.tree.steps}
        self.ends = frozenset(s.id for s in self.tree.steps if s.kind.is_terminal)
        self._rules = {
            s.id: tuple((compile_condition(r.when), r.goto) for r in s.rules)
            for s in self.tree.steps
        }
        ordered = sorted(
            enumerate(self.tree.checklist), key=lambda p: (STAGE_ORDER[p[1].stage], p[0])
        )
        self._checklist = tuple(_pick(item) for _, item in ordered)
        self._questions = tuple(_pick(q) for q in self.tree.questions)

    def step(self, step_id: str) -> Step:
        return self._steps[step_id]

    def follow(self, step_id: str, active: Answers) -> str:
        """The step after `step_id`, given the active answers (first matching rule)."""
        for check, goto in self._rules[step_id]:
            if check(active):
                return goto
        raise LookupError(f"no rule matched after step {step_id!r}")

    @cached_property
    def question_count(self) -> dict[str, int]:
        return {s.id: int(s.is_question) for s in self.tree.steps}

    @cached_property
    def route_reads(self) -> dict[str, frozenset[str]]:
        """For each step, the answers that its own rules or any later step's rules read."""
        out: dict[str, frozenset[str]] = {}

        def reads(step_id: str) -> frozenset[str]:
            if step_id not in out:
                rules = self.step(step_id).rules
                own = {s for r in rules if r.when is not None for s in condition_steps(r.when)}
                for rule in rules:
                    own |= reads(rule.goto)
                out[step_id] = frozenset(own)
            return out[step_id]

        for step in self.tree.steps:
            reads(step.id)
        return out

    @cached_property
    def route_options(self) -> dict[str, list[AnswerValue]]:
        """The answers worth trying at each step when only the route matters."""
        read = values_read(self.tree, routing_only=True)
        routing = set().union(*self.route_reads.values())
        options: dict[str, list[AnswerValue]] = {}
        for step in self.tree.steps:
            every = answer_options(step, read.get(step.id, set()))
            options[step.id] = every if step.id in routing else every[:1]
        return options

    @cached_property
    def _remaining_memo(self) -> dict[RouteKey, tuple[int, int]]:
        return {}

    @cached_property
    def _walk_memo(self) -> WeakValueDictionary[AnswersKey, Walk]:
        """Walks in use, by their answers: a page asks for the same walk up to five times
        (its checklist, call sheet and numbers). Weak: a walk is forgotten as soon as the
        request that made it is done, so no patient's answers stay in memory after it."""
        return WeakValueDictionary()


def is_answered(step: Step, value: AnswerValue | None) -> bool:
    """Whether a stored value still answers this step (the tree may have changed)."""
    return step.kind.is_answered(step, value)


def _frozen(answers: Answers) -> AnswersKey | None:
    """The answers as a memo key; None when a value is not an answer (text or a list of it)."""
    key: list[tuple[str, str | tuple[str, ...]]] = []
    for step_id, value in answers.items():
        if isinstance(value, str):
            key.append((step_id, value))
        elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            key.append((step_id, tuple(value)))
        else:
            return None
    return tuple(key)


def walk(flow: Flow, answers: Answers) -> Walk:
    """Follow the tree from the start using the stored answers, up to the first gap.

    Pure, so a walk still in use is given again for the same answers (its `active` answers
    are read-only: a copy is the caller's to change)."""
    key = _frozen(answers)
    memo = flow._walk_memo
    if key is not None and (known := memo.get(key)) is not None:
        return known
    found = _walk(flow, answers)
    if key is not None:
        memo[key] = found
    return found


def _walk(flow: Flow, answers: Answers) -> Walk:
    path: list[str] = []
    active: dict[str, AnswerValue] = {}
    current = flow.tree.start
    ends, answered = flow.ends, flow._answered
    while True:
        if current in ends:
            return Walk(tuple(path), current, MappingProxyType(active), True)
        value = answers.get(current)
        if not answered[current](value):
            return Walk(tuple(path), current, MappingProxyType(active), False)
        assert value is not None
        active[current] = value
        path.append(current)
        current = flow.follow(current, active)


def next_step(flow: Flow, answers: Answers) -> str:
    """The id of the step the patient should see now."""
    return walk(flow, answers).current


def progress(flow: Flow, answers: Answers) -> Progress:
    """Questions answered, and the fewest and most questions still to come.

    Exact: the counts range over the routes the patient can still take given what they have
    answered, not over the bare graph (a branch ruled out by an earlier answer never counts).
    """
    return progress_at(flow, walk(flow, answers))


def progress_at(flow: Flow, w: Walk) -> Progress:
    """`progress` for a walk already made."""
    answered = sum(flow.question_count[s] for s in w.path)
    low, high = _remaining(flow, w.current, dict(w.active))
    return Progress(answered, low, high)


def route_key(flow: Flow, step_id: str, assumed: Mapping[str, AnswerValue]) -> RouteKey:
    reads = flow.route_reads[step_id]
    return step_id, tuple(
        (s, v if isinstance(v, str) else tuple(v)) for s, v in sorted(assumed.items()) if s in reads
    )


def _remaining(flow: Flow, step_id: str, assumed: dict[str, AnswerValue]) -> tuple[int, int]:
    """Fewest and most questions from `step_id` on, trying each answer that changes the route.

    Memoised on the flow by the step and the answers later rules read: pure, so any app
    instance computes the same figures.
    """
    if step_id in flow.ends:
        return 0, 0
    key = route_key(flow, step_id, assumed)
    memo = flow._remaining_memo
    if key in memo:
        return memo[key]
    lows: list[int] = []
    highs: list[int] = []
    for option in flow.route_options[step_id]:
        assumed[step_id] = option
        low, high = _remaining(flow, flow.follow(step_id, assumed), assumed)
        lows.append(low)
        highs.append(high)
    del assumed[step_id]
    own = flow.question_count[step_id]
    memo[key] = (own + min(lows), own + max(highs))
    return memo[key]


def _select(picks: tuple[Pick, ...], active: Mapping[str, AnswerValue]) -> list[Selected]:
    out: list[Selected] = []
    for item, check, read in picks:
        if check(active):
            reasons = tuple(Reason(s, v) for s, v in active.items() if s in read)
            out.append(Selected(item, reasons))
    return out


def _selected(flow: Flow, answers: Answers, checklist: bool) -> list[Selected]:
    """The items that apply, chosen once per walk."""
    w = walk(flow, answers)
    found = w.picked.get(checklist)
    if found is None:
        found = w.picked[checklist] = tuple(
            _select(flow._checklist if checklist else flow._questions, w.active)
        )
    return list(found)


def checklist_for(flow: Flow, answers: Answers) -> list[Selected]:
    """The checklist items that apply, ordered by stage (before, after, denied)."""
    return _selected(flow, answers, checklist=True)


def questions_for(flow: Flow, answers: Answers) -> list[Selected]:
    """The insurer questions that apply, in file order."""
    return _selected(flow, answers, checklist=False)
