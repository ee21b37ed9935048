"""Drop-off statistics from case-anonymous funnel events.

Events carry a random per-case analytics id, a step id and a kind; never an answer or a
link token. Every count under SMALL is shown as "fewer than 5", and a median needs at
least SMALL cases behind it.
"""

from __future__ import annotations

import logging
import statistics
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, insert
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from app.core.sealing import analytics_id_for
from app.models import StepEvent, utcnow

SMALL = 5
SMALL_TEXT = "fewer than 5"
WINDOWS = (7, 30, 90)

log = logging.getLogger("app.services.stats")


class Kind(StrEnum):
    entered = "entered"
    answered = "answered"
    results = "results"
    printed = "printed"
    downloaded = "downloaded"


STEP_KINDS = frozenset({Kind.entered, Kind.answered})


def record_step_event(
    session: Session, analytics_id: str, step_id: str, kind: str, *, commit: bool = True
) -> None:
    """Note that a case saw or answered a step, reached results, printed or downloaded.

    One insert: an invite's "in progress" and "finished" are read from these events when
    staff list invites, so a patient's click never waits on the invites table.
    """
    event_kind = Kind(kind)
    step = step_id[:60] if event_kind in STEP_KINDS else ""
    now = utcnow()
    # A Core insert: the ORM's unit of work cost more than the rest of a page view.
    session.exec(
        insert(StepEvent).values(analytics_id=analytics_id, step_id=step, kind=event_kind, at=now)
    )
    if commit:
        session.commit()


def track(
    session: Session, secret_key: str, case_id: uuid.UUID, step_id: str, kind: str,
    *, commit: bool = True,
) -> None:
    """For the wizard's call sites: record an event for a case; never break the page.

    With commit=False the event rides on the caller's next commit (one write, not two).
    """
    try:
        analytics_id = analytics_id_for(secret_key, case_id)
        record_step_event(session, analytics_id, step_id, kind, commit=commit)
    except SQLAlchemyError:
        session.rollback()
        log.warning("funnel event not recorded (%s)", kind)


@dataclass(frozen=True)
class Event:
    analytics_id: str
    step_id: str
    kind: str
    at: datetime


@dataclass(frozen=True)
class StepRow:
    step_id: str
    label: str
    reached: int
    answered: int
    stopped: int
    median_seconds: float | None


@dataclass(frozen=True)
class Funnel:
    days: int
    started: int
    reached_results: int
    printed: int
    downloaded: int
    printed_or_downloaded: int
    steps: tuple[StepRow, ...]


def shown(count: int) -> str:
    """A count as the page shows it."""
    return SMALL_TEXT if count < SMALL else f"{count:,}"


def shown_duration(seconds: float | None) -> str:
    if seconds is None:
        return "not enough data"
    if seconds < 90:
        return f"{round(seconds)} s"
    return f"{seconds / 60:.1f} min"


def aggregate(
    events: Iterable[Event],
    step_order: Sequence[str],
    labels: Mapping[str, str] | None = None,
    days: int = 30,
) -> Funnel:
    """Count per step: cases that reached it, answered it, stopped there; median time on it."""
    labels = labels or {}
    by_case: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_case[event.analytics_id].append(event)
    reached: dict[str, set[str]] = defaultdict(set)
    answered: dict[str, set[str]] = defaultdict(set)
    stopped: dict[str, int] = defaultdict(int)
    seconds: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    kinds: dict[str, set[str]] = defaultdict(set)
    for case, case_events in by_case.items():
        case_events.sort(key=lambda e: e.at)
        last_entered = None
        for i, event in enumerate(case_events):
            kinds[event.kind].add(case)
            if event.kind == Kind.entered:
                reached[event.step_id].add(case)
                last_entered = event.step_id
                if i + 1 < len(case_events):
                    gap = (case_events[i + 1].at - event.at).total_seconds()
                    seconds[event.step_id][case] += gap
            elif event.kind == Kind.answered:
                answered[event.step_id].add(case)
        if last_entered is not None and case not in kinds[Kind.results]:
            stopped[last_entered] += 1
    seen = set(reached) | set(answered)
    order = list(step_order) + sorted(seen - set(step_order))
    rows = tuple(
        StepRow(
            step_id=step,
            label=labels.get(step, step),
            reached=len(reached[step]),
            answered=len(answered[step]),
            stopped=stopped[step],
            median_seconds=_median(list(seconds[step].values())),
        )
        for step in order
    )
    return Funnel(
        days=days,
        started=len(by_case),
        reached_results=len(kinds[Kind.results]),
        printed=len(kinds[Kind.printed]),
        downloaded=len(kinds[Kind.downloaded]),
        printed_or_downloaded=len(kinds[Kind.printed] | kinds[Kind.downloaded]),
        steps=rows,
    )


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if len(values) >= SMALL else None


def load_events(session: Session, since: datetime) -> list[Event]:
    """Events of the cases whose first event is at or after `since` (portable SQL)."""
    started = (
        select(StepEvent.analytics_id)
        .group_by(col(StepEvent.analytics_id))
        .having(func.min(StepEvent.at) >= since)
    )
    rows = session.exec(
        select(StepEvent.analytics_id, StepEvent.step_id, StepEvent.kind, StepEvent.at).where(
            col(StepEvent.analytics_id).in_(started)
        )
    ).all()
    return [Event(a, s, k, t) for a, s, k, t in rows]


def funnel_for(
    session: Session,
    days: int,
    step_order: Sequence[str],
    labels: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> Funnel:
    since = (now or utcnow()) - timedelta(days=days)
    return aggregate(load_events(session, since), step_order, labels, days)


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: float


BAR_HEIGHT = 14
BAR_GAP = 30
CHART_WIDTH = 360


def stop_bars(funnel: Funnel) -> list[Bar]:
    """Bars for 'stopped here' per step; suppressed counts get no bar, only the words."""
    visible = [r.stopped for r in funnel.steps if r.stopped >= SMALL]
    top = max(visible, default=0)
    bars = []
    for i, row in enumerate(funnel.steps):
        width = CHART_WIDTH * row.stopped / top if top and row.stopped >= SMALL else 0.0
        bars.append(Bar(row.label, shown(row.stopped), i * (BAR_HEIGHT + BAR_GAP), width))
    return bars
