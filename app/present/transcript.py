"""The conversation as a person sees it: the transcript, progress, checklist groups, reasons."""

from __future__ import annotations

from dataclasses import dataclass

from app.flows.engine import Flow, Selected, Walk, progress, progress_at
from app.flows.schema import STAGE_ORDER, ChecklistItem, Stage
from app.present.format import answer_text, stage_title

SECONDS_PER_QUESTION = 20


@dataclass(frozen=True)
class Entry:
    """One answered question in the transcript or the summary."""

    step_id: str
    question: str
    answer: str

    @property
    def key(self) -> str:
        return f"{self.step_id}|{self.answer}"


@dataclass(frozen=True)
class Position:
    number: int
    about_total: int
    exact: bool
    is_question: bool

    @property
    def text(self) -> str:
        of = f"of {self.about_total}" if self.exact else f"of about {self.about_total}"
        if self.is_question:
            return f"Question {self.number} {of}"
        return f"{self.number - 1} {of} questions done"


@dataclass(frozen=True)
class Group:
    title: str
    items: list[Selected]


def entries(flow: Flow, w: Walk, upto: str | None = None) -> list[Entry]:
    """Answered questions on the current path, stopping before `upto` if given."""
    out: list[Entry] = []
    for step_id in w.path:
        if step_id == upto:
            break
        step = flow.step(step_id)
        if step.is_question:
            out.append(Entry(step_id, step.text, answer_text(step, w.active.get(step_id))))
    return out


def position(flow: Flow, w: Walk, step_id: str) -> Position:
    before = w.path[: w.path.index(step_id)] if step_id in w.path else w.path
    done = sum(flow.question_count[s] for s in before)
    p = progress_at(flow, w)
    total = max(p.about_total, done + 1)
    exact = p.min_remaining == p.max_remaining
    return Position(done + 1, total, exact, flow.step(step_id).is_question)


def question_range(flow: Flow) -> tuple[int, int]:
    """The fewest and most questions any patient sees (from the engine's path lengths)."""
    p = progress(flow, {})
    return p.min_remaining, p.max_remaining


def minutes_for(questions: int) -> int:
    return max(1, -(-questions * SECONDS_PER_QUESTION // 60))


def checklist_groups(selected: list[Selected]) -> list[Group]:
    groups: dict[Stage, list[Selected]] = {}
    for sel in selected:
        assert isinstance(sel.item, ChecklistItem)
        groups.setdefault(sel.item.stage, []).append(sel)
    return [
        Group(stage_title(stage), items)
        for stage, items in sorted(groups.items(), key=lambda kv: STAGE_ORDER[kv[0]])
    ]


def reasons(flow: Flow, sel: Selected) -> list[Entry]:
    """The answers behind a checklist item or insurer question."""
    out = []
    for reason in sel.reasons:
        step = flow.step(reason.step_id)
        out.append(Entry(step.id, step.text, answer_text(step, reason.value)))
    return out
