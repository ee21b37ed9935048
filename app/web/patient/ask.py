"""The ask box on every question and on the plan: type a question, get a card's answer.

With htmx the answer is added under the current question, which keeps its place and what
was typed in it. Without JavaScript the same form posts here and this response is the page
itself, with the answer in the box: the question never goes into a URL or a redirect, is
never logged and never stored. Only which card answered (or the topic that went
unanswered) is counted, once, on this POST.

A page in Spanish searches the Spanish cards (their own ways of asking, Spanish words) and
answers in Spanish; the English search stays for English pages.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, Response

from app.answers.search import Answerer, Outcome
from app.core import htmx
from app.core.i18n import N_, translator
from app.present.ask import ask_view, stat_key
from app.present.ask_personal import CaseFacts, Link
from app.services.call_sheet import add_call_question, call_questions
from app.services.cases import step_available
from app.services.stats import count_ask
from app.web.deps import FormDep
from app.web.patient.deps import CaseContext, CaseDep
from app.web.patient.documents import document_links
from app.web.patient.results import results_context
from app.web.patient.wizard import render_step

router = APIRouter(prefix="/c/{token}", tags=["ask"])
MAX_QUESTION = 500
RESULTS = "results"
TOO_LONG = N_("Your question is too long. Please keep it under %(limit)s letters.")
EMPTY = N_("Type your question in the box, then press Ask.")


def answerer_for(ctx: CaseContext) -> Answerer:
    """The search in the page's language (English when there is none in it)."""
    state = ctx.request.app.state
    found: Answerer = getattr(state, "answerers", {}).get(ctx.lang, state.answers)
    return found


def _facts(ctx: CaseContext) -> CaseFacts:
    done = ctx.walk.done
    _ = translator(ctx.lang).gettext
    return CaseFacts(
        flow=ctx.flow,
        answers=ctx.answers,
        hrefs=ctx.links,
        today=ctx.today,
        documents={d.doc.id: Link(_(d.doc.title), d.view_href) for d in document_links(ctx)}
        if done
        else {},
        call_questions=frozenset(s.item.id for s in call_questions(ctx.flow, ctx.case.data)),
        english_flow=ctx.source_flow,
    )


def _page(ctx: CaseContext, where: str, context: dict[str, Any], status: int = 200) -> Response:
    """The page the box was on, drawn again with the answer in it."""
    if where == RESULTS and ctx.walk.done:
        full = {**results_context(ctx), **context, "saved": None}
        return ctx.render("patient/results/results.html", full, status_code=status)
    step_id = where if step_available(ctx.flow, ctx.answers, where, ctx.walk) else None
    if step_id is None:
        if ctx.walk.done:
            return _page(ctx, RESULTS, context, status)
        step_id = ctx.walk.current
    response = render_step(ctx, step_id, extra=context)
    response.status_code = status
    return response


def _reply(ctx: CaseContext, where: str, context: dict[str, Any], status: int) -> Response:
    if htmx.wants_fragment(ctx.request):
        full = {**context, "links": ctx.links}
        return ctx.render("patient/ask/_reply.html", full, status_code=status)
    return _page(ctx, where, context, status)


@router.post("/ask", name="ask_question")
async def ask_question(ctx: CaseDep, form: FormDep) -> Response:
    raw = form.get("question")
    question = " ".join(raw.split()) if isinstance(raw, str) else ""
    picked = form.get("card")
    where = str(form.get("from") or "")
    answerer = answerer_for(ctx)
    _ = translator(ctx.lang).gettext
    uid = secrets.token_hex(4)
    if isinstance(picked, str) and answerer.cards.card(picked) is not None:
        card = answerer.cards.card(picked)
        assert card is not None
        outcome = Outcome("card", 1.0, card=card)
        question = card.title
    elif not question or len(question) > MAX_QUESTION:
        problem = _(TOO_LONG) % {"limit": MAX_QUESTION} if question else _(EMPTY)
        return _reply(ctx, where, {"ask_error": problem, "uid": uid, "ask_from": where}, 422)
    else:
        outcome = answerer.ask(question, today=ctx.today)
    view = ask_view(outcome, clinic=ctx.clinic, case=_facts(ctx), today=ctx.today, lang=ctx.lang)
    key = stat_key(outcome, view)
    await ctx.db.run(count_ask, answered=view.answered, key=key, day=ctx.today, lang=ctx.lang)
    context: dict[str, Any] = {"ask": view, "question": question, "uid": uid, "ask_from": where}
    return _reply(ctx, where, context, 200)


@router.post("/ask/call-sheet", name="add_call_question")
async def add_to_call_sheet(ctx: CaseDep, form: FormDep) -> Response:
    """One tap puts the insurer question from a "not sure" answer on the call sheet."""
    question_id = str(form.get("question_id") or "")
    try:
        await ctx.db.run(
            add_call_question,
            ctx.case,
            ctx.flow,
            question_id,
            retention_days=ctx.clinic.retention_days,
        )
    except LookupError:
        return htmx.see_other(ctx.request, ctx.current_url)
    if htmx.is_htmx(ctx.request):
        return ctx.render("patient/ask/_added.html", {"links": ctx.links})
    target = ctx.links.results + "#call-sheet" if ctx.walk.done else ctx.current_url
    return htmx.see_other(ctx.request, target)
