"""JSON API for patient cases under /api/v1, on the same engine and service layer as the pages.

The case token is the only credential and travels in the path; no cookies are read, so no
CSRF token is needed. Writes must say `Content-Type: application/json` (anything else is a
415), which keeps simple cross-site form posts out. Every error is JSON with a `code` and a
`message` a developer can act on; no error echoes the token.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app.flows.answers import AnswerError
from app.flows.engine import checklist_for, progress_at, questions_for, walk
from app.flows.schema import ChecklistItem
from app.present.remarks import said_for
from app.present.transcript import reasons
from app.rules.sources import RULES
from app.services import journey
from app.services.cases import StepNotAvailable, set_checked
from app.web.api import links
from app.web.api.case_models import (
    AnswerIn,
    CaseCreated,
    CaseOut,
    CheckIn,
    ChecklistOut,
    CheckOut,
    ProgressOut,
    QuestionOut,
    ReasonOut,
    ResultsOut,
    StepOut,
    answers_out,
    case_out,
    check_step,
    step_out,
)
from app.web.api.deps import CaseDep, ContextDep
from app.web.api.errors import ApiProblem, ApiRoute, documented_errors

router = APIRouter(prefix="/api/v1", tags=["cases"], route_class=ApiRoute)


@router.post(
    "/cases",
    name="api_create_case",
    status_code=201,
    response_model=CaseCreated,
    responses=links.FROM_CREATED,
)
async def create_case_api(api: ContextDep) -> dict[str, Any]:
    """Start a case. The body may be empty or `{}`; the token in the answer opens it later."""
    view = await api.db.run(
        journey.start,
        api.flow,
        retention_days=api.clinic.retention_days,
        today=api.today,
        said=said_for(api.flow, api.today),
    )
    return {"token": view.token.text, **case_out(api.request, api.flow, view)}


@router.get(
    "/cases/{token}",
    name="api_show_case",
    response_model=CaseOut,
    responses={**documented_errors(404), **links.FROM_CASE},
)
async def show_case(api: CaseDep) -> dict[str, Any]:
    """The step to answer now, progress, and the answers on the current path."""
    return case_out(api.request, api.flow, api.case)


@router.get(
    "/cases/{token}/steps/{step_id}",
    name="api_show_step",
    response_model=StepOut,
    responses=documented_errors(404, 409),
)
async def show_step(api: CaseDep, step_id: str) -> StepOut:
    """A step on the current path (answered or current), with its stored answer."""
    check_step(api.flow, api.case, step_id)
    return step_out(api.flow, api.case.data.answers, step_id)


@router.put(
    "/cases/{token}/answers/{step_id}",
    name="api_answer_step",
    response_model=CaseOut,
    responses={**documented_errors(404, 409), **links.FROM_CASE},
)
async def answer_step(api: CaseDep, step_id: str, body: AnswerIn) -> dict[str, Any]:
    """Answer the current step, or change an answer on the current path; returns the case."""
    check_step(api.flow, api.case, step_id)
    try:
        updated = await api.db.run(
            journey.answer,
            api.case,
            api.flow,
            step_id,
            body.value,
            retention_days=api.clinic.retention_days,
            today=api.today,
            said=said_for(api.flow, api.today),
        )
    except AnswerError as exc:
        error = {
            "loc": ["body", "value"],
            "field": "value",
            "msg": str(exc),
            "type": "answer_invalid",
        }
        raise ApiProblem(422, "invalid_answer", f"value: {exc}", detail=[error]) from None
    except StepNotAvailable:  # changed by a concurrent request since _check_step
        raise ApiProblem(
            409,
            "step_not_on_path",
            "The case changed; GET it and try again.",
            step_id=walk(api.flow, api.case.data.answers).current,
        ) from None
    return case_out(api.request, api.flow, updated)


@router.get(
    "/cases/{token}/results",
    name="api_show_results",
    response_model=ResultsOut,
    responses=documented_errors(404, 409),
)
async def show_results(api: CaseDep) -> ResultsOut:
    """The checklist (by stage, with the answers behind each item) and the insurer questions."""
    flow, case = api.flow, api.case
    answers = case.data.answers
    w = walk(flow, answers)
    if not w.done:
        raise ApiProblem(
            409,
            "not_finished",
            f"The case is not finished: answer {w.current!r} first (GET the case for the step).",
            step_id=w.current,
        )
    checked = set(case.data.checked)
    checklist = []
    for sel in checklist_for(flow, answers):
        item = sel.item
        assert isinstance(item, ChecklistItem)
        checklist.append(
            ChecklistOut(
                id=item.id,
                stage=item.stage.value,
                text=item.text,
                why=item.why,
                how=item.how,
                deadline=item.deadline,
                source=str(RULES[item.source]) if item.source in RULES else None,
                done=item.id in checked,
                reasons=[ReasonOut(**vars(r)) for r in reasons(flow, sel)],
            )
        )
    return ResultsOut(
        checklist=checklist,
        questions=[
            QuestionOut(id=s.item.id, text=s.item.text, why=s.item.why)
            for s in questions_for(flow, answers)
        ],
        progress=ProgressOut(**vars(progress_at(flow, w))),
        answers=answers_out(flow, answers),
    )


@router.put(
    "/cases/{token}/checklist/{item_id}",
    name="api_check_item",
    response_model=CheckOut,
    responses=documented_errors(404, 409),
)
async def check_item(api: CaseDep, item_id: str, body: CheckIn) -> CheckOut:
    """Tick (`{"done": true}`) or untick a checklist item."""
    try:
        await api.db.run(
            set_checked,
            api.case,
            api.flow,
            item_id,
            body.done,
            retention_days=api.clinic.retention_days,
        )
    except LookupError:
        raise ApiProblem(404, "unknown_item", "There is no checklist item with this id.") from None
    return CheckOut(id=item_id, done=body.done)


@router.get("/openapi.json", name="api_openapi", include_in_schema=False)
async def openapi_schema(request: Request) -> JSONResponse:
    """The OpenAPI schema of the JSON API only (the HTML pages are left out)."""
    schema = getattr(request.app.state, "api_openapi", None)
    if schema is None:
        full = request.app.openapi()
        paths = {p: v for p, v in full["paths"].items() if p.startswith("/api/")}
        info = {"title": "Coverage Navigator API", "version": "1", "description": __doc__}
        schema = {**full, "info": info, "paths": paths}
        request.app.state.api_openapi = schema
    return JSONResponse(schema)
