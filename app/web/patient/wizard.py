"""The chat-style wizard: one question per page, the answers so far above it.

The same handlers serve plain forms (303 to a full page) and htmx (the 303 is followed with
HX-Request kept, so the next question arrives as the fragment the page itself includes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Response

from app.core import htmx
from app.flows.answers import AnswerError
from app.flows.conditions import AnswerValue
from app.flows.engine import walk
from app.present.format import choices
from app.present.remarks import Remark, remarks, said_for
from app.present.transcript import Entry, entries, position
from app.services import journey
from app.services.cases import StepNotAvailable, step_available
from app.web.deps import FormDep
from app.web.patient.deps import CaseContext, CaseDep, now_seconds

router = APIRouter(prefix="/c/{token}", tags=["wizard"])
SHOWN_AT = "shown_at"  # when the question was drawn, for the time-on-step counter


@router.get("", name="resume_case")
async def resume_case(ctx: CaseDep) -> Response:
    return htmx.see_other(ctx.request, ctx.current_url, new_page=True)


def _form_value(value: AnswerValue | None) -> dict[str, Any]:
    """What the form shows as picked or typed."""
    if value is None:
        return {"picked": [], "typed": ""}
    if isinstance(value, list):
        return {"picked": value, "typed": ""}
    return {"picked": [value], "typed": value}


def _transcript(ctx: CaseContext, upto: str) -> list[tuple[Entry, str, Remark | None]]:
    """Each answer before `upto`, its Change link and the result it gave, if any."""
    stored = ctx.case.data.said
    if stored is None:  # a case saved before the conversation's words were kept
        said = remarks(ctx.flow, ctx.walk, upto=upto, today=ctx.today)
    else:
        said = {k: Remark(k, tuple(lines)) for k, lines in stored.items() if lines}
    return [
        (entry, ctx.links.step(entry.step_id), said.get(entry.step_id))
        for entry in entries(ctx.flow, ctx.walk, upto=upto)
    ]


def render_step(
    ctx: CaseContext,
    step_id: str,
    *,
    raw: AnswerValue | None = None,
    error: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Response:
    """The question page (or its fragment); `extra` adds to what the page shows."""
    step = ctx.flow.step(step_id)
    w = ctx.walk
    shown = raw if error is not None else ctx.answers.get(step_id)
    context = {
        "step": step,
        "choices": choices(step),
        "form_value": _form_value(shown),
        "error": error,
        "transcript": _transcript(ctx, step_id),
        "position": position(ctx.flow, w, step_id),
        "links": ctx.links,
        "shown_at": int(now_seconds()),
        **(extra or {}),
    }
    status = 422 if error else 200
    if htmx.wants_fragment(ctx.request):
        response = ctx.render("patient/wizard/_step_fragment.html", context, status_code=status)
        if error:
            htmx.no_push(response)
    else:
        response = ctx.render("patient/wizard/step.html", context, status_code=status)
    return htmx.vary(response)


@router.get("/qr.svg", name="show_qr")
async def show_qr(ctx: CaseDep) -> Response:
    """The QR code of the patient's private link (an image, drawn only where it is shown)."""
    return Response(
        str(ctx.links.qr_svg),
        media_type="image/svg+xml",
        headers={"Cache-Control": "private, max-age=86400", "X-Robots-Tag": "noindex"},
    )


@router.get("/step/{step_id}", name="show_step")
async def show_step(ctx: CaseDep, step_id: str) -> Response:
    if not step_available(ctx.flow, ctx.answers, step_id, ctx.walk):
        return htmx.see_other(ctx.request, ctx.current_url, new_page=True)
    return render_step(ctx, step_id)


def _seconds_on_step(form: FormDep) -> float | None:
    shown = form.get(SHOWN_AT)
    if not isinstance(shown, str) or not shown.isdigit() or len(shown) > 12:
        return None
    return now_seconds() - int(shown)


@router.post("/step/{step_id}", name="submit_step")
async def submit_step(ctx: CaseDep, step_id: str, form: FormDep) -> Response:
    if not step_available(ctx.flow, ctx.answers, step_id, ctx.walk):
        return htmx.see_other(ctx.request, ctx.current_url, new_page=True)
    step = ctx.flow.step(step_id)
    raw = step.kind.read_form(form)
    try:
        updated = await ctx.db.run(
            journey.answer,
            ctx.case,
            ctx.flow,
            step_id,
            raw,
            retention_days=ctx.clinic.retention_days,
            today=ctx.today,
            seconds=_seconds_on_step(form),
            said=said_for(ctx.flow, ctx.today),
        )
    except AnswerError as exc:
        return render_step(ctx, step_id, raw=raw, error=str(exc))
    except StepNotAvailable:
        return htmx.see_other(ctx.request, ctx.current_url, new_page=True)
    after = walk(ctx.flow, updated.data.answers)
    url = ctx.links.results if after.done else ctx.links.step(after.current)
    return htmx.see_other(ctx.request, url, new_page=after.done)
