"""What a request that fails shows: a friendly page (or JSON under /api/), never a trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from app.core import csrf
from app.core.config import Settings
from app.core.security import security_headers
from app.core.templating import render
from app.services.cases import CaseBusy, CaseGone
from app.services.clinic import ClinicSource
from app.web.api.errors import api_error, api_problem, validation_problem
from app.web.patient.deps import CaseNotFound, guess_language, language_switch

log = logging.getLogger("app")

PROBLEMS: dict[str, int] = {
    "bad_link": 404,
    "not_found": 404,
    "csrf": 403,
    "too_large": 413,
    "bad_request": 400,
    "error": 500,
    "busy": 409,
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def problem_page(request: Request, kind: str) -> Response:
    """A friendly page with a way forward, with the clinic's details on it."""
    source: ClinicSource = request.app.state.clinic
    try:
        clinic = await source.get()
    except Exception:  # the database itself may be what failed
        clinic = source.fallback()
    lang = getattr(request.state, "lang", None) or guess_language(request)
    request.state.lang = lang  # a request that failed before its page chose one
    context = {
        "kind": kind,
        "clinic": clinic,
        "retention_days": clinic.retention_days,
        "language_switch": language_switch(request, lang),
    }
    return render(request, "patient/pages/problem.html", context, status_code=PROBLEMS[kind])


async def reject_csrf(request: Request, reason: str) -> Response:
    """For the CSRF middleware: a refused form post gets the same friendly page."""
    if reason in csrf.TOO_LARGE:
        return await problem_page(request, "too_large")
    return await problem_page(request, "bad_request" if reason == csrf.BAD_FORM else "csrf")


def install(app: FastAPI, settings: Settings) -> None:
    """Register the handlers: every failure has a page, or the API's JSON error."""

    @app.exception_handler(CaseNotFound)
    @app.exception_handler(CaseGone)
    async def case_not_found(request: Request, exc: Exception) -> Response:
        if _is_api(request):
            return api_problem(404, "case_not_found", "The case was deleted (it expired).")
        return await problem_page(request, "bad_link")

    @app.exception_handler(CaseBusy)
    async def case_busy(request: Request, exc: CaseBusy) -> Response:
        if _is_api(request):
            return api_problem(
                409,
                "case_busy",
                "Other saves to this case kept landing first; send the request again.",
            )
        return await problem_page(request, "busy")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _is_api(request):
            return api_error(exc)
        if exc.status_code in (404, 405):
            return await problem_page(request, "not_found")
        if exc.status_code == 413:
            return await problem_page(request, "too_large")
        return await problem_page(request, "bad_request")

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return validation_problem(exc)
        return await problem_page(request, "bad_request")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error")
        response: Response
        if _is_api(request):
            response = api_problem(
                500,
                "server_error",
                "Something went wrong on our side; nothing was lost. Try again in a minute.",
            )
        else:
            response = await problem_page(request, "error")
        # This handler runs outside the middleware stack, so add the headers here too.
        response.headers.update(security_headers(settings))
        response.headers["Cache-Control"] = "no-store"
        return response
