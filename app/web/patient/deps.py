"""What every patient handler receives: one page context, or one case context.

`PatientPage` carries the request, settings, flow, database and the clinic (resolved once
per request, from a cache of a few seconds). `CaseContext` adds the opened case: its token,
the decrypted data, the walk along its current path (computed once) and its links.
Both render pages with the clinic's own frame-ancestors, so the clinic's site may embed them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cached_property
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from markupsafe import Markup

from app.core import htmx
from app.core.clock import local_today, utcnow
from app.core.config import Settings
from app.core.db import Database
from app.core.security import content_security_policy
from app.core.templating import render
from app.flows.engine import Flow, Walk, walk
from app.present.qr import qr_svg
from app.services.cases import CaseView, open_case, touch
from app.services.clinic import ClinicInfo, ClinicSource


class CaseNotFound(Exception):
    """Unknown, mistyped or expired link: rendered as a friendly page, never a trace."""


class PatientPage:
    """One patient request: what any patient page needs to answer it."""

    def __init__(self, request: Request, clinic: ClinicInfo) -> None:
        self.request = request
        self.clinic = clinic
        state = request.app.state
        self.settings: Settings = state.settings
        self.flow: Flow = state.flow
        self.db: Database = state.db

    @cached_property
    def today(self) -> date:
        """The clinic's calendar date: every deadline and "this date has passed" uses it."""
        return local_today(self.settings.clinic_timezone)

    def render(
        self,
        name: str,
        context: Mapping[str, Any] | None = None,
        *,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """A page with the clinic on it, framable only by the clinic's own sites."""
        full = {
            "clinic": self.clinic,
            "retention_days": self.clinic.retention_days,
            **(context or {}),
        }
        response = render(self.request, name, full, status_code=status_code, headers=headers)
        ancestors = self.clinic.frame_ancestors
        response.headers["Content-Security-Policy"] = content_security_policy(ancestors)
        if ancestors.strip() == "'none'":
            response.headers["X-Frame-Options"] = "DENY"
        return response

    def path(self, name: str, **params: str) -> str:
        return str(self.request.app.url_path_for(name, **params))


class CaseContext(PatientPage):
    """A patient request on one case (every URL under /c/{token})."""

    def __init__(self, request: Request, clinic: ClinicInfo, token: str, case: CaseView) -> None:
        super().__init__(request, clinic)
        self.token = token
        self.case = case
        self.links = CaseLinks(request, token, self.settings)

    @property
    def answers(self) -> Mapping[str, Any]:
        return self.case.data.answers

    @cached_property
    def walk(self) -> Walk:
        """Where the patient is on the tree, worked out once per request."""
        return walk(self.flow, self.case.data.answers)

    @property
    def current_url(self) -> str:
        """The page the patient should see now: their next question, or their plan."""
        return self.links.results if self.walk.done else self.links.step(self.walk.current)

    def unfinished(self) -> Response | None:
        """Results and documents follow the last question: an unfinished case goes back to it."""
        if self.walk.done:
            return None
        return htmx.see_other(self.request, self.current_url, new_page=True)


async def patient_page(request: Request) -> PatientPage:
    source: ClinicSource = request.app.state.clinic
    return PatientPage(request, await source.get())


def _open(conn: Any, token: str, retention_days: int) -> CaseView | None:
    view = open_case(conn, token)
    return None if view is None else touch(conn, view, retention_days=retention_days)


async def case_context(request: Request) -> CaseContext:
    # The token is read from the path as it is (any text; a bad one is a friendly page):
    # declaring it as a parameter would only add a validation pass to every page view.
    token: str = request.path_params["token"]
    source: ClinicSource = request.app.state.clinic
    clinic = await source.get()
    db: Database = request.app.state.db
    view = await db.run(_open, token, clinic.retention_days)
    if view is None:
        raise CaseNotFound
    return CaseContext(request, clinic, token, view)


PageDep = Annotated[PatientPage, Depends(patient_page)]
CaseDep = Annotated[CaseContext, Depends(case_context)]


def _route(request: Request, name: str, params: tuple[str, ...]) -> str:
    """A route's path with placeholders, looked up once per app (routing lookups are slow)."""
    paths: dict[tuple[str, ...], str] = request.app.state.route_paths
    key = (name, *params)
    if key not in paths:
        paths[key] = str(request.app.url_path_for(name, **{p: f"__{p}__" for p in params}))
    return paths[key]


class CaseLinks:
    """Every URL of one case, built from route names (never by hand)."""

    def __init__(self, request: Request, token: str, settings: Settings) -> None:
        self.request = request
        self.token = token
        self.settings = settings

    def _path(self, name: str, **params: str) -> str:
        path = _route(self.request, name, ("token", *params))
        for key, value in {"token": self.token, **params}.items():
            path = path.replace(f"__{key}__", value)
        return path

    @cached_property
    def _step(self) -> str:
        return self._path("show_step", step_id="__step_id__")

    def step(self, step_id: str) -> str:
        """A question's URL: the one link a page draws many times, so it is the cheapest."""
        return self._step.replace("__step_id__", step_id)

    @property
    def resume(self) -> str:
        return self._path("resume_case")

    @property
    def results(self) -> str:
        return self._path("show_results")

    @property
    def check_answers(self) -> str:
        """The "check your answers" page, between the last question and the plan."""
        return self._path("check_answers")

    @property
    def print(self) -> str:
        return self._path("print_results")

    @property
    def call_sheet(self) -> str:
        return self._path("save_call_sheet")

    @property
    def letter_details(self) -> str:
        return self._path("show_letter_details")

    @property
    def superbill(self) -> str:
        """The page that checks the clinic's invoice (superbill)."""
        return self._path("show_superbill")

    @property
    def deadlines_ics(self) -> str:
        return self._path("download_deadlines")

    def check(self, item_id: str) -> str:
        return self._path("check_item", item_id=item_id)

    def document(self, doc_id: str) -> str:
        return self._path("show_document", doc_id=doc_id)

    def document_pdf(self, doc_id: str) -> str:
        return self._path("download_document", doc_id=doc_id)

    @property
    def absolute(self) -> str:
        """The link to give the patient: it opens their case where they left off."""
        base = self.settings.public_base_url.rstrip("/") or str(self.request.base_url).rstrip("/")
        return base + self.resume

    @property
    def qr(self) -> str:
        """The QR code of the private link, as an image of its own (pages stay small)."""
        return self._path("show_qr")

    @property
    def qr_svg(self) -> Markup:
        return qr_svg(self.absolute)


def now_seconds() -> float:
    """For the time-on-step counter: when a question was shown (seconds, UTC)."""
    return utcnow().timestamp()
