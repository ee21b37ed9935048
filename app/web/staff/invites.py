"""Staff: the invite list, the new-invite form, the created page, and revoking."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import quote

import segno
from fastapi import APIRouter, Request, Response
from markupsafe import Markup

from app.core import htmx
from app.core.db import SessionDep
from app.core.sealing import decrypt_name
from app.services import audit
from app.services import invites as service
from app.services.audit import Action
from app.services.clinic import ClinicInfo, get_clinic
from app.services.clinic_fields import CODE_LABELS, CPT_CODES
from app.services.staff_auth import CurrentStaff
from app.web.patient.deps import FormDep, SettingsDep
from app.web.staff.deps import StaffRoute, client_address, page, public_base, text, texts

router = APIRouter(route_class=StaffRoute)


def _codes(clinic: ClinicInfo) -> list[tuple[str, str]]:
    return [(c, CODE_LABELS[c]) for c in (clinic.cpt_codes or CPT_CODES)]


@router.get("/invites", name="staff_invites")
def list_invites(
    request: Request, session: SessionDep, settings: SettingsDep, staff: CurrentStaff
) -> Response:
    rows = []
    for invite, status, since in service.invite_rows(session):
        rows.append({
            "invite": invite,
            "name": decrypt_name(settings.secret_key, invite.name_encrypted),
            "status": status,
            "since": since,
            "live": status in (service.Status.created, service.Status.opened,
                               service.Status.in_progress),
        })
    revoked = request.query_params.get("revoked")
    return page(request, "staff/invites.html", {"rows": rows, "revoked": revoked})


@router.get("/invites/new", name="staff_invite_new")
def new_invite(
    request: Request, session: SessionDep, settings: SettingsDep, staff: CurrentStaff
) -> Response:
    clinic = get_clinic(session, settings)
    values = {
        "first_name": "",
        "service_date": "",
        "session_minutes": str(clinic.default_session_minutes or ""),
        "fee": clinic.default_fee,
        "codes": list(clinic.cpt_codes[:1]),
        "language": "en",
    }
    return _form(request, clinic, values, {})


def _form(
    request: Request,
    clinic: ClinicInfo,
    values: Mapping[str, object],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    context = {
        "values": values,
        "errors": errors,
        "codes": _codes(clinic),
        "languages": service.LANGUAGES,
        "days": clinic.invite_days,
    }
    return page(request, "staff/invite_new.html", context, status_code=status_code)


@router.post("/invites", name="staff_invite_create")
def create_invite(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    staff: CurrentStaff,
    form: FormDep,
) -> Response:
    clinic = get_clinic(session, settings)
    fields = {k: text(form, k) for k in ("first_name", "service_date", "session_minutes",
                                          "fee", "language")}
    codes = texts(form, "codes")
    try:
        parsed = service.parse_invite_form(fields, codes)
    except service.InviteFormError as exc:
        return _form(request, clinic, {**fields, "codes": codes}, exc.errors, 422)
    invite, token = service.create_invite(
        session, parsed, staff=staff, secret_key=settings.secret_key, days=clinic.invite_days
    )
    audit.record(session, Action.invite_created, actor=staff, detail=f"invite {invite.id}",
                 address=client_address(request))
    url = public_base(request, settings) + str(request.app.url_path_for("open_invite", token=token))
    message = share_message(clinic.name, parsed.first_name, url, invite.expires_at)
    context = {
        "url": url,
        "name": parsed.first_name,
        "expires_at": invite.expires_at,
        "qr": qr_svg(url),
        "mailto": "mailto:?subject=" + quote(f"Your insurance checklist from {clinic.name}")
        + "&body=" + quote(message),
        "sms": "sms:?&body=" + quote(message),
        "message": message,
    }
    # The link is shown on this response only: the database keeps just its hash.
    return page(request, "staff/invite_created.html", context)


def share_message(clinic_name: str, first_name: str, url: str, expires_at: datetime) -> str:
    hello = f"Hi {first_name}," if first_name else "Hi,"
    return (
        f"{hello} this is {clinic_name}. This private link helps you get paid back by your "
        f"insurance for your visits, one simple question at a time: {url} "
        f"It works until {expires_at:%B} {expires_at.day}, {expires_at.year}."
    )


def qr_svg(url: str) -> Markup:
    """An inline SVG QR code for the invite link (segno output; nothing typed by a person)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", xmldecl=False, svgns=True, scale=4, border=2, omitsize=True,
        svgclass="qr", lineclass="qr-line", title="QR code for the invite link",
    )
    svg = buffer.getvalue().decode("utf-8")
    labelled = '<svg role="img" aria-label="QR code for the invite link" '
    return Markup(svg.replace("<svg ", labelled, 1))


@router.post("/invites/{invite_id}/revoke", name="staff_invite_revoke")
def revoke_invite(
    request: Request, invite_id: int, session: SessionDep, staff: CurrentStaff
) -> Response:
    invite = service.revoke(session, invite_id)
    if invite is not None:
        audit.record(session, Action.invite_revoked, actor=staff, detail=f"invite {invite_id}",
                     address=client_address(request))
    return htmx.see_other(request, f"/staff/invites?revoked={invite_id}")
