"""The access log: one line per request, with patient links redacted, written in batches.

uvicorn's own access log went through the logging module for every request (a tenth of a
page view's CPU). This writes the same line format straight to stderr, gathered for up to
FLUSH_SECONDS, and always before the server stops.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from typing import TextIO

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.redact import redact

FLUSH_SECONDS = 0.05
Later = Callable[[float, Callable[[], None]], object]  # how to run a function soon


class AccessLog:
    """ASGI middleware: `INFO:     client - "METHOD /path HTTP/1.1" status` for each request."""

    def __init__(
        self, app: ASGIApp, *, stream: TextIO | None = None, later: Later | None = None
    ) -> None:
        self.app = app
        self.stream = stream
        self.later = later
        self.pending: list[str] = []
        self.scheduled = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            try:
                await self.app(scope, receive, send)
            finally:
                self.flush()
            return
        status = 500

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            self.note(scope, status)

    def note(self, scope: Scope, status: int) -> None:
        client = scope.get("client")
        who = f"{client[0]}:{client[1]}" if client else "-"
        path = redact(scope.get("root_path", "") + scope["path"])
        version = scope.get("http_version", "1.1")
        self.pending.append(
            f'INFO:     {who} - "{scope["method"]} {path} HTTP/{version}" {status}\n'
        )
        if not self.scheduled:
            self.scheduled = True
            later = self.later or asyncio.get_running_loop().call_later
            later(FLUSH_SECONDS, self.flush)

    def flush(self) -> None:
        self.scheduled = False
        if not self.pending:
            return
        stream = self.stream or sys.stderr
        stream.write("".join(self.pending))
        stream.flush()
        self.pending.clear()
