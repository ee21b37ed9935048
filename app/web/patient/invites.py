"""Patient side of invites (/i/<token>), and the clinic's logo and theme (/clinic/...).

GET shows a welcome (link scanners in mail apps only "open" it); the Start button POSTs,
which uses the invite up, creates the case with the prefilled answers and shows the patient
their own private link before the first question. From then on the invite link alone opens
nothing: the browser that started carries the case link in a cookie scoped to /i/ and is
taken back to the case; anyone else (the inbox, a link scanner, the staff member who sent
it) gets a page that says the invitation was used and how to get back in.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from sqlalchemy import Connection

from app.core import htmx
from app.core.clock import utcnow
from app.core.crypto import LinkToken
from app.core.i18n import N_, translator
from app.core.sealing import decrypt_name
from app.flows.answers import AnswerError, clean_answer
from app.flows.engine import Flow
from app.models import Invite
from app.services import invites as service
from app.services import journey
from app.services.cases import open_case
from app.services.clinic import read_logo
from app.services.clinic_fields import darker
from app.web.deps import FormDep
from app.web.patient.deps import (
    CaseContext,
    CaseLinks,
    PageDep,
    PatientPage,
    case_page,
    guess_language,
)

router = APIRouter(tags=["invites"])

LOGO_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
COOKIE_PATH = "/i/"


def _invalid(page: PatientPage, reason: str) -> Response:
    status = 404 if reason == "unknown" else 410
    return page.render("patient/invite/invalid.html", {"reason": reason}, status_code=status)


def _problem(invite: Invite | None) -> str | None:
    if invite is None:
        return "unknown"
    if invite.revoked_at is not None:
        return "revoked"
    if not service.is_usable(invite):
        return "expired"
    return None


@dataclass(frozen=True)
class Opened:
    invite: Invite
    link: LinkToken
    data: dict[str, Any]

    @property
    def used(self) -> bool:
        return service.is_used(self.invite, self.data)


def _find(conn: Connection, token: str) -> tuple[Opened | None, str | None]:
    """The usable invite (or why not); a case link left by an older release is dropped."""
    found = service.find_invite(conn, token)
    invite = found[0] if found else None
    if (reason := _problem(invite)) is not None or found is None:
        return None, reason or "unknown"
    invite, link = found
    opened = Opened(invite, link, service.read_sealed(invite, link))
    if "case" in opened.data:
        service.forget_case(conn, invite, link)
    return opened, None


def prefill_for(flow: Flow, prefill: dict[str, object]) -> dict[str, str]:
    """Keep only prefilled answers that the current flow has and accepts."""
    answers: dict[str, str] = {}
    for step_id, raw in prefill.items():
        if not isinstance(raw, str) or not flow.tree.has_step(step_id):
            continue
        try:
            value = clean_answer(flow.step(step_id), raw)
        except AnswerError:
            continue
        if isinstance(value, str) and value:
            answers[step_id] = value
    return answers


def _mark_opened(conn: Connection, invite: Invite) -> None:
    service.mark_opened(conn, invite)
    conn.commit()


# --- The cookie that brings the browser that started back to its case --------------------


def _secure(page: PatientPage) -> bool:
    return page.settings.secure_cookies or page.request.url.scheme == "https"


def resume_cookie(invite: Invite, secure: bool) -> str:
    """One cookie per invite, named by a hash (the name says nothing of the link)."""
    name = "covnav_invite_" + hashlib.sha256(invite.link_hash.encode()).hexdigest()[:16]
    return ("__Secure-" if secure else "") + name


def _own_case(conn: Connection, case_token: str, invite_id: int | None) -> bool:
    view = open_case(conn, case_token)
    return view is not None and view.data.invite_id == invite_id


async def _back_to_case(page: PatientPage, opened: Opened) -> Response | None:
    """The same browser goes back to its case; anyone else gets None."""
    case_token = page.request.cookies.get(resume_cookie(opened.invite, _secure(page)), "")
    if not case_token or not await page.db.run(_own_case, case_token, opened.invite.id):
        return None
    resume = CaseLinks(page.request, case_token, page.settings).resume
    return htmx.see_other(page.request, resume, new_page=True)


def _used(page: PatientPage) -> Response:
    return page.render("patient/invite/used.html", status_code=410)


@router.get("/i/{token}", name="open_invite")
async def open_invite(page: PageDep, token: str) -> Response:
    opened, reason = await page.db.run(_find, token)
    if opened is None:
        return _invalid(page, reason or "unknown")
    page.choose_language(guess_language(page.request, opened.invite.language))
    if opened.used:
        return await _back_to_case(page, opened) or _used(page)
    await page.db.run(_mark_opened, opened.invite)
    context = {
        "name": decrypt_name(page.settings.secret_key, opened.invite.name_encrypted),
        "prefilled": bool(opened.data.get("prefill")),
        "logo_url": page.clinic.logo_url,
        "action": page.path("start_invite", token=token),
    }
    return page.render("patient/invite/start.html", context)


def _start(conn: Connection, page: PatientPage, opened: Opened) -> str | None:
    """Use the invite up and create its case; None if another request used it first."""
    if not service.claim(conn, opened.invite, opened.link):
        conn.rollback()
        return None
    prefill = opened.data.get("prefill")
    view = journey.start(
        conn,
        page.flow,
        retention_days=page.clinic.retention_days,
        today=page.today,
        prefill=prefill_for(page.flow, prefill if isinstance(prefill, dict) else {}),
        invite_id=opened.invite.id,
        lang=page.lang,
        said=page.said,
    )
    return view.token.text


@router.post("/i/{token}", name="start_invite")
async def start_invite(page: PageDep, token: str, form: FormDep) -> Response:
    opened, reason = await page.db.run(_find, token)
    if opened is None:
        return _invalid(page, reason or "unknown")
    page.choose_posted_language(form, opened.invite.language)
    case_token = None if opened.used else await page.db.run(_start, page, opened)
    if case_token is None:
        return await _back_to_case(page, opened) or _used(page)
    target = page.path("show_private_link", token=case_token)
    response = htmx.see_other(page.request, target, new_page=True)
    secure = _secure(page)
    response.set_cookie(
        resume_cookie(opened.invite, secure),
        case_token,
        max_age=max(int((opened.invite.expires_at - utcnow()).total_seconds()), 60),
        path=COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=secure,
    )
    return response


@case_page(router, "/c/{token}/your-link", name="show_private_link")
async def show_private_link(ctx: CaseContext) -> Response:
    """Right after an invite starts a case: the patient's own link, to keep, then go on."""
    link = ctx.links.absolute
    words = translator(ctx.lang).gettext(N_("My private link from %(clinic)s"))
    subject = quote(words % {"clinic": ctx.clinic.name})
    context = {
        "links": ctx.links,
        "next_url": ctx.current_url,
        "mailto": f"mailto:?subject={subject}&body={quote(link)}",
        "sms": f"sms:?&body={quote(link)}",
    }
    return ctx.render("patient/invite/your_link.html", context)


@router.get("/clinic/theme.css", name="clinic_theme")
async def clinic_theme(page: PageDep) -> Response:
    """The clinic's accent colour as CSS variables (validated #rrggbb, so nothing else)."""
    colour = page.clinic.accent_colour
    css = f":root {{ --brand: {colour}; --brand-dark: {darker(colour)}; }}\n" if colour else ""
    versioned = bool(colour) and page.request.query_params.get("v") == colour[1:]
    cache = "public, max-age=31536000, immutable" if versioned else "no-cache"
    return Response(css, media_type="text/css", headers={"Cache-Control": cache})


@router.get("/clinic/logo", name="clinic_logo")
async def clinic_logo(request: Request, page: PageDep) -> Response:
    """The uploaded logo, with a CSP that stops an SVG from doing anything but draw."""
    logo = await page.db.run(read_logo)
    if logo is None:
        return Response(status_code=404, headers={"Cache-Control": "no-store"})
    content, content_type, version = logo
    versioned = request.query_params.get("v") == version
    cache = "public, max-age=31536000, immutable" if versioned else "no-cache"
    extension = ".svg" if "svg" in content_type else ".png"
    return Response(
        content,
        media_type=content_type,
        headers={
            "Content-Security-Policy": LOGO_CSP,
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": "inline; filename=logo" + extension,
            "Cache-Control": cache,
        },
    )
