"""Read a date as a person types it: 3/15/2026, 3-15-26, March 15 2026, 2026-03-15.

Month first, as in the US, unless the first number cannot be a month (15/3/2026). A date
that does not exist (February 31) is named as such, so the patient knows what to fix.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from app.flows.types.base import MONTH_NAMES, N_, AnswerError

MAX_TYPED = 40
EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)
EXAMPLE = "03/15/2026"
NOT_A_DATE = N_("Please enter a real date, like 03/15/2026.")

_SEP = r"\s*[/.\-\s]\s*"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(rf"(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}})")
_NAME_FIRST = re.compile(r"([a-z]+)\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?([a-z]+)\.?,?\s*(\d{4})")
_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"sept": 9}


def read_date(text: str) -> date:
    """The date typed; AnswerError says what to fix and keeps the patient's own words."""
    body = " ".join(text.strip().lower().split())
    if len(body) > MAX_TYPED:
        raise AnswerError(NOT_A_DATE)
    year, month, day = _parts(body)
    if not 1 <= month <= 12:
        raise AnswerError(NOT_A_DATE)
    if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        raise AnswerError(N_("Please check the year."))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        if day > days:
            raise AnswerError(
                N_("%(month)s %(year)s has only %(days)s days. Please check the day."),
                month=MONTH_NAMES[month - 1],
                year=year,
                days=days,
            )
        raise AnswerError(NOT_A_DATE)
    return date(year, month, day)


def _parts(body: str) -> tuple[int, int, int]:
    """(year, month, day) as typed, before any check that the date exists."""
    if match := _ISO.fullmatch(body):
        year, month, day = (int(g) for g in match.groups())
        return year, month, day
    if match := _NUMERIC.fullmatch(body):
        first, second, year_text = match.groups()
        month, day = int(first), int(second)
        if month > 12 and day <= 12:  # 15/3/2026 can only be March 15
            month, day = day, month
        year = int(year_text)
        return (2000 + year if len(year_text) == 2 else year), month, day
    for pattern, name_at in ((_NAME_FIRST, 0), (_DAY_FIRST, 1)):
        if (match := pattern.fullmatch(body)) and match.group(name_at + 1) in _MONTHS:
            groups = match.groups()
            day_text = groups[1 - name_at]
            return int(groups[2]), _MONTHS[groups[name_at]], int(day_text)
    raise AnswerError(NOT_A_DATE)


def as_typed(day: date) -> str:
    """A date the way the field asks for it: 3/15/2026."""
    return f"{day.month}/{day.day}/{day.year}"
