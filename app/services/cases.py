"""The patient-case service layer, shared by the web pages and the JSON API.

A case is opened only with its link token. Every write re-seals the whole JSON blob
(`CaseData`) with the key derived from the link, bumps `revision` and slides `expires_at`.
Functions take the session first and commit their own changes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from app.core.crypto import DecryptError, LinkToken, new_token, open_sealed, parse_token, seal
from app.flows.answers import clean_answer
from app.flows.conditions import AnswerValue
from app.flows.engine import Flow, walk
from app.flows.schema import StepType
from app.models import PatientCase, utcnow

DEFAULT_RETENTION_DAYS = 90
NOTE_MAX = 2000
CALL_FIELD_MAX = 120
CALL_FIELDS = ("rep_name", "call_date", "call_time", "reference")
WRITE_TRIES = 3


class StepNotAvailable(LookupError):
    """The step is not on this patient's current path (or is the results step)."""


class CaseGone(LookupError):
    """The case was deleted (it expired) while this request was saving to it."""


class CaseBusy(RuntimeError):
    """Other saves kept landing first; the patient can simply try again."""


@dataclass
class CaseData:
    """What a case holds, sealed as one JSON document."""

    answers: dict[str, AnswerValue] = field(default_factory=dict)
    checked: list[str] = field(default_factory=list)
    call_notes: dict[str, str] = field(default_factory=dict)
    call: dict[str, str] = field(default_factory=dict)
    letter: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> CaseData:
        def strings(value: Any) -> dict[str, str]:
            if not isinstance(value, dict):
                return {}
            return {str(k): str(v) for k, v in value.items() if isinstance(v, str)}

        answers: dict[str, AnswerValue] = {}
        for key, value in (raw.get("answers") or {}).items():
            if isinstance(value, str) or (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                answers[str(key)] = value
        checked = [str(v) for v in raw.get("checked") or [] if isinstance(v, str)]
        return cls(
            answers,
            checked,
            strings(raw.get("call_notes")),
            strings(raw.get("call")),
            strings(raw.get("letter")),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "v": 1,
            "answers": self.answers,
            "checked": self.checked,
            "call_notes": self.call_notes,
            "call": self.call,
            "letter": self.letter,
        }


@dataclass(frozen=True)
class CaseView:
    """An opened case. `token.text` is the secret part of the patient's link."""

    case_id: uuid.UUID
    token: LinkToken
    data: CaseData
    revision: int
    created_at: datetime
    updated_at: datetime
    expires_at: datetime


Change = Callable[[CaseData], CaseData]


def _view(row: PatientCase, token: LinkToken, data: CaseData) -> CaseView:
    return CaseView(
        row.id, token, data, row.revision, row.created_at, row.updated_at, row.expires_at
    )


def create_case(
    session: Session,
    *,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    prefill: Mapping[str, AnswerValue] | None = None,
    now: datetime | None = None,
) -> tuple[PatientCase, str]:
    """A new case (empty, or with `prefill` answers from a staff invite) and its link token
    (shown once; never stored)."""
    now = now or utcnow()
    token = new_token()
    row = PatientCase(
        lookup_hash=token.lookup_hash,
        blob=seal(token, CaseData(answers=dict(prefill or {})).to_json()),
        created_at=now,
        updated_at=now,
        expires_at=now + timedelta(days=retention_days),
    )
    session.add(row)
    session.commit()
    session.refresh(row)
    return row, token.text


def open_case(session: Session, token: str, *, now: datetime | None = None) -> CaseView | None:
    """The case behind a link, or None for an unknown, mistyped, tampered or expired link."""
    parsed = parse_token(token)
    if parsed is None:
        return None
    row = session.exec(
        select(PatientCase).where(PatientCase.lookup_hash == parsed.lookup_hash)
    ).first()
    if row is None:
        return None
    if row.expires_at <= (now or utcnow()):
        session.delete(row)
        session.commit()
        return None
    try:
        data = CaseData.from_json(open_sealed(parsed, row.blob))
    except DecryptError:
        return None
    return _view(row, parsed, data)


def _write(
    session: Session, view: CaseView, change: Change, retention_days: int, now: datetime | None
) -> CaseView:
    """Save `change` applied to the case, in one UPDATE guarded by the revision we read.

    If another device saved in between (two tabs, phone and laptop), the guard matches no
    row: we read their version and apply the change to it again, so neither save is lost.
    """
    for _ in range(WRITE_TRIES):
        data = change(view.data)
        when = now or utcnow()
        expires = when + timedelta(days=retention_days)
        result = session.exec(
            update(PatientCase)
            .where(col(PatientCase.id) == view.case_id, col(PatientCase.revision) == view.revision)
            .values(blob=seal(view.token, data.to_json()), revision=view.revision + 1,
                    updated_at=when, expires_at=expires)
        )
        if result.rowcount == 1:
            session.commit()
            return replace(
                view, data=data, revision=view.revision + 1, updated_at=when, expires_at=expires
            )
        session.rollback()
        fresh = open_case(session, view.token.text, now=now)
        if fresh is None:
            raise CaseGone(view.case_id)
        view = fresh
    raise CaseBusy(view.case_id)


def step_available(flow: Flow, answers: Mapping[str, AnswerValue], step_id: str) -> bool:
    """A patient may see or answer a step on their current path, or the next one."""
    if not flow.tree.has_step(step_id) or flow.step(step_id).type == StepType.results:
        return False
    w = walk(flow, answers)
    return step_id in w.path or step_id == w.current


def save_answer(
    session: Session,
    view: CaseView,
    flow: Flow,
    step_id: str,
    raw: str | list[str] | None,
    *,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    now: datetime | None = None,
) -> CaseView:
    """Store one answer. Raises AnswerError (patient-facing message) or StepNotAvailable."""
    if not step_available(flow, view.data.answers, step_id):
        raise StepNotAvailable(step_id)
    value = clean_answer(flow.step(step_id), raw)

    def change(data: CaseData) -> CaseData:
        return replace(data, answers={**data.answers, step_id: value})

    return _write(session, view, change, retention_days, now)


def set_checked(
    session: Session,
    view: CaseView,
    flow: Flow,
    item_id: str,
    done: bool,
    *,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    now: datetime | None = None,
) -> CaseView:
    """Tick or untick a checklist item. Raises LookupError for an unknown item id."""
    if item_id not in {item.id for item in flow.tree.checklist}:
        raise LookupError(item_id)

    def change(data: CaseData) -> CaseData:
        checked = [i for i in data.checked if i != item_id] + ([item_id] if done else [])
        return replace(data, checked=checked)

    return _write(session, view, change, retention_days, now)


def save_call_sheet(
    session: Session,
    view: CaseView,
    flow: Flow,
    notes: Mapping[str, str],
    call: Mapping[str, str],
    *,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    now: datetime | None = None,
) -> CaseView:
    """Store the insurer call sheet. Unknown keys are ignored; long text is cut to size."""
    known = {q.id for q in flow.tree.questions}
    new_notes = {k: text.strip()[:NOTE_MAX] for k, text in notes.items() if k in known}
    new_call = {k: call[k].strip()[:CALL_FIELD_MAX] for k in CALL_FIELDS if k in call}

    def change(data: CaseData) -> CaseData:
        merged = {**data.call_notes, **new_notes}
        call_data = {**data.call, **new_call}
        return replace(
            data,
            call_notes={k: v for k, v in merged.items() if v},
            call={k: v for k, v in call_data.items() if v},
        )

    return _write(session, view, change, retention_days, now)


def save_letter_details(
    session: Session,
    view: CaseView,
    details: Mapping[str, str],
    *,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    now: datetime | None = None,
) -> CaseView:
    """Store what the patient typed for their letters (name, member id...), sealed like answers.

    The caller cleans the fields (app.services.letters.LetterDetails); blanks are dropped.
    """
    letter = {str(k): v.strip()[:CALL_FIELD_MAX * 2] for k, v in details.items() if v.strip()}
    return _write(session, view, lambda data: replace(data, letter=letter), retention_days, now)


def delete_case(session: Session, view: CaseView) -> None:
    session.exec(delete(PatientCase).where(col(PatientCase.id) == view.case_id))
    session.commit()


def purge_expired(session: Session, *, now: datetime | None = None) -> int:
    """Delete every case past its expiry; returns how many."""
    result = session.exec(
        delete(PatientCase).where(col(PatientCase.expires_at) <= (now or utcnow()))
    )
    session.commit()
    return int(result.rowcount or 0)
