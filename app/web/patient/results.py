"""The personal plan: checklist, insurer call sheet, answers summary, and its print view."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Response

from app.core import htmx
from app.core.templating import request_language
from app.documents.calendar_words import calendar_name, calendar_words
from app.flows.engine import checklist_for
from app.present.format import format_long_date
from app.present.numbers import numbers_for
from app.present.plan import money_words, plan_for
from app.present.transcript import checklist_groups, entries, reasons
from app.rules.calendar import MEDIA_TYPE, deadlines_ics
from app.rules.from_answers import deadlines_from_answers
from app.services.call_sheet import CALL_FIELDS, CallSheetError, call_questions, save_call_sheet
from app.services.cases import set_checked
from app.web.deps import FormDep
from app.web.patient.deps import CaseContext, CaseDep, case_page
from app.web.patient.documents import document_links

router = APIRouter(prefix="/c/{token}", tags=["results"])

NOTE_PREFIX = "note_"


def results_context(ctx: CaseContext) -> dict[str, Any]:
    flow, answers, data = ctx.flow, ctx.answers, ctx.case.data
    checklist = checklist_for(flow, answers)
    questions = call_questions(flow, data)
    lang = request_language(ctx.request)
    numbers = numbers_for(flow, answers, today=ctx.today, lang=lang)
    documents = document_links(ctx)
    groups = checklist_groups(checklist, lang)
    checked = set(data.checked)
    stage = ctx.walk.active.get("stage")
    return {
        "links": ctx.links,
        "groups": groups,
        "plan": plan_for(
            groups,
            checked=checked,
            due_by=numbers.due_by,
            doc_ids=[link.doc.id for link in documents],
            stage=stage if isinstance(stage, str) else "",
        ),
        "reasons": {sel.item.id: reasons(flow, sel, lang) for sel in checklist},
        "checked": checked,
        "questions": questions,
        "notes": data.call_notes,
        "call": {key: data.call.get(key, "") for key in CALL_FIELDS},
        "answered": sum(flow.question_count[step_id] for step_id in ctx.walk.path),
        "numbers": numbers,
        "money_words": (
            money_words(numbers.estimate, str(stage or ""), lang) if numbers.estimate else ()
        ),
        "ics_url": ctx.links.deadlines_ics if numbers.has_calendar else None,
        "today": format_long_date(ctx.today, lang),
        "documents": documents,
        "doc_links": {link.doc.id: link for link in documents},
    }


@case_page(router, "/results", name="show_results")
async def show_results(ctx: CaseContext) -> Response:
    if (redirect := ctx.unfinished()) is not None:
        return redirect
    context = results_context(ctx)
    context["saved"] = ctx.request.query_params.get("saved")
    return htmx.vary(ctx.render("patient/results/results.html", context))


@case_page(router, "/print", name="print_results")
async def print_results(ctx: CaseContext) -> Response:
    if (redirect := ctx.unfinished()) is not None:
        return redirect
    context = results_context(ctx)
    context["summary"] = entries(ctx.flow, ctx.walk, lang=request_language(ctx.request))
    return ctx.render("patient/results/print.html", context)


@case_page(router, "/deadlines.ics", name="download_deadlines")
async def download_deadlines(ctx: CaseContext) -> Response:
    """The patient's deadlines as a calendar file, each with a reminder a week before."""
    if (redirect := ctx.unfinished()) is not None:
        return redirect
    report = deadlines_from_answers(ctx.walk.active, today=ctx.today)
    deadlines = [d for d in report.deadlines if d.advised]
    if not deadlines:
        raise HTTPException(status_code=404)
    return Response(
        deadlines_ics(deadlines, name=calendar_name(ctx.lang), words=calendar_words(ctx.lang)),
        media_type=MEDIA_TYPE,
        headers={
            "Cache-Control": "no-store",
            "Content-Disposition": 'attachment; filename="deadlines.ics"',
            "X-Robots-Tag": "noindex",
        },
    )


@router.post("/check/{item_id}", name="check_item")
async def check_item(ctx: CaseDep, item_id: str, form: FormDep) -> Response:
    done = form.get("done") == "1"
    try:
        await ctx.db.run(
            set_checked,
            ctx.case,
            ctx.flow,
            item_id,
            done,
            retention_days=ctx.clinic.retention_days,
        )
    except LookupError:
        return htmx.see_other(ctx.request, ctx.links.results)
    if htmx.is_htmx(ctx.request):
        item = next(i for i in ctx.flow.tree.checklist if i.id == item_id)
        return ctx.render("patient/results/_saved.html", {"item": item, "done": done})
    if form.get("from") == "next":  # ticked as the next step: show the new next step
        return htmx.see_other(ctx.request, ctx.links.results + "?saved=next")
    return htmx.see_other(ctx.request, ctx.links.results + f"#item-{item_id}")


CALL_BLANK = dict.fromkeys(CALL_FIELDS, "")


@router.post("/call-sheet", name="save_call_sheet")
async def save_call_sheet_form(ctx: CaseDep, form: FormDep) -> Response:
    notes = {
        key.removeprefix(NOTE_PREFIX): value
        for key, value in form.multi_items()
        if key.startswith(NOTE_PREFIX) and isinstance(value, str)
    }
    call = {key: value for key in CALL_FIELDS if isinstance(value := form.get(key), str)}
    try:
        await ctx.db.run(
            save_call_sheet,
            ctx.case,
            ctx.flow,
            notes,
            call,
            retention_days=ctx.clinic.retention_days,
        )
    except CallSheetError as exc:  # too long: said beside the field, what was typed kept
        if htmx.is_htmx(ctx.request):
            context = {"call_errors": exc.errors}
            return ctx.render("patient/results/_call_saved.html", context, status_code=422)
        page: dict[str, object] = {**results_context(ctx), "saved": None}
        page.update(call_errors=exc.errors, notes=notes, call={**CALL_BLANK, **call})
        return ctx.render("patient/results/results.html", page, status_code=422)
    if htmx.is_htmx(ctx.request):
        return ctx.render("patient/results/_call_saved.html")
    return htmx.see_other(ctx.request, ctx.links.results + "?saved=call#call-sheet")
