"""The cases API's request and response bodies (documented in OpenAPI), and how a case
becomes one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Request
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool
from starlette.routing import NoMatchFound

from app.flows.conditions import AnswerValue
from app.flows.engine import Flow, progress_at, walk
from app.flows.schema import StepType
from app.present.format import answer_text, choices
from app.services.cases import CaseView, step_available
from app.web.api.errors import ApiProblem


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
    source: str | None = Field(
        None, description="The rule behind this step (regulation or document), if any."
    )
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


def step_out(flow: Flow, answers: dict[str, AnswerValue], step_id: str) -> StepOut:
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


def answers_out(flow: Flow, answers: dict[str, AnswerValue]) -> list[AnswerOut]:
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


def case_out(request: Request, flow: Flow, view: CaseView) -> dict[str, Any]:
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
        "step": None if w.done else step_out(flow, answers, w.current),
        "progress": ProgressOut(**vars(p)),
        "answers": answers_out(flow, answers),
        "links": links,
    }


def check_step(flow: Flow, view: CaseView, step_id: str) -> None:
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
