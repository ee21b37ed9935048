"""Drop-off stats from daily counters: per-step counts, stop points, time, suppression."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from conftest import WizardClient
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, inspect, select
from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel, create_engine
from test_staff_support import Staff, add_staff, prepare

import app.models  # noqa: F401  (registers every table on the shared metadata)
from app.core.clock import local_today
from app.models import FunnelCount, table_of
from app.services.stats import (
    SMALL_TEXT,
    TIME_EDGES,
    Bump,
    Kind,
    aggregate,
    bump,
    funnel_for,
    median_bucket,
    shown,
    shown_duration,
    stop_bars,
    time_bucket,
)

DAY = date(2026, 3, 1)
ORDER = ["stage", "plan_type", "fee"]
COUNTS = table_of(FunnelCount)


def counts(**by: int) -> dict[tuple[str, str], int]:
    """`reached__stage=14` -> {("reached", "stage"): 14}."""
    out = {}
    for key, value in by.items():
        kind, _, step = key.partition("__")
        out[(kind.replace("_", ":"), step)] = value
    return out


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, SMALL_TEXT), (1, SMALL_TEXT), (4, SMALL_TEXT), (5, "5"), (1234, "1,234")],
)
def test_counts_under_five_are_suppressed(count: int, text: str) -> None:
    assert shown(count) == text


def test_aggregate_counts_reach_answer_and_stop() -> None:
    funnel = aggregate(
        counts(
            started__=14,
            results__=6,
            reached__stage=14,
            answered__stage=13,
            reached__plan_type=13,
            answered__plan_type=6,
            reached__fee=6,
            answered__fee=6,
        ),
        ORDER,
        {"stage": "Where are you?"},
    )
    rows = {r.step_id: r for r in funnel.steps}
    assert (funnel.started, funnel.reached_results) == (14, 6)
    assert (rows["stage"].reached, rows["stage"].answered, rows["stage"].stopped) == (14, 13, 1)
    assert (rows["plan_type"].reached, rows["plan_type"].stopped) == (13, 7)
    assert rows["fee"].stopped == 0
    assert rows["stage"].label == "Where are you?"
    assert [r.step_id for r in funnel.steps] == ORDER


def test_time_on_a_step_is_a_histogram_with_a_median_bucket() -> None:
    assert [time_bucket(s) for s in (0, 10, 11, 59, 61, 9999)] == [0, 0, 1, 3, 4, len(TIME_EDGES)]
    assert median_bucket({1: 2, 2: 2}) is None  # fewer than 5 answers behind it
    assert median_bucket({0: 1, 2: 3, 5: 2}) == 2
    funnel = aggregate(counts(reached__stage=6, answered__stage=6, time_2__stage=6), ORDER)
    assert shown_duration(funnel.steps[0].median_bucket) == "20 s to 30 s"
    assert shown_duration(None) == "not enough data"
    assert shown_duration(len(TIME_EDGES)) == "over 10 min"


def test_bars_hide_small_counts() -> None:
    funnel = aggregate(counts(reached__stage=20, answered__stage=8, reached__plan_type=3), ORDER)
    bars = stop_bars(funnel)
    assert bars[0].text == "12" and bars[0].width > 0
    assert bars[1].text == SMALL_TEXT and bars[1].width == 0
    assert bars[2].text == SMALL_TEXT and bars[2].width == 0


@pytest.fixture
def conn() -> Iterator[Connection]:
    engine = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    SQLModel.metadata.create_all(engine)
    with engine.connect() as connection:
        yield connection


def test_counters_add_up_per_day_and_window(conn: Connection) -> None:
    for days_ago in (0, 0, 0, 20, 40):
        bump(
            conn,
            [Bump(Kind.started), Bump(Kind.reached, "stage")],
            day=DAY - timedelta(days=days_ago),
        )
    conn.commit()
    assert funnel_for(conn, 7, ORDER, today=DAY).started == 3
    assert funnel_for(conn, 30, ORDER, today=DAY).started == 4
    assert funnel_for(conn, 90, ORDER, today=DAY).steps[0].reached == 5
    rows = conn.execute(select(COUNTS)).all()
    assert len(rows) == 6  # one row per day and counter, never one per case


def test_counters_split_by_language(conn: Connection) -> None:
    for lang, times in (("en", 6), ("es", 2)):
        for _ in range(times):
            bump(conn, [Bump(Kind.started)], day=DAY, lang=lang)
    conn.commit()
    assert funnel_for(conn, 7, ORDER, today=DAY).started == 8
    assert funnel_for(conn, 7, ORDER, today=DAY, lang="es").started == 2


def test_the_table_holds_no_case_or_invite_id() -> None:
    columns = {c.name for c in COUNTS.columns}
    assert columns == {"day", "step_id", "kind", "lang", "n"}


def test_stats_page_shows_counts_and_hides_small_ones(app: FastAPI, client: TestClient) -> None:
    prepare(app)
    add_staff(app, "owner@clinic.example", admin=True)
    today = local_today(app.state.settings.clinic_timezone)
    with app.state.db.connect() as conn:
        bump(
            conn,
            [Bump(Kind.started)] * 9
            + [Bump(Kind.reached, "stage")] * 15
            + [Bump(Kind.answered, "stage")] * 6
            + [Bump(Kind.reached, "plan_type")] * 2
            + [Bump(Kind.reached, "insurance")] * 12
            + [Bump(Kind.answered, "insurance")] * 9,
            day=today,
        )
        conn.commit()
    owner = Staff(client)
    owner.login("owner@clinic.example")
    page = BeautifulSoup(owner.get("/staff/stats?days=7").text, "html.parser")
    rows = {
        row.th.get_text().split(". ", 1)[1][:20]: [td.get_text() for td in row.select("td")]
        for row in page.select(".stats-table tbody tr")
    }
    stage = next(v for k, v in rows.items() if k.startswith("Where are you"))
    assert stage[:3] == ["15", "6", "9"]
    # 12 reached, 9 answered: the 3 who stopped must not be 12 - 9 on the page.
    others = [cells[:3] for cells in rows.values() if cells is not stage]
    assert ["12", SMALL_TEXT, SMALL_TEXT] in others
    assert all(cell == SMALL_TEXT for cells in others if cells[0] != "12" for cell in cells)
    totals = [dd.get_text() for dd in page.select(".totals dd")]
    assert totals[:3] == ["9", SMALL_TEXT, SMALL_TEXT]
    chart = page.select_one("svg.stop-chart[role='img']")
    assert chart is not None and len(chart.select("rect.bar")) == 1
    current = page.select_one(".window-nav a[aria-current='page']")
    assert current is not None and current.get_text() == "Last 7 days"


def test_the_wizard_counts_without_writing_on_page_views(
    app: FastAPI, wizard: WizardClient
) -> None:
    def totals() -> dict[tuple[str, str], int]:
        with app.state.db.connect() as conn:
            return {(r.kind, r.step_id): r.n for r in conn.execute(select(COUNTS))}

    wizard.start()
    assert totals() == {("started", ""): 1, ("reached", "stage"): 1}
    for _ in range(3):
        wizard.get(wizard.url)  # a plain page view writes nothing
    assert wizard.answer("not-a-choice").status_code == 422  # refused: nothing counted
    assert totals() == {("started", ""): 1, ("reached", "stage"): 1}
    wizard.answer("planning")
    wizard.answer("yes")
    wizard.answer()  # the info step
    assert wizard.url.endswith("/results")
    wizard.get(wizard.url)
    wizard.get(f"{wizard.case_path}/step/stage")
    wizard.answer("planning")  # the same answer again is not a second "answered"
    seen = totals()
    assert seen[("answered", "stage")] == 1 and seen[("answered", "intro")] == 1
    assert seen[("results", "")] == 1
    assert any(kind.startswith("time:") for kind, _ in seen)
    wizard.get(f"{wizard.case_path}/docs/checklist")
    assert totals()[("printed", "")] == 1
    assert "step_event" not in inspect(app.state.db.engine).get_table_names()
