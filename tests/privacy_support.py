"""Helpers for the privacy and hardening tests (holds no tests): a real server with its own
settings, which a test may also kill with SIGKILL and start again on the same database."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
from conftest import ROOT, TEST_SECRET, _free_port
from test_staff_support import PASSWORD

from app.services.letters import LETTER_FIELDS

T = TypeVar("T")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SHOWN_AT = re.compile(r'name="shown_at" value="([^"]+)"')
NOTE = re.compile(r'name="(note_[A-Za-z0-9_]+)"')
PREFER = ("denied", "employer", "medical_necessity", "first", "no")
NUMBERS = ("60", "1", "30", "100.00", "2")
DATES = ("2026-11-20", "2026-06-01", "2025-12-01")
ADMIN = "owner@clinic.example"


@dataclass
class Server:
    """`covnav serve` in a subprocess, on loopback."""

    url: str
    port: int
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes]

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush; what the database holds is what was committed."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def server_env(data_dir: Path, flow_path: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVNAV_")}
    env.pop("DATABASE_URL", None)
    env.update(
        COVNAV_ENV="test",
        COVNAV_SECRET_KEY=TEST_SECRET,
        COVNAV_DATA_DIR=str(data_dir),
        COVNAV_FLOW_PATH=str(flow_path),
        COVNAV_PASSWORD_HASHING="fast",
        PYTHONUNBUFFERED="1",
    )
    env.update({f"COVNAV_{k.upper()}": v for k, v in settings.items()})
    return env


def start_server(env: dict[str, str], log_path: Path, port: int | None = None) -> Server:
    """Start `covnav serve` with `env` and wait until /healthz answers (30 s at most)."""
    port = port or _free_port()
    code = f"import sys; from app.core.server import serve; sys.exit(serve('127.0.0.1', {port}))"
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    server = Server(f"http://127.0.0.1:{port}", port, env, log_path, process)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server exited:\n" + server.log_text())
        try:
            if httpx.get(server.url + "/healthz", timeout=0.5).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError("server did not start:\n" + server.log_text())


def start_with_admin(data_dir: Path, flow_path: Path) -> Server:
    """A server whose database has the admin account ADMIN (password: the test one)."""
    from sqlmodel import Session, create_engine

    from app.cli.staff import create_staff

    server = start_server(server_env(data_dir, flow_path), data_dir / "server.log")
    engine = create_engine(f"sqlite:///{data_dir / 'covnav.db'}")
    with Session(engine) as session:
        create_staff(session, ADMIN, PASSWORD, admin=True)
    engine.dispose()
    return server


def restart(server: Server) -> Server:
    """The same settings and port again (after `kill`)."""
    return start_server(server.env, server.log_path, server.port)


# --- Driving the real forms over HTTP, as a browser without JavaScript would -------------


def csrf_of(response: httpx.Response) -> str:
    match = CSRF.search(response.text)
    assert match is not None, response.text[:500]
    return match.group(1)


def sign_in(base: str) -> httpx.Client:
    """An admin signed in (the account ADMIN with the test password must exist)."""
    admin = httpx.Client(base_url=base, follow_redirects=False, timeout=30)
    token = csrf_of(admin.get("/staff/login"))
    signed = admin.post(
        "/staff/login", data={"csrf_token": token, "email": ADMIN, "password": PASSWORD}
    )
    assert signed.status_code == 303
    return admin


def save_clinic(admin: httpx.Client, payload: str) -> None:
    token = csrf_of(admin.get("/staff/settings"))
    data = {"csrf_token": token, "clinic_name": payload, "address": payload}
    assert admin.post("/staff/settings", data=data).status_code == 303


def pick(step: dict[str, object], payload: str, attempt: int) -> str | list[str] | None:
    choices = [c["value"] for c in step["choices"]]  # type: ignore[attr-defined, index]
    if choices:
        chosen = next((c for c in PREFER if c in choices), choices[0])
        return [chosen] if step["type"] == "multi" else chosen
    kind = step["type"]
    if kind == "text":
        return payload
    if kind == "date":
        return DATES[attempt % len(DATES)]
    if kind in ("number", "money"):
        return NUMBERS[attempt % len(NUMBERS)]
    return None


def answer_everything(patient: httpx.Client, payload: str, token: str | None = None) -> str:
    """A whole journey through the real forms (a new case unless `token`), with `payload` as
    every free-text answer; returns the case token."""
    if token is None:
        started = patient.post("/start", data={"csrf_token": csrf_of(patient.get("/"))})
        token = started.headers["location"].split("/")[2]
    for _ in range(80):
        case = patient.get(f"/api/v1/cases/{token}").json()
        if case["done"]:
            return token
        step = case["step"]
        url = f"/c/{token}/step/{step['id']}"
        for attempt in range(len(NUMBERS)):
            page = patient.get(url)
            shown_at = SHOWN_AT.search(page.text)
            data: dict[str, str | list[str]] = {"csrf_token": csrf_of(page)}
            if shown_at:
                data["shown_at"] = shown_at.group(1)
            value = pick(step, payload, attempt)
            if value is not None:
                data["answer"] = value
            if patient.post(url, data=data).status_code == 303:
                break
        else:
            skip = patient.post(url, data={**data, "skip": "1"})
            assert skip.status_code == 303, f"stuck on {step['id']}"
    raise AssertionError("the journey did not end")


def fill_the_rest(patient: httpx.Client, token: str, payload: str) -> str:
    """Call sheet and letter details, typed with the payload; returns the results HTML."""
    results = patient.get(f"/c/{token}/results")
    notes = dict.fromkeys(NOTE.findall(results.text), payload)
    sheet = {"csrf_token": csrf_of(results), "rep_name": payload, "reference": payload, **notes}
    assert patient.post(f"/c/{token}/call-sheet", data=sheet).status_code == 303
    letters = {"csrf_token": csrf_of(results), **dict.fromkeys(LETTER_FIELDS, payload)}
    assert patient.post(f"/c/{token}/letter-details", data=letters).status_code == 303
    return patient.get(f"/c/{token}/results").text


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """Await `coroutine` on a loop of its own, in a thread: the browser tests' Playwright keeps
    an event loop running in the main thread, where asyncio.run would refuse."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
