"""Staff sign-in sessions and the dependencies routes use to require them.

The cookie holds a random token; the database keeps only its SHA-256, so a copy of the
database cannot be used to sign in. Sessions end after SESSION_HOURS, or after
IDLE_MINUTES without a request, or when the account is disabled.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request, Response
from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.core.config import Settings
from app.core.db import SessionDep
from app.models import StaffSession, StaffUser, utcnow

COOKIE = "covnav_staff"
SECURE_COOKIE = "__Host-covnav_staff"
SESSION_HOURS = 12
IDLE_MINUTES = 120
TOUCH_EVERY = timedelta(minutes=5)
LOGIN_PATH = "/staff/login"
PASSWORD_PATH = "/staff/password"
FREE_PATHS = frozenset({PASSWORD_PATH, "/staff/logout"})


class StaffRedirect(Exception):
    """The staff routes answer with a redirect to `url` (sign in, or change password)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class Forbidden(Exception):
    """Signed in, but this page is for admins: the staff routes answer with a 403 page."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "ignore")).hexdigest()


def start_session(session: Session, staff: StaffUser, now: datetime | None = None) -> str:
    """A new session for `staff`; returns the token for the cookie (never stored)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    assert staff.id is not None
    session.add(
        StaffSession(
            token_hash=token_hash(token),
            staff_id=staff.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=SESSION_HOURS),
        )
    )
    session.commit()
    return token


def end_session(session: Session, token: str | None) -> None:
    if token:
        session.exec(delete(StaffSession).where(col(StaffSession.token_hash) == token_hash(token)))
        session.commit()


def end_all_sessions(session: Session, staff_id: int, *, keep_token: str | None = None) -> None:
    """Sign a staff member out everywhere (except, optionally, this browser)."""
    query = delete(StaffSession).where(col(StaffSession.staff_id) == staff_id)
    if keep_token:
        query = query.where(col(StaffSession.token_hash) != token_hash(keep_token))
    session.exec(query)
    session.commit()


def staff_for_token(
    session: Session, token: str | None, now: datetime | None = None
) -> StaffUser | None:
    """The active staff member behind a session token, or None."""
    if not token:
        return None
    now = now or utcnow()
    row = session.exec(
        select(StaffSession).where(StaffSession.token_hash == token_hash(token))
    ).first()
    if row is None:
        return None
    idle_limit = row.last_seen_at + timedelta(minutes=IDLE_MINUTES)
    staff = session.get(StaffUser, row.staff_id)
    if row.expires_at <= now or idle_limit <= now or staff is None or not staff.is_active:
        session.delete(row)
        session.commit()
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        session.add(row)
        session.commit()
    return staff


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def secure(request: Request) -> bool:
    """Secure cookies when configured, or whenever the request came over HTTPS."""
    return settings_of(request).secure_cookies or request.url.scheme == "https"


def cookie_name(request: Request) -> str:
    return SECURE_COOKIE if secure(request) else COOKIE


def read_token(request: Request) -> str | None:
    return request.cookies.get(SECURE_COOKIE) or request.cookies.get(COOKIE)


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        cookie_name(request),
        token,
        max_age=SESSION_HOURS * 3600,
        path="/",
        httponly=True,
        samesite="strict",
        secure=secure(request),
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    for name in (COOKIE, SECURE_COOKIE):
        if name in request.cookies:
            response.delete_cookie(
                name, path="/", httponly=True, samesite="strict", secure=name == SECURE_COOKIE
            )


def current_staff(request: Request, session: SessionDep) -> StaffUser:
    staff = staff_for_token(session, read_token(request))
    if staff is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise StaffRedirect(LOGIN_PATH + "?next=" + quote(target, safe=""))
    if staff.must_change_password and request.url.path not in FREE_PATHS:
        raise StaffRedirect(PASSWORD_PATH)
    request.state.staff = staff
    return staff


def require_admin(staff: Annotated[StaffUser, Depends(current_staff)]) -> StaffUser:
    if not staff.is_admin:
        raise Forbidden()
    return staff


CurrentStaff = Annotated[StaffUser, Depends(current_staff)]
AdminStaff = Annotated[StaffUser, Depends(require_admin)]
