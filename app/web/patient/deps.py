"""Shared dependencies for the patient pages: settings, flow, the opened case, form data."""

from __future__ import annotations

from functools import cached_property
from typing import Annotated

from fastapi import Depends, Request, Response
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from starlette.datastructures import FormData

from app.core import htmx
from app.core.config import Settings
from app.core.db import SessionDep
from app.flows.engine import Flow, walk
from app.present.qr import qr_svg
from app.services.cases import CaseView, open_case
from app.services.clinic import retention_days
from app.services.stats import track


class CaseNotFound(Exception):
    """Unknown, mistyped or expired link: rendered as a friendly page, never a trace."""


# Plain reads of app.state are `async`: FastAPI runs a sync dependency on a worker thread,
# and that hop cost more than the read.
async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_flow(request: Request) -> Flow:
    flow: Flow = request.app.state.flow
    return flow


def get_case(token: str, session: SessionDep) -> CaseView:
    view = open_case(session, token)
    if view is None:
        raise CaseNotFound
    return view


async def get_form(request: Request) -> FormData:
    return await request.form()


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
FlowDep = Annotated[Flow, Depends(get_flow)]
CaseDep = Annotated[CaseView, Depends(get_case)]
FormDep = Annotated[FormData, Depends(get_form)]


def get_retention_days(session: SessionDep, settings: SettingsDep) -> int:
    """Days a case is kept after its last use: the clinic settings page, else the environment."""
    try:
        return retention_days(session, settings)
    except SQLAlchemyError:
        session.rollback()
        return settings.case_retention_days


RetentionDep = Annotated[int, Depends(get_retention_days)]


def track_case(
    request: Request, session: Session, case: CaseView, step_id: str, kind: str,
    *, commit: bool = True,
) -> None:
    """A case-anonymous funnel event for the clinic's drop-off stats (no answers, no token)."""
    secret = request.app.state.settings.secret_key
    track(session, secret, case.case_id, step_id, kind, commit=commit)


def unfinished(request: Request, token: str, view: CaseView, flow: Flow) -> Response | None:
    """Results and documents follow the last question: an unfinished case goes back to it."""
    w = walk(flow, view.data.answers)
    if w.done:
        return None
    return htmx.see_other(request, CaseLinks(request, token).step(w.current), new_page=True)


class CaseLinks:
    """Every URL of one case, built from route names (never by hand)."""

    def __init__(self, request: Request, token: str) -> None:
        self.request = request
        self.token = token

    def _path(self, name: str, **params: str) -> str:
        return str(self.request.app.url_path_for(name, token=self.token, **params))

    @cached_property
    def _step_prefix(self) -> str:
        """The route's path up to the step id (a page links to many steps; routing is slow)."""
        return self._path("show_step", step_id="_")[:-1]

    def step(self, step_id: str) -> str:
        return self._step_prefix + step_id

    @property
    def resume(self) -> str:
        return self._path("resume_case")

    @property
    def results(self) -> str:
        return self._path("show_results")

    @property
    def print(self) -> str:
        return self._path("print_results")

    @property
    def call_sheet(self) -> str:
        return self._path("save_call_sheet")

    def check(self, item_id: str) -> str:
        return self._path("check_item", item_id=item_id)

    @property
    def absolute(self) -> str:
        """The link to give the patient: it opens their case where they left off."""
        settings: Settings = self.request.app.state.settings
        base = settings.public_base_url.rstrip("/") or str(self.request.base_url).rstrip("/")
        return base + self.resume

    @property
    def qr_svg(self) -> Markup:
        return qr_svg(self.absolute)
