"""What every staff handler receives: one staff context (request, session, member, clinic).

`StaffPageDep` is for the sign-in pages; `StaffDep` requires a signed-in member and
`AdminDep` an admin. `StaffRoute` turns a missing sign-in into a redirect and a non-admin
into a 403 page, and forbids framing of every staff page.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from functools import cached_property
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute
from sqlmodel import Session
from starlette.datastructures import FormData

from app.core import htmx
from app.core.config import Settings
from app.core.db import SessionDep
from app.core.security import content_security_policy
from app.core.templating import render
from app.flows.engine import Flow
from app.models import StaffUser
from app.services.clinic import ClinicInfo, ClinicSource, get_clinic
from app.services.staff_auth import DEVICE_DAYS, SESSION_HOURS, staff_for_token

Handler = Callable[[Request], Coroutine[Any, Any, Response]]

COOKIE = "covnav_staff"
SECURE_COOKIE = "__Host-covnav_staff"
DEVICE_COOKIE = "covnav_device"
SECURE_DEVICE_COOKIE = "__Host-covnav_device"
LOGIN_PATH = "/staff/login"
PASSWORD_PATH = "/staff/password"
FREE_PATHS = frozenset({PASSWORD_PATH, "/staff/logout"})


class StaffRedirect(Exception):
    """The staff routes answer with a redirect to `url` (sign in, or change password)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class Forbidden(Exception):
    """Signed in, but this page is for admins: the staff routes answer with a 403 page."""


class StaffContext:
    """One staff request: the ORM session, the signed-in member (if any) and the clinic."""

    def __init__(self, request: Request, session: Session, staff: StaffUser | None) -> None:
        self.request = request
        self.session = session
        self._staff = staff
        self.settings: Settings = request.app.state.settings
        self.flow: Flow = request.app.state.flow

    @property
    def staff(self) -> StaffUser:
        """The signed-in member (StaffDep and AdminDep guarantee one)."""
        assert self._staff is not None
        return self._staff

    @cached_property
    def clinic(self) -> ClinicInfo:
        """The clinic as saved right now (staff see their own changes at once)."""
        return get_clinic(self.session, self.settings)

    @property
    def address(self) -> str | None:
        client = self.request.client
        return client.host if client else None

    @property
    def public_base(self) -> str:
        """The site address for links staff hand out: the setting, else this request's host."""
        base = self.settings.public_base_url or str(self.request.base_url)
        return base.rstrip("/")

    def clinic_changed(self) -> None:
        """After saving settings: this instance's patient pages show them at once."""
        source: ClinicSource = self.request.app.state.clinic
        source.invalidate()
        self.__dict__.pop("clinic", None)

    def render(
        self, name: str, context: Mapping[str, Any] | None = None, *, status_code: int = 200
    ) -> Response:
        full = {"staff": self._staff, "clinic": self.clinic, **(context or {})}
        return render(self.request, name, full, status_code=status_code)


def staff_page(request: Request, session: SessionDep) -> StaffContext:
    return StaffContext(request, session, None)


def signed_in(request: Request, session: SessionDep) -> StaffContext:
    staff = staff_for_token(session, read_token(request))
    if staff is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise StaffRedirect(LOGIN_PATH + "?next=" + quote(target, safe=""))
    if staff.must_change_password and request.url.path not in FREE_PATHS:
        raise StaffRedirect(PASSWORD_PATH)
    return StaffContext(request, session, staff)


def admin(ctx: Annotated[StaffContext, Depends(signed_in)]) -> StaffContext:
    if not ctx.staff.is_admin:
        raise Forbidden()
    return ctx


StaffPageDep = Annotated[StaffContext, Depends(staff_page)]
StaffDep = Annotated[StaffContext, Depends(signed_in)]
AdminDep = Annotated[StaffContext, Depends(admin)]


class StaffRoute(APIRoute):
    """Turns StaffRedirect and Forbidden into a redirect or a 403 page, and forbids framing.

    Dependencies run inside the route handler, so this catches what `signed_in` and `admin`
    raise without an app-wide exception handler.
    """

    def get_route_handler(self) -> Handler:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                response = await original(request)
            except StaffRedirect as exc:
                response = htmx.see_other(request, exc.url, new_page=True)
            except Forbidden:
                response = render(
                    request,
                    "staff/forbidden.html",
                    {"staff": None, "clinic": await request.app.state.clinic.get()},
                    status_code=403,
                )
            response.headers["Content-Security-Policy"] = content_security_policy("'none'")
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["Cache-Control"] = "no-store"
            return response

        return handler


# --- Cookies and form helpers -----------------------------------------------------------


def secure(request: Request) -> bool:
    """Secure cookies when configured, or whenever the request came over HTTPS."""
    settings: Settings = request.app.state.settings
    return settings.secure_cookies or request.url.scheme == "https"


def read_token(request: Request) -> str | None:
    """The session cookie; with secure cookies only the `__Host-` one (no sibling site can
    set that name)."""
    if secure(request):
        return request.cookies.get(SECURE_COOKIE)
    return request.cookies.get(COOKIE)


def read_device(request: Request) -> str | None:
    """The mark of a browser a member signed in from before (app.services.staff_auth)."""
    return request.cookies.get(SECURE_DEVICE_COOKIE if secure(request) else DEVICE_COOKIE)


def _set_strict_cookie(
    request: Request, response: Response, names: tuple[str, str], value: str, seconds: int
) -> None:
    """An HttpOnly, SameSite=Strict cookie: `names[1]` (the `__Host-` one) when secure."""
    response.set_cookie(
        names[1] if secure(request) else names[0],
        value,
        max_age=seconds,
        path="/",
        httponly=True,
        samesite="strict",
        secure=secure(request),
    )


def set_device_cookie(request: Request, response: Response, mark: str) -> None:
    names = (DEVICE_COOKIE, SECURE_DEVICE_COOKIE)
    _set_strict_cookie(request, response, names, mark, DEVICE_DAYS * 86400)


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    _set_strict_cookie(request, response, (COOKIE, SECURE_COOKIE), token, SESSION_HOURS * 3600)


def clear_session_cookie(request: Request, response: Response) -> None:
    for name in (COOKIE, SECURE_COOKIE):
        if name in request.cookies:
            response.delete_cookie(
                name, path="/", httponly=True, samesite="strict", secure=name == SECURE_COOKIE
            )


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def texts(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str)]


def safe_next(value: str | None, default: str) -> str:
    """Only redirect to our own staff pages after sign-in."""
    if value and value.startswith("/staff") and not value.startswith("//") and "\\" not in value:
        return value
    return default
