"""The chat-style wizard: one question per page, the answers so far above it.

The same handlers serve plain forms (303 to a full page) and htmx (the 303 is followed with
HX-Request kept, so the next question arrives as the fragment the page itself includes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Response

from app.core import htmx
from app.core.i18n import translator
from app.core.templating import request_language
from app.flows.answers import AnswerError, UnclearAnswer
from app.flows.conditions import AnswerValue
from app.flows.engine import walk
from app.flows.schema import Step
from app.flows.types.base import OR, UNCLEAR
from app.present.format import words
from app.present.remarks import Remark, remarks
from app.present.transcript import Entry, answered, entries, position
from app.rules.sentences import Text
from app.services import journey
from app.services.cases import StepNotAvailable, step_available
from app.web.deps import FormDep
from app.web.patient.deps import CaseContext, CaseDep, case_page, now_seconds

router = APIRouter(prefix="/c/{token}", tags=["wizard"])
SHOWN_AT = "shown_at"  # when the question was drawn, for the time-on-step counter


@case_page(router, "", name="resume_case")
async def resume_case(ctx: CaseContext) -> Response:
    return htmx.see_other(ctx.request, ctx.current_url, new_page=True)


def _form_value(step: Step, value: AnswerValue | None, typed: bool) -> dict[str, Any]:
    """What the form shows as picked or typed (a stored answer as it would be typed)."""
    if value is None:
        return {"picked": [], "typed": ""}
    if isinstance(value, list):
        return {"picked": value, "typed": ""}
    return {"picked": [value], "typed": value if typed else step.kind.as_typed(step, value)}


Row = tuple[Entry, str, Remark | None]


def _transcript(ctx: CaseContext, upto: str, *, fold: bool) -> tuple[list[Row], int, int]:
    """The answers before `upto`, each with its Change link and the reply it got, if any.

    Folded (a full page), only the latest answer is drawn, so the question is on the first
    screen; the rest are one link away. Returns the rows, then how many answers and how many
    list items (answers and replies) were left out.
    """
    ids = answered(ctx.flow, ctx.walk, upto=upto)
    # Kept as messages when the answer was saved (PatientPage.said), shown in any language.
    replies: Mapping[str, Sequence[Text]] | None = ctx.case.data.said
    if replies is None:  # a case saved before the conversation's words were kept
        said = remarks(ctx.flow, ctx.walk, upto=upto, today=ctx.today)
        replies = {step_id: remark.lines for step_id, remark in said.items()}
    earlier = ids[:-1] if fold else []
    # Only the answers drawn are worded, and only their replies read (a reply is stored
    # only when there is something to say, so a key is enough to count one).
    shown = entries(ctx.flow, ctx.walk, lang=ctx.lang, ids=ids[len(earlier) :])
    rows = [
        (e, ctx.links.step(e.step_id), Remark(e.step_id, tuple(lines)) if lines else None)
        for e in shown
        for lines in (replies.get(e.step_id),)
    ]
    return rows, len(earlier), len(earlier) + sum(1 for step_id in earlier if step_id in replies)


def _before(ctx: CaseContext, step_id: str) -> str | None:
    """The step shown before `step_id` on the patient's path (None for the first)."""
    path = ctx.walk.path
    at = path.index(step_id) if step_id in path else len(path)
    return path[at - 1] if at > 0 else None


def _unclear(step: Step, error: AnswerError, lang: str) -> list[tuple[str, str]]:
    """(what to send back, the words for it) for each reading of an unclear answer."""
    if not isinstance(error, UnclearAnswer):
        return []
    return [(sent, words(lang).answer(step, stored)) for sent, stored in error.readings]


def render_step(
    ctx: CaseContext,
    step_id: str,
    *,
    raw: AnswerValue | None = None,
    error: AnswerError | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Response:
    """The question page (or its fragment); `extra` adds to what the page shows."""
    step = ctx.flow.step(step_id)
    w = ctx.walk
    shown = raw if error is not None else ctx.answers.get(step_id)
    lang = ctx.lang
    unclear = _unclear(step, error, lang) if error is not None else []
    gettext = translator(lang).gettext
    message = error.text(gettext) if error is not None else None
    if unclear:
        meant = gettext(OR).join(label for _, label in unclear)
        message = gettext(UNCLEAR) % {"answers": meant}
    before = _before(ctx, step_id)
    hint = step.kind.field_hint(step)
    hint = gettext(hint) if hint else hint
    described = [n for n, on in (("help", step.help), ("hint", hint), ("error", error)) if on]
    fragment = htmx.wants_fragment(ctx.request)
    transcript, earlier, hidden = _transcript(ctx, step_id, fold=not fragment)
    context = {
        "step": step,
        "hint": hint,
        "suffix": step.kind.field_suffix(step),
        "described": " ".join(described),
        "choices": words(lang).choices(step),
        "form_value": _form_value(step, shown, typed=error is not None),
        "error": message,
        "unclear": unclear,
        "transcript": transcript,
        "earlier": earlier,  # answers left out of a full page, one link away
        "hidden": hidden,  # the list items those make, for the script that adds new ones
        "position": position(ctx.flow, w, step_id),
        "back": ctx.links.step(before) if before else None,
        "links": ctx.links,
        "shown_at": int(now_seconds()),
        **(extra or {}),
    }
    status = 422 if error else 200
    if fragment:
        response = ctx.render("patient/wizard/_step_fragment.html", context, status_code=status)
        if error:
            htmx.no_push(response)
    else:
        response = ctx.render("patient/wizard/step.html", context, status_code=status)
    return htmx.vary(response)


@case_page(router, "/qr.svg", name="show_qr")
async def show_qr(ctx: CaseContext) -> Response:
    """The QR code of the patient's private link (an image, drawn only where it is shown)."""
    return Response(
        str(ctx.links.qr_svg),
        media_type="image/svg+xml",
        headers={"Cache-Control": "private, max-age=86400", "X-Robots-Tag": "noindex"},
    )


@case_page(router, "/step/{step_id}", name="show_step")
async def show_step(ctx: CaseContext, step_id: str) -> Response:
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
            lang=ctx.lang,
            seconds=_seconds_on_step(form),
            said=ctx.said,
        )
    except AnswerError as exc:
        return render_step(ctx, step_id, raw=raw, error=exc)
    except StepNotAvailable:
        return htmx.see_other(ctx.request, ctx.current_url, new_page=True)
    after = walk(ctx.flow, updated.data.answers)
    url = ctx.links.check_answers if after.done else ctx.links.step(after.current)
    return htmx.see_other(ctx.request, url, new_page=after.done)


@case_page(router, "/check", name="check_answers")
async def check_answers(ctx: CaseContext) -> Response:
    """Every answer on the patient's path with a Change link: before the plan, or so far."""
    path = ctx.walk.path
    done = ctx.walk.done
    context = {
        "done": done,
        "summary": entries(ctx.flow, ctx.walk, lang=request_language(ctx.request)),
        "back": ctx.current_url if not done else ctx.links.step(path[-1]) if path else None,
        "next": ctx.current_url,
        "links": ctx.links,
    }
    return ctx.render("patient/wizard/check.html", context)
