"""Sign in, sign out and change password."""

from __future__ import annotations

from fastapi import APIRouter, Response
from sqlmodel import Session, select

from app.core import htmx
from app.core.passwords import (
    PasswordRuleError,
    check_new_password,
    hash_password,
    needs_rehash,
    verify_password,
)
from app.models import StaffUser
from app.services import audit, throttle
from app.services.audit import Action
from app.services.staff_auth import (
    device_key,
    device_mark,
    end_all_sessions,
    end_session,
    start_session,
)
from app.web.deps import FormDep
from app.web.staff.deps import (
    StaffDep,
    StaffPageDep,
    StaffRoute,
    clear_session_cookie,
    read_device,
    read_token,
    safe_next,
    set_device_cookie,
    set_session_cookie,
    text,
)

router = APIRouter(route_class=StaffRoute)

HOME = "/staff/invites"
# The one answer to a wrong password, an unknown email and a turned-off account alike.
WRONG = "That email and password do not match. Please try again."


def find_staff(session: Session, email: str) -> StaffUser | None:
    email = email.strip().lower()
    return session.exec(select(StaffUser).where(StaffUser.email == email)).first()


def wait_message(seconds: int) -> str:
    return (
        "Too many failed sign-ins. For your security, please wait "
        f"{throttle.describe_wait(seconds)} before trying again."
    )


@router.get("/login", name="staff_login")
def show_login(ctx: StaffPageDep) -> Response:
    query = ctx.request.query_params
    return ctx.render(
        "staff/login.html",
        {
            "next": query.get("next", ""),
            "email": "",
            "error": None,
            "signed_out": "signed_out" in query,
        },
    )


@router.post("/login", name="staff_login_submit")
def submit_login(ctx: StaffPageDep, form: FormDep) -> Response:
    request, session = ctx.request, ctx.session
    email, password = text(form, "email").strip().lower(), text(form, "password")
    next_url = text(form, "next")
    address = ctx.address
    staff = find_staff(session, email) if email else None
    # A browser this member signed in from before has its own counter (app.services.throttle).
    device = device_key(ctx.settings.secret_key, read_device(request), staff)
    keys = throttle.device_keys(device) if device else throttle.keys_for(email, address)

    def again(message: str, status: int) -> Response:
        context = {"next": next_url, "email": email, "error": message, "signed_out": False}
        return ctx.render("staff/login.html", context, status_code=status)

    wait = throttle.wait_seconds(session, keys)
    if wait:
        return again(wait_message(wait), 429)
    matches = verify_password(staff.password_hash if staff else None, password)
    if staff is None or not matches or not staff.is_active:
        wait = throttle.record_failure(session, keys)
        reason = (
            "unknown account"
            if staff is None
            else ("account disabled" if matches else "wrong password")
        )
        audit.record(session, Action.login_failed, actor=staff, detail=reason, address=address)
        if wait:
            return again(wait_message(wait), 429)
        return again(WRONG, 401)
    throttle.clear(session, keys[0])
    if needs_rehash(staff.password_hash):
        staff.password_hash = hash_password(password)
        session.add(staff)
    audit.record(session, Action.login, actor=staff, address=address)
    token = start_session(session, staff)
    target = "/staff/password" if staff.must_change_password else safe_next(next_url, HOME)
    response = htmx.see_other(request, target, new_page=True)
    set_session_cookie(request, response, token)
    set_device_cookie(request, response, device_mark(ctx.settings.secret_key, staff))
    return response


@router.post("/logout", name="staff_logout")
def logout(ctx: StaffDep) -> Response:
    end_session(ctx.session, read_token(ctx.request))
    audit.record(ctx.session, Action.logout, actor=ctx.staff, address=ctx.address)
    response = htmx.see_other(ctx.request, "/staff/login?signed_out=1", new_page=True)
    clear_session_cookie(ctx.request, response)
    return response


@router.get("/password", name="staff_password")
def show_password(ctx: StaffDep) -> Response:
    done = "done" in ctx.request.query_params
    return ctx.render("staff/password.html", {"errors": {}, "done": done})


@router.post("/password", name="staff_password_submit")
def submit_password(ctx: StaffDep, form: FormDep) -> Response:
    request, session, staff = ctx.request, ctx.session, ctx.staff
    current, new, confirm = text(form, "current"), text(form, "new"), text(form, "confirm")
    errors: dict[str, str] = {}
    if not verify_password(staff.password_hash, current):
        errors["current"] = "That is not your current password."
    try:
        check_new_password(new, email=staff.email)
    except PasswordRuleError as exc:
        errors["new"] = str(exc)
    if not errors.get("new") and new != confirm:
        errors["confirm"] = "The two new passwords are different."
    if not errors.get("new") and new == current:
        errors["new"] = "Choose a password different from the current one."
    if errors:
        context = {"errors": errors, "done": False}
        return ctx.render("staff/password.html", context, status_code=422)
    staff.password_hash = hash_password(new)
    staff.must_change_password = False
    session.add(staff)
    audit.record(session, Action.password_changed, actor=staff, address=ctx.address)
    assert staff.id is not None
    end_all_sessions(session, staff.id, keep_token=read_token(request))
    response = htmx.see_other(request, "/staff/password?done=1")
    # The new password retired every device mark; this browser stays a known one.
    set_device_cookie(request, response, device_mark(ctx.settings.secret_key, staff))
    return response
