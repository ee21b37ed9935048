"""Starting safely: no request ever meets a missing table, and /readyz says why it is not ready."""

from __future__ import annotations

import argparse
import io
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import TEST_SECRET, LiveServer, make_settings, start_live_server, stop_live_server
from fastapi.testclient import TestClient

from app.cli import main as covnav
from app.cli.staff import cmd_create_staff
from app.core.config import get_settings
from app.core.db import make_engine
from app.core.migrations import head_revision, migrate, schema_state
from app.core.server import prepare_database
from app.main import create_app


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder with no database yet, as the command line's settings."""
    for name in ("COVNAV_DATABASE_URL", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COVNAV_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COVNAV_ENV", "test")
    monkeypatch.setenv("COVNAV_SECRET_KEY", TEST_SECRET)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_migrate_says_what_it_did(fresh: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert covnav(["migrate"]) == 0
    assert capsys.readouterr().out == f"Created the database tables (revision {head_revision()}).\n"
    assert covnav(["migrate"]) == 0
    assert "already up to date" in capsys.readouterr().out


def test_create_staff_on_an_unmigrated_database_says_to_migrate(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough secret\n"))
    assert cmd_create_staff(argparse.Namespace(email="owner@clinic.example", admin=True)) == 1
    err = capsys.readouterr().err
    assert err == (
        "covnav create-staff: the database has no tables yet; run `covnav migrate` first\n"
    )


def test_serve_brings_an_sqlite_database_up_to_date(fresh: Path) -> None:
    settings = get_settings()
    assert prepare_database(settings) is None
    engine = make_engine(settings.sqlalchemy_url)
    assert schema_state(engine).ready
    engine.dispose()


def test_readyz_says_why_an_app_is_not_ready(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)  # a database file with no tables
    app = create_app(settings)
    with TestClient(app) as client:
        assert client.get("/healthz").text == "ok"
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.text == "not ready: the database has no tables yet"
        migrate(settings.sqlalchemy_url)
        assert (client.get("/readyz").status_code, client.get("/readyz").text) == (200, "ready")
    app.state.db.dispose()


@pytest.mark.live
def test_a_fresh_server_never_answers_500(tmp_path: Path) -> None:
    """`covnav serve` on a data folder that was never migrated: the first Start works."""
    server: LiveServer = start_live_server(
        tmp_path, Path(__file__).parents[1] / "data" / "steps.yaml"
    )
    try:
        with httpx.Client(base_url=server.url, follow_redirects=False) as client:
            assert client.get("/readyz").text == "ready"
            landing = client.get("/")
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', landing.text)
            assert csrf is not None
            started = client.post("/start", data={"csrf_token": csrf.group(1)})
            assert started.status_code == 303
            assert client.get(started.headers["location"]).status_code == 200
    finally:
        stop_live_server(server)
    assert "Created the database tables" in server.log_text()
