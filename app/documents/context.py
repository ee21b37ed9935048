"""Template context for a document: answers, clinic, letter details and the calculators.

The same context feeds the print page and the PDF, so the two cannot drift apart.
Values are display strings or None; templates draw a blank line for None (never "None").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Protocol

from app.core.i18n import DEFAULT
from app.documents import letter_fields, letters
from app.documents.catalog import Active, DocSpec
from app.flows.engine import Flow, Selected, checklist_for, walk
from app.present.format import format_long_date, long_date, stage_title, words
from app.present.numbers import DeadlineRow, deadline_row
from app.rules.deadlines import Deadline
from app.rules.estimate import EstimateResult
from app.rules.say import Say
from app.rules.units import UnitsComparison
from app.services.call_sheet import with_added_questions
from app.services.letters import LetterDetails

Mode = Literal["html", "pdf"]


class ClinicLike(Protocol):
    """What a document header needs (app.services.clinic.ClinicInfo fits)."""

    @property
    def name(self) -> str: ...
    @property
    def address(self) -> str: ...
    @property
    def phone(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def website(self) -> str: ...
    @property
    def npi(self) -> str: ...
    @property
    def tax_id(self) -> str: ...


@dataclass(frozen=True)
class Header:
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    npi: str = ""
    tax_id: str = ""
    logo_src: str | None = None

    @classmethod
    def from_clinic(cls, clinic: ClinicLike, logo_src: str | None = None) -> Header:
        return cls(
            clinic.name,
            clinic.address,
            clinic.phone,
            clinic.email,
            clinic.website,
            clinic.npi,
            clinic.tax_id,
            logo_src,
        )


@dataclass(frozen=True)
class ChecklistRow:
    id: str
    stage: str
    text: str
    why: str
    how: str | None
    deadline: DeadlineRow | None
    done: bool


@dataclass(frozen=True)
class QuestionRow:
    id: str
    text: str
    why: str
    known: tuple[tuple[str, str], ...]
    note: str | None
    english: str | None = None  # the words to say, when the sheet is in another language


@dataclass(frozen=True)
class DocInputs:
    """Everything a document is built from, gathered by the route (or a test)."""

    flow: Flow
    answers: Mapping[str, Any]
    header: Header
    today: date  # the clinic's date (app.core.clock)
    letter: LetterDetails = field(default_factory=LetterDetails)
    deadlines: Sequence[Deadline] = ()
    deadline_notes: Sequence[Say | str] = ()
    estimate: EstimateResult | None = None
    units: Sequence[UnitsComparison] = ()
    checked: Sequence[str] = ()
    call_notes: Mapping[str, str] = field(default_factory=dict)
    call: Mapping[str, str] = field(default_factory=dict)
    call_added: Sequence[str] = ()  # insurer questions added from the ask box
    lang: str = DEFAULT  # the patient's language; letters to insurers stay in English
    english_flow: Flow | None = None  # the English flow, for the call sheet's English lines


def answer_label(flow: Flow, active: Active, step_id: str, lang: str = DEFAULT) -> str | None:
    """What the patient picked or typed, in words; None when not on their path."""
    value = active.get(step_id)
    if value in (None, "", []) or not flow.tree.has_step(step_id):
        return None
    return words(lang).answer(flow.step(step_id), value)


def deadline_rows(deadlines: Sequence[Deadline], lang: str = DEFAULT) -> list[DeadlineRow]:
    """The deadlines for the patient's own notes, with dates in the patient's language
    (a letter to an insurer never shows these rows)."""
    return [deadline_row(d, lang) for d in deadlines]


def _checklist(
    flow: Flow, inputs: DocInputs, by_id: Mapping[str, DeadlineRow]
) -> list[tuple[str, list[ChecklistRow]]]:
    """Checklist rows grouped by stage, in the engine's order (before, after, denied)."""
    groups: dict[str, list[ChecklistRow]] = {}
    for sel in checklist_for(flow, inputs.answers):
        item = sel.item
        stage = str(item.stage or "")
        groups.setdefault(stage, []).append(
            ChecklistRow(
                item.id,
                stage,
                item.text,
                item.why,
                item.how,
                by_id.get(item.deadline) if item.deadline else None,
                item.id in inputs.checked,
            )
        )
    return [(stage_title(stage), rows) for stage, rows in groups.items()]


def _questions(
    flow: Flow,
    active: Active,
    selected: list[Selected],
    notes: Mapping[str, str],
    english: Mapping[str, str],
) -> list[QuestionRow]:
    rows = []
    for sel in selected:
        known = tuple(
            (flow.step(r.step_id).text, answer_label(flow, active, r.step_id) or "")
            for r in sel.reasons
            if flow.tree.has_step(r.step_id) and answer_label(flow, active, r.step_id)
        )
        rows.append(
            QuestionRow(
                sel.item.id,
                sel.item.text,
                sel.item.why,
                known,
                notes.get(sel.item.id) or None,
                english.get(sel.item.id),
            )
        )
    return rows


def english_questions(inputs: DocInputs) -> dict[str, str]:
    """Each insurer question in English by id, when the sheet is in another language (the
    representative will likely speak English); empty for an English sheet."""
    source = inputs.english_flow
    if inputs.lang == DEFAULT or source is None or source is inputs.flow:
        return {}
    return {q.id: q.text for q in source.tree.questions}


def build_context(doc: DocSpec, inputs: DocInputs, mode: Mode) -> dict[str, Any]:
    """The template context for one document."""
    flow = inputs.flow
    active = walk(flow, inputs.answers).active
    rows = deadline_rows(inputs.deadlines, inputs.lang)
    advised = {r.id: r for r in rows if r.advised}
    ctx: dict[str, Any] = {
        "doc": doc,
        "mode": mode,
        "clinic": inputs.header,
        "today": long_date(inputs.today),  # English: letters go to US insurers and doctors
        "made_on": format_long_date(inputs.today, inputs.lang),
        "letter": inputs.letter,
        "active": active,
        "label": lambda step_id: answer_label(flow, active, step_id),
        # The same in the patient's language, for their own papers (a date reads "2 de
        # marzo de 2026"); `label` stays English for the letters.
        "own_label": lambda step_id: answer_label(flow, active, step_id, inputs.lang),
        "deadlines": rows,
        "deadline": advised.get,
        "deadline_notes": list(inputs.deadline_notes),
        "estimate": inputs.estimate,
        "units": list(inputs.units),
        "call": dict(inputs.call),
    }
    if doc.id == "checklist":
        ctx["groups"] = _checklist(flow, inputs, advised)
    if doc.id == "call_sheet":
        asked = with_added_questions(flow, inputs.answers, inputs.call_added)
        ctx["questions"] = _questions(
            flow, active, asked, inputs.call_notes, english_questions(inputs)
        )
    ctx.update(letters.extras(doc.id, active, advised, inputs.letter.to_mapping(), inputs.estimate))
    missing = letter_fields.blanks(doc, active, inputs.letter)
    ctx["blanks"] = missing
    ctx["draft"] = bool(missing)
    return ctx
