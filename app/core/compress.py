"""gzip for pages, PDFs and JSON, made in one pass when the body comes in one piece.

Starlette's GZipMiddleware parsed the request and response headers into objects and
compressed with zlib: on a question page that was a tenth of the view's CPU. This reads the
two headers it needs from the raw lists and compresses with ISA-L (the `isal` package, the
same gzip format), which takes about a third of zlib's time at its fastest level and makes
slightly smaller pages (bench/BASELINE.md). Bodies of 128 KB or more are compressed on a
worker thread, so a big PDF never stalls other requests. Already-encoded bodies (static
files), partial content, and formats that are compressed already pass through untouched.
"""

from __future__ import annotations

import anyio.to_thread
from isal import isal_zlib
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LEVEL = 1  # ISA-L has levels 0 to 3; 0 makes pages a tenth larger for little gain
GZIP_WBITS = 16 + isal_zlib.MAX_WBITS
THREAD_MINIMUM = 128 * 1024
ACCEPT_ENCODING = b"accept-encoding"
CONTENT_ENCODING = b"content-encoding"
CONTENT_LENGTH = b"content-length"
CONTENT_TYPE = b"content-type"
VARY = b"vary"
# Formats that are compressed already (SVG is text, so it is not listed), and event streams,
# which must not wait for a compressor's buffer.
PASS_THROUGH = (
    b"application/gzip",
    b"application/x-gzip",
    b"application/zip",
    b"audio/",
    b"font/woff",
    b"image/avif",
    b"image/gif",
    b"image/jpeg",
    b"image/png",
    b"image/webp",
    b"text/event-stream",
    b"video/",
)


def accepts_gzip(scope: Scope) -> bool:
    return any(name == ACCEPT_ENCODING and b"gzip" in value for name, value in scope["headers"])


def _compressible(headers: list[tuple[bytes, bytes]], status: int) -> bool:
    if status == 206:
        return False
    for name, value in headers:
        if name == CONTENT_ENCODING:
            return False
        if name == CONTENT_TYPE and value.lower().startswith(PASS_THROUGH):
            return False
    return True


def _with_vary(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    for i, (name, value) in enumerate(headers):
        if name == VARY:
            if ACCEPT_ENCODING not in value.lower():
                headers[i] = (VARY, value + b", Accept-Encoding")
            return headers
    headers.append((VARY, b"Accept-Encoding"))
    return headers


def _compressor() -> isal_zlib.Compress:
    return isal_zlib.compressobj(LEVEL, isal_zlib.DEFLATED, GZIP_WBITS)


def gzip_whole(body: bytes) -> bytes:
    return isal_zlib.compress(body, LEVEL, GZIP_WBITS)


class Gzip:
    """ASGI middleware: gzip a response of `minimum_size` bytes or more when accepted."""

    def __init__(self, app: ASGIApp, *, minimum_size: int = 500) -> None:
        self.app = app
        self.minimum_size = minimum_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, _Responder(send, accepts_gzip(scope), self.minimum_size))


class _Responder:
    """One response: holds its start until the first body says how to send it."""

    def __init__(self, send: Send, accepted: bool, minimum_size: int) -> None:
        self.downstream = send
        self.accepted = accepted
        self.minimum_size = minimum_size
        self.start: Message | None = None
        self.stream: isal_zlib.Compress | None = None
        self.passing = False

    async def __call__(self, message: Message) -> None:
        kind = message["type"]
        if kind == "http.response.start":
            self.passing = not _compressible(message.get("headers", []), message["status"])
            if self.passing:
                await self.downstream(message)
            else:
                self.start = message
            return
        if self.passing or kind != "http.response.body":
            await self._flush_start()
            await self.downstream(message)
            return
        if self.start is not None:
            await self._first_body(message)
            return
        if self.stream is not None:  # a later piece of a streamed body
            message["body"] = self._piece(message.get("body", b""), message.get("more_body", False))
        await self.downstream(message)

    def _piece(self, body: bytes, more: bool) -> bytes:
        """A piece of a streamed body, flushed so the client can show it now."""
        if self.stream is None:
            self.stream = _compressor()
        out = self.stream.compress(body)
        return out + (self.stream.flush(isal_zlib.Z_SYNC_FLUSH) if more else self.stream.flush())

    async def _flush_start(self) -> None:
        if self.start is not None:
            start, self.start = self.start, None
            await self.downstream(start)

    async def _first_body(self, message: Message) -> None:
        start = self.start
        assert start is not None
        self.start = None
        body: bytes = message.get("body", b"")
        more = message.get("more_body", False)
        if not more and len(body) < self.minimum_size:
            await self.downstream(start)
            await self.downstream(message)
            return
        headers = _with_vary(list(start.get("headers", [])))
        if self.accepted:
            headers = [(n, v) for n, v in headers if n != CONTENT_LENGTH]
            headers.append((CONTENT_ENCODING, b"gzip"))
            if more:
                body = self._piece(body, more)
            else:
                body = await self._whole(body)
                headers.append((CONTENT_LENGTH, str(len(body)).encode("latin-1")))
            message["body"] = body
        start["headers"] = headers
        await self.downstream(start)
        await self.downstream(message)

    async def _whole(self, body: bytes) -> bytes:
        if len(body) >= THREAD_MINIMUM:
            return await anyio.to_thread.run_sync(gzip_whole, body)
        return gzip_whole(body)
