"""The conversation as a person sees it: the transcript, progress, checklist groups, reasons."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.i18n import DEFAULT, N_, Translator, translator
from app.flows.engine import Flow, Selected, Walk, progress, progress_at
from app.flows.schema import STAGE_ORDER, ChecklistItem, Stage
from app.present.format import format_stage_title, words

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
        return self.text_in(DEFAULT)

    def text_in(self, lang: str) -> str:
        """The same words in `lang`."""
        t = translator(lang)
        done = self.number - 1
        if done == 0:
            if self.low == self.high:
                n = self.high
                return t.ngettext("%(num)d question", "%(num)d questions", n) % {"num": n}
            return t.gettext(N_("About %(low)s to %(high)s questions")) % {
                "low": self.low,
                "high": self.high,
            }
        if not self.is_question:
            left = _span(t, self.low - done, self.high - done)
            return t.ngettext(
                "%(num)d question done, %(left)s to go",
                "%(num)d questions done, %(left)s to go",
                done,
            ) % {"num": done, "left": left}
        if self.number >= self.high:
            return t.gettext(N_("Last question"))
        return t.gettext(N_("Question %(number)s of %(total)s")) % {
            "number": self.number,
            "total": _span(t, self.low, self.high),
        }


def _span(t: Translator, low: int, high: int) -> str:
    if low == high:
        return str(high)
    return t.gettext(N_("about %(low)s to %(high)s")) % {"low": low, "high": high}


@dataclass(frozen=True)
class Group:
    title: str
    items: list[Selected]


def answered(flow: Flow, w: Walk, upto: str | None = None) -> list[str]:
    """The questions answered on the current path, stopping before `upto` if given."""
    out: list[str] = []
    for step_id in w.path:
        if step_id == upto:
            break
        if flow.step(step_id).is_question:
            out.append(step_id)
    return out


def entries(
    flow: Flow,
    w: Walk,
    upto: str | None = None,
    lang: str = DEFAULT,
    *,
    ids: list[str] | None = None,
) -> list[Entry]:
    """Answered questions on the current path, stopping before `upto` if given (or the
    questions `ids`, from `answered`); the answers worded in `lang`."""
    said = words(lang)
    out: list[Entry] = []
    for step_id in answered(flow, w, upto) if ids is None else ids:
        step = flow.step(step_id)
        out.append(Entry(step_id, step.text, said.answer(step, w.active.get(step_id))))
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


def checklist_groups(selected: list[Selected], lang: str = DEFAULT) -> list[Group]:
    """The checklist by stage, in stage order, each stage titled in `lang`."""
    groups: dict[Stage, list[Selected]] = {}
    for sel in selected:
        assert isinstance(sel.item, ChecklistItem)
        groups.setdefault(sel.item.stage, []).append(sel)
    return [
        Group(format_stage_title(stage, lang), items)
        for stage, items in sorted(groups.items(), key=lambda kv: STAGE_ORDER[kv[0]])
    ]


def reasons(flow: Flow, sel: Selected, lang: str = DEFAULT) -> list[Entry]:
    """The answers behind a checklist item or insurer question (worded in `lang`)."""
    out = []
    said = words(lang)
    for reason in sel.reasons:
        step = flow.step(reason.step_id)
        out.append(Entry(step.id, step.text, said.answer(step, reason.value)))
    return out
