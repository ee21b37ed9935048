"""A crash loses no acknowledged answer: simulated patients answer through the JSON API, the
server is killed with SIGKILL mid-load, started again on the same database, and every answer
it had acknowledged (a 200 to its PUT) is still there. On SQLite, and on PostgreSQL.

The load is bounded: PATIENTS threads, at most MAX_REQUESTS requests and LOAD_SECONDS of
time, on loopback only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from conftest import REAL_FLOW
from privacy_support import Server, restart, server_env, start_server
from test_postgres import pg_url  # noqa: F401  (the fixture)

from app.core.migrations import migrate

pytestmark = [pytest.mark.live, pytest.mark.slow]

PATIENTS = 8
MAX_REQUESTS = 4000
LOAD_SECONDS = 30.0
KILL_AFTER_ACKS = 600  # kill once this many answers are acknowledged (or at half the time)
SAMPLES = {"number": "30", "money": "100.00", "date": "2026-01-15", "text": "sample"}


@dataclass
class Load:
    acknowledged: list[tuple[str, str, object]] = field(default_factory=list)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def take(self) -> bool:
        with self.lock:
            if self.stop.is_set() or self.requests >= MAX_REQUESTS:
                return False
            self.requests += 1
            return True


def value_for(step: dict[str, object], turn: int) -> object:
    choices = step["choices"]
    if choices:
        values = [c["value"] for c in choices]  # type: ignore[attr-defined, index]
        chosen = values[turn % len(values)]
        return [chosen] if step["type"] == "multi" else chosen
    return SAMPLES.get(str(step["type"]))


def patient(base: str, load: Load, seed: int) -> None:
    """Start cases and answer them, one request at a time, until the load stops."""
    with httpx.Client(base_url=base, timeout=10) as http:
        turn = seed
        while load.take():
            try:
                created = http.post("/api/v1/cases")
                if created.status_code != 201:
                    continue
                case = created.json()
                token = case["token"]
                while case["step"] is not None and load.take():
                    step = case["step"]
                    turn += 1
                    put = http.put(
                        f"/api/v1/cases/{token}/answers/{step['id']}",
                        json={"value": value_for(step, turn)},
                    )
                    if put.status_code != 200:
                        break
                    case = put.json()
                    shown = {a["step_id"]: a["value"] for a in case["answers"]}
                    if step["id"] in shown:  # an info step has no answer to keep
                        with load.lock:
                            load.acknowledged.append((token, step["id"], shown[step["id"]]))
            except httpx.HTTPError:  # the server died: what was not acknowledged does not count
                if load.stop.is_set():
                    return
                time.sleep(0.05)


def crash_and_check(server: Server) -> tuple[int, int]:
    """Run the load, kill -9 mid-way, restart; returns (acknowledged, lost)."""
    load = Load()
    threads = [
        threading.Thread(target=patient, args=(server.url, load, i), daemon=True)
        for i in range(PATIENTS)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + LOAD_SECONDS / 2
    while len(load.acknowledged) < KILL_AFTER_ACKS and time.monotonic() < deadline:
        time.sleep(0.02)
    server.kill()
    load.stop.set()
    for thread in threads:
        thread.join(timeout=15)
    acknowledged = list(load.acknowledged)
    again = restart(server)
    try:
        lost = 0
        cases: dict[str, dict[str, object]] = {}
        with httpx.Client(base_url=again.url, timeout=10) as http:
            for token, step_id, value in acknowledged:
                if token not in cases:
                    response = http.get(f"/api/v1/cases/{token}")
                    answers = response.json()["answers"] if response.status_code == 200 else []
                    cases[token] = {a["step_id"]: a["value"] for a in answers}
                if cases[token].get(step_id) != value:
                    lost += 1
    finally:
        again.stop()
    assert "Traceback" not in again.log_text()
    print(f"\ncrash: {len(acknowledged)} acknowledged answers in {len(cases)} cases, {lost} lost")
    return len(acknowledged), lost


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[Server]:
    server = start_server(server_env(tmp_path, REAL_FLOW), tmp_path / "server.log")
    yield server
    server.stop()


def test_kill_9_loses_no_acknowledged_answer_on_sqlite(sqlite_server: Server) -> None:
    acknowledged, lost = crash_and_check(sqlite_server)
    assert acknowledged >= 100, "the server died before the load got going"
    assert lost == 0


def test_kill_9_loses_no_acknowledged_answer_on_postgres(
    tmp_path: Path,
    pg_url: str,  # noqa: F811
) -> None:
    migrate(pg_url)
    env = server_env(tmp_path, REAL_FLOW, database_url=pg_url)
    server = start_server(env, tmp_path / "server.log")
    try:
        acknowledged, lost = crash_and_check(server)
    finally:
        server.stop()
    assert acknowledged >= 100
    assert lost == 0
