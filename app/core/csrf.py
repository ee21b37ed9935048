"""CSRF protection for every form post: a signed, masked double-submit token.

The browser holds a random nonce in an HttpOnly, SameSite=Lax cookie. Pages carry
`mask || (HMAC(secret_key, nonce) XOR mask)` in each form's hidden `csrf_token` field and in
`<meta name="csrf-token">`, from which app.js sets htmx's `hx-headers` (X-CSRF-Token). An
unsafe request passes only when its token unmasks to the HMAC of its own cookie's nonce, and
a cross-site Origin or Sec-Fetch-Site is refused outright. The mask changes on every render,
so compressed pages never repeat the secret (BREACH).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE_NAME = "covnav_csrf"
HEADER_NAME = "x-csrf-token"
FIELD_NAME = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
NONCE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
SIG_BYTES = 32

log = logging.getLogger("app.core.csrf")

Reject = Callable[[Request, str], Awaitable[Response]]


class CSRFError(Exception):
    """Raised inside the middleware; `reason` is for the log, never for the patient."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _signature(secret: str, nonce: str) -> bytes:
    message = b"csrf:" + nonce.encode("ascii")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()


def make_token(secret: str, nonce: str) -> str:
    mask = secrets.token_bytes(SIG_BYTES)
    masked = bytes(a ^ b for a, b in zip(_signature(secret, nonce), mask, strict=True))
    return base64.urlsafe_b64encode(mask + masked).decode("ascii").rstrip("=")


def token_matches(secret: str, nonce: str, token: str) -> bool:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return False
    if len(raw) != 2 * SIG_BYTES:
        return False
    mask, masked = raw[:SIG_BYTES], raw[SIG_BYTES:]
    signature = bytes(a ^ b for a, b in zip(masked, mask, strict=True))
    return hmac.compare_digest(signature, _signature(secret, nonce))


def csrf_token(request: Request) -> str:
    """A fresh masked token for this request's nonce (set by the middleware)."""
    nonce = getattr(request.state, "csrf_nonce", None)
    if nonce is None:
        return ""
    return make_token(request.app.state.settings.secret_key, nonce)


class CSRFMiddleware:
    """Checks unsafe requests outside `exempt_prefixes`; sets the nonce cookie when missing."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        secret: str,
        secure: bool,
        reject: Reject,
        max_body: int,
        exempt_prefixes: tuple[str, ...] = ("/api/",),
    ) -> None:
        self.app = app
        self.secret = secret
        self.secure = secure
        self.reject = reject
        self.max_body = max_body
        self.exempt_prefixes = exempt_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        nonce = request.cookies.get(COOKIE_NAME, "")
        fresh = not NONCE_PATTERN.match(nonce)
        if fresh:
            nonce = secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_nonce"] = nonce
        send = self._with_cookie(send, nonce) if fresh else send

        if request.method in SAFE_METHODS or scope["path"].startswith(self.exempt_prefixes):
            await self.app(scope, receive, send)
            return
        try:
            body = await self._read_body(receive)
            await self._check(Request(scope, _replayer(body, receive)), nonce, fresh)
        except CSRFError as exc:
            log.warning("csrf: request refused (%s)", exc.reason)
            response = await self.reject(Request(scope, _replayer(b"", receive)), exc.reason)
            await response(scope, receive, send)
            return
        await self.app(scope, _replayer(body, receive), send)

    async def _read_body(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise CSRFError("client went away")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise CSRFError("body too large")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _check(self, request: Request, nonce: str, fresh: bool) -> None:
        if request.headers.get("sec-fetch-site") == "cross-site":
            raise CSRFError("cross-site request")
        origin = request.headers.get("origin")
        # Under Referrer-Policy: no-referrer, browsers send "Origin: null" even same-origin.
        if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
            raise CSRFError("foreign origin")
        if fresh:
            raise CSRFError("no csrf cookie")
        token = request.headers.get(HEADER_NAME)
        if token is None:
            content_type = request.headers.get("content-type", "")
            if content_type.startswith(("application/x-www-form-urlencoded", "multipart/")):
                form = await request.form()
                value = form.get(FIELD_NAME)
                token = value if isinstance(value, str) else None
                await form.close()
        if not token or not token_matches(self.secret, nonce, token):
            raise CSRFError("missing or wrong token")

    def _with_cookie(self, send: Send, nonce: str) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                cookie: SimpleCookie = SimpleCookie()
                cookie[COOKIE_NAME] = nonce
                morsel = cookie[COOKIE_NAME]
                morsel["path"] = "/"
                morsel["httponly"] = True
                morsel["samesite"] = "Lax"
                if self.secure:
                    morsel["secure"] = True
                headers.append("set-cookie", morsel.OutputString())
            await send(message)

        return wrapped


def _replayer(body: bytes, receive: Receive) -> Receive:
    """Hands the buffered body to the app once, then passes on the real channel."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
