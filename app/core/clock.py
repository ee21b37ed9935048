"""The one clock: aware UTC for stored times, and the clinic's local date for every "today".

Deadlines, remarks, documents and stats all count days from the clinic's calendar date
(`COVNAV_CLINIC_TIMEZONE`), never from the server's local date or the UTC date.

Tests move time with `travel(delta)` instead of sleeping: every `utcnow()` (and so every
"today", expiry, retention and token age) reads the moved clock. Nothing outside tests
calls it; the offset is zero otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "America/New_York"

_offset = timedelta(0)


def utcnow() -> datetime:
    """Aware UTC: SQLModel's datetime columns store and return UTC with the zone."""
    return datetime.now(UTC) + _offset


@contextmanager
def travel(delta: timedelta) -> Iterator[None]:
    """A test hook: inside the block, the clock runs `delta` ahead (nested travels add up)."""
    global _offset
    before = _offset
    _offset = before + delta
    try:
        yield
    finally:
        _offset = before


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
