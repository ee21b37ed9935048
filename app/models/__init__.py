"""Database tables. Importing this package registers every table with SQLModel.metadata."""

from app.models.cases import PatientCase, utcnow
from app.models.staff import (
    AuditEvent,
    ClinicSettings,
    Invite,
    LoginAttempt,
    StaffSession,
    StaffUser,
    StepEvent,
)

__all__ = [
    "AuditEvent",
    "ClinicSettings",
    "Invite",
    "LoginAttempt",
    "PatientCase",
    "StaffSession",
    "StaffUser",
    "StepEvent",
    "utcnow",
]
