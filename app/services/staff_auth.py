"""Staff sign-in sessions, kept in the database, and the "known device" mark.

The cookie holds a random token; the database keeps only its SHA-256, so a copy of the
database cannot be used to sign in. Sessions end after SESSION_HOURS, or after
IDLE_MINUTES without a request, or when the account is disabled.

A browser that signed in before carries a device mark: the member's id, when, and an HMAC
of both with the server key and the current password hash (so a new password retires every
mark). Sign-in throttling counts a marked device's failures on their own, so a stranger's
guesses (which slow the account and the stranger's address) never keep the member out of the
browser they already use (app.services.throttle).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.models import StaffSession, StaffUser, utcnow

SESSION_HOURS = 12
IDLE_MINUTES = 120
TOUCH_EVERY = timedelta(minutes=5)
DEVICE_DAYS = 180


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


def _device_sig(secret: str, staff: StaffUser, issued: int) -> str:
    message = f"device:{staff.id}:{issued}:{staff.password_hash}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def device_mark(secret: str, staff: StaffUser, now: datetime | None = None) -> str:
    """The cookie value that marks this browser as one `staff` signed in from."""
    issued = int((now or utcnow()).timestamp())
    return f"{staff.id}.{issued}.{_device_sig(secret, staff, issued)}"


def device_key(
    secret: str, mark: str | None, staff: StaffUser | None, now: datetime | None = None
) -> str | None:
    """The throttle key of a browser that signed in as `staff` before; None if it is not one
    (no mark, another member's, too old, forged, or made before a password change)."""
    if not mark or staff is None or staff.id is None:
        return None
    parts = mark.split(".")
    if len(parts) != 3 or parts[0] != str(staff.id) or not parts[1].isdigit():
        return None
    issued = int(parts[1])
    age = (now or utcnow()).timestamp() - issued
    if not 0 <= age <= DEVICE_DAYS * 86400:
        return None
    if not hmac.compare_digest(parts[2], _device_sig(secret, staff, issued)):
        return None
    return "device:" + parts[2]
