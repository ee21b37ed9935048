"""Security headers on every response: a strict CSP, no referrer, no sniffing, no caching.

The CSP has no 'unsafe-inline': templates contain no inline script, style or event handler,
and htmx is told not to inject its indicator styles (see the htmx-config meta tag).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.config import Settings

STATIC_PREFIX = "/static/"
CACHE_CONTROL = b"cache-control"
FRAME_OPTIONS = b"x-frame-options"


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
    sites in frame-ancestors) keeps it, and then gets no X-Frame-Options. The headers are
    encoded once and added in one pass over the response's own, on every response.
    """

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.headers = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in security_headers(settings).items()
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        static = path.startswith(STATIC_PREFIX)
        versioned = b"v=" in scope.get("query_string", b"")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw: list[tuple[bytes, bytes]] = list(message.get("headers", []))
                present = {name.lower() for name, _ in raw}
                own_policy = b"content-security-policy" in present
                for name, value in self.headers:
                    if name not in present and not (own_policy and name == FRAME_OPTIONS):
                        raw.append((name, value))
                if static:
                    age = b"31536000, immutable" if versioned else b"3600"
                    raw = [(n, v) for n, v in raw if n.lower() != CACHE_CONTROL]
                    raw.append((CACHE_CONTROL, b"public, max-age=" + age))
                elif CACHE_CONTROL not in present:
                    raw.append((CACHE_CONTROL, b"no-store"))
                message["headers"] = raw
            await send(message)

        await self.app(scope, receive, send_with_headers)
