"""The same app on PostgreSQL: migrations, a whole flow, staff, and two app instances.

`make test` runs the suite inside `pg_virtualenv`, which starts a throwaway cluster and sets
PGHOST, PGPORT, PGUSER and PGPASSWORD. Each test gets its own fresh database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import MINI_FLOW, WizardClient, make_settings
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import inspect
from sqlmodel import Session, SQLModel, select
from test_staff_support import PASSWORD, Staff, add_staff

from app.core.config import Settings
from app.core.db import make_engine
from app.core.migrations import head_revision, migrate
from app.core.server import prepare_database
from app.main import create_app
from app.models import FunnelCount, PatientCase

PG_ENV = ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, empty database on the test cluster, dropped afterwards."""
    if not all(os.environ.get(name) for name in PG_ENV):
        message = "no PostgreSQL test cluster (run the tests through pg_virtualenv, as make does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    host, port = os.environ["PGHOST"], os.environ["PGPORT"]
    user, password = os.environ["PGUSER"], os.environ["PGPASSWORD"]
    name = f"covnav_{uuid.uuid4().hex[:12]}"
    admin = f"host={host} port={port} user={user} password={password} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://{user}:{password}@{host}:{port}/{name}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def pg_settings(tmp_path: Path, url: str, flow: Path = MINI_FLOW) -> Settings:
    return make_settings(tmp_path, flow, database_url=url)


@pytest.fixture
def pg_app(tmp_path: Path, pg_url: str) -> Iterator[FastAPI]:
    migrate(pg_url)
    application = create_app(pg_settings(tmp_path, pg_url))
    yield application
    application.state.db.engine.dispose()


def test_migrations_build_exactly_the_models(pg_url: str) -> None:
    migrate(pg_url)
    engine = make_engine(pg_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert {"patient_case", "staff_user", "staff_invite", "funnel_count"} <= tables
    assert "step_event" not in tables


def test_a_whole_flow_on_postgres(pg_app: FastAPI) -> None:
    with TestClient(pg_app, follow_redirects=False) as client:
        wizard = WizardClient(client)
        wizard.start()
        wizard.answer("denied")
        wizard.answer("2026-02-01")
        wizard.answer("yes")
        page = wizard.answer()
        assert wizard.url.endswith("/results")
        assert "File an appeal." in page.text
    with Session(pg_app.state.db.engine) as session:
        row = session.exec(select(PatientCase)).one()
        kinds = {e.kind for e in session.exec(select(FunnelCount)).all()}
    assert b"denied" not in row.blob and b"2026-02-01" not in row.blob
    assert {"started", "reached", "answered", "results"} <= kinds


def test_two_app_instances_share_one_database(tmp_path: Path, pg_url: str) -> None:
    """A patient starts on one instance and carries on through another: no process state."""
    migrate(pg_url)
    first = create_app(pg_settings(tmp_path / "a", pg_url))
    second = create_app(pg_settings(tmp_path / "b", pg_url))
    try:
        with (
            TestClient(first, follow_redirects=False) as one,
            TestClient(second, follow_redirects=False) as two,
        ):
            patient = WizardClient(one)
            patient.start()
            patient.answer("planning")
            two.cookies.update(one.cookies)
            moved = WizardClient(two, token=patient.token, url=patient.url)
            page = moved.get(patient.url)
            assert "Do you get your plan through work?" in page.text
            moved.answer("yes")
            moved.answer()
            assert moved.url.endswith("/results")
            add_staff(first, "owner@clinic.example", admin=True)
            desk = Staff(two)
            assert desk.login("owner@clinic.example", PASSWORD).status_code == 303
            assert desk.get("/staff/invites").status_code == 200
    finally:
        first.state.db.engine.dispose()
        second.state.db.engine.dispose()


def test_serve_refuses_an_unmigrated_server_database(tmp_path: Path, pg_url: str) -> None:
    problem = prepare_database(pg_settings(tmp_path, pg_url))
    assert problem == (
        "the database has no tables yet. Run `covnav migrate` first, then start again."
    )


def test_instances_migrating_at_once_take_turns(pg_url: str) -> None:
    """Three instances start together: one migrates under the advisory lock, two find it done."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: migrate(pg_url), range(3)))
    assert sorted(before is None for before, _ in results) == [False, False, True]
    assert {after for _, after in results} == {head_revision()}
