"""Staff: the invite list, the new-invite form, the created page, and revoking."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from urllib.parse import quote

from fastapi import APIRouter, Response

from app.core import htmx
from app.core.i18n import DEFAULT, N_, translator
from app.core.sealing import decrypt_name
from app.present.format import format_long_date
from app.present.qr import qr_svg
from app.services import audit
from app.services import invites as service
from app.services.audit import Action
from app.services.clinic import ClinicInfo
from app.services.clinic_fields import CODE_LABELS, CPT_CODES
from app.web.deps import FormDep
from app.web.staff.deps import StaffContext, StaffDep, StaffRoute, text, texts

router = APIRouter(route_class=StaffRoute)
INVITE_QR_LABEL = "QR code for the invite link"


def _codes(clinic: ClinicInfo) -> list[tuple[str, str]]:
    return [(c, CODE_LABELS[c]) for c in (clinic.cpt_codes or CPT_CODES)]


@router.get("/invites", name="staff_invites")
def list_invites(ctx: StaffDep) -> Response:
    rows = []
    for invite, status, since in service.invite_rows(ctx.session):
        rows.append(
            {
                "invite": invite,
                "name": decrypt_name(ctx.settings.secret_key, invite.name_encrypted),
                "status": status,
                "since": since,
                "live": status
                in (service.Status.created, service.Status.opened, service.Status.in_progress),
            }
        )
    revoked = ctx.request.query_params.get("revoked")
    return ctx.render("staff/invites.html", {"rows": rows, "revoked": revoked})


@router.get("/invites/new", name="staff_invite_new")
def new_invite(ctx: StaffDep) -> Response:
    clinic = ctx.clinic
    values = {
        "first_name": "",
        "service_date": "",
        "session_minutes": str(clinic.default_session_minutes or ""),
        "fee": clinic.default_fee,
        "codes": list(clinic.cpt_codes[:1]),
        "language": "en",
    }
    return _form(ctx, values, {})


def _form(
    ctx: StaffContext, values: Mapping[str, object], errors: dict[str, str], status_code: int = 200
) -> Response:
    context = {
        "values": values,
        "errors": errors,
        "codes": _codes(ctx.clinic),
        "languages": service.LANGUAGES,
        "days": ctx.clinic.invite_days,
    }
    return ctx.render("staff/invite_new.html", context, status_code=status_code)


@router.post("/invites", name="staff_invite_create")
def create_invite(ctx: StaffDep, form: FormDep) -> Response:
    clinic, session, staff = ctx.clinic, ctx.session, ctx.staff
    fields = {
        k: text(form, k)
        for k in ("first_name", "service_date", "session_minutes", "fee", "language")
    }
    codes = texts(form, "codes")
    try:
        parsed = service.parse_invite_form(fields, codes)
    except service.InviteFormError as exc:
        return _form(ctx, {**fields, "codes": codes}, exc.errors, 422)
    invite, token = service.create_invite(
        session, parsed, staff=staff, secret_key=ctx.settings.secret_key, days=clinic.invite_days
    )
    audit.record(
        session,
        Action.invite_created,
        actor=staff,
        detail=f"invite {invite.id}",
        address=ctx.address,
    )
    url = ctx.public_base + str(ctx.request.app.url_path_for("open_invite", token=token))
    lang = parsed.language
    message = share_message(clinic.name, parsed.first_name, url, invite.expires_at, lang)
    context = {
        "url": url,
        "name": parsed.first_name,
        "expires_at": invite.expires_at,
        "qr": qr_svg(url, INVITE_QR_LABEL),
        "mailto": "mailto:?subject="
        + quote(translator(lang).gettext(SUBJECT) % {"clinic": clinic.name})
        + "&body="
        + quote(message),
        "sms": "sms:?&body=" + quote(message),
        "message": message,
    }
    # The link is shown on this response only: the database keeps just its hash.
    return ctx.render("staff/invite_created.html", context)


SUBJECT = N_("Your insurance checklist from %(clinic)s")
HELLO_NAME = N_("Hi %(name)s,")
HELLO = N_("Hi,")
SHARE = N_(
    "%(hello)s this is %(clinic)s. This private link helps you get paid back by your "
    "insurance for your visits, one simple question at a time: %(url)s "
    "It works until %(date)s."
)


def share_message(
    clinic_name: str, first_name: str, url: str, expires_at: datetime, lang: str = DEFAULT
) -> str:
    """The e-mail or text message with the invite link, in the invite's language."""
    t = translator(lang)
    hello = t.gettext(HELLO_NAME) % {"name": first_name} if first_name else t.gettext(HELLO)
    when = format_long_date(expires_at.date(), t.lang)
    return t.gettext(SHARE) % {"hello": hello, "clinic": clinic_name, "url": url, "date": when}


@router.post("/invites/{invite_id}/revoke", name="staff_invite_revoke")
def revoke_invite(ctx: StaffDep, invite_id: int) -> Response:
    invite = service.revoke(ctx.session, invite_id)
    if invite is not None:
        audit.record(
            ctx.session,
            Action.invite_revoked,
            actor=ctx.staff,
            detail=f"invite {invite_id}",
            address=ctx.address,
        )
    return htmx.see_other(ctx.request, f"/staff/invites?revoked={invite_id}")
