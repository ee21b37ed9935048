"""The chat-style wizard: one question per page, the answers so far above it.

The same handlers serve plain forms (303 to a full page) and htmx (the 303 is followed with
HX-Request kept, so the next question arrives as the fragment the page itself includes).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request, Response

from app.core import htmx
from app.core.db import SessionDep
from app.core.templating import render
from app.flows.answers import AnswerError
from app.flows.conditions import AnswerValue
from app.flows.engine import Flow, walk
from app.flows.schema import StepType
from app.present.format import choice_labels
from app.present.remarks import remarks
from app.present.transcript import entries, position
from app.services.cases import CaseView, StepNotAvailable, save_answer, step_available
from app.web.patient.deps import CaseDep, CaseLinks, FlowDep, FormDep, RetentionDep, track_case

router = APIRouter(prefix="/c/{token}", tags=["wizard"])


def current_url(links: CaseLinks, flow: Flow, view: CaseView) -> str:
    w = walk(flow, view.data.answers)
    return links.results if w.done else links.step(w.current)


@router.get("", name="resume_case")
def resume_case(request: Request, token: str, case: CaseDep, flow: FlowDep) -> Response:
    url = current_url(CaseLinks(request, token), flow, case)
    return htmx.see_other(request, url, new_page=True)


def _form_value(value: AnswerValue | None) -> dict[str, Any]:
    """What the form shows as picked or typed."""
    if value is None:
        return {"picked": [], "typed": ""}
    if isinstance(value, list):
        return {"picked": value, "typed": ""}
    return {"picked": [value], "typed": value}


def render_step(
    request: Request,
    token: str,
    view: CaseView,
    flow: Flow,
    step_id: str,
    *,
    raw: AnswerValue | None = None,
    error: str | None = None,
) -> Response:
    step = flow.step(step_id)
    links = CaseLinks(request, token)
    answers = view.data.answers
    shown = raw if error is not None else answers.get(step_id)
    context = {
        "step": step,
        "choices": list(choice_labels(step).items()),
        "form_value": _form_value(shown),
        "error": error,
        "transcript": entries(flow, answers, upto=step_id),
        "remarks": remarks(flow, answers, upto=step_id, today=datetime.now(UTC).date()),
        "position": position(flow, answers, step_id),
        "links": links,
        "is_info": step.type == StepType.info,
    }
    status = 422 if error else 200
    if htmx.wants_fragment(request):
        response = render(request, "patient/wizard/_step_fragment.html", context, status_code=status)
        if error:
            htmx.no_push(response)
    else:
        response = render(request, "patient/wizard/step.html", context, status_code=status)
    return htmx.vary(response)


@router.get("/step/{step_id}", name="show_step")
def show_step(
    request: Request, token: str, step_id: str, case: CaseDep, flow: FlowDep, session: SessionDep
) -> Response:
    if not step_available(flow, case.data.answers, step_id):
        links = CaseLinks(request, token)
        return htmx.see_other(request, current_url(links, flow, case), new_page=True)
    track_case(request, session, case, step_id, "entered")
    return render_step(request, token, case, flow, step_id)


@router.post("/step/{step_id}", name="submit_step")
def submit_step(
    request: Request,
    token: str,
    step_id: str,
    case: CaseDep,
    flow: FlowDep,
    form: FormDep,
    session: SessionDep,
    retention: RetentionDep,
) -> Response:
    links = CaseLinks(request, token)
    if not step_available(flow, case.data.answers, step_id):
        return htmx.see_other(request, current_url(links, flow, case), new_page=True)
    step = flow.step(step_id)
    raw: str | list[str]
    if step.type == StepType.multi:
        raw = [v for v in form.getlist("answer") if isinstance(v, str)]
    elif form.get("skip"):
        raw = ""
    else:
        value = form.get("answer")
        raw = value if isinstance(value, str) else ""
    track_case(request, session, case, step_id, "answered", commit=False)  # saved with it
    try:
        updated = save_answer(session, case, flow, step_id, raw, retention_days=retention)
    except AnswerError as exc:
        session.rollback()
        return render_step(request, token, case, flow, step_id, raw=raw, error=str(exc))
    except StepNotAvailable:
        session.rollback()
        return htmx.see_other(request, current_url(links, flow, case), new_page=True)
    done = walk(flow, updated.data.answers).done
    return htmx.see_other(request, current_url(links, flow, updated), new_page=done)
