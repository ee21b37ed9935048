"""Tables for staff accounts, invites, clinic settings, the audit log and funnel events.

Nothing here holds a patient's answers. The only personal data is an invite's first name,
stored encrypted. Times are timezone-aware UTC (`utcnow()`); SQLModel stores them as UTC.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, LargeBinary, Text
from sqlmodel import Field, SQLModel

from app.core.clock import utcnow


class StaffUser(SQLModel, table=True):
    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    is_admin: bool = False
    is_active: bool = True
    must_change_password: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class StaffSession(SQLModel, table=True):
    """A signed-in browser. Only a SHA-256 of the cookie's token is stored."""

    __tablename__ = "staff_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    staff_id: int = Field(foreign_key="staff_user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime


class LoginAttempt(SQLModel, table=True):
    """Failed sign-ins counted per account or per client address (keys are hashed)."""

    __tablename__ = "staff_login_attempt"

    id: int | None = Field(default=None, primary_key=True)
    key_hash: str = Field(max_length=64, unique=True, index=True)
    failures: int = 0
    last_failure_at: datetime = Field(default_factory=utcnow)
    locked_until: datetime | None = None


class AuditEvent(SQLModel, table=True):
    """One staff action. Never holds a password or anything a patient typed."""

    __tablename__ = "staff_audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    action: str = Field(max_length=40, index=True)
    actor_id: int | None = Field(default=None, foreign_key="staff_user.id")
    actor_email: str | None = Field(default=None, max_length=254)
    detail: str = Field(default="", max_length=500)
    address: str | None = Field(default=None, max_length=64)


class ClinicSettings(SQLModel, table=True):
    """The single row (id 1) of clinic settings; `data` is validated JSON (ClinicValues)."""

    __tablename__ = "clinic_settings"

    id: int = Field(default=1, primary_key=True)
    data: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    logo: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    logo_type: str | None = Field(default=None, max_length=40)
    updated_at: datetime = Field(default_factory=utcnow)


class Invite(SQLModel, table=True):
    """A link a staff member made for one new client.

    `link_hash` is the SHA-256 of the link's lookup id (as for cases); the link is never
    stored. `name_encrypted` is the first name, encrypted with the server key so staff can
    see it in the list. `sealed` holds the prefilled answers, sealed with a key derived from
    the invite link (app.core.crypto.seal). The times say how far the patient got: staff
    see that status, never an answer.
    """

    __tablename__ = "staff_invite"

    id: int | None = Field(default=None, primary_key=True)
    link_hash: str = Field(max_length=64, unique=True, index=True)
    name_encrypted: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    sealed: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    language: str = Field(default="en", max_length=8)
    created_by: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None
    opened_at: datetime | None = None
    started_at: datetime | None = None
    answered_at: datetime | None = None
    finished_at: datetime | None = None


class FunnelCount(SQLModel, table=True):
    """How many times something happened on one day: a counter, never a per-patient row.

    kind: `started`, `reached` / `answered` (with step_id), `time:N` (time-on-step bucket N,
    with step_id), `results`, `printed`, `downloaded`. Nothing here can be joined into one
    patient's path.
    """

    __tablename__ = "funnel_count"

    day: date = Field(primary_key=True)
    step_id: str = Field(default="", max_length=60, primary_key=True)
    kind: str = Field(max_length=16, primary_key=True)
    lang: str = Field(default="en", max_length=8, primary_key=True)
    n: int = 0
