"""JSON API for patient cases under /api/v1, on the same engine and service layer as the pages.

The case token is the only credential and travels in the path; no cookies are read, so no
CSRF token is needed. Writes must say `Content-Type: application/json` (anything else is a
415), which keeps simple cross-site form posts out. Every error is JSON with a `code` and a
`message` a developer can act on; no error echoes the token.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool
from starlette.routing import NoMatchFound

from app.core.clock import local_today
from app.core.db import Database
from app.flows.answers import AnswerError
from app.flows.conditions import AnswerValue
from app.flows.engine import Flow, checklist_for, progress_at, questions_for, walk
from app.flows.schema import ChecklistItem, StepType
from app.present.format import answer_text, choices
from app.present.remarks import said_for
from app.present.transcript import reasons
from app.services import journey
from app.services.cases import (
    CaseView,
    StepNotAvailable,
    open_case,
    purge_expired,
    set_checked,
    step_available,
)
from app.services.clinic import ClinicInfo, ClinicSource
from app.web.api.errors import ApiProblem, ApiRoute, documented_errors

router = APIRouter(prefix="/api/v1", tags=["cases"], route_class=ApiRoute)


# --- Response and request models -----------------------------------------------------------


class ChoiceOut(BaseModel):
    value: str = Field(description="What to send as the answer.")
    label: str = Field(description="What the patient reads.")


class StepOut(BaseModel):
    id: str
    type: StepType = Field(description="single, multi, yesno, number, money, date, text or info.")
    text: str
    why: str | None = Field(description="Why we ask (show it beside the question).")
    help: str | None
    optional: bool = Field(description="True: send an empty string to skip.")
    min: float | None
    max: float | None
    choices: list[ChoiceOut] = Field(description="For single, multi and yesno steps.")
    value: AnswerValue | None = Field(
        description="The answer stored for this step on the current path, if any."
    )


class ProgressOut(BaseModel):
    answered: int = Field(description="Questions answered on the current path.")
    min_remaining: int = Field(description="Fewest questions still to come.")
    max_remaining: int = Field(description="Most questions still to come.")


class AnswerOut(BaseModel):
    step_id: str
    question: str
    value: AnswerValue = Field(description="As stored: a choice value, list, or normalised text.")
    answer: str = Field(description="As the patient would say it.")


class LinksOut(BaseModel):
    self: str
    results: str
    answer: str | None = Field(description="PUT here to answer the current step.")
    web: str | None = Field(description="The same case in the patient pages.")


class CaseOut(BaseModel):
    done: bool = Field(description="True once the path reaches the results.")
    step: StepOut | None = Field(description="The step to answer now; null when done.")
    progress: ProgressOut
    answers: list[AnswerOut] = Field(description="Answered questions on the current path.")
    links: LinksOut


class CaseCreated(CaseOut):
    token: str = Field(description="The case's secret. Shown once; keep it like a password.")


MAX_VALUE_CHARS = 2000
MAX_PICKS = 50


def _answer_value(value: Any) -> Any:
    """Plain messages for the wrong JSON type (instead of one error per union branch)."""
    if value is None:
        return value
    if isinstance(value, str):
        if len(value) > MAX_VALUE_CHARS:
            raise ValueError(f"must be at most {MAX_VALUE_CHARS} characters")
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        if len(value) > MAX_PICKS or any(len(v) > MAX_VALUE_CHARS for v in value):
            raise ValueError(f"must be a list of at most {MAX_PICKS} short strings")
        return value
    raise ValueError("must be a string, a list of strings (multi steps), or null")


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: Annotated[str | list[str] | None, BeforeValidator(_answer_value)] = Field(
        default=None,
        description="A choice value (single, yesno), a list of values (multi), or text for "
        'number ("45"), money ("120.00"), date ("2026-03-01") and text. "" skips an '
        "optional step; info steps need no value.",
        examples=["planning"],
    )


class ReasonOut(BaseModel):
    step_id: str
    question: str
    answer: str


class ChecklistOut(BaseModel):
    id: str
    stage: str = Field(description="before, after or denied (items come in that order).")
    text: str
    why: str
    how: str | None
    deadline: str | None = Field(description="Id of a deadline from the calculators, if any.")
    done: bool = Field(description="Ticked by the patient.")
    reasons: list[ReasonOut] = Field(description="The answers that put this item here.")


class QuestionOut(BaseModel):
    id: str
    text: str
    why: str


class ResultsOut(BaseModel):
    checklist: list[ChecklistOut]
    questions: list[QuestionOut] = Field(description="Questions to ask the insurer.")
    progress: ProgressOut
    answers: list[AnswerOut]


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    done: StrictBool


class CheckOut(BaseModel):
    id: str
    done: bool


# --- Dependencies ---------------------------------------------------------------------------


class ApiContext:
    """One API request: the flow, the database, the clinic's settings and date."""

    def __init__(self, request: Request, clinic: ClinicInfo) -> None:
        self.request = request
        self.clinic = clinic
        self.flow: Flow = request.app.state.flow
        self.db: Database = request.app.state.db
        self.today = local_today(request.app.state.settings.clinic_timezone)


class ApiCase(ApiContext):
    """One API request on a case: adds the opened case."""

    def __init__(self, request: Request, clinic: ClinicInfo, view: CaseView) -> None:
        super().__init__(request, clinic)
        self.case = view


async def api_context(request: Request) -> ApiContext:
    source: ClinicSource = request.app.state.clinic
    return ApiContext(request, await source.get())


async def api_case(request: Request, token: str) -> ApiCase:
    api = await api_context(request)
    view = await api.db.run(open_case, token)
    if view is None:
        raise ApiProblem(
            404,
            "case_not_found",
            "No case matches this token. Check that the "
            "whole token was sent; cases are deleted once they expire.",
        )
    return ApiCase(request, api.clinic, view)


ContextDep = Annotated[ApiContext, Depends(api_context)]
CaseDep = Annotated[ApiCase, Depends(api_case)]


# --- Building responses ---------------------------------------------------------------------


def _step_out(flow: Flow, answers: dict[str, AnswerValue], step_id: str) -> StepOut:
    step = flow.step(step_id)
    on_path = step_id in walk(flow, answers).active
    return StepOut(
        id=step.id,
        type=step.type,
        text=step.text,
        why=step.why,
        help=step.help,
        optional=step.optional,
        min=step.min,
        max=step.max,
        choices=[ChoiceOut(value=v, label=label) for v, label in choices(step)],
        value=answers.get(step_id) if on_path else None,
    )


def _answers_out(flow: Flow, answers: dict[str, AnswerValue]) -> list[AnswerOut]:
    out = []
    for step_id, value in walk(flow, answers).active.items():
        step = flow.step(step_id)
        if step.is_question:
            out.append(
                AnswerOut(
                    step_id=step_id,
                    question=step.text,
                    value=value,
                    answer=answer_text(step, value),
                )
            )
    return out


def _url(request: Request, name: str, **params: str) -> str | None:
    try:
        return str(request.app.url_path_for(name, **params))
    except NoMatchFound:
        return None


def _case_out(request: Request, flow: Flow, view: CaseView) -> dict[str, Any]:
    answers, token = view.data.answers, view.token.text
    w = walk(flow, answers)
    p = progress_at(flow, w)
    links = LinksOut(
        self=str(request.app.url_path_for("api_show_case", token=token)),
        results=str(request.app.url_path_for("api_show_results", token=token)),
        answer=None if w.done else _url(request, "api_answer_step", token=token, step_id=w.current),
        web=_url(request, "resume_case", token=token),
    )
    return {
        "done": w.done,
        "step": None if w.done else _step_out(flow, answers, w.current),
        "progress": ProgressOut(**vars(p)),
        "answers": _answers_out(flow, answers),
        "links": links,
    }


def _check_step(flow: Flow, view: CaseView, step_id: str) -> None:
    if not flow.tree.has_step(step_id):
        raise ApiProblem(404, "unknown_step", "There is no step with this id in the flow.")
    current = walk(flow, view.data.answers).current
    if flow.step(step_id).kind.is_terminal:
        raise ApiProblem(
            409,
            "results_step",
            "The results step takes no answer; GET the case's results instead.",
            step_id=current,
        )
    if not step_available(flow, view.data.answers, step_id):
        raise ApiProblem(
            409,
            "step_not_on_path",
            f"Step {step_id!r} is not on this case's "
            f"current path. Answer {current!r} now, or change an answer listed "
            "in `answers`.",
            step_id=current,
        )


# --- Routes ---------------------------------------------------------------------------------


@router.post("/cases", name="api_create_case", status_code=201, response_model=CaseCreated)
async def create_case_api(api: ContextDep) -> dict[str, Any]:
    """Start a case. The body may be empty or `{}`; the token in the answer opens it later."""
    await api.db.run(purge_expired)
    view = await api.db.run(
        journey.start,
        api.flow,
        retention_days=api.clinic.retention_days,
        today=api.today,
        said=said_for(api.flow, api.today),
    )
    return {"token": view.token.text, **_case_out(api.request, api.flow, view)}


@router.get(
    "/cases/{token}", name="api_show_case", response_model=CaseOut, responses=documented_errors(404)
)
async def show_case(api: CaseDep) -> dict[str, Any]:
    """The step to answer now, progress, and the answers on the current path."""
    return _case_out(api.request, api.flow, api.case)


@router.get(
    "/cases/{token}/steps/{step_id}",
    name="api_show_step",
    response_model=StepOut,
    responses=documented_errors(404, 409),
)
async def show_step(api: CaseDep, step_id: str) -> StepOut:
    """A step on the current path (answered or current), with its stored answer."""
    _check_step(api.flow, api.case, step_id)
    return _step_out(api.flow, api.case.data.answers, step_id)


@router.put(
    "/cases/{token}/answers/{step_id}",
    name="api_answer_step",
    response_model=CaseOut,
    responses=documented_errors(404, 409),
)
async def answer_step(api: CaseDep, step_id: str, body: AnswerIn) -> dict[str, Any]:
    """Answer the current step, or change an answer on the current path; returns the case."""
    _check_step(api.flow, api.case, step_id)
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
    return _case_out(api.request, api.flow, updated)


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
        answers=_answers_out(flow, answers),
    )


@router.put(
    "/cases/{token}/checklist/{item_id}",
    name="api_check_item",
    response_model=CheckOut,
    responses=documented_errors(404),
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
