"""Retention that runs: delete what is past its time, from `covnav purge` and every hour.

What goes, and when (each a setting, README "Settings"):
- cases past their `expires_at` (the case retention, counted from the last use);
- funnel counters older than `funnel_retention_days` (by the clinic's date);
- invites that expired (or were revoked) more than `invite_retention_days` ago;
- audit rows older than `audit_retention_days`;
- sign-in failure counters untouched for `login_attempt_retention_days` and not holding a
  wait;
- staff sessions that ended (too old, or idle too long).

The server runs it on a schedule (`PurgeSchedule`): each instance checks every few minutes,
and the one whose conditional UPDATE claims the `maintenance_run` row runs it, so several
instances on one database purge once per period. The row keeps when it last ran and the
counts (never an id or a name), which the staff settings page shows.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, and_, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from app.core.clock import local_today, utcnow
from app.core.config import Settings
from app.core.db import Database
from app.models import (
    AuditEvent,
    FunnelCount,
    Invite,
    LoginAttempt,
    MaintenanceRun,
    PatientCase,
    StaffSession,
    table_of,
)
from app.services.staff_auth import IDLE_MINUTES

JOB = "purge"
RUNS = table_of(MaintenanceRun)
CHECK_EVERY = timedelta(minutes=5)  # how often an instance asks "is a purge due?"
FIRST_CHECK_SECONDS = 30.0  # after start, plus up to as much again at random

log = logging.getLogger("app.services.purge")


@dataclass(frozen=True)
class Retention:
    """How long each kind of record is kept (cases carry their own expiry)."""

    funnel_days: int
    invite_days: int
    audit_days: int
    login_attempt_days: int
    timezone: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Retention:
        return cls(
            funnel_days=settings.funnel_retention_days,
            invite_days=settings.invite_retention_days,
            audit_days=settings.audit_retention_days,
            login_attempt_days=settings.login_attempt_retention_days,
            timezone=settings.clinic_timezone,
        )


@dataclass(frozen=True)
class PurgeReport:
    """How many rows of each kind one purge deleted."""

    cases: int = 0
    funnel_counters: int = 0
    invites: int = 0
    audit_events: int = 0
    login_attempts: int = 0
    staff_sessions: int = 0

    def lines(self) -> list[str]:
        labels = {
            "cases": "expired cases",
            "funnel_counters": "old funnel counters",
            "invites": "old invites",
            "audit_events": "old audit log rows",
            "login_attempts": "old sign-in failure counters",
            "staff_sessions": "ended staff sessions",
        }
        return [f"{labels[key]}: {value}" for key, value in asdict(self).items()]

    @property
    def total(self) -> int:
        return sum(asdict(self).values())

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> PurgeReport:
        try:
            data = json.loads(text or "{}")
        except ValueError:
            return cls()
        fields = cls.__dataclass_fields__
        if not isinstance(data, dict):
            return cls()
        return cls(**{k: int(v) for k, v in data.items() if k in fields and isinstance(v, int)})


def _count(conn: Connection, statement: object) -> int:
    result = conn.execute(statement)  # type: ignore[call-overload]
    return int(result.rowcount or 0)


def purge(conn: Connection, retention: Retention, *, now: datetime | None = None) -> PurgeReport:
    """Delete everything past its retention, in one transaction; returns the counts."""
    now = now or utcnow()
    today: date = local_today(retention.timezone, now)
    cases, counts, invites = table_of(PatientCase), table_of(FunnelCount), table_of(Invite)
    audit, attempts = table_of(AuditEvent), table_of(LoginAttempt)
    sessions = table_of(StaffSession)
    invite_cutoff = now - timedelta(days=retention.invite_days)
    attempt_cutoff = now - timedelta(days=retention.login_attempt_days)
    report = PurgeReport(
        cases=_count(conn, delete(cases).where(cases.c.expires_at <= now)),
        funnel_counters=_count(
            conn, delete(counts).where(counts.c.day < today - timedelta(days=retention.funnel_days))
        ),
        invites=_count(
            conn,
            delete(invites).where(
                or_(invites.c.expires_at <= invite_cutoff, invites.c.revoked_at <= invite_cutoff)
            ),
        ),
        audit_events=_count(
            conn, delete(audit).where(audit.c.at < now - timedelta(days=retention.audit_days))
        ),
        login_attempts=_count(
            conn,
            delete(attempts).where(
                attempts.c.last_failure_at < attempt_cutoff,
                or_(attempts.c.locked_until.is_(None), attempts.c.locked_until <= now),
            ),
        ),
        staff_sessions=_count(
            conn,
            delete(sessions).where(
                or_(
                    sessions.c.expires_at <= now,
                    sessions.c.last_seen_at <= now - timedelta(minutes=IDLE_MINUTES),
                )
            ),
        ),
    )
    conn.commit()
    return report


# --- The last run, shared by every instance -------------------------------------------------


@dataclass(frozen=True)
class LastRun:
    finished_at: datetime | None
    report: PurgeReport


def last_run(conn: Connection) -> LastRun:
    row = conn.execute(select(RUNS).where(RUNS.c.name == JOB)).first()
    if row is None:
        return LastRun(None, PurgeReport())
    return LastRun(row.finished_at, PurgeReport.from_json(row.summary))


def _ensure_row(conn: Connection) -> None:
    if conn.execute(select(RUNS.c.name).where(RUNS.c.name == JOB)).first() is None:
        with contextlib.suppress(IntegrityError), conn.begin_nested():
            conn.execute(insert(RUNS).values(name=JOB, summary="{}"))  # unless another did
        conn.commit()


def claim(conn: Connection, every: timedelta, *, now: datetime | None = None) -> bool:
    """Take this period's run, unless another instance (or an earlier run) already did."""
    now = now or utcnow()
    _ensure_row(conn)
    due = or_(RUNS.c.claimed_at.is_(None), RUNS.c.claimed_at <= now - every)
    result = conn.execute(update(RUNS).where(and_(RUNS.c.name == JOB, due)).values(claimed_at=now))
    conn.commit()
    return result.rowcount == 1


def record(conn: Connection, report: PurgeReport, *, now: datetime | None = None) -> None:
    now = now or utcnow()
    _ensure_row(conn)
    conn.execute(
        update(RUNS)
        .where(RUNS.c.name == JOB)
        .values(finished_at=now, summary=report.to_json(), claimed_at=now)
    )
    conn.commit()


def run_now(conn: Connection, retention: Retention) -> PurgeReport:
    """`covnav purge`: purge whatever the schedule says, and note the run."""
    report = purge(conn, retention)
    record(conn, report)
    return report


def run_if_due(conn: Connection, retention: Retention, every: timedelta) -> PurgeReport | None:
    """The scheduled purge: runs only if this instance claims the period; else None."""
    if not claim(conn, every):
        return None
    report = purge(conn, retention)
    record(conn, report)
    return report


class PurgeSchedule:
    """Runs the purge in the background of a served app (started and stopped by main)."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.retention = Retention.from_settings(settings)
        self.every = timedelta(minutes=settings.purge_every_minutes)
        self.first_delay = FIRST_CHECK_SECONDS * (1 + random.random())
        self.tasks: set[asyncio.Task[None]] = set()

    @property
    def enabled(self) -> bool:
        return self.every > timedelta(0)

    async def tick(self) -> PurgeReport | None:
        """One check: purge if due (on a worker thread: deletes can take a moment)."""
        report = await run_in_threadpool(self.db.call, run_if_due, self.retention, self.every)
        if report is not None:
            log.info("purge: deleted %s", ", ".join(report.lines()))
        return report

    async def _loop(self) -> None:
        await asyncio.sleep(self.first_delay)
        while True:
            try:
                await self.tick()
            except Exception:  # a database hiccup must not end the schedule
                log.exception("purge: the scheduled run failed; trying again later")
            pause = min(self.every, CHECK_EVERY).total_seconds()
            await asyncio.sleep(pause * (0.8 + 0.4 * random.random()))

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """The schedule for as long as the block runs (one app lifespan), on its own loop."""
        if not self.enabled:
            yield
            return
        task = asyncio.get_running_loop().create_task(self._loop())
        self.tasks.add(task)
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            self.tasks.discard(task)
