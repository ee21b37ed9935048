"""The insurer call sheet kept in a case: the patient's notes and call details, and the
questions they added from the ask box. Limits are checked, never cut without a word."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import Connection

from app.flows.conditions import AnswerValue
from app.flows.engine import Flow, Selected, questions_for
from app.services.cases import DEFAULT_RETENTION_DAYS, CaseData, CaseView, write_change

NOTE_MAX = 2000
CALL_FIELD_MAX = 120
CALL_FIELDS = ("rep_name", "call_date", "call_time", "reference")


class CallSheetError(ValueError):
    """Call-sheet fields that are too long or not what they say: `errors` maps each field
    (`note_<question id>` or a CALL_FIELDS name) to a message for beside it. Nothing is saved."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


_CALL_FORMATS = {
    "call_date": (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "Enter the date like 2026-03-15."),
    "call_time": (re.compile(r"^\d{2}:\d{2}$"), "Enter the time like 14:30."),
}


def check_call_sheet(notes: Mapping[str, str], call: Mapping[str, str]) -> None:
    """Raise CallSheetError for any field over its limit (never cut a patient's words)."""
    errors: dict[str, str] = {}
    for key, text in notes.items():
        if (size := len(text.strip())) > NOTE_MAX:
            errors[f"note_{key}"] = (
                f"Please keep this note under {NOTE_MAX:,} characters. It has {size:,}."
            )
    for key in CALL_FIELDS:
        value = call.get(key, "").strip()
        if len(value) > CALL_FIELD_MAX:
            errors[key] = f"Please keep this under {CALL_FIELD_MAX} characters."
        elif key in _CALL_FORMATS and value and not _CALL_FORMATS[key][0].match(value):
            errors[key] = _CALL_FORMATS[key][1]
    if errors:
        raise CallSheetError(errors)


def save_call_sheet(
    conn: Connection,
    view: CaseView,
    flow: Flow,
    notes: Mapping[str, str],
    call: Mapping[str, str],
    *,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    now: datetime | None = None,
) -> CaseView:
    """Store the insurer call sheet. Unknown keys are ignored; a field over its limit raises
    CallSheetError (and nothing is saved), never a silent cut."""
    known = {q.id for q in flow.tree.questions}
    new_notes = {k: text.strip() for k, text in notes.items() if k in known}
    new_call = {k: call[k].strip() for k in CALL_FIELDS if k in call}
    check_call_sheet(new_notes, new_call)

    def change(data: CaseData) -> CaseData:
        merged = {**data.call_notes, **new_notes}
        call_data = {**data.call, **new_call}
        return replace(
            data,
            call_notes={k: v for k, v in merged.items() if v},
            call={k: v for k, v in call_data.items() if v},
        )

    return write_change(conn, view, change, retention_days, now)


def add_call_question(
    conn: Connection,
    view: CaseView,
    flow: Flow,
    question_id: str,
    *,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    now: datetime | None = None,
) -> CaseView:
    """Put one of the flow's insurer questions on the call sheet. LookupError if unknown."""
    if question_id not in {q.id for q in flow.tree.questions}:
        raise LookupError(question_id)
    if question_id in view.data.call_added:
        return view

    def change(data: CaseData) -> CaseData:
        added = [q for q in data.call_added if q != question_id] + [question_id]
        return replace(data, call_added=added)

    return write_change(conn, view, change, retention_days, now)


def call_questions(flow: Flow, data: CaseData) -> list[Selected]:
    """The call sheet: the insurer questions the answers bring, then the ones added."""
    return with_added_questions(flow, data.answers, data.call_added)


def with_added_questions(
    flow: Flow, answers: Mapping[str, AnswerValue], added: Sequence[str]
) -> list[Selected]:
    selected = questions_for(flow, answers)
    have = {sel.item.id for sel in selected}
    by_id = {q.id: q for q in flow.tree.questions}
    extra = [by_id[q] for q in added if q in by_id and q not in have]
    return selected + [Selected(item, ()) for item in extra]
