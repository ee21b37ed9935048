"""The one clock: aware UTC for stored times, and the clinic's local date for every "today".

Deadlines, remarks, documents and stats all count days from the clinic's calendar date
(`COVNAV_CLINIC_TIMEZONE`), never from the server's local date or the UTC date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "America/New_York"


def utcnow() -> datetime:
    """Aware UTC: SQLModel's datetime columns store and return UTC with the zone."""
    return datetime.now(UTC)


@lru_cache(maxsize=8)
def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name`; ValueError names the bad value."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{name!r} is not an IANA time zone name, like America/New_York") from exc


def local_today(timezone: str, now: datetime | None = None) -> date:
    """The calendar date at the clinic (in `timezone`) at `now` (default: this moment)."""
    return (now or utcnow()).astimezone(zone(timezone)).date()
