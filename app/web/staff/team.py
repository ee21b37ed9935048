"""Admins: the staff list (add, turn off, turn on) and the audit log."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request, Response
from sqlmodel import col, select

from app.core import htmx
from app.core.db import SessionDep
from app.core.passwords import hash_password, temporary_password
from app.models import StaffUser
from app.services import audit
from app.services.audit import Action
from app.services.staff_auth import AdminStaff, end_all_sessions
from app.web.patient.deps import FormDep
from app.web.staff.deps import StaffRoute, client_address, page, text

router = APIRouter(route_class=StaffRoute)

EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}$")


def _team_page(
    request: Request,
    session: SessionDep,
    *,
    error: str | None = None,
    added: tuple[str, str] | None = None,
    email: str = "",
    status_code: int = 200,
) -> Response:
    members = session.exec(select(StaffUser).order_by(col(StaffUser.email))).all()
    context = {"members": members, "error": error, "added": added, "email": email}
    return page(request, "staff/team.html", context, status_code=status_code)


@router.get("/team", name="staff_team")
def list_staff(request: Request, session: SessionDep, admin: AdminStaff) -> Response:
    return _team_page(request, session)


@router.post("/team", name="staff_add")
def add_staff(request: Request, session: SessionDep, admin: AdminStaff, form: FormDep) -> Response:
    email = text(form, "email").strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        return _team_page(request, session, error="Enter an email address, like name@example.com.",
                          email=email, status_code=422)
    if session.exec(select(StaffUser).where(StaffUser.email == email)).first():
        return _team_page(request, session, error="There is already an account with that email.",
                          email=email, status_code=422)
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
    audit.record(session, Action.staff_added, actor=admin, detail=f"{email} ({role})",
                 address=client_address(request))
    # Shown once, on this response only; the new member must change it at first sign-in.
    return _team_page(request, session, added=(email, password))


@router.post("/team/{member_id}/disable", name="staff_disable")
def disable_staff(
    request: Request, member_id: int, session: SessionDep, admin: AdminStaff
) -> Response:
    return _set_active(request, session, admin, member_id, active=False)


@router.post("/team/{member_id}/enable", name="staff_enable")
def enable_staff(
    request: Request, member_id: int, session: SessionDep, admin: AdminStaff
) -> Response:
    return _set_active(request, session, admin, member_id, active=True)


def _set_active(
    request: Request, session: SessionDep, admin: StaffUser, member_id: int, *, active: bool
) -> Response:
    member = session.get(StaffUser, member_id)
    if member is None:
        return _team_page(request, session, error="No such staff member.", status_code=404)
    if member.id == admin.id:
        return _team_page(request, session, error="You cannot turn off your own account.",
                          status_code=422)
    member.is_active = active
    session.add(member)
    session.commit()
    if not active:
        end_all_sessions(session, member_id)
    action = Action.staff_enabled if active else Action.staff_disabled
    audit.record(session, action, actor=admin, detail=member.email,
                 address=client_address(request))
    return htmx.see_other(request, "/staff/team")


@router.get("/audit", name="staff_audit")
def show_audit(request: Request, session: SessionDep, admin: AdminStaff) -> Response:
    before = request.query_params.get("before", "")
    events = audit.recent(session, before_id=int(before) if before.isdigit() else None)
    older = events[-1].id if len(events) == 200 else None
    return page(
        request, "staff/audit.html", {"events": events, "labels": audit.LABELS, "older": older}
    )
