"""Shared fixtures: test settings on a fresh SQLite file per test, the app and its client,
a real uvicorn server for browser tests, and Playwright pointed at Debian's Chromium."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.core.migrations import migrate

ROOT = Path(__file__).resolve().parents[1]
MINI_FLOW = ROOT / "tests" / "fixtures" / "flows" / "mini.yaml"
REAL_FLOW = ROOT / "data" / "steps.yaml"
TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# A small tree with every question type, for field errors and the encryption test.
TYPES_FLOW = """\
version: 1
start: care
steps:
  - id: care
    type: multi
    text: What care do you get?
    why: Plans pay for some kinds of care and not others.
    choices:
      - {value: massage, label: Massage}
      - {value: manual, label: Manual therapy}
    next: insurer
  - id: insurer
    type: text
    text: What is the name of your insurer?
    why: You will call them.
    next: fee
  - id: fee
    type: money
    text: What does one visit cost?
    why: We use it to work out what you get back.
    next: minutes
  - id: minutes
    type: number
    text: How many minutes is one visit?
    why: Insurers pay in 15-minute units.
    min: 1
    max: 600
    next: visit_date
  - id: visit_date
    type: date
    text: When was your visit?
    why: Claims have a deadline.
    optional: true
    next: results
  - id: results
    type: results
    text: Here is your plan.
checklist:
  - id: keep_receipts
    stage: before
    text: Keep every receipt.
    why: You need them for the claim.
questions:
  - id: q_wrapup
    text: Write down the rep's name, the date and a reference number.
    why: You may need proof of what they said.
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by what they use, so `make test-fast` can leave out the slow tiers."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & {"live_server", "live_server_mini"}:
            item.add_marker(pytest.mark.live)
        if "pg_url" in names:
            item.add_marker(pytest.mark.postgres)
        if "walked" in names:
            item.add_marker(pytest.mark.slow)


def default_flow_path() -> Path:
    """The real tree once it exists, else the mini fixture (tests pick answers generically)."""
    return REAL_FLOW if REAL_FLOW.exists() else MINI_FLOW


def make_settings(tmp: Path, flow_path: Path = MINI_FLOW, **extra: object) -> Settings:
    values: dict[str, object] = {
        "env": "test",
        "secret_key": TEST_SECRET,
        "data_dir": tmp,
        "database_url": f"sqlite:///{tmp / 'covnav.db'}",
        "flow_path": flow_path,
        "password_hashing": "fast",
        **extra,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated to head; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "covnav.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture
def types_flow(tmp_path: Path) -> Path:
    path = tmp_path / "types.yaml"
    path.write_text(TYPES_FLOW, encoding="utf-8")
    return path


@pytest.fixture
def flow_path() -> Path:
    """Override in a module (or parametrize) to run against another tree."""
    return MINI_FLOW


@pytest.fixture
def settings(tmp_path: Path, migrated_db: Path, flow_path: Path) -> Settings:
    shutil.copy(migrated_db, tmp_path / "covnav.db")
    return make_settings(tmp_path, flow_path)


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    from app.main import create_app

    application = create_app(settings)
    yield application
    application.state.db.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
SHOWN_AT_FIELD = re.compile(r'name="shown_at" value="([^"]+)"')


@dataclass
class WizardClient:
    """Drives the no-JavaScript wizard: real form posts and 303 redirects."""

    client: TestClient
    token: str = ""
    url: str = ""
    csrf: str = ""
    shown_at: str = ""
    history: list[str] = field(default_factory=list)
    confirm: bool = True  # on "Check your answers", go on to the plan as a patient would

    def get(self, url: str, **kwargs: object) -> httpx.Response:
        response = self.client.get(url, **kwargs)  # type: ignore[arg-type]
        if match := CSRF_FIELD.search(response.text):
            self.csrf = match.group(1)
        if match := SHOWN_AT_FIELD.search(response.text):
            self.shown_at = match.group(1)
        return response

    def start(self) -> httpx.Response:
        self.get("/")
        response = self.client.post("/start", data={"csrf_token": self.csrf})
        assert response.status_code == 303, response.text
        self.url = response.headers["location"]
        self.token = self.url.split("/")[2]
        return self.get(self.url)

    def answer(self, value: str | list[str] | None = None, **extra: str) -> httpx.Response:
        """Post an answer to the current step; follows the 303 when it succeeds."""
        data: dict[str, str | list[str]] = {
            "csrf_token": self.csrf,
            "shown_at": self.shown_at,
            **extra,
        }
        if value is not None:
            data["answer"] = value
        response = self.client.post(self.url, data=data)
        if response.status_code == 303:
            self.history.append(self.url)
            self.url = response.headers["location"]
            if self.confirm and self.url.endswith("/check"):
                assert self.get(self.url).status_code == 200
                self.url = self.url.removesuffix("/check") + "/results"
            return self.get(self.url)
        return response

    @property
    def case_path(self) -> str:
        return f"/c/{self.token}"


@pytest.fixture
def wizard(client: TestClient) -> WizardClient:
    return WizardClient(client)


@pytest.fixture
def types_wizard(tmp_path: Path, migrated_db: Path, types_flow: Path) -> Iterator[WizardClient]:
    """A wizard on the every-type tree, with its own database."""
    from app.main import create_app

    folder = tmp_path / "types_db"
    folder.mkdir()
    shutil.copy(migrated_db, folder / "covnav.db")
    application = create_app(make_settings(folder, types_flow))
    with TestClient(application, follow_redirects=False) as test_client:
        yield WizardClient(test_client)
    application.state.db.dispose()


# --- A real server, for the browser tests and the access-log test ---------------------------


@dataclass
class LiveServer:
    url: str
    log_path: Path
    process: subprocess.Popen[bytes]

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_live_server(tmp: Path, flow_path: Path) -> LiveServer:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVNAV_")}
    env.pop("DATABASE_URL", None)
    env.update(
        COVNAV_ENV="test",
        COVNAV_SECRET_KEY=TEST_SECRET,
        COVNAV_DATA_DIR=str(tmp),
        COVNAV_FLOW_PATH=str(flow_path),
        COVNAV_PASSWORD_HASHING="fast",
        PYTHONUNBUFFERED="1",
    )
    log_path = tmp / "server.log"
    code = f"import sys; from app.core.server import serve; sys.exit(serve('127.0.0.1', {port}))"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server exited:\n" + log_path.read_text())
        try:
            if httpx.get(url + "/healthz", timeout=0.5).status_code == 200:
                return LiveServer(url, log_path, process)
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start:\n" + log_path.read_text())


def stop_live_server(server: LiveServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """uvicorn on a free loopback port, on the real tree when it exists."""
    server = start_live_server(tmp_path_factory.mktemp("live"), default_flow_path())
    yield server
    stop_live_server(server)


@pytest.fixture(scope="session")
def live_server_mini(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """uvicorn on the mini fixture tree, for tests that need exact content."""
    server = start_live_server(tmp_path_factory.mktemp("live_mini"), MINI_FLOW)
    yield server
    stop_live_server(server)


# --- Playwright with Debian's Chromium (never `playwright install`) ---------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}; install it with apt-get install chromium"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }
