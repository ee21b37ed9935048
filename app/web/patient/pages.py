"""The landing page, starting a case, and small site files."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import FileResponse, PlainTextResponse
from sqlalchemy.exc import SQLAlchemyError

from app.core.migrations import state_on, unreachable
from app.core.templating import STATIC_DIR
from app.present.transcript import minutes_for, question_range
from app.services import journey
from app.web.deps import DbDep, FormDep
from app.web.patient.deps import CaseLinks, PageDep

router = APIRouter(tags=["pages"])


@router.get("/", name="landing")
async def show_landing(page: PageDep) -> Response:
    low, high = question_range(page.flow)
    context = {
        "questions_low": low,
        "questions_high": high,
        "minutes_low": minutes_for(low),
        "minutes_high": minutes_for(high),
    }
    return page.render("patient/pages/landing.html", context)


@router.post("/start", name="start_case")
async def start_case(page: PageDep, form: FormDep) -> Response:
    page.choose_posted_language(form)
    view = await page.db.run(
        journey.start,
        page.flow,
        retention_days=page.clinic.retention_days,
        today=page.today,
        lang=page.lang,
        said=page.said,
    )
    links = CaseLinks(page.request, view.token.text, page.settings)
    return Response(status_code=303, headers={"Location": links.step(page.flow.tree.start)})


@router.get("/favicon.ico", include_in_schema=False)
async def favicon() -> Response:
    return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")


@router.get("/healthz", include_in_schema=False)
async def health() -> Response:
    """The process is alive (for a load balancer or the container's health check)."""
    return PlainTextResponse("ok")


@router.get("/readyz", include_in_schema=False)
async def ready(db: DbDep) -> Response:
    """The database answers and has every table this version needs; else 503 and why."""
    try:
        state = await db.run(state_on)
    except SQLAlchemyError as exc:
        state = unreachable(exc)
    if state.ready:
        return PlainTextResponse("ready")
    return PlainTextResponse(f"not ready: {state.describe()}", status_code=503)
