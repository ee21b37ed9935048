"""POST /api/v1/ask: a question in, the answer card (or an honest "not sure") out.

The same search and the same words as the ask box on the pages. With a case token, the
answer uses the case (the patient's own dates, units and estimate) and links into it.
The question is never stored or logged; only which answer was shown is counted.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from app.answers.search import Answerer
from app.documents.catalog import documents_for
from app.flows.engine import walk
from app.present.ask import ask_view, stat_key
from app.present.ask_personal import CaseFacts, Link
from app.services.call_sheet import call_questions
from app.services.cases import open_case
from app.services.stats import count_ask
from app.web.api.deps import ContextDep
from app.web.api.errors import ApiProblem, ApiRoute, documented_errors

router = APIRouter(prefix="/api/v1", tags=["ask"], route_class=ApiRoute)
MAX_QUESTION = 500


def _words(value: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise ValueError('is empty: send the question as text, like "What is an EOB?"')
    return text


class AskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: Annotated[str, AfterValidator(_words)] = Field(
        max_length=MAX_QUESTION,
        description="The question in the patient's own words. Never stored or logged.",
        examples=["They said CO-50, what now?"],
    )
    token: str | None = Field(
        None, description="A case token: the answer then uses that case's answers."
    )


class AskLinkOut(BaseModel):
    label: str
    href: str = Field(description="A path in this app (only with a token).")


class AskAnswerOut(BaseModel):
    id: str = Field(description="The card's id, or code_<N> for a denial code.")
    title: str
    text: str = Field(description="Plain text; paragraphs are separated by a blank line.")
    sources: list[str] = Field(description="The rules the answer rests on.")
    links: list[AskLinkOut]


class AskSuggestionOut(BaseModel):
    id: str
    title: str


class AskOut(BaseModel):
    answer: AskAnswerOut | None = Field(description="Null when we are not sure enough to answer.")
    confidence: float = Field(ge=0, le=1)
    suggestions: list[AskSuggestionOut] = Field(description="The closest cards, best first.")


class _Hrefs:
    """The case's page URLs, by route name."""

    def __init__(self, request: Request, token: str) -> None:
        self.request, self.token = request, token

    def step(self, step_id: str) -> str:
        return str(self.request.app.url_path_for("show_step", token=self.token, step_id=step_id))

    @property
    def results(self) -> str:
        return str(self.request.app.url_path_for("show_results", token=self.token))


async def _facts(api: ContextDep, token: str) -> CaseFacts:
    view = await api.db.run(open_case, token)
    if view is None:
        raise ApiProblem(
            404,
            "case_not_found",
            "No case matches this token. Send the whole token, or null to ask without a case.",
        )
    hrefs = _Hrefs(api.request, token)
    w = walk(api.flow, view.data.answers)
    documents = {
        doc.id: Link(
            doc.title,
            str(api.request.app.url_path_for("show_document", token=token, doc_id=doc.id)),
        )
        for doc in (documents_for(w.active) if w.done else [])
    }
    return CaseFacts(
        flow=api.flow,
        answers=view.data.answers,
        hrefs=hrefs,
        today=api.today,
        documents=documents,
        call_questions=frozenset(s.item.id for s in call_questions(api.flow, view.data)),
    )


@router.post("/ask", name="api_ask", response_model=AskOut, responses=documented_errors(404))
async def ask(api: ContextDep, body: AskIn) -> AskOut:
    """Answer a question from the cards, or say so when unsure (`answer` is null)."""
    case = await _facts(api, body.token) if body.token else None
    answerer: Answerer = api.request.app.state.answers
    outcome = answerer.ask(body.question, today=api.today)
    view = ask_view(outcome, clinic=api.clinic, case=case, today=api.today)
    await api.db.run(count_ask, answered=view.answered, key=stat_key(outcome, view), day=api.today)
    answer = (
        AskAnswerOut(
            id=view.id,
            title=view.title,
            text=view.text,
            sources=list(view.sources),
            links=[AskLinkOut(label=link.label, href=link.href) for link in view.links],
        )
        if view.answered
        else None
    )
    return AskOut(
        answer=answer,
        confidence=round(min(max(view.confidence, 0.0), 1.0), 3),
        suggestions=[AskSuggestionOut(id=c.id, title=c.title) for c in view.suggestions],
    )
