"""Background jobs' bookkeeping: one row per job, so every app instance sees the last run."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel


class MaintenanceRun(SQLModel, table=True):
    """The last run of one job (`name`, e.g. "purge").

    An instance claims a run with a conditional UPDATE of `claimed_at` (app.services.purge),
    so however many instances share the database, one runs the job at a time. `summary` is
    what the run did, as JSON counts: never an id, a name or anything a patient typed.
    """

    __tablename__ = "maintenance_run"

    name: str = Field(max_length=40, primary_key=True)
    claimed_at: datetime | None = None
    finished_at: datetime | None = None
    summary: str = Field(default="{}", sa_column=Column(Text, nullable=False))
