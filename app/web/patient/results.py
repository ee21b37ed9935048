"""The personal plan: checklist, insurer call sheet, answers summary, and its print view."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response

from app.core import htmx
from app.core.db import SessionDep
from app.core.templating import render
from app.flows.engine import Flow, checklist_for, questions_for
from app.present.format import long_date
from app.present.numbers import active_answers, numbers_for
from app.present.transcript import checklist_groups, entries, reasons
from app.rules.calendar import MEDIA_TYPE, deadlines_ics
from app.rules.from_answers import deadlines_from_answers
from app.services.cases import CALL_FIELDS, CaseView, save_call_sheet, set_checked
from app.web.patient.deps import (
    CaseDep,
    CaseLinks,
    FlowDep,
    FormDep,
    RetentionDep,
    track_case,
    unfinished,
)
from app.web.patient.documents import document_links

router = APIRouter(prefix="/c/{token}", tags=["results"])

NOTE_PREFIX = "note_"


def _today() -> date:
    return datetime.now(UTC).date()


def results_context(request: Request, token: str, view: CaseView, flow: Flow) -> dict[str, Any]:
    answers = view.data.answers
    checklist = checklist_for(flow, answers)
    questions = questions_for(flow, answers)
    today = _today()
    numbers = numbers_for(flow, answers, today=today)
    ics_url = (
        str(request.app.url_path_for("download_deadlines", token=token))
        if numbers.has_calendar else None
    )
    return {
        "links": CaseLinks(request, token),
        "groups": checklist_groups(checklist),
        "reasons": {sel.item.id: reasons(flow, sel) for sel in [*checklist, *questions]},
        "checked": set(view.data.checked),
        "questions": questions,
        "notes": view.data.call_notes,
        "call": {key: view.data.call.get(key, "") for key in CALL_FIELDS},
        "summary": entries(flow, answers),
        "numbers": numbers,
        "ics_url": ics_url,
        "today": long_date(today),
        "documents": document_links(request, token, answers, flow),
    }


@router.get("/results", name="show_results")
def show_results(
    request: Request, token: str, case: CaseDep, flow: FlowDep, session: SessionDep
) -> Response:
    if (redirect := unfinished(request, token, case, flow)) is not None:
        return redirect
    track_case(request, session, case, "", "results")
    context = results_context(request, token, case, flow)
    context["saved"] = request.query_params.get("saved")
    return htmx.vary(render(request, "patient/results/results.html", context))


@router.get("/print", name="print_results")
def print_results(
    request: Request, token: str, case: CaseDep, flow: FlowDep, session: SessionDep
) -> Response:
    if (redirect := unfinished(request, token, case, flow)) is not None:
        return redirect
    track_case(request, session, case, "", "printed")
    return render(request, "patient/results/print.html", results_context(request, token, case, flow))


@router.get("/deadlines.ics", name="download_deadlines")
def download_deadlines(
    request: Request, token: str, case: CaseDep, flow: FlowDep, session: SessionDep
) -> Response:
    """The patient's deadlines as a calendar file, each with a reminder a week before."""
    if (redirect := unfinished(request, token, case, flow)) is not None:
        return redirect
    active = active_answers(flow, case.data.answers)
    deadlines = [d for d in deadlines_from_answers(active, today=_today()).deadlines if d.advised]
    if not deadlines:
        raise HTTPException(status_code=404)
    track_case(request, session, case, "", "downloaded")
    return Response(
        deadlines_ics(deadlines, name="Your claim and appeal deadlines"),
        media_type=MEDIA_TYPE,
        headers={
            "Cache-Control": "no-store",
            "Content-Disposition": 'attachment; filename="deadlines.ics"',
            "X-Robots-Tag": "noindex",
        },
    )


@router.post("/check/{item_id}", name="check_item")
def check_item(
    request: Request,
    token: str,
    item_id: str,
    case: CaseDep,
    flow: FlowDep,
    form: FormDep,
    session: SessionDep,
    retention: RetentionDep,
) -> Response:
    done = form.get("done") == "1"
    try:
        set_checked(
            session, case, flow, item_id, done, retention_days=retention
        )
    except LookupError:
        return htmx.see_other(request, CaseLinks(request, token).results)
    if htmx.is_htmx(request):
        item = next(i for i in flow.tree.checklist if i.id == item_id)
        return render(request, "patient/results/_saved.html", {"item": item, "done": done})
    return htmx.see_other(request, CaseLinks(request, token).results + f"#item-{item_id}")


@router.post("/call-sheet", name="save_call_sheet")
def save_call_sheet_form(
    request: Request,
    token: str,
    case: CaseDep,
    flow: FlowDep,
    form: FormDep,
    session: SessionDep,
    retention: RetentionDep,
) -> Response:
    notes = {
        key.removeprefix(NOTE_PREFIX): value
        for key, value in form.multi_items()
        if key.startswith(NOTE_PREFIX) and isinstance(value, str)
    }
    call = {key: value for key in CALL_FIELDS if isinstance(value := form.get(key), str)}
    save_call_sheet(
        session, case, flow, notes, call, retention_days=retention
    )
    if htmx.is_htmx(request):
        return render(request, "patient/results/_call_saved.html")
    return htmx.see_other(request, CaseLinks(request, token).results + "?saved=call#call-sheet")
