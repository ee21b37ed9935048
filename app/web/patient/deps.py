"""What every patient handler receives: one page context, or one case context.

`PatientPage` carries the request, settings, flow, database and the clinic (resolved once
per request, from a cache of a few seconds). `CaseContext` adds the opened case: its token,
the decrypted data, the walk along its current path (computed once) and its links.
Both render pages with the clinic's own frame-ancestors, so the clinic's site may embed them.
A case's pages (GET) are declared with `@case_page(router, path, name=...)`, which hands
the handler its context; form posts take `CaseDep` (and `FormDep`), FastAPI dependencies.

Language (app.core.i18n.pick_language): `?lang=` on any patient URL, else the case's
language, else the invite's, else the browser's Accept-Language, else English. It is chosen
once per request, kept in `request.state.lang` for the templates, and picks the flow in that
language (same step ids, translated texts). A `?lang=` that changes a case's language is
saved in the case (one write, only when it changes), so the private link opens in it on any
device; no other page view writes for it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from functools import cached_property
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Depends, Request, Response
from markupsafe import Markup
from starlette.datastructures import FormData

from app.core import htmx
from app.core.clock import local_today, utcnow
from app.core.config import Settings
from app.core.db import Database
from app.core.i18n import DEFAULT, NAMES, QUERY, language_of, other_language, pick_language
from app.core.security import content_security_policy
from app.core.templating import render
from app.flows.engine import Flow, Walk, walk
from app.present.qr import qr_svg
from app.present.remarks import said_for
from app.services.cases import CaseView, Said, open_case, set_language, touch
from app.services.clinic import ClinicInfo, ClinicSource


class CaseNotFound(Exception):
    """Unknown, mistyped or expired link: rendered as a friendly page, never a trace."""


def asked_language(request: Request) -> str | None:
    """The language the URL asks for (`?lang=es`), if it names one we have."""
    return language_of(request.query_params.get(QUERY))


def guess_language(request: Request, invite: str | None = None) -> str:
    """The language of a page with no case: `?lang=`, the invite's, then the browser's."""
    return pick_language(
        asked_language(request), None, invite, request.headers.get("accept-language")
    )


def language_switch(request: Request, lang: str) -> dict[str, str]:
    """The link to this same page in the other language (a plain link: no script needed)."""
    other = other_language(lang)
    query = request.scope.get("query_string", b"").decode("latin-1")
    kept = (
        [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != QUERY] if query else []
    )
    href = f"{request.scope['path']}?{urlencode([*kept, (QUERY, other)])}"
    return {"href": href, "lang": other, "name": NAMES[other]}


class PatientPage:
    """One patient request: what any patient page needs to answer it."""

    def __init__(self, request: Request, clinic: ClinicInfo, lang: str | None = None) -> None:
        self.request = request
        self.clinic = clinic
        state = request.app.state
        self.settings: Settings = state.settings
        self.db: Database = state.db
        # The English flow: what is stored with a case is worked out from it (see `said`).
        self.source_flow: Flow = state.flow
        self.choose_language(lang or guess_language(request))

    def choose_language(self, lang: str) -> None:
        """Serve this request in `lang`: its templates, and the flow's texts."""
        self.lang = lang
        self.request.state.lang = lang
        flows: Mapping[str, Flow] = getattr(self.request.app.state, "flows", {})
        self.flow: Flow = self.source_flow if lang == DEFAULT else flows.get(lang, self.source_flow)

    def choose_posted_language(self, form: FormData, invite: str | None = None) -> None:
        """A start form carries the language its page was shown in (a hidden `lang`
        field): `?lang=`, then that, then the invite's, then the browser's."""
        field = form.get(QUERY)
        posted = field if isinstance(field, str) else None
        accept = self.request.headers.get("accept-language")
        self.choose_language(pick_language(asked_language(self.request), posted, invite, accept))

    @property
    def said(self) -> Said:
        """What the conversation says after an answer, kept with the case as messages and
        values, so a saved case holds no words of one language (each page renders them)."""
        return said_for(self.source_flow, self.today)

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
            "language_switch": language_switch(self.request, self.lang),
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
        super().__init__(request, clinic, pick_language(asked_language(request), case.data.lang))
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


def _open(conn: Any, token: str, retention_days: int, asked: str | None) -> CaseView | None:
    view = open_case(conn, token)
    if view is None:
        return None
    if asked is not None and asked != view.data.lang:
        return set_language(conn, view, asked, retention_days=retention_days)
    return touch(conn, view, retention_days=retention_days)


async def case_context(request: Request) -> CaseContext:
    # The token is read from the path as it is (any text; a bad one is a friendly page):
    # declaring it as a parameter would only add a validation pass to every page view.
    token: str = request.path_params["token"]
    source: ClinicSource = request.app.state.clinic
    clinic = await source.get()
    db: Database = request.app.state.db
    asked = asked_language(request)
    request.state.lang = pick_language(
        asked, accept_language=request.headers.get("accept-language")
    )
    view = await db.run(_open, token, clinic.retention_days, asked)
    if view is None:
        raise CaseNotFound
    return CaseContext(request, clinic, token, view)


PageDep = Annotated[PatientPage, Depends(patient_page)]
CaseDep = Annotated[CaseContext, Depends(case_context)]
CaseHandler = Callable[..., Awaitable[Response]]


def case_page(router: APIRouter, path: str, *, name: str) -> Callable[[CaseHandler], CaseHandler]:
    """Declares a page of a case (GET, and HEAD): `handler(ctx, **path parameters)`.

    The page is a plain Starlette route that opens the case and hands the handler its
    context. Its path parameters are text and read as they are, so FastAPI's request
    handling (dependency solving, exit stacks) would have nothing to do: skipping it saves
    a seventh of a question page view (bench/BASELINE.md). Form posts take `CaseDep` and
    `FormDep` through FastAPI as usual."""

    def register(handler: CaseHandler) -> CaseHandler:
        async def endpoint(request: Request) -> Response:
            ctx = await case_context(request)
            params = {k: v for k, v in request.path_params.items() if k != "token"}
            return await handler(ctx, **params)

        router.add_route(router.prefix + path, endpoint, methods=["GET"], name=name)
        return handler

    return register


class CaseLinks:
    """Every URL of one case, built from route names (never by hand)."""

    def __init__(self, request: Request, token: str, settings: Settings) -> None:
        self.request = request
        self.token = token
        self.settings = settings
        # Each route's path with placeholders, looked up once per app (routing lookups are
        # slow, and a plan page draws about forty links).
        self._routes: dict[tuple[str, ...], str] = request.app.state.route_paths

    def _path(self, name: str, **params: str) -> str:
        key = (name, *params)
        path = self._routes.get(key)
        if path is None:
            holders = {p: f"__{p}__" for p in ("token", *params)}
            path = self._routes[key] = str(self.request.app.url_path_for(name, **holders))
        path = path.replace("__token__", self.token)
        for param, value in params.items():
            path = path.replace(f"__{param}__", value)
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
