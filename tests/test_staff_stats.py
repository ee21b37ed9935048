"""Drop-off stats: per-step counts, stop points, medians, and small-count suppression."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from conftest import WizardClient
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine, select
from test_staff_support import Staff, add_staff, prepare

import app.models  # noqa: F401  (registers the patient tables on the shared metadata)
from app.models import Invite, StepEvent, utcnow
from app.services.invites import Status, invite_rows
from app.services.stats import (
    SMALL_TEXT,
    Event,
    aggregate,
    funnel_for,
    record_step_event,
    shown,
    shown_duration,
    stop_bars,
)

T0 = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
ORDER = ["stage", "plan_type", "fee"]


def journey(case: str, steps: list[str], *, finish: bool = False, gap: int = 10) -> list[Event]:
    """A case that enters and answers each step in turn, `gap` seconds apiece."""
    events: list[Event] = []
    t = T0
    for i, step in enumerate(steps):
        events.append(Event(case, step, "entered", t))
        t += timedelta(seconds=gap)
        last = i == len(steps) - 1
        if not last or finish:
            events.append(Event(case, step, "answered", t))
    if finish:
        events.append(Event(case, "", "results", t + timedelta(seconds=1)))
    return events


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, SMALL_TEXT), (1, SMALL_TEXT), (4, SMALL_TEXT), (5, "5"), (1234, "1,234")],
)
def test_counts_under_five_are_suppressed(count: int, text: str) -> None:
    assert shown(count) == text


def test_aggregate_counts_reach_answer_and_stop() -> None:
    events: list[Event] = []
    for n in range(6):
        events += journey(f"done{n}", ORDER, finish=True)
    for n in range(7):
        events += journey(f"quit{n}", ORDER[:2])
    events += journey("early", ORDER[:1])
    funnel = aggregate(events, ORDER, {"stage": "Where are you?"})
    rows = {r.step_id: r for r in funnel.steps}
    assert funnel.started == 14
    assert funnel.reached_results == 6
    assert (rows["stage"].reached, rows["stage"].answered, rows["stage"].stopped) == (14, 13, 1)
    assert (rows["plan_type"].reached, rows["plan_type"].stopped) == (13, 7)
    assert (rows["fee"].reached, rows["fee"].answered, rows["fee"].stopped) == (6, 6, 0)
    assert rows["stage"].label == "Where are you?"
    assert rows["stage"].median_seconds == 10
    assert [r.step_id for r in funnel.steps] == ORDER


def test_median_needs_five_cases() -> None:
    events: list[Event] = []
    for n in range(4):
        events += journey(f"c{n}", ORDER, finish=True)
    funnel = aggregate(events, ORDER)
    assert all(r.median_seconds is None for r in funnel.steps)
    assert shown_duration(None) == "not enough data"


def test_time_on_a_step_adds_up_revisits() -> None:
    events = []
    for n in range(5):
        case = f"c{n}"
        events += [
            Event(case, "stage", "entered", T0),
            Event(case, "plan_type", "entered", T0 + timedelta(seconds=5)),  # went on
            Event(case, "stage", "entered", T0 + timedelta(seconds=20)),  # came back
            Event(case, "stage", "answered", T0 + timedelta(seconds=30)),
        ]
    funnel = aggregate(events, ORDER)
    assert funnel.steps[0].median_seconds == 15


def test_print_and_download_counted_once_per_case() -> None:
    events = []
    for n in range(6):
        events += journey(f"c{n}", ORDER, finish=True)
        events.append(Event(f"c{n}", "", "printed", T0 + timedelta(minutes=5)))
    events.append(Event("c0", "", "downloaded", T0 + timedelta(minutes=6)))
    funnel = aggregate(events, ORDER)
    assert (funnel.printed, funnel.downloaded, funnel.printed_or_downloaded) == (6, 1, 6)


def test_bars_hide_small_counts() -> None:
    events: list[Event] = []
    for n in range(10):
        events += journey(f"a{n}", ORDER[:1])
    for n in range(3):
        events += journey(f"b{n}", ORDER[:2])
    bars = stop_bars(aggregate(events, ORDER))
    assert bars[0].text == "10" and bars[0].width > 0
    assert bars[1].text == SMALL_TEXT and bars[1].width == 0
    assert bars[2].text == SMALL_TEXT and bars[2].width == 0


@pytest.fixture
def session() -> Iterator[Session]:
    engine = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    SQLModel.metadata.create_all(engine)
    with Session(engine) as db:
        yield db


def test_query_keeps_cases_started_in_the_window(session: Session) -> None:
    now = T0 + timedelta(days=10)
    for event in journey("old", ORDER) + journey("new", ORDER, finish=True):
        at = event.at - timedelta(days=40) if event.analytics_id == "old" else event.at
        session.add(StepEvent(analytics_id=event.analytics_id, step_id=event.step_id,
                              kind=event.kind, at=at))
    session.commit()
    assert funnel_for(session, 30, ORDER, now=now).started == 1
    assert funnel_for(session, 90, ORDER, now=now).started == 2


def test_query_suppresses_small_counts_end_to_end(session: Session) -> None:
    for n in range(3):
        record_step_event(session, f"case{n}", "stage", "entered")
    funnel = funnel_for(session, 7, ORDER)
    assert funnel.started == 3
    assert shown(funnel.started) == SMALL_TEXT
    assert shown(funnel.steps[0].stopped) == SMALL_TEXT


def test_events_move_a_linked_invite_along(session: Session) -> None:
    invite = Invite(link_hash="h" * 64, sealed=b"x", expires_at=utcnow() + timedelta(days=30),
                    analytics_id="abc", opened_at=utcnow())
    other = Invite(link_hash="i" * 64, sealed=b"y", expires_at=utcnow() + timedelta(days=30))
    session.add_all([invite, other])
    session.commit()

    def status() -> Status:
        return {i.id: s for i, s, _ in invite_rows(session)}[invite.id]

    record_step_event(session, "abc", "stage", "entered")
    assert status() == Status.opened
    record_step_event(session, "abc", "stage", "answered")
    assert status() == Status.in_progress
    record_step_event(session, "abc", "ignored-step-id", "results")
    assert status() == Status.finished
    assert {i.id: s for i, s, _ in invite_rows(session)}[other.id] == Status.created
    kinds = [e.kind for e in session.exec(select(StepEvent)).all()]
    assert kinds == ["entered", "answered", "results"]


def test_record_step_event_refuses_unknown_kinds(session: Session) -> None:
    with pytest.raises(ValueError):
        record_step_event(session, "abc", "stage", "clicked")


def test_stats_page_shows_counts_and_hides_small_ones(app: FastAPI, client: TestClient) -> None:
    prepare(app)
    add_staff(app, "owner@clinic.example", admin=True)
    with Session(app.state.engine) as db:
        for n in range(7):
            record_step_event(db, f"a{n}", "stage", "entered", commit=False)
        for n in range(2):
            for kind, step in (("entered", "stage"), ("answered", "stage"),
                               ("entered", "plan_type")):
                record_step_event(db, f"b{n}", step, kind, commit=False)
        db.commit()
    owner = Staff(client)
    owner.login("owner@clinic.example")
    page = BeautifulSoup(owner.get("/staff/stats?days=7").text, "html.parser")
    rows = {
        row.th.get_text().split(". ", 1)[1][:20]: [td.get_text() for td in row.select("td")]
        for row in page.select(".stats-table tbody tr")
    }
    stage = next(v for k, v in rows.items() if k.startswith("Where are you"))
    assert stage[:3] == ["9", SMALL_TEXT, "7"]
    assert all(cell == SMALL_TEXT for cells in rows.values() if cells is not stage
               for cell in cells[:3])
    totals = [dd.get_text() for dd in page.select(".totals dd")]
    assert totals == ["9", SMALL_TEXT, SMALL_TEXT]
    chart = page.select_one("svg.stop-chart[role='img']")
    assert chart is not None and len(chart.select("rect.bar")) == 1
    current = page.select_one(".window-nav a[aria-current='page']")
    assert current is not None and current.get_text() == "Last 7 days"
    assert "a0" not in str(page)  # no analytics ids on the page


def test_the_wizard_records_case_anonymous_events(app: FastAPI, wizard: WizardClient) -> None:
    wizard.start()
    assert wizard.answer("not-a-choice").status_code == 422  # refused: no "answered" event
    wizard.answer("planning")
    wizard.answer("yes")
    wizard.answer()  # the info step
    assert wizard.url.endswith("/results")
    wizard.get(wizard.url)
    wizard.get(f"{wizard.case_path}/print")
    with Session(app.state.engine) as db:
        events = db.exec(select(StepEvent).order_by(StepEvent.id)).all()
    seen = [(e.kind, e.step_id) for e in events]
    assert seen[:2] == [("entered", "stage"), ("answered", "stage")]
    assert ("answered", "intro") in seen and ("results", "") in seen and ("printed", "") in seen
    assert len({e.analytics_id for e in events}) == 1
    assert wizard.token not in events[0].analytics_id and len(events[0].analytics_id) <= 64
