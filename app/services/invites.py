"""Invite links: a staff member prepares a link for one new client.

The link is /i/<token>, a case-style token (app.core.crypto): the database keeps only the hash
of its lookup id. The prefilled answers are sealed with a key derived from the token, so
staff and the database never read them back. The first name is encrypted with the server
key, because staff see it in the list.

An invite is used once. When the patient starts, `claim` marks it used and drops the sealed
prefill in the same UPDATE; from then on the invite link alone opens nothing of the case
(the database holds no way from the invite to the case: only the case's own sealed blob
names its invite). The patient keeps their own private link; the browser that started
carries it in a cookie scoped to /i/, so the same browser is taken back (app.web.patient).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, select, update
from sqlmodel import Session, col
from sqlmodel import select as orm_select

from app.core.clock import utcnow
from app.core.crypto import DecryptError, LinkToken, new_token, open_sealed, parse_token, seal
from app.core.sealing import encrypt_name
from app.models import Invite, StaffUser, table_of
from app.services import clinic_fields as check

LANGUAGES: dict[str, str] = {"en": "English", "es": "Español (Spanish)"}
NAME_MAX = 40
_NAME = re.compile(r"^[^\d@<>/\\:;=+_#%&*{}\[\]|~^$\"]+$")


class Status(StrEnum):
    created = "created"
    opened = "opened"
    in_progress = "in progress"
    finished = "finished"
    expired = "expired"
    revoked = "revoked"


class InviteFormError(ValueError):
    """The invite form had mistakes: `errors` maps field name to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class InviteForm:
    first_name: str = ""
    service_date: str = ""
    session_minutes: str = ""
    codes: tuple[str, ...] = ()
    fee: str = ""
    language: str = "en"

    def prefill(self) -> dict[str, str]:
        """The wizard answers this invite fills in (answer ids from docs/flow-format.md)."""
        answers = {
            "service_date": self.service_date,
            "session_minutes": self.session_minutes,
            "main_code": self.codes[0] if self.codes else "",
            "fee": self.fee,
        }
        return {key: value for key, value in answers.items() if value}


def parse_invite_form(form: Mapping[str, str], codes: Sequence[str]) -> InviteForm:
    """Validate what a staff member typed; raises InviteFormError with friendly messages."""
    errors: dict[str, str] = {}
    name = " ".join(form.get("first_name", "").split())
    if len(name) > NAME_MAX:
        errors["first_name"] = f"Please keep the first name under {NAME_MAX} characters."
    elif name and not _NAME.match(name):
        errors["first_name"] = "Enter a first name only: letters, spaces, hyphens."
    visit = form.get("service_date", "").strip()
    if visit:
        try:
            parsed = date.fromisoformat(visit)
            if not date(1990, 1, 1) <= parsed <= date(2100, 12, 31):
                raise ValueError
            visit = parsed.isoformat()
        except ValueError:
            errors["service_date"] = "Enter a real date, like 2026-03-15."
    minutes, fee = "", ""
    try:
        number = check.whole_number(form.get("session_minutes", ""), 5, 240)
        minutes = "" if number is None else str(number)
    except ValueError as exc:
        errors["session_minutes"] = str(exc)
    try:
        fee = check.money(form.get("fee", ""))
    except ValueError as exc:
        errors["fee"] = str(exc)
    if any(c not in check.CPT_CODES for c in codes):
        errors["codes"] = "Pick codes from the list."
    language = form.get("language") or "en"
    if language not in LANGUAGES:
        errors["language"] = "Pick a language from the list."
    if errors:
        raise InviteFormError(errors)
    ordered = tuple(dict.fromkeys(codes))
    return InviteForm(name, visit, minutes, ordered, fee, language)


def create_invite(
    session: Session,
    form: InviteForm,
    *,
    staff: StaffUser,
    secret_key: str,
    days: int,
    now: datetime | None = None,
) -> tuple[Invite, str]:
    """Store a new invite; returns it and its link token (shown once, never stored)."""
    now = now or utcnow()
    token = new_token()
    invite = Invite(
        link_hash=token.lookup_hash,
        name_encrypted=encrypt_name(secret_key, form.first_name) if form.first_name else None,
        sealed=seal(token, {"prefill": form.prefill(), "codes": list(form.codes)}),
        language=form.language,
        created_by=staff.id,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(invite)
    session.commit()
    session.refresh(invite)
    return invite, token.text


INVITES = table_of(Invite)


def find_invite(conn: Connection, text: str) -> tuple[Invite, LinkToken] | None:
    """The invite behind a link, or None for a link that is not one of ours."""
    token = parse_token(text)
    if token is None:
        return None
    row = conn.execute(select(INVITES).where(INVITES.c.link_hash == token.lookup_hash)).first()
    return (Invite.model_validate(dict(row._mapping)), token) if row is not None else None


def is_usable(invite: Invite, now: datetime | None = None) -> bool:
    return invite.revoked_at is None and invite.expires_at > (now or utcnow())


def read_sealed(invite: Invite, token: LinkToken) -> dict[str, Any]:
    try:
        return open_sealed(token, invite.sealed)
    except DecryptError:
        return {}


def is_used(invite: Invite, data: Mapping[str, Any]) -> bool:
    """The patient started from this invite (`case` in the sealed data: an older release
    kept the case link there)."""
    return invite.started_at is not None or "case" in data


def claim(conn: Connection, invite: Invite, token: LinkToken, now: datetime | None = None) -> bool:
    """Mark the invite used and forget its prefill, unless someone else just did; True if
    this request won. The caller creates the case and commits (or rolls back on False)."""
    now = now or utcnow()
    result = conn.execute(
        update(INVITES)
        .where(INVITES.c.id == invite.id, INVITES.c.started_at.is_(None))
        .values(sealed=seal(token, {}), started_at=now, opened_at=invite.opened_at or now)
    )
    return result.rowcount == 1


def forget_case(conn: Connection, invite: Invite, token: LinkToken) -> None:
    """Drop a case link an older release sealed into a used invite (and commit)."""
    started = invite.started_at or invite.opened_at or utcnow()
    conn.execute(
        update(INVITES)
        .where(INVITES.c.id == invite.id)
        .values(sealed=seal(token, {}), started_at=started)
    )
    conn.commit()


def mark_opened(conn: Connection, invite: Invite, now: datetime | None = None) -> None:
    """Note the first time the invite was opened (the caller commits)."""
    conn.execute(
        update(INVITES)
        .where(INVITES.c.id == invite.id, INVITES.c.opened_at.is_(None))
        .values(opened_at=now or utcnow())
    )


PROGRESS_COLUMNS = frozenset({"started_at", "answered_at", "finished_at"})


def note_progress(
    conn: Connection, invite_id: int, column: str, now: datetime | None = None
) -> None:
    """Note the first time the invite's patient started, answered or finished (no commit)."""
    if column not in PROGRESS_COLUMNS:
        raise ValueError(column)
    field = INVITES.c[column]
    conn.execute(
        update(INVITES)
        .where(INVITES.c.id == invite_id, field.is_(None))
        .values({column: now or utcnow()})
    )


def revoke(session: Session, invite_id: int, now: datetime | None = None) -> Invite | None:
    """Revoke an invite that is still live; None if there is no such invite."""
    invite = session.get(Invite, invite_id)
    if invite is None:
        return None
    if invite.revoked_at is None:
        invite.revoked_at = now or utcnow()
        session.add(invite)
        session.commit()
    return invite


def status_of(invite: Invite, now: datetime | None = None) -> tuple[Status, datetime]:
    """The status staff see, and since when."""
    now = now or utcnow()
    if invite.finished_at is not None:
        return Status.finished, invite.finished_at
    if invite.revoked_at is not None:
        return Status.revoked, invite.revoked_at
    if invite.expires_at <= now:
        return Status.expired, invite.expires_at
    if invite.answered_at is not None:
        return Status.in_progress, invite.answered_at
    if invite.opened_at is not None:
        return Status.opened, invite.opened_at
    return Status.created, invite.created_at


def recent_invites(session: Session, limit: int = 100) -> list[Invite]:
    query = orm_select(Invite).order_by(col(Invite.created_at).desc(), col(Invite.id).desc())
    return list(session.exec(query.limit(limit)).all())


def invite_rows(
    session: Session, limit: int = 100, now: datetime | None = None
) -> list[tuple[Invite, Status, datetime]]:
    """The newest invites with their status and since when, for the staff list."""
    return [(invite, *status_of(invite, now)) for invite in recent_invites(session, limit)]
