"""Helpers for the privacy and hardening tests (holds no tests): a real server with its own
settings, which a test may also kill with SIGKILL and start again on the same database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from conftest import ROOT, TEST_SECRET, _free_port


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


def restart(server: Server) -> Server:
    """The same settings and port again (after `kill`)."""
    return start_server(server.env, server.log_path, server.port)
