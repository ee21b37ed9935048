"""create_app(settings): the web app, with every router and middleware in one place."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.answers.loader import load_answerers
from app.core.access_log import AccessLog
from app.core.compress import Gzip
from app.core.config import Settings, get_settings
from app.core.csrf import CSRFMiddleware
from app.core.db import Database, make_engine
from app.core.head import HeadAsGet
from app.core.i18n import language_flows
from app.core.passwords import use_hashing
from app.core.security import SecurityHeadersMiddleware
from app.core.server import prepare_database
from app.core.static import CompressedStatic
from app.core.templating import STATIC_DIR, Templates
from app.flows.loader import load_flow
from app.present.format import FILTERS, renderer
from app.rules import denial_codes
from app.services.clinic import ClinicSource
from app.services.purge import PurgeSchedule
from app.web import errors, staff
from app.web.api import ask as ask_api
from app.web.api import calc as calc_api
from app.web.api import cases as cases_api
from app.web.patient import ask, documents, invites, pages, results, wizard


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """While the app serves: the hourly purge (app.services.purge) runs in the background."""
    schedule: PurgeSchedule = app.state.purge
    async with schedule.running():
        yield


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    use_hashing(settings.password_hashing)
    app = FastAPI(
        title="Coverage Navigator",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        # A path with an extra slash is a 404 page (JSON under /api/), never a bare redirect.
        redirect_slashes=False,
        lifespan=lifespan,
    )
    db = Database(make_engine(settings.sqlalchemy_url))
    app.state.settings = settings
    app.state.db = db
    app.state.flow = load_flow(settings.resolved_flow_path)
    # The flow in each language with a translation beside it (data/steps.es.yaml), checked
    # now: a broken one stops start-up. In development a missing string shows in English.
    app.state.flows = language_flows(
        settings.resolved_flow_path, app.state.flow, allow_missing=settings.env == "development"
    )
    # The ask box's cards and their search index, built once. `covnav check` proves the
    # cards' links against the flow; an answer shows only the links this flow has.
    app.state.answerers = load_answerers()  # and one in each language the cards have
    app.state.answers = app.state.answerers["en"]
    for lang in denial_codes.TRANSLATED:
        renderer(lang)  # reads the denial codes' words in `lang`: out of step stops start-up
    app.state.clinic = ClinicSource(db, settings)
    app.state.templates = Templates(settings, FILTERS)
    app.state.route_paths = {}
    app.state.purge = PurgeSchedule(db, settings)

    app.mount("/static", CompressedStatic(directory=STATIC_DIR), name="static")
    # These routers' routes carry their full paths, so they join the app's own list and a
    # request is matched once. (`include_router` wraps a router, and matching a request went
    # through each wrapper three times: a twentieth of a question page view.) The staff
    # areas nest under /staff, so that router is included as routers are.
    for router in (
        pages.router,
        wizard.router,
        results.router,
        documents.router,
        ask.router,
        invites.router,
        calc_api.router,
        cases_api.router,
        ask_api.router,
    ):
        app.router.routes.extend(router.routes)
    app.include_router(staff.router)
    app.state.templates.bind(app.router)
    errors.install(app, settings)

    # Outermost last: HEAD as GET, headers on everything, gzip, then CSRF nearest the routes.
    app.add_middleware(
        CSRFMiddleware,
        secret=settings.secret_key,
        secure=settings.secure_cookies,
        reject=errors.reject_csrf,
        max_body=settings.max_body_bytes,
    )
    app.add_middleware(Gzip, minimum_size=500)
    app.add_middleware(SecurityHeadersMiddleware, settings=settings)
    app.add_middleware(HeadAsGet)
    return app


def app_factory() -> FastAPI:
    """For `uvicorn --factory app.main:app_factory` and app.core.server.serve: the app as
    served, with its access log (tests call create_app and keep their output quiet)."""
    settings = get_settings()
    if problem := prepare_database(settings):
        raise RuntimeError(problem)
    app = create_app(settings)
    app.add_middleware(AccessLog)
    return app
