"""create_app(settings): the patient web app, with every router and middleware in one place."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware

from app.core.config import Settings, get_settings
from app.core.csrf import CSRFMiddleware
from app.core.db import make_engine
from app.core.security import SecurityHeadersMiddleware, security_headers
from app.core.templating import STATIC_DIR, make_templates, render
from app.flows.loader import load_flow
from app.present.format import FILTERS
from app.services.cases import CaseBusy, CaseGone
from app.web import staff
from app.web.api import calc as calc_api
from app.web.api import cases as cases_api
from app.web.api.errors import api_http_error, api_problem
from app.web.patient import documents, invites, pages, results, wizard
from app.web.patient.deps import CaseNotFound

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


def problem_page(request: Request, kind: str) -> Response:
    """A friendly page with a way forward; never a stack trace."""
    return render(request, "patient/pages/problem.html", {"kind": kind}, status_code=PROBLEMS[kind])


async def _reject_csrf(request: Request, reason: str) -> Response:
    return problem_page(request, "too_large" if reason == "body too large" else "csrf")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Coverage Navigator",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        # A path with an extra slash is a 404 page (JSON under /api/), never a bare redirect.
        redirect_slashes=False,
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings.sqlalchemy_url)
    app.state.flow = load_flow(settings.resolved_flow_path)
    app.state.templates = make_templates(settings, FILTERS)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(pages.router)
    app.include_router(wizard.router)
    app.include_router(results.router)
    app.include_router(documents.router)
    app.include_router(invites.router)
    app.include_router(staff.router)
    app.include_router(calc_api.router)
    app.include_router(cases_api.router)

    @app.exception_handler(CaseNotFound)
    @app.exception_handler(CaseGone)
    async def case_not_found(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return api_problem(404, "case_not_found", "The case was deleted (it expired).")
        return problem_page(request, "bad_link")

    @app.exception_handler(CaseBusy)
    async def case_busy(request: Request, exc: CaseBusy) -> Response:
        if request.url.path.startswith("/api/"):
            return api_problem(409, "case_busy", "Other saves to this case kept landing "
                               "first; send the request again.")
        return problem_page(request, "busy")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return api_http_error(exc)
        if exc.status_code == 404:
            return problem_page(request, "not_found")
        if exc.status_code == 405:
            return problem_page(request, "not_found")
        return problem_page(request, "bad_request")

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        return problem_page(request, "bad_request")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error")
        response = problem_page(request, "error")
        # This handler runs outside the middleware stack, so add the headers here too.
        response.headers.update(security_headers(settings))
        response.headers["Cache-Control"] = "no-store"
        return response

    # Outermost last: headers on everything, gzip, then CSRF nearest the routes.
    app.add_middleware(
        CSRFMiddleware,
        secret=settings.secret_key,
        secure=settings.secure_cookies,
        reject=_reject_csrf,
        max_body=settings.max_body_bytes,
    )
    # Level 6: nearly the size of 9 for a fraction of the CPU on every page.
    app.add_middleware(GZipMiddleware, minimum_size=500, compresslevel=6)
    app.add_middleware(SecurityHeadersMiddleware, settings=settings)
    return app


def app_factory() -> FastAPI:
    """For `uvicorn --factory app.main:app_factory` and app.core.server.serve."""
    return create_app(get_settings())
