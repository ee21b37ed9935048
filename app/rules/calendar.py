"""Deadlines as an iCalendar (.ics) file: one all-day event each, with a reminder a week before."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from app.rules.deadlines import Deadline
from app.rules.sentences import Text

PRODID = "-//Coverage Navigator//Deadlines//EN"
REMINDER_DAYS = 7
MEDIA_TYPE = "text/calendar; charset=utf-8"


def _weekday_date(day: date) -> str:
    """'Friday, August 7'."""
    return f"{day:%A}, {day:%B} {day.day}"


def _month_day(day: date) -> str:
    """'August 7'."""
    return f"{day:%B} {day.day}"


@dataclass(frozen=True)
class CalendarWords:
    """The words of the calendar file, English unless the caller gives another language's
    (app.documents.calendar_words). Placeholders: {label}, {send}, {note}, {citation}, {date}.
    `text` renders a deadline's label, note and citation (messages) in that language."""

    summary: str = "{label} today"
    summary_send: str = " (send by {send})"
    send_line: str = "Send it by {send}, one business day before."
    rule: str = "Rule: {citation}"
    reminder: str = "In one week: {label} {date}."
    reminder_send: str = " Send it by {send}."
    weekday_date: Callable[[date], str] = _weekday_date
    month_day: Callable[[date], str] = _month_day
    lower_label: bool = True  # "In one week: claim deadline ..." reads as a sentence
    text: Callable[[Text], str] = str


ENGLISH = CalendarWords()


def _send_by_text(d: Deadline, words: CalendarWords = ENGLISH) -> str:
    """'Friday, August 7' (the weekday and date to send by), or ''."""
    if d.send_by is None:
        return ""
    return words.weekday_date(d.send_by)


def deadlines_ics(
    deadlines: Iterable[Deadline],
    *,
    stamp: datetime | None = None,
    name: str = "Deadlines",
    words: CalendarWords = ENGLISH,
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
        send = _send_by_text(d, words)
        event.add(
            "summary",
            words.summary.format(label=words.text(d.label))
            + (words.summary_send.format(send=send) if send else ""),
        )
        sent = words.send_line.format(send=send) + "\n\n" if send else ""
        rule = words.rule.format(citation=words.text(d.citation))
        event.add("description", f"{sent}{words.text(d.note)}\n\n{rule}".strip())
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        label = words.text(d.label).lower() if words.lower_label else words.text(d.label)
        alarm.add(
            "description",
            words.reminder.format(label=label, date=words.month_day(d.date))
            + (words.reminder_send.format(send=send) if send else ""),
        )
        alarm.add("trigger", timedelta(days=-REMINDER_DAYS))
        event.add_component(alarm)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
