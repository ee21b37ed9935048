"""One Jinja environment per app: autoescaping always on, strict undefined, a few globals."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.templating import _TemplateResponse

from app.core.config import Settings
from app.core.csrf import csrf_token
from app.core.db import request_session
from app.services.clinic import clinic_globals
from app.services.embed import frame_ancestors_value

APP_DIR = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = APP_DIR / "templates"
STATIC_DIR = APP_DIR / "static"
HTMX_FILE = "js/htmx-2.0.11.min.js"


@dataclass(frozen=True)
class Clinic:
    name: str
    phone: str
    email: str
    address: str
    in_network_with: tuple[str, ...]

    @property
    def phone_href(self) -> str:
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+")


@cache
def _file_version(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def static_url(name: str) -> str:
    """/static/NAME?v=HASH, so a changed file is fetched again and others cache for a year."""
    return f"/static/{name}?v={_file_version(STATIC_DIR / name)}"


def clinic_context(request: Request) -> dict[str, Any]:
    """The clinic as saved on the settings page (once per request), else the environment's.

    Also notes on the request which sites may frame this page, for the security headers.
    """
    state = request.state
    cached: dict[str, Any] | None = getattr(state, "clinic_context", None)
    if cached is None:
        settings: Settings = request.app.state.settings
        with request_session(request) as session:
            cached = clinic_globals(session, settings)
        if "clinic" in cached:
            origins = cached["clinic"].embed_origins
            state.frame_ancestors = frame_ancestors_value(origins, settings.frame_ancestors)
        state.clinic_context = cached
    return cached


def _page_context(request: Request) -> dict[str, Any]:
    return {
        "csrf_token": csrf_token(request),
        "path_for": request.app.url_path_for,
        **clinic_context(request),
    }


def make_templates(
    settings: Settings, filters: Mapping[str, Callable[..., Any]] | None = None
) -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates change only in development; elsewhere skip a file check per render.
        auto_reload=settings.env == "development",
    )
    env.filters.update(filters or {})
    env.globals["static_url"] = static_url
    env.globals["htmx_file"] = HTMX_FILE
    env.globals["clinic"] = Clinic(
        settings.clinic_name,
        settings.clinic_phone,
        settings.clinic_email,
        settings.clinic_address,
        tuple(settings.clinic_in_network_with),
    )
    env.globals["retention_days"] = settings.case_retention_days
    return Jinja2Templates(env=env, context_processors=[_page_context])


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> _TemplateResponse:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, name, dict(context or {}), status_code=status_code, headers=headers
    )
