"""Patient side of invites (/i/<token>), and the clinic's logo and theme (/clinic/...).

GET shows a welcome (link scanners in mail apps only "open" it); the Start button POSTs,
which creates the case with the prefilled answers and goes into the wizard. Opening the
link again later goes straight back to the same case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

from app.core import htmx
from app.core.config import Settings
from app.core.crypto import LinkToken
from app.core.db import SessionDep
from app.core.sealing import analytics_id_for, decrypt_name
from app.core.templating import render
from app.flows.answers import AnswerError, clean_answer
from app.flows.engine import Flow
from app.models import Invite
from app.services import invites as service
from app.services.cases import create_case, open_case
from app.services.clinic import ClinicInfo, get_clinic, load_logo
from app.services.clinic_fields import darker
from app.web.patient.deps import CaseLinks, FlowDep, SettingsDep

router = APIRouter(tags=["invites"])

LOGO_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def _invalid(request: Request, clinic: ClinicInfo, reason: str) -> Response:
    status = 404 if reason == "unknown" else 410
    context = {"clinic": clinic, "reason": reason}
    return render(request, "patient/invite/invalid.html", context, status_code=status)


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
    clinic: ClinicInfo
    invite: Invite
    link: LinkToken
    data: dict[str, Any]

    @property
    def case_token(self) -> str | None:
        """The patient's case link once they started, if that case still exists."""
        token = self.data.get("case")
        return token if isinstance(token, str) else None


def _open(
    request: Request, token: str, session: Session, settings: Settings
) -> Opened | Response:
    """The usable invite behind a link, or the friendly page that says why it is not."""
    clinic = get_clinic(session, settings)
    found = service.find_invite(session, token)
    invite = found[0] if found else None
    if (reason := _problem(invite)) is not None or found is None:
        return _invalid(request, clinic, reason or "unknown")
    invite, link = found
    return Opened(clinic, invite, link, service.read_sealed(invite, link))


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


@router.get("/i/{token}", name="open_invite")
def open_invite(
    request: Request, token: str, session: SessionDep, settings: SettingsDep
) -> Response:
    opened = _open(request, token, session, settings)
    if isinstance(opened, Response):
        return opened
    case_token = opened.case_token
    if case_token and open_case(session, case_token) is not None:
        return htmx.see_other(request, CaseLinks(request, case_token).resume, new_page=True)
    service.mark_opened(session, opened.invite)
    context = {
        "clinic": opened.clinic,
        "name": decrypt_name(settings.secret_key, opened.invite.name_encrypted),
        "prefilled": bool(opened.data.get("prefill")),
        "logo_url": opened.clinic.logo_url,
        "action": request.app.url_path_for("start_invite", token=token),
    }
    return render(request, "patient/invite/start.html", context)


@router.post("/i/{token}", name="start_invite")
def start_invite(
    request: Request, token: str, session: SessionDep, settings: SettingsDep, flow: FlowDep
) -> Response:
    opened = _open(request, token, session, settings)
    if isinstance(opened, Response):
        return opened
    case_token = opened.case_token
    if not (case_token and open_case(session, case_token) is not None):
        prefill = opened.data.get("prefill")
        answers = prefill_for(flow, prefill if isinstance(prefill, dict) else {})
        retention = opened.clinic.retention_days or settings.case_retention_days
        row, case_token = create_case(session, retention_days=retention, prefill=answers)
        service.attach_case(
            session, opened.invite, opened.link,
            case_token=case_token, analytics_id=analytics_id_for(settings.secret_key, row.id),
        )
    return htmx.see_other(request, CaseLinks(request, case_token).resume, new_page=True)


@router.get("/clinic/theme.css", name="clinic_theme")
def clinic_theme(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    """The clinic's accent colour as CSS variables (validated #rrggbb, so nothing else)."""
    colour = get_clinic(session, settings).accent_colour
    css = f":root {{ --brand: {colour}; --brand-dark: {darker(colour)}; }}\n" if colour else ""
    versioned = bool(colour) and request.query_params.get("v") == colour[1:]
    cache = "public, max-age=31536000, immutable" if versioned else "no-cache"
    return Response(css, media_type="text/css", headers={"Cache-Control": cache})


@router.get("/clinic/logo", name="clinic_logo")
def clinic_logo(request: Request, session: SessionDep) -> Response:
    """The uploaded logo, with a CSP that stops an SVG from doing anything but draw."""
    logo = load_logo(session)
    if logo is None:
        return Response(status_code=404, headers={"Cache-Control": "no-store"})
    content, content_type, version = logo
    cache = "public, max-age=31536000, immutable" if request.query_params.get("v") == version \
        else "no-cache"
    return Response(
        content,
        media_type=content_type,
        headers={
            "Content-Security-Policy": LOGO_CSP,
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": "inline; filename=logo" + (".svg" if "svg" in content_type
                                                              else ".png"),
            "Cache-Control": cache,
        },
    )
