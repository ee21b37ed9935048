"""Access logs never contain a patient's link token."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable

import httpx
import pytest
from conftest import LiveServer

from app.core.access_log import AccessLog
from app.core.redact import redact
from app.core.server import RedactLinkTokens, log_config

TOKEN = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5"[:43]


def test_redact_replaces_the_token_in_any_case_path() -> None:
    line = f"GET /c/{TOKEN}/step/denial_info HTTP/1.1"
    assert redact(line) == "GET /c/[redacted]/step/[redacted] HTTP/1.1"
    assert redact(f"/c/{TOKEN}?saved=call") == "/c/[redacted]"
    assert redact(f"/c/{TOKEN}/docs/appeal_letter.pdf") == "/c/[redacted]/docs/[redacted]"
    assert redact(f"/c/{TOKEN}") == "/c/[redacted]"
    assert redact(f"POST /i/{TOKEN} HTTP/1.1") == "POST /i/[redacted] HTTP/1.1"
    assert redact(f"/api/v1/cases/{TOKEN}/results") == "/api/v1/cases/[redacted]/results"
    assert redact("/static/css/app.css") == "/static/css/app.css"


def test_filter_rewrites_uvicorn_access_records() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/c/{TOKEN}/results", "1.1", 200),
        None,
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
    assert any('"GET /c/[redacted]/step/[redacted] HTTP/1.1" 200' in line for line in lines), log
    assert "/step/stage" not in log, "the step id (it can tell a denial) is hidden too"
    assert any('"POST /start HTTP/1.1" 303' in line for line in log.splitlines()), log


def test_access_log_middleware_writes_redacted_lines_in_batches() -> None:
    import io

    async def app(scope: object, receive: object, send: Callable[..., Awaitable[None]]) -> None:
        await send({"type": "http.response.start", "status": 303, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def nothing(message: object) -> None:
        return None

    out, soon = io.StringIO(), []
    log = AccessLog(app, stream=out, later=lambda delay, work: soon.append(work))  # type: ignore[arg-type]
    scope = {
        "type": "http",
        "method": "POST",
        "path": f"/i/{TOKEN}",
        "http_version": "1.1",
        "client": ("10.0.0.1", 5000),
    }
    for _ in range(3):
        with pytest.raises(StopIteration):  # nothing here waits: run it to the end at once
            log(scope, None, nothing).send(None)  # type: ignore[arg-type]
    assert out.getvalue() == "" and len(soon) == 1  # gathered, one write planned
    soon[0]()
    line = 'INFO:     10.0.0.1:5000 - "POST /i/[redacted] HTTP/1.1" 303'
    assert out.getvalue().splitlines() == [line] * 3
