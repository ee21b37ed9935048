"""CSRF protection for every form post: signed, time-limited form tokens and fetch metadata.

Every page carries a form token in each form's hidden `csrf_token` field and in
`<meta name="csrf-token">` (app.js copies it into htmx's X-CSRF-Token header). A token is
`HMAC(secret_key, issued-at || nonce)` with its issue time and nonce, all masked with fresh
random bytes on every render (so compressed pages never repeat a secret: BREACH). An unsafe
request passes only when:

1. it is not cross-site: `Sec-Fetch-Site: cross-site` or a foreign `Origin` is refused;
2. its token is ours (the signature checks) and was issued within TOKEN_LIFETIME; and
3. the token's nonce is this browser's cookie nonce, or the browser says the request came
   from one of our own pages (`Sec-Fetch-Site: same-origin`, or our own `Origin`).

Point 3 is what lets the wizard work in a clinic's cross-site iframe, where browsers keep no
cookie of ours (SameSite, third-party cookie blocking): there the browser's own fetch
metadata proves the form was posted from our page, and the signed token that it was one we
rendered recently. A browser too old to send fetch metadata (and sending `Origin: null`
under our no-referrer policy) still has the cookie: `__Host-covnav_csrf` when cookies are
secure (production), `covnav_csrf` otherwise, HttpOnly, SameSite=Lax.

Forms are bounded here too, before anything parses them: at most `max_body` bytes and
MAX_FORM_FIELDS fields (413 with the friendly page, never a 500).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import re
import secrets
import struct
from collections.abc import Awaitable, Callable
from datetime import timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.clock import utcnow

COOKIE_NAME = "covnav_csrf"
SECURE_COOKIE_NAME = "__Host-covnav_csrf"
HEADER_NAME = "x-csrf-token"
FIELD_NAME = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
NONCE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
VERSION = 2
NONCE_BYTES = 32
SIG_BYTES = 32
TOKEN_LIFETIME = timedelta(hours=24)  # a page's forms work this long after it was shown
CLOCK_SKEW = timedelta(minutes=5)  # several instances may disagree a little on the time
MAX_FORM_FIELDS = 300  # the largest real form (clinic settings) has under 150
_PLAIN = struct.Struct(">BI")  # version, issued-at (seconds since 1970, until 2106)
_TOKEN_BYTES = _PLAIN.size + NONCE_BYTES + SIG_BYTES

# Reasons for a refusal that is about the form's size or shape, not about forgery.
BODY_TOO_LARGE, TOO_MANY_FIELDS, BAD_FORM = "body too large", "too many fields", "bad form"
TOO_LARGE = frozenset({BODY_TOO_LARGE, TOO_MANY_FIELDS})

log = logging.getLogger("app.core.csrf")

Reject = Callable[[Request, str], Awaitable[Response]]


class CSRFError(Exception):
    """Raised inside the middleware; `reason` is for the log, never for the patient."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def cookie_name(secure: bool) -> str:
    return SECURE_COOKIE_NAME if secure else COOKIE_NAME


def _signature(secret: str, head: bytes, nonce: bytes) -> bytes:
    message = b"csrf:" + head + nonce
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()


def _nonce_bytes(nonce: str) -> bytes:
    return base64.urlsafe_b64decode(nonce + "=")


def make_token(secret: str, nonce: str, *, issued: int | None = None) -> str:
    """A masked token for `nonce`, issued now (or at `issued`, seconds since 1970)."""
    when = int(utcnow().timestamp()) if issued is None else issued
    head = _PLAIN.pack(VERSION, when)
    raw = _nonce_bytes(nonce)
    plain = head + raw + _signature(secret, head, raw)
    mask = secrets.token_bytes(len(plain))
    return base64.urlsafe_b64encode(mask + _xor(plain, mask)).decode("ascii").rstrip("=")


def _xor(data: bytes, mask: bytes) -> bytes:
    return (int.from_bytes(data) ^ int.from_bytes(mask)).to_bytes(len(data))


def read_token(secret: str, token: str) -> tuple[bytes, int] | None:
    """The nonce (as bytes) and issue time of a genuine token, or None for anything else."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(raw) != 2 * _TOKEN_BYTES:
        return None
    mask, masked = raw[:_TOKEN_BYTES], raw[_TOKEN_BYTES:]
    plain = _xor(masked, mask)
    head, nonce = plain[: _PLAIN.size], plain[_PLAIN.size : _PLAIN.size + NONCE_BYTES]
    version, issued = _PLAIN.unpack(head)
    if version != VERSION:
        return None
    if not hmac.compare_digest(plain[-SIG_BYTES:], _signature(secret, head, nonce)):
        return None
    return nonce, issued


def token_matches(secret: str, nonce: str, token: str) -> bool:
    """A genuine, unexpired token made for `nonce`."""
    found = read_token(secret, token)
    return found is not None and found[0] == _nonce_bytes(nonce) and _fresh(found[1])


def _fresh(issued: int) -> bool:
    now = utcnow().timestamp()
    return now - TOKEN_LIFETIME.total_seconds() <= issued <= now + CLOCK_SKEW.total_seconds()


def csrf_token(request: Request) -> str:
    """A fresh masked token for this request's nonce (set by the middleware)."""
    nonce = getattr(request.state, "csrf_nonce", None)
    if nonce is None:
        return ""
    return make_token(request.app.state.settings.secret_key, nonce)


def _same_origin(request: Request) -> bool:
    """The browser itself says this request came from one of our own pages."""
    if request.headers.get("sec-fetch-site") == "same-origin":
        return True
    origin = request.headers.get("origin", "")
    return origin not in ("", "null") and _origin_host(origin) == _host(request)


def _origin_host(origin: str) -> str:
    return urlsplit(origin).netloc.lower()


def _host(request: Request) -> str:
    return request.headers.get("host", "").lower()


def count_fields(body: bytes) -> int:
    """Fields in a urlencoded body, counted without parsing it."""
    return body.count(b"&") + body.count(b";") + 1 if body else 0


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
        self.cookie = cookie_name(secure)
        self.reject = reject
        self.max_body = max_body
        self.exempt_prefixes = exempt_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        nonce = request.cookies.get(self.cookie, "")
        fresh = not NONCE_PATTERN.match(nonce)
        if fresh:
            nonce = secrets.token_urlsafe(NONCE_BYTES)
        scope.setdefault("state", {})["csrf_nonce"] = nonce
        send = self._with_cookie(send, nonce) if fresh else send

        if request.method in SAFE_METHODS or scope["path"].startswith(self.exempt_prefixes):
            await self.app(scope, receive, send)
            return
        try:
            body = await self._read_body(receive)
            await self._check(Request(scope, _replayer(body, receive)), body, nonce, fresh)
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
                raise CSRFError(BODY_TOO_LARGE)
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _check(self, request: Request, body: bytes, nonce: str, fresh: bool) -> None:
        if request.headers.get("sec-fetch-site") == "cross-site":
            raise CSRFError("cross-site request")
        origin = request.headers.get("origin")
        # Under Referrer-Policy: no-referrer, browsers send "Origin: null" even same-origin.
        if origin and origin != "null" and _origin_host(origin) != _host(request):
            raise CSRFError("foreign origin")
        token = request.headers.get(HEADER_NAME)
        if token is None:
            token = await self._form_token(request, body)
        found = read_token(self.secret, token) if token else None
        if found is None:
            raise CSRFError("missing or wrong token")
        if not _fresh(found[1]):
            raise CSRFError("token expired")
        if (fresh or found[0] != _nonce_bytes(nonce)) and not _same_origin(request):
            raise CSRFError("no csrf cookie" if fresh else "token for another browser")

    async def _form_token(self, request: Request, body: bytes) -> str | None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/x-www-form-urlencoded"):
            if count_fields(body) > MAX_FORM_FIELDS:
                raise CSRFError(TOO_MANY_FIELDS)
        elif not content_type.startswith("multipart/"):
            return None
        try:
            form = await request.form(max_fields=MAX_FORM_FIELDS, max_files=MAX_FORM_FIELDS)
        except HTTPException as exc:  # what Starlette makes of a malformed or huge form
            too_many = "Too many" in str(exc.detail)
            raise CSRFError(TOO_MANY_FIELDS if too_many else BAD_FORM) from None
        value = form.get(FIELD_NAME)
        await form.close()
        return value if isinstance(value, str) else None

    def _with_cookie(self, send: Send, nonce: str) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                cookie: SimpleCookie = SimpleCookie()
                cookie[self.cookie] = nonce
                morsel = cookie[self.cookie]
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
