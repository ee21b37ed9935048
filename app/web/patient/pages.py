"""The landing page, starting a case, and small site files."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, PlainTextResponse

from app.core.db import SessionDep
from app.core.templating import STATIC_DIR, render
from app.present.transcript import minutes_for, question_range
from app.services.cases import create_case, purge_expired
from app.web.patient.deps import CaseLinks, FlowDep, RetentionDep

router = APIRouter(tags=["pages"])


@router.get("/", name="landing")
def show_landing(request: Request, flow: FlowDep) -> Response:
    low, high = question_range(flow)
    return render(
        request,
        "patient/pages/landing.html",
        {
            "questions_low": low,
            "questions_high": high,
            "minutes_low": minutes_for(low),
            "minutes_high": minutes_for(high),
        },
    )


@router.post("/start", name="start_case")
def start_case(
    request: Request, session: SessionDep, flow: FlowDep, retention: RetentionDep
) -> Response:
    purge_expired(session)
    _, token = create_case(session, retention_days=retention)
    url = CaseLinks(request, token).step(flow.tree.start)
    return Response(status_code=303, headers={"Location": url})


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")


@router.get("/healthz", include_in_schema=False)
def health() -> Response:
    return PlainTextResponse("ok")
