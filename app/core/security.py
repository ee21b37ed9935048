"""Security headers on every response: a strict CSP, no referrer, no sniffing, no caching.

The CSP has no 'unsafe-inline': templates contain no inline script, style or event handler,
and htmx is told not to inject its indicator styles (see the htmx-config meta tag).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.config import Settings

STATIC_PREFIX = "/static/"


def content_security_policy(frame_ancestors: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "img-src 'self' data:",
            "style-src 'self'",
            "script-src 'self'",
            "object-src 'none'",
            f"frame-ancestors {frame_ancestors}",
            "base-uri 'none'",
            "form-action 'self'",
        ]
    )


def security_headers(settings: Settings) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": content_security_policy(settings.frame_ancestors),
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }
    if settings.frame_ancestors.strip() == "'none'":
        headers["X-Frame-Options"] = "DENY"
    if settings.env == "production":
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return headers


class SecurityHeadersMiddleware:
    """Adds the headers above; pages are `no-store`, versioned static files cache for a year.

    A response that sets its own Content-Security-Policy (patient pages name the clinic's
    sites in frame-ancestors) keeps it, and then gets no X-Frame-Options.
    """

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.headers = security_headers(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        versioned = b"v=" in scope.get("query_string", b"")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                own_policy = "content-security-policy" in headers
                for name, value in self.headers.items():
                    if not (own_policy and name == "X-Frame-Options"):
                        headers.setdefault(name, value)
                if path.startswith(STATIC_PREFIX):
                    age = "31536000, immutable" if versioned else "3600"
                    headers["Cache-Control"] = f"public, max-age={age}"
                else:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)
