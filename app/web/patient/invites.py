"""Patient side of invites (/i/<token>), and the clinic's logo and theme (/clinic/...).

GET shows a welcome (link scanners in mail apps only "open" it); the Start button POSTs,
which creates the case with the prefilled answers and goes into the wizard. Opening the
link again later goes straight back to the same case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import Connection

from app.core import htmx
from app.core.crypto import LinkToken
from app.core.sealing import decrypt_name
from app.flows.answers import AnswerError, clean_answer
from app.flows.engine import Flow
from app.models import Invite
from app.present.remarks import said_for
from app.services import invites as service
from app.services import journey
from app.services.cases import open_case
from app.services.clinic import read_logo
from app.services.clinic_fields import darker
from app.web.patient.deps import CaseLinks, PageDep, PatientPage

router = APIRouter(tags=["invites"])

LOGO_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


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
    def case_token(self) -> str | None:
        """The patient's case link once they started."""
        token = self.data.get("case")
        return token if isinstance(token, str) else None


def _find(conn: Connection, token: str) -> tuple[Opened | None, str | None, bool]:
    """The usable invite (or why not), and whether its case still exists."""
    found = service.find_invite(conn, token)
    invite = found[0] if found else None
    if (reason := _problem(invite)) is not None or found is None:
        return None, reason or "unknown", False
    invite, link = found
    opened = Opened(invite, link, service.read_sealed(invite, link))
    alive = bool(opened.case_token) and open_case(conn, opened.case_token or "") is not None
    return opened, None, alive


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


@router.get("/i/{token}", name="open_invite")
async def open_invite(page: PageDep, token: str) -> Response:
    opened, reason, alive = await page.db.run(_find, token)
    if opened is None:
        return _invalid(page, reason or "unknown")
    if alive and opened.case_token:
        resume = CaseLinks(page.request, opened.case_token, page.settings).resume
        return htmx.see_other(page.request, resume, new_page=True)
    await page.db.run(_mark_opened, opened.invite)
    context = {
        "name": decrypt_name(page.settings.secret_key, opened.invite.name_encrypted),
        "prefilled": bool(opened.data.get("prefill")),
        "logo_url": page.clinic.logo_url,
        "action": page.path("start_invite", token=token),
    }
    return page.render("patient/invite/start.html", context)


def _start(conn: Connection, page: PatientPage, opened: Opened) -> str:
    prefill = opened.data.get("prefill")
    answers = prefill_for(page.flow, prefill if isinstance(prefill, dict) else {})
    view = journey.start(
        conn,
        page.flow,
        retention_days=page.clinic.retention_days,
        today=page.today,
        prefill=answers,
        invite_id=opened.invite.id,
        said=said_for(page.flow, page.today),
    )
    service.attach_case(conn, opened.invite, opened.link, case_token=view.token.text)
    conn.commit()
    return view.token.text


@router.post("/i/{token}", name="start_invite")
async def start_invite(page: PageDep, token: str) -> Response:
    opened, reason, alive = await page.db.run(_find, token)
    if opened is None:
        return _invalid(page, reason or "unknown")
    case_token = opened.case_token if alive else None
    if case_token is None:
        case_token = await page.db.run(_start, page, opened)
    resume = CaseLinks(page.request, case_token, page.settings).resume
    return htmx.see_other(page.request, resume, new_page=True)


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
