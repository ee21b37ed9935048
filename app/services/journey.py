"""What happens when a patient starts or answers: the case write, the funnel counters and the
invite's progress, in one place for the pages and the JSON API."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import Connection

from app.flows.conditions import AnswerValue
from app.flows.engine import Flow, walk
from app.services import invites
from app.services.cases import (
    ANSWERED,
    RESULTS,
    CaseView,
    Said,
    create_case,
    save_answer,
)
from app.services.stats import TIME_PREFIX, Bump, Kind, bump, time_bucket

MAX_STEP_SECONDS = 3600  # longer than this on one question is a break, not time on it


def start(
    conn: Connection,
    flow: Flow,
    *,
    retention_days: int,
    today: date,
    lang: str = "en",
    prefill: Mapping[str, AnswerValue] | None = None,
    invite_id: int | None = None,
    said: Said | None = None,
) -> CaseView:
    """A new case in `lang`, counted as started and as reaching its first question."""
    view = create_case(
        conn,
        retention_days=retention_days,
        prefill=prefill,
        invite_id=invite_id,
        said=said,
        lang=lang,
    )
    first = walk(flow, view.data.answers).current
    bump(conn, [Bump(Kind.started), Bump(Kind.reached, first)], day=today, lang=lang)
    if invite_id is not None:
        invites.note_progress(conn, invite_id, "started_at")
    conn.commit()
    return view


def answer(
    conn: Connection,
    view: CaseView,
    flow: Flow,
    step_id: str,
    raw: str | list[str] | None,
    *,
    retention_days: int,
    today: date,
    lang: str = "en",
    seconds: float | None = None,
    said: Said | None = None,
) -> CaseView:
    """Save one answer (AnswerError, StepNotAvailable as save_answer), then count it."""
    before = view.data
    updated = save_answer(
        conn, view, flow, step_id, raw, retention_days=retention_days, said=said, today=today
    )
    bumps: list[Bump] = []
    if step_id not in before.answers:
        bumps.append(Bump(Kind.answered, step_id))
        if seconds is not None and 0 <= seconds <= MAX_STEP_SECONDS:
            bumps.append(Bump(f"{TIME_PREFIX}{time_bucket(seconds)}", step_id))
    after = walk(flow, updated.data.answers)
    if not after.done and after.current not in before.answers:
        bumps.append(Bump(Kind.reached, after.current))
    new = [m for m in updated.data.counted if m not in before.counted]
    if RESULTS in new:
        bumps.append(Bump(Kind.results))
    bump(conn, bumps, day=today, lang=lang)
    if before.invite_id is not None:
        for milestone, column in ((ANSWERED, "answered_at"), (RESULTS, "finished_at")):
            if milestone in new:
                invites.note_progress(conn, before.invite_id, column)
    conn.commit()
    return updated
