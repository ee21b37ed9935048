"""Retention that runs: `covnav purge`, the server's hourly purge (once across instances),
the staff settings page saying when it last ran, and the landing page's promise kept with a
clock moved forward."""

from __future__ import annotations

import contextlib
import io
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import WizardClient, make_settings
from fastapi import FastAPI
from fastapi.testclient import TestClient
from privacy_support import run_coroutine
from sqlalchemy import func, insert, select
from test_postgres import pg_url  # noqa: F401  (the fixture)
from test_staff_support import Staff, add_staff

from app import cli
from app.core.clock import local_today, travel, utcnow
from app.core.config import get_settings
from app.core.db import Database, make_engine
from app.models import (
    AuditEvent,
    FunnelCount,
    Invite,
    LoginAttempt,
    PatientCase,
    StaffSession,
    table_of,
)
from app.services.cases import create_case
from app.services.purge import PurgeSchedule, Retention, claim, last_run, purge, run_if_due

RETENTION = Retention(
    funnel_days=400, invite_days=30, audit_days=365, login_attempt_days=2, timezone="UTC"
)
HOUR = timedelta(hours=1)


def rows(conn, model) -> int:  # type: ignore[no-untyped-def]
    return int(conn.execute(select(func.count()).select_from(table_of(model))).scalar_one())


def seed(conn, staff_id: int) -> None:  # type: ignore[no-untyped-def]
    """One old and one current row of every kind purge looks at."""
    now = utcnow()
    today = local_today("UTC", now)
    create_case(conn, retention_days=90, now=now - timedelta(days=91))  # expired
    create_case(conn, retention_days=90, now=now - timedelta(days=89))  # still kept
    for day in (today - timedelta(days=401), today - timedelta(days=399)):
        conn.execute(insert(table_of(FunnelCount)).values(day=day, step_id="s", kind="k", n=3))
    for expires in (now - timedelta(days=31), now - timedelta(days=29)):
        conn.execute(
            insert(table_of(Invite)).values(
                link_hash=str(expires.timestamp()), sealed=b"x", language="en",
                created_at=expires - timedelta(days=30), expires_at=expires,
            )
        )  # fmt: skip
    for at in (now - timedelta(days=366), now - timedelta(days=364)):
        conn.execute(insert(table_of(AuditEvent)).values(at=at, action="login", detail=""))
    for i, last in enumerate((now - timedelta(days=3), now - timedelta(days=1))):
        conn.execute(
            insert(table_of(LoginAttempt)).values(key_hash=str(i), failures=2, last_failure_at=last)
        )
    for i, (seen, ends) in enumerate(((now - 3 * HOUR, now + HOUR), (now, now + HOUR))):
        conn.execute(
            insert(table_of(StaffSession)).values(
                token_hash=str(i), staff_id=staff_id, created_at=seen, last_seen_at=seen,
                expires_at=ends,
            )
        )  # fmt: skip
    conn.commit()


KINDS = (PatientCase, FunnelCount, Invite, AuditEvent, LoginAttempt, StaffSession)


def test_purge_deletes_each_kind_past_its_retention_and_nothing_else(app: FastAPI) -> None:
    staff_id = add_staff(app, "desk@clinic.example")
    with app.state.db.connect() as conn:
        seed(conn, staff_id)
        report = purge(conn, RETENTION)
        left = {model.__name__: rows(conn, model) for model in KINDS}
    assert report.cases == report.funnel_counters == report.invites == 1
    assert report.audit_events == report.login_attempts == report.staff_sessions == 1
    assert set(left.values()) == {1}, left


def test_the_command_prints_counts_only(
    app: FastAPI,
    settings,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    staff_id = add_staff(app, "desk@clinic.example")
    with app.state.db.connect() as conn:
        seed(conn, staff_id)
    for key, value in {
        "COVNAV_ENV": "test",
        "COVNAV_SECRET_KEY": settings.secret_key,
        "COVNAV_DATABASE_URL": settings.sqlalchemy_url,
        "COVNAV_CLINIC_TIMEZONE": "UTC",
    }.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            assert cli.main(["purge"]) == 0
            assert cli.main(["purge"]) == 0
    finally:
        get_settings.cache_clear()
    first, second = out.getvalue().split("Deleted ")[1:]
    assert first.startswith("6 rows past their retention:")
    assert "expired cases: 1" in first and "ended staff sessions: 1" in first
    assert second.startswith("0 rows")
    assert not re.search(r"[0-9a-f]{16}|desk@", out.getvalue()), "counts only"
    with app.state.db.connect() as conn:
        assert last_run(conn).finished_at is not None


def test_starting_a_case_no_longer_purges_on_the_request(
    wizard: WizardClient, app: FastAPI
) -> None:
    with app.state.db.connect() as conn:
        create_case(conn, retention_days=1, now=utcnow() - timedelta(days=2))
    wizard.start()
    assert wizard.client.post("/api/v1/cases").status_code == 201
    with app.state.db.connect() as conn:
        assert rows(conn, PatientCase) == 3, "the expired case waits for the schedule"


def test_several_instances_purge_once_per_period(settings, app: FastAPI) -> None:  # type: ignore[no-untyped-def]
    others = [Database(make_engine(settings.sqlalchemy_url)) for _ in range(3)]
    try:
        ran = [db.call(run_if_due, RETENTION, HOUR) for db in [app.state.db, *others]]
        assert sum(r is not None for r in ran) == 1
        with travel(59 * timedelta(minutes=1)):
            assert all(db.call(run_if_due, RETENTION, HOUR) is None for db in others)
        with travel(61 * timedelta(minutes=1)):
            again = [db.call(claim, HOUR) for db in others]
        assert again.count(True) == 1
    finally:
        for db in others:
            db.dispose()


def test_the_server_runs_the_schedule_by_itself(app: FastAPI) -> None:
    schedule: PurgeSchedule = app.state.purge
    schedule.first_delay = 0.0
    with TestClient(app):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with app.state.db.connect() as conn:
                if last_run(conn).finished_at is not None:
                    break
            time.sleep(0.05)
        else:
            pytest.fail("the scheduled purge did not run")
        assert len(schedule.tasks) == 1
    assert not schedule.tasks, "stopped with the app"


def test_no_schedule_when_it_is_turned_off(tmp_path: Path, migrated_db: Path) -> None:
    settings = make_settings(tmp_path, purge_every_minutes=0)
    schedule = PurgeSchedule(Database(make_engine(f"sqlite:///{migrated_db}")), settings)

    async def run() -> None:
        async with schedule.running():
            assert not schedule.tasks

    run_coroutine(run())
    schedule.db.dispose()


def test_the_landing_page_promise_is_kept_with_the_clock_moved_forward(
    wizard: WizardClient, app: FastAPI, client: TestClient
) -> None:
    promise = re.search(
        r"We delete everything (\d+) days after you last use your link", client.get("/").text
    )
    assert promise is not None
    days = int(promise.group(1))
    wizard.start()
    wizard.answer("planning")
    wizard.answer("yes")
    wizard.answer()
    assert wizard.url.endswith("/results")
    schedule: PurgeSchedule = app.state.purge
    with travel(timedelta(days=days) - HOUR):
        assert run_coroutine(schedule.tick()) is not None
        with app.state.db.connect() as conn:
            assert rows(conn, PatientCase) == 1, "kept until the promised day"
    with travel(timedelta(days=days) + HOUR):
        report = run_coroutine(schedule.tick())
        assert report is not None and report.cases == 1
        with app.state.db.connect() as conn:
            assert rows(conn, PatientCase) == 0
    gone = client.get(f"{wizard.case_path}/results")
    assert gone.status_code == 404 and "We could not open this link" in gone.text


def test_staff_settings_say_when_the_purge_last_ran(app: FastAPI, client: TestClient) -> None:
    add_staff(app, "boss@clinic.example", admin=True)
    admin = Staff(client)
    admin.login("boss@clinic.example")
    assert "has not been deleted yet" in admin.get("/staff/settings").text
    with app.state.db.connect() as conn:
        create_case(conn, retention_days=1, now=utcnow() - timedelta(days=2))
        run_if_due(conn, RETENTION, HOUR)
    page = admin.get("/staff/settings").text
    assert "Old data was last deleted on" in page and "1 expired case and 0 other" in page


def test_several_instances_on_postgres_purge_once(pg_url: str) -> None:  # noqa: F811
    """Four instances on one PostgreSQL ask at the same moment: one runs the purge."""
    from concurrent.futures import ThreadPoolExecutor

    from app.core.migrations import migrate

    migrate(pg_url)
    instances = [Database(make_engine(pg_url)) for _ in range(4)]
    try:
        with ThreadPoolExecutor(len(instances)) as pool:
            ran = list(pool.map(lambda db: db.call(run_if_due, RETENTION, HOUR), instances))
        assert sum(r is not None for r in ran) == 1
        with instances[0].connect() as conn:
            assert last_run(conn).finished_at is not None
    finally:
        for db in instances:
            db.dispose()
