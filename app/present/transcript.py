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
    """Where a step sits: its question number and the fewest and most questions in all."""

    number: int  # this question's number: the questions answered before it, plus one
    low: int  # the fewest questions in all, on the routes still open
    high: int  # the most
    is_question: bool

    @property
    def text(self) -> str:
        """Honest words: "About 4 to 10 questions", "Question 3 of about 5 to 9"."""
        done = self.number - 1
        if done == 0:
            if self.low == self.high:
                return f"{self.high} question{'s' if self.high != 1 else ''}"
            return f"About {self.low} to {self.high} questions"
        if not self.is_question:
            left = _span(self.low - done, self.high - done)
            return f"{done} question{'s' if done != 1 else ''} done, {left} to go"
        if self.number >= self.high:
            return "Last question"
        return f"Question {self.number} of {_span(self.low, self.high)}"


def _span(low: int, high: int) -> str:
    return str(high) if low == high else f"about {low} to {high}"


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
    is_question = flow.step(step_id).is_question
    low = max(p.answered + p.min_remaining, done + int(is_question))
    high = max(p.answered + p.max_remaining, low)
    return Position(done + 1, low, high, is_question)


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
