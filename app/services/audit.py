"""The audit log of staff actions. Callers pass ids and field names, never passwords,
tokens or anything a patient typed; `detail` is also cut to a safe length."""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Session, col, select

from app.models import AuditEvent, StaffUser

MAX_DETAIL = 500


class Action(StrEnum):
    login = "login"
    login_failed = "login_failed"
    logout = "logout"
    password_changed = "password_changed"
    staff_added = "staff_added"
    staff_disabled = "staff_disabled"
    staff_enabled = "staff_enabled"
    sign_in_cleared = "sign_in_cleared"
    invite_created = "invite_created"
    invite_revoked = "invite_revoked"
    settings_changed = "settings_changed"
    logo_changed = "logo_changed"


LABELS: dict[str, str] = {
    Action.login: "Signed in",
    Action.login_failed: "Failed sign-in",
    Action.logout: "Signed out",
    Action.password_changed: "Changed password",
    Action.staff_added: "Added staff member",
    Action.staff_disabled: "Disabled staff member",
    Action.staff_enabled: "Enabled staff member",
    Action.sign_in_cleared: "Cleared sign-in waits",
    Action.invite_created: "Created invite",
    Action.invite_revoked: "Revoked invite",
    Action.settings_changed: "Changed clinic settings",
    Action.logo_changed: "Changed logo",
}


def record(
    session: Session,
    action: Action,
    *,
    actor: StaffUser | None = None,
    detail: str = "",
    address: str | None = None,
    commit: bool = True,
) -> AuditEvent:
    """Append one event."""
    event = AuditEvent(
        action=action.value,
        actor_id=actor.id if actor else None,
        actor_email=actor.email if actor else None,
        detail=detail[:MAX_DETAIL],
        address=(address or None) and address[:64],
    )
    session.add(event)
    if commit:
        session.commit()
    return event


def recent(session: Session, *, limit: int = 200, before_id: int | None = None) -> list[AuditEvent]:
    """Newest first; page back with `before_id`."""
    query = select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(limit)
    if before_id is not None:
        query = query.where(col(AuditEvent.id) < before_id)
    return list(session.exec(query).all())
