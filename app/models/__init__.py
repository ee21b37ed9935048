"""Database tables. Importing this package registers every table with SQLModel.metadata."""

from sqlalchemy import Table
from sqlmodel import SQLModel

from app.core.clock import utcnow
from app.models.cases import PatientCase
from app.models.maintenance import MaintenanceRun
from app.models.staff import (
    AuditEvent,
    ClinicSettings,
    FunnelCount,
    Invite,
    LoginAttempt,
    StaffSession,
    StaffUser,
)

__all__ = [
    "table_of",
    "AuditEvent",
    "ClinicSettings",
    "FunnelCount",
    "Invite",
    "LoginAttempt",
    "MaintenanceRun",
    "PatientCase",
    "StaffSession",
    "StaffUser",
    "utcnow",
]


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a model, for the hot paths that skip the ORM."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table
