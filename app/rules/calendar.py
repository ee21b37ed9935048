"""Deadlines as an iCalendar (.ics) file: one all-day event each, with a reminder a week before."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from app.rules.deadlines import Deadline

PRODID = "-//Coverage Navigator//Deadlines//EN"
REMINDER_DAYS = 7
MEDIA_TYPE = "text/calendar; charset=utf-8"


def _send_by_text(d: Deadline) -> str:
    """'Friday, August 7' (the weekday and date to send by), or ''."""
    if d.send_by is None:
        return ""
    return f"{d.send_by:%A}, {d.send_by:%B} {d.send_by.day}"


def deadlines_ics(
    deadlines: Iterable[Deadline], *, stamp: datetime | None = None, name: str = "Deadlines"
) -> bytes:
    """Build the .ics bytes. Reference-only dates (advised=False) are left out on purpose."""
    stamp = stamp or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for d in deadlines:
        if not d.advised:
            continue
        event = Event()
        event.add("uid", f"{d.id}-{d.date.isoformat()}@coverage-navigator")
        event.add("dtstamp", stamp)
        event.add("dtstart", d.date)
        event.add("dtend", d.date + timedelta(days=1))
        send = _send_by_text(d)
        event.add("summary", f"{d.label} today" + (f" (send by {send})" if send else ""))
        sent = f"Send it by {send}, one business day before.\n\n" if send else ""
        event.add("description", f"{sent}{d.note}\n\nRule: {d.citation}".strip())
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add(
            "description",
            f"In one week: {d.label.lower()} {d.date:%B} {d.date.day}."
            + (f" Send it by {send}." if send else ""),
        )
        alarm.add("trigger", timedelta(days=-REMINDER_DAYS))
        event.add_component(alarm)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
