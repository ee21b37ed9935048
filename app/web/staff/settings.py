"""Admins: clinic settings, the logo, and the embed snippets."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from starlette.datastructures import UploadFile

from app.core import htmx
from app.services import audit
from app.services import clinic as clinic_settings
from app.services.audit import Action
from app.services.clinic import ClinicInfo, ClinicValues
from app.services.clinic_fields import CODE_LABELS, NETWORK_STATUSES, mask
from app.services.embed import snippets
from app.services.logo import MAX_BYTES, LogoError, check_logo
from app.services.purge import last_run
from app.web.deps import FormDep
from app.web.staff.clinic_form import SettingsFormError, values_from_form
from app.web.staff.deps import AdminDep, StaffContext, StaffRoute, text, texts

router = APIRouter(route_class=StaffRoute)

BLANK_NETWORK_ROWS = 3


def _form_values(values: ClinicValues, clinic: ClinicInfo | None = None) -> dict[str, Any]:
    """What the inputs show: NPI and tax ID masked, lists as text, and (with `clinic`) the
    details the site was set up with where nothing is saved yet."""
    shown = values.model_dump()
    if clinic is not None:
        for field, current in (
            ("clinic_name", clinic.name),
            ("address", clinic.address),
            ("phone", clinic.phone),
            ("email", clinic.email),
        ):
            shown[field] = shown[field] or current
    shown["npi"], shown["tax_id"] = mask(values.npi), mask(values.tax_id)
    shown["embed_origins"] = "\n".join(values.embed_origins)
    shown["network"] = [n.model_dump() for n in values.network] + [
        {"insurer": "", "status": "out_of_network"}
    ] * BLANK_NETWORK_ROWS
    return shown


def _settings_page(
    ctx: StaffContext,
    shown: dict[str, Any],
    *,
    errors: dict[str, str] | None = None,
    logo_error: str | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "values": shown,
        "errors": errors or {},
        "logo_error": logo_error,
        "code_labels": CODE_LABELS,
        "statuses": NETWORK_STATUSES,
        "logo_limit_kb": MAX_BYTES // 1024,
        "saved": ctx.request.query_params.get("saved"),
        "purge": last_run(ctx.session.connection()),
        "purge_every": ctx.settings.purge_every_minutes,
        "retention": {
            "funnel": ctx.settings.funnel_retention_days,
            "invites": ctx.settings.invite_retention_days,
            "audit": ctx.settings.audit_retention_days,
        },
    }
    return ctx.render("staff/settings.html", context, status_code=status_code)


@router.get("/settings", name="staff_settings")
def show_settings(ctx: AdminDep) -> Response:
    values = clinic_settings.load_values(ctx.session)
    return _settings_page(ctx, _form_values(values, ctx.clinic))


@router.post("/settings", name="staff_settings_save")
def save_settings(ctx: AdminDep, form: FormDep) -> Response:
    session = ctx.session
    current = clinic_settings.load_values(session)
    scalars = {key: value for key, value in form.items() if isinstance(value, str)}
    lists = {name: texts(form, name) for name in ("cpt_codes", "insurer_name", "insurer_status")}
    try:
        values = values_from_form(scalars, lists, current)
    except SettingsFormError as exc:
        shown: dict[str, Any] = {**_form_values(current), **scalars}
        shown["cpt_codes"] = lists["cpt_codes"]
        shown["network"] = [
            {"insurer": n, "status": s}
            for n, s in zip(lists["insurer_name"], lists["insurer_status"], strict=False)
        ]
        return _settings_page(ctx, shown, errors=exc.errors, status_code=422)
    changed = clinic_settings.save_values(session, values)
    ctx.clinic_changed()
    if changed:
        audit.record(
            session,
            Action.settings_changed,
            actor=ctx.staff,
            detail="fields: " + ", ".join(changed),
            address=ctx.address,
        )
    return htmx.see_other(ctx.request, "/staff/settings?saved=settings")


@router.post("/settings/logo", name="staff_logo_upload")
def upload_logo(ctx: AdminDep, form: FormDep) -> Response:
    session = ctx.session
    upload = form.get("logo")
    if text(form, "remove") == "1":
        clinic_settings.save_logo(session, None, None)
        ctx.clinic_changed()
        audit.record(
            session, Action.logo_changed, actor=ctx.staff, detail="removed", address=ctx.address
        )
        return htmx.see_other(ctx.request, "/staff/settings?saved=logo#logo")
    error = None
    if not isinstance(upload, UploadFile) or not upload.filename:
        error = "Please choose a PNG or SVG file to upload."
    else:
        data = upload.file.read()  # the body is already capped by the CSRF middleware
        try:
            logo = check_logo(data, upload.filename)
        except LogoError as exc:
            error = str(exc)
        else:
            clinic_settings.save_logo(session, logo.content, logo.content_type)
            ctx.clinic_changed()
            audit.record(
                session,
                Action.logo_changed,
                actor=ctx.staff,
                detail=logo.content_type,
                address=ctx.address,
            )
            return htmx.see_other(ctx.request, "/staff/settings?saved=logo#logo")
    shown = _form_values(clinic_settings.load_values(session))
    return _settings_page(ctx, shown, logo_error=error, status_code=422)


@router.get("/embed", name="staff_embed")
def show_embed(ctx: AdminDep) -> Response:
    return ctx.render("staff/embed.html", {"snippets": snippets(ctx.public_base, ctx.clinic)})
