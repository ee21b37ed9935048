"""Federal holidays and the date arithmetic the deadline rules share.

Federal holidays are the legal public holidays of 5 U.S.C. 6103(a), including Juneteenth
(since 2021), with the observed-day rule of 6103(b): a Saturday holiday is kept on the
Friday before, a Sunday holiday on the Monday after. They come from the `holidays`
package's federal "public" category, not a hand-written table. We leave out Inauguration
Day (6103(c)): it is a holiday only for workers in the Washington, D.C. area. We also leave
out one-off closures by executive order (the package's "government" category).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays

from app.rules.say import N_, Day, Say

# "This is a Sunday": each weekday as its own message (a Spanish weekday takes no article
# change, but another language's might).
A_WEEKDAY = (
    N_("a Monday"),
    N_("a Tuesday"),
    N_("a Wednesday"),
    N_("a Thursday"),
    N_("a Friday"),
    N_("a Saturday"),
    N_("a Sunday"),
)
# The federal holidays' names as the `holidays` package gives them, marked for translation.
HOLIDAY_NAMES = (
    N_("New Year's Day"),
    N_("Martin Luther King Jr. Day"),
    N_("Washington's Birthday"),
    N_("Memorial Day"),
    N_("Juneteenth National Independence Day"),
    N_("Independence Day"),
    N_("Labor Day"),
    N_("Columbus Day"),
    N_("Veterans Day"),
    N_("Thanksgiving Day"),
    N_("Christmas Day"),
)


@lru_cache(maxsize=1)
def _federal() -> holidays.HolidayBase:
    return holidays.country_holidays("US", categories=("public",), observed=True)


def federal_holiday(day: date) -> str | None:
    """The holiday's name when `day` is a federal holiday or its observed day, else None."""
    name = _federal().get(day)
    return str(name) if name else None


def is_business_day(day: date) -> bool:
    """Not a Saturday, Sunday or federal holiday."""
    return day.weekday() < 5 and federal_holiday(day) is None


def roll_forward(day: date) -> date:
    """The first day on or after `day` that is not a Saturday, Sunday or federal holiday."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def last_business_day_on_or_before(day: date) -> date:
    """The last day on or before `day` that is not a Saturday, Sunday or federal holiday."""
    while not is_business_day(day):
        day -= timedelta(days=1)
    return day


def add_months_or_next_first(start: date, months: int) -> date:
    """Same day `months` later; with no such day, the 1st of the month after.

    The external-review month-end rule: Oct 30 + 4 months has no Feb 30, so it is Mar 1.
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    if start.day <= calendar.monthrange(year, month)[1]:
        return date(year, month, start.day)
    index += 1
    return date(start.year + index // 12, index % 12 + 1, 1)


def add_months_or_month_end(start: date, months: int) -> date:
    """Same day `months` later; with no such day, the last day of that month (the earlier).

    Used where no rule says what to do (e.g. a Feb 29 visit plus 12 months), to stay safe.
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _holiday(name: str) -> Say | str:
    """A holiday's name as a message; a name we did not mark stays as the package gives it."""
    return Say(name) if name in HOLIDAY_NAMES else name


def _what(day: date) -> Say:
    holiday = federal_holiday(day)
    if holiday is None:
        return Say(A_WEEKDAY[day.weekday()])
    if holiday.endswith(" (observed)"):
        return Say(
            "the federal day off for %(holiday)s",
            holiday=_holiday(holiday.removesuffix(" (observed)")),
        )
    return Say("%(holiday)s (a federal holiday)", holiday=_holiday(holiday))


def day_note(day: date) -> Say | str:
    """Say when a date that does not roll forward falls on a weekend or holiday."""
    if is_business_day(day):
        return ""
    before = last_business_day_on_or_before(day)
    return Say(
        "This is %(what)s. Offices may be closed: file by %(day)s.",
        what=_what(day),
        day=Day(before, "short"),
    )


def roll_note(original: date, rolled: date) -> Say | str:
    """Explain a roll-forward past a weekend or holiday."""
    if original == rolled:
        return ""
    return Say(
        "%(date)s is %(what)s, so the deadline moves to the next working day, %(day)s.",
        date=Day(original, "month_day"),
        what=_what(original),
        day=Day(rolled, "short"),
    )
