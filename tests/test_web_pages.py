"""The landing page, site files, settings and migrations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from bs4 import BeautifulSoup
from conftest import TEST_SECRET
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import app.models  # noqa: F401
from app.core.config import DEV_SECRET, Settings
from app.core.db import make_engine
from app.core.migrations import alembic_config, migrate
from app.flows.engine import progress

ROOT = Path(__file__).resolve().parents[1]


def test_landing_says_what_how_long_what_is_kept_and_starts(
    client: TestClient, app: FastAPI
) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    assert page.html["lang"] == "en"
    assert page.select_one("h1").get_text().startswith("Get paid back")
    known = progress(app.state.flow, {})
    how_long = page.select(".fact")[0].get_text(" ", strip=True)
    assert f"{known.min_remaining} to {known.max_remaining} questions" in how_long
    kept = " ".join(f.get_text(" ", strip=True) for f in page.select(".fact")[1:])
    assert "90 days" in kept and "link" in kept
    form = page.select_one("form[action='/start']")
    assert form["method"] == "post" and form.select_one("button").get_text() == "Start"
    assert page.select_one("a.skip-link")["href"] == "#main"
    assert page.select_one("main#main")


def test_landing_names_the_fictional_default_clinic(client: TestClient) -> None:
    text = client.get("/").text
    assert "Example Massage &amp; Pain Care (a made-up clinic)" in text
    assert "555-0100" in text and "hello@clinic.example" in text
    assert "is not in network with any insurer" in text


def test_base_template_references_the_vendored_htmx() -> None:
    base = (ROOT / "app" / "templates" / "base.html").read_text()
    assert "assets[htmx_file]" in base
    from app.core.templating import HTMX_FILE, STATIC_DIR

    path = STATIC_DIR / HTMX_FILE
    assert path.exists()
    version = re.search(r"htmx-(\d+\.\d+\.\d+)\.min\.js", HTMX_FILE)
    assert version and version.group(1).startswith("2.")
    assert path.read_text()[:200].startswith("var htmx=")


def test_static_references_resolve(client: TestClient) -> None:
    page = BeautifulSoup(client.get("/").text, "html.parser")
    urls = [t["href"] for t in page.select("link[href]")] + [t["src"] for t in page.select("[src]")]
    for url in urls:
        assert url.startswith("/static/"), "every asset is ours, never another host"
        assert client.get(url).status_code == 200, url
    assert client.get("/favicon.ico").status_code == 200
    assert client.get("/healthz").text == "ok"


@pytest.mark.parametrize("secret", ["", DEV_SECRET, "changeme", "short"])
def test_placeholder_secrets_are_refused_outside_development(secret: str) -> None:
    with pytest.raises(ValidationError):
        Settings(_env_file=None, env="production", secret_key=secret)  # type: ignore[call-arg]
    Settings(_env_file=None, env="development", secret_key=secret)  # type: ignore[call-arg]


def test_database_url_is_read_without_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:p@db/covnav")
    monkeypatch.setenv("COVNAV_SECRET_KEY", TEST_SECRET)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.sqlalchemy_url == "postgresql+psycopg://u:p@db/covnav"
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.setenv("COVNAV_DATA_DIR", "/srv/data")
    assert Settings(_env_file=None).sqlalchemy_url == "sqlite:////srv/data/covnav.db"  # type: ignore[call-arg]


def test_migrations_match_the_models_and_sqlite_uses_wal(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        # Only our tables: other areas add their own revisions.
        diff = [
            d for d in compare_metadata(context, SQLModel.metadata) if "patient_case" in repr(d)
        ]
        assert diff == []
        assert "patient_case" in inspect(connection).get_table_names()
    engine.dispose()
    command.downgrade(alembic_config(url), "base")
    engine = make_engine(url)
    with engine.connect() as connection:
        assert "patient_case" not in inspect(connection).get_table_names()
    engine.dispose()


SQLITE_ONLY = re.compile(r"PRAGMA |INSERT OR |AUTOINCREMENT|julianday\(|datetime\('now'")
SQLITE_HOOK = ROOT / "app" / "core" / "db.py"


def test_no_sqlite_only_sql_outside_the_sqlite_connect_hook() -> None:
    paths = [*(ROOT / "migrations").rglob("*.py"), *(ROOT / "app").rglob("*.py")]
    for path in paths:
        if path == SQLITE_HOOK:
            continue
        assert not SQLITE_ONLY.search(path.read_text()), path


def test_every_setting_is_documented_in_the_readme() -> None:
    from app.core.config import Settings

    readme = (ROOT / "README.md").read_text()
    missing = []
    for name in Settings.model_fields:
        env = f"COVNAV_{name.upper()}"
        short = "_" + name.upper().removeprefix("CLINIC_")
        if env not in readme and not (name.startswith("clinic_") and short in readme):
            missing.append(env)
    assert missing == []
