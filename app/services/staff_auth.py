"""Staff sign-in sessions, kept in the database.

The cookie holds a random token; the database keeps only its SHA-256, so a copy of the
database cannot be used to sign in. Sessions end after SESSION_HOURS, or after
IDLE_MINUTES without a request, or when the account is disabled.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.models import StaffSession, StaffUser, utcnow

SESSION_HOURS = 12
IDLE_MINUTES = 120
TOUCH_EVERY = timedelta(minutes=5)


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
