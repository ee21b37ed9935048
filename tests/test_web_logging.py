"""Access logs never contain a patient's link token."""

from __future__ import annotations

import logging
import re
import time

import httpx
from conftest import LiveServer

from app.core.server import RedactLinkTokens, log_config, redact

TOKEN = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5"[:43]


def test_redact_replaces_the_token_in_any_case_path() -> None:
    assert redact(f"GET /c/{TOKEN}/step/stage HTTP/1.1") == "GET /c/[redacted]/step/stage HTTP/1.1"
    assert redact(f"/c/{TOKEN}?x=1") == "/c/[redacted]?x=1"
    assert redact(f"/c/{TOKEN}") == "/c/[redacted]"
    assert redact(f"POST /i/{TOKEN} HTTP/1.1") == "POST /i/[redacted] HTTP/1.1"
    assert redact(f"/api/v1/cases/{TOKEN}/results") == "/api/v1/cases/[redacted]/results"
    assert redact("/static/css/app.css") == "/static/css/app.css"


def test_filter_rewrites_uvicorn_access_records() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/c/{TOKEN}/results", "1.1", 200), None,
    )
    assert RedactLinkTokens().filter(record)
    assert TOKEN not in record.getMessage()
    assert "/c/[redacted]/results" in record.getMessage()


def test_filter_redacts_tracebacks() -> None:
    try:
        raise KeyError(f"/c/{TOKEN}")
    except KeyError:
        import sys

        record = logging.LogRecord("app", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    RedactLinkTokens().filter(record)
    assert record.exc_text and TOKEN not in record.exc_text


def test_every_log_handler_has_the_filter() -> None:
    config = log_config()
    assert all("redact" in h["filters"] for h in config["handlers"].values())


def test_live_access_log_line_is_redacted(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url, follow_redirects=False) as client:
        page = client.get("/").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert csrf
        started = client.post("/start", data={"csrf_token": csrf.group(1)})
        location = started.headers["location"]
        token = location.split("/")[2]
        assert client.get(location).status_code == 200
        assert client.get(f"/c/{token}").status_code == 303
    for _ in range(50):
        log = live_server.log_text()
        if "/c/[redacted]/step/" in log:
            break
        time.sleep(0.1)
    assert token not in log
    lines = [line for line in log.splitlines() if "/c/[redacted]" in line]
    assert any('"GET /c/[redacted]/step/' in line and " 200" in line for line in lines), log
    assert any('"POST /start HTTP/1.1" 303' in line for line in log.splitlines()), log
