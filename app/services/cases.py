"""The patient-case service layer, shared by the web pages and the JSON API.

A case is opened only with its link token. Every write re-seals the whole JSON blob
(`CaseData`) with the key derived from the link, bumps `revision` and slides `expires_at`.
Functions take a connection first (SQLAlchemy Core: a page view is one indexed select, with
none of the ORM's per-row work) and commit their own changes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from app.core.clock import utcnow
from app.core.crypto import DecryptError, LinkToken, new_token, open_sealed, parse_token, seal
from app.core.db import FastSelect
from app.core.i18n import DEFAULT as DEFAULT_LANG
from app.core.i18n import SUPPORTED as LANGUAGES
from app.flows.answers import clean_answer
from app.flows.conditions import AnswerValue
from app.flows.engine import Flow, Walk, walk
from app.models import PatientCase, table_of
from app.rules.sentences import Text
from app.services import answer_versions, said_json

CASES = table_of(PatientCase)
TOUCH_EVERY = timedelta(days=1)

DEFAULT_RETENTION_DAYS = 90
WRITE_TRIES = 3
LETTER_FIELD_CAP = 240  # the letters' own limit (200) is checked before this
ANSWERED, RESULTS = "answered", "results"  # milestones, each counted once per case


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
    invite_id: int | None = None  # the staff invite this case started from, if any
    counted: list[str] = field(default_factory=list)  # milestones already counted once
    # What the conversation said after each answer (see Said), kept with the answers as
    # messages and values, so a page view in any language only reads it back; None for a
    # case saved before it was kept (or kept as English words: answer_versions.SAID_SINCE).
    said: Mapping[str, list[Text]] | None = None
    lang: str = DEFAULT_LANG  # the patient's language ("en" or "es"), kept across devices
    # Insurer questions the patient added to their call sheet from the ask box (ids from
    # the flow's `questions`), on top of the ones their answers bring.
    call_added: list[str] = field(default_factory=list)

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
        version = raw.get("answers_version")
        answers = answer_versions.migrate(
            answers, version if isinstance(version, int) and not isinstance(version, bool) else 1
        )
        checked = [str(v) for v in raw.get("checked") or [] if isinstance(v, str)]
        invite = raw.get("invite_id")
        said = _said(raw.get("said"), version)
        lang = raw.get("lang")
        return cls(
            answers,
            checked,
            strings(raw.get("call_notes")),
            strings(raw.get("call")),
            strings(raw.get("letter")),
            invite if isinstance(invite, int) and not isinstance(invite, bool) else None,
            [str(v) for v in raw.get("counted") or [] if isinstance(v, str)],
            said,
            lang if isinstance(lang, str) and lang in LANGUAGES else DEFAULT_LANG,
            [str(v) for v in raw.get("call_added") or [] if isinstance(v, str)],
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "v": 1,
            "answers_version": answer_versions.CURRENT,
            "answers": self.answers,
            "checked": self.checked,
            "call_notes": self.call_notes,
            "call": self.call,
            "letter": self.letter,
            "invite_id": self.invite_id,
            "counted": self.counted,
            "said": None if self.said is None else said_json.encode_all(self.said),
            "lang": self.lang,
            "call_added": self.call_added,
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
# Works out what the conversation says after each answer, from the answers alone.
Said = Callable[[Mapping[str, AnswerValue]], dict[str, list[Text]]]


def _said(raw: Any, version: Any) -> Mapping[str, list[Text]] | None:
    """The stored replies, read back one by one as a page asks for them; None (worked out
    again on view) when kept by an older version or not a mapping."""
    if not isinstance(raw, dict) or not answer_versions.said_is_current(version):
        return None
    return said_json.StoredSaid({str(k): v for k, v in raw.items() if isinstance(v, list)})


def create_case(
    conn: Connection,
    *,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    prefill: Mapping[str, AnswerValue] | None = None,
    invite_id: int | None = None,
    said: Said | None = None,
    lang: str = DEFAULT_LANG,
    now: datetime | None = None,
) -> CaseView:
    """A new case (empty, or with `prefill` answers from a staff invite) in `lang` (an
    unknown one is English). `view.token.text` is its link token: shown once, never stored."""
    now = now or utcnow()
    token = new_token()
    answers = dict(prefill or {})
    data = CaseData(
        answers=answers,
        invite_id=invite_id,
        said=said(answers) if said else None,
        lang=lang if lang in LANGUAGES else DEFAULT_LANG,
    )
    case_id = uuid.uuid4()
    expires = now + timedelta(days=retention_days)
    conn.execute(
        insert(CASES).values(
            id=case_id,
            lookup_hash=token.lookup_hash,
            scheme=1,
            blob=seal(token, data.to_json()),
            revision=0,
            created_at=now,
            updated_at=now,
            expires_at=expires,
        )
    )
    conn.commit()
    return CaseView(case_id, token, data, 0, now, now, expires)


# Every page view runs this one query, so it skips Core's per-call work (app.core.db).
_OPEN = FastSelect(
    select(
        CASES.c.id,
        CASES.c.blob,
        CASES.c.revision,
        CASES.c.created_at,
        CASES.c.updated_at,
        CASES.c.expires_at,
    ).where(CASES.c.lookup_hash == bindparam("lookup_hash"))
)


def open_case(conn: Connection, token: str, *, now: datetime | None = None) -> CaseView | None:
    """The case behind a link, or None for an unknown, mistyped, tampered or expired link."""
    parsed = parse_token(token)
    if parsed is None:
        return None
    row = _OPEN.first(conn, {"lookup_hash": parsed.lookup_hash})
    if row is None:
        return None
    case_id, blob, revision, created_at, updated_at, expires_at = row
    if expires_at <= (now or utcnow()):
        conn.execute(delete(CASES).where(CASES.c.id == case_id))
        conn.commit()
        return None
    try:
        data = CaseData.from_json(open_sealed(parsed, blob))
    except DecryptError:
        return None
    return CaseView(case_id, parsed, data, revision, created_at, updated_at, expires_at)


def touch(
    conn: Connection, view: CaseView, *, retention_days: int, now: datetime | None = None
) -> CaseView:
    """Count a visit as use, so retention counts from it; written at most once a day."""
    now = now or utcnow()
    if now - view.updated_at < TOUCH_EVERY:
        return view
    expires = now + timedelta(days=retention_days)
    conn.execute(
        update(CASES).where(CASES.c.id == view.case_id).values(updated_at=now, expires_at=expires)
    )
    conn.commit()
    return replace(view, updated_at=now, expires_at=expires)


def write_change(
    conn: Connection, view: CaseView, change: Change, retention_days: int, now: datetime | None
) -> CaseView:
    """Save `change` applied to the case, in one UPDATE guarded by the revision we read.

    If another device saved in between (two tabs, phone and laptop), the guard matches no
    row: we read their version and apply the change to it again, so neither save is lost.
    """
    for _ in range(WRITE_TRIES):
        data = change(view.data)
        when = now or utcnow()
        expires = when + timedelta(days=retention_days)
        result = conn.execute(
            update(CASES)
            .where(CASES.c.id == view.case_id, CASES.c.revision == view.revision)
            .values(
                blob=seal(view.token, data.to_json()),
                revision=view.revision + 1,
                updated_at=when,
                expires_at=expires,
            )
        )
        if result.rowcount == 1:
            conn.commit()
            return replace(
                view, data=data, revision=view.revision + 1, updated_at=when, expires_at=expires
            )
        conn.rollback()
        fresh = open_case(conn, view.token.text, now=now)
        if fresh is None:
            raise CaseGone(view.case_id)
        view = fresh
    raise CaseBusy(view.case_id)


def step_available(
    flow: Flow, answers: Mapping[str, AnswerValue], step_id: str, w: Walk | None = None
) -> bool:
    """A patient may see or answer a step on their current path, or the next one.

    `w`, when the caller already walked these answers, saves walking them again."""
    if not flow.tree.has_step(step_id) or flow.step(step_id).kind.is_terminal:
        return False
    w = w or walk(flow, answers)
    return step_id == w.current or step_id in w.active


def save_answer(
    conn: Connection,
    view: CaseView,
    flow: Flow,
    step_id: str,
    raw: str | list[str] | None,
    *,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    said: Said | None = None,
    now: datetime | None = None,
    today: date | None = None,
) -> CaseView:
    """Store one answer. Raises AnswerError (patient-facing message) or StepNotAvailable.

    `today` (the clinic's date) lets the step's declared rules apply, e.g. `latest: today`."""
    if not step_available(flow, view.data.answers, step_id):
        raise StepNotAvailable(step_id)
    value = clean_answer(flow.step(step_id), raw, today=today)

    def change(data: CaseData) -> CaseData:
        answers = {**data.answers, step_id: value}
        reached = [ANSWERED] + ([RESULTS] if walk(flow, answers).done else [])
        counted = data.counted + [m for m in reached if m not in data.counted]
        return replace(
            data, answers=answers, counted=counted, said=said(answers) if said else data.said
        )

    return write_change(conn, view, change, retention_days, now)


def set_checked(
    conn: Connection,
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

    return write_change(conn, view, change, retention_days, now)


def save_letter_details(
    conn: Connection,
    view: CaseView,
    details: Mapping[str, str],
    *,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    now: datetime | None = None,
) -> CaseView:
    """Store what the patient typed for their letters (name, member id...), sealed like answers.

    The caller cleans the fields (app.services.letters.LetterDetails); blanks are dropped.
    """
    letter = {str(k): v.strip()[:LETTER_FIELD_CAP] for k, v in details.items() if v.strip()}
    return write_change(conn, view, lambda data: replace(data, letter=letter), retention_days, now)


def set_language(
    conn: Connection,
    view: CaseView,
    lang: str,
    *,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    now: datetime | None = None,
) -> CaseView:
    """Keep the patient's language in the case; writes only when it changes. Raises
    ValueError for a language we do not have."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    if view.data.lang == lang:
        return view
    return write_change(conn, view, lambda data: replace(data, lang=lang), retention_days, now)


def delete_case(conn: Connection, view: CaseView) -> None:
    conn.execute(delete(CASES).where(CASES.c.id == view.case_id))
    conn.commit()


def purge_expired(conn: Connection, *, now: datetime | None = None) -> int:
    """Delete every case past its expiry; returns how many."""
    result = conn.execute(delete(CASES).where(CASES.c.expires_at <= (now or utcnow())))
    conn.commit()
    return int(result.rowcount or 0)
