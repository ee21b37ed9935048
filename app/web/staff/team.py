"""Admins: the staff list (add, turn off, turn on) and the audit log."""

from __future__ import annotations

import re

from fastapi import APIRouter, Response
from sqlmodel import col, select

from app.core import htmx
from app.core.passwords import hash_password, temporary_password
from app.models import StaffUser
from app.services import audit, throttle
from app.services.audit import Action
from app.services.staff_auth import end_all_sessions
from app.web.deps import FormDep
from app.web.staff.deps import AdminDep, StaffContext, StaffRoute, text

router = APIRouter(route_class=StaffRoute)

EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}$")


def _team_page(
    ctx: StaffContext,
    *,
    error: str | None = None,
    added: tuple[str, str] | None = None,
    email: str = "",
    status_code: int = 200,
) -> Response:
    members = ctx.session.exec(select(StaffUser).order_by(col(StaffUser.email))).all()
    slowed = {
        m.id
        for m in members
        if throttle.failures_for(ctx.session, throttle.account_key(m.email))
        >= throttle.FREE_FAILURES
    }
    context = {
        "members": members,
        "slowed": slowed,
        "error": error,
        "added": added,
        "email": email,
    }
    return ctx.render("staff/team.html", context, status_code=status_code)


@router.get("/team", name="staff_team")
def list_staff(ctx: AdminDep) -> Response:
    return _team_page(ctx)


@router.post("/team", name="staff_add")
def add_staff(ctx: AdminDep, form: FormDep) -> Response:
    session = ctx.session
    email = text(form, "email").strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        return _team_page(
            ctx,
            error="Enter an email address, like name@example.com.",
            email=email,
            status_code=422,
        )
    if session.exec(select(StaffUser).where(StaffUser.email == email)).first():
        return _team_page(
            ctx, error="There is already an account with that email.", email=email, status_code=422
        )
    password = temporary_password()
    member = StaffUser(
        email=email,
        password_hash=hash_password(password),
        is_admin=text(form, "is_admin") == "1",
        must_change_password=True,
    )
    session.add(member)
    session.commit()
    role = "admin" if member.is_admin else "staff"
    audit.record(
        session,
        Action.staff_added,
        actor=ctx.staff,
        detail=f"{email} ({role})",
        address=ctx.address,
    )
    # Shown once, on this response only; the new member must change it at first sign-in.
    return _team_page(ctx, added=(email, password))


@router.post("/team/{member_id}/disable", name="staff_disable")
def disable_staff(ctx: AdminDep, member_id: int) -> Response:
    return _set_active(ctx, member_id, active=False)


@router.post("/team/{member_id}/enable", name="staff_enable")
def enable_staff(ctx: AdminDep, member_id: int) -> Response:
    return _set_active(ctx, member_id, active=True)


def _set_active(ctx: StaffContext, member_id: int, *, active: bool) -> Response:
    session = ctx.session
    member = session.get(StaffUser, member_id)
    if member is None:
        return _team_page(ctx, error="No such staff member.", status_code=404)
    if member.id == ctx.staff.id:
        return _team_page(ctx, error="You cannot turn off your own account.", status_code=422)
    member.is_active = active
    session.add(member)
    session.commit()
    if not active:
        end_all_sessions(session, member_id)
    action = Action.staff_enabled if active else Action.staff_disabled
    audit.record(session, action, actor=ctx.staff, detail=member.email, address=ctx.address)
    return htmx.see_other(ctx.request, "/staff/team")


@router.post("/team/{member_id}/unlock", name="staff_unlock")
def unlock_staff(ctx: AdminDep, member_id: int) -> Response:
    """Let a member whose account strangers slowed sign in again at once (from any device)."""
    session = ctx.session
    member = session.get(StaffUser, member_id)
    if member is None:
        return _team_page(ctx, error="No such staff member.", status_code=404)
    throttle.clear(session, throttle.account_key(member.email))
    audit.record(
        session, Action.sign_in_cleared, actor=ctx.staff, detail=member.email, address=ctx.address
    )
    return htmx.see_other(ctx.request, "/staff/team")


@router.get("/audit", name="staff_audit")
def show_audit(ctx: AdminDep) -> Response:
    before = ctx.request.query_params.get("before", "")
    events = audit.recent(ctx.session, before_id=int(before) if before.isdigit() else None)
    older = events[-1].id if len(events) == 200 else None
    context = {"events": events, "labels": audit.LABELS, "older": older}
    return ctx.render("staff/audit.html", context)
