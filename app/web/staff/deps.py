"""What every staff page shares: the route class, rendering, form helpers and addresses."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.datastructures import FormData

from app.core import htmx
from app.core.config import Settings
from app.core.db import request_session
from app.core.security import content_security_policy
from app.core.templating import render
from app.models import StaffUser
from app.services.clinic import get_clinic
from app.services.staff_auth import Forbidden, StaffRedirect, settings_of

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class StaffRoute(APIRoute):
    """Turns StaffRedirect and Forbidden into a redirect or a 403 page, and forbids framing.

    Dependencies run inside the route handler, so this catches what `current_staff` and
    `require_admin` raise without an app-wide exception handler.
    """

    def get_route_handler(self) -> Handler:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                response = await original(request)
            except StaffRedirect as exc:
                response = htmx.see_other(request, exc.url, new_page=True)
            except Forbidden:
                response = page(request, "staff/forbidden.html", status_code=403)
            response.headers["Content-Security-Policy"] = content_security_policy("'none'")
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["Cache-Control"] = "no-store"
            return response

        return handler


def page(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> Response:
    """Render a staff page with the signed-in member (if any) and the clinic as saved now."""
    staff: StaffUser | None = getattr(request.state, "staff", None)
    with request_session(request) as session:
        clinic = get_clinic(session, settings_of(request))
    full = {"staff": staff, "clinic": clinic, **(context or {})}
    return render(request, name, full, status_code=status_code)


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def texts(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str)]


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


def public_base(request: Request, settings: Settings | None = None) -> str:
    """The site address for links staff hand out: the setting, else this request's host."""
    settings = settings or settings_of(request)
    return settings.public_base_url.rstrip("/") or str(request.base_url).rstrip("/")


def safe_next(value: str | None, default: str) -> str:
    """Only redirect to our own staff pages after sign-in."""
    if value and value.startswith("/staff") and not value.startswith("//") and "\\" not in value:
        return value
    return default
