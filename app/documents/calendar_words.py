"""The calendar file's words in the patient's language (app.rules.calendar stays pure)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache

from babel.dates import format_date

from app.core.i18n import DEFAULT, N_, translator
from app.present.format import renderer
from app.rules.calendar import ENGLISH, CalendarWords

CALENDAR_NAME = N_("Your claim and appeal deadlines")
# Translators: a calendar event's title; {label} is the deadline's name. Keep the braces.
SUMMARY = N_("{label} today")
SUMMARY_SEND = N_(" (send by {send})")
SEND_LINE = N_("Send it by {send}, one business day before.")
RULE = N_("Rule: {citation}")
REMINDER = N_("In one week: {label} {date}.")
REMINDER_SEND = N_(" Send it by {send}.")
LOCALES = {"es": "es_US"}


def _babel_dates(lang: str) -> tuple[Callable[[date], str], Callable[[date], str]]:
    locale = LOCALES.get(lang, lang)

    def weekday_date(day: date) -> str:
        return format_date(day, "EEEE d 'de' MMMM", locale=locale)

    def month_day(day: date) -> str:
        return format_date(day, "d 'de' MMMM", locale=locale)

    return weekday_date, month_day


@cache
def calendar_words(lang: str) -> CalendarWords:
    """The calendar's words in `lang`; English for English or a language we do not have."""
    t = translator(lang)
    if t.lang == DEFAULT:
        return ENGLISH
    weekday_date, month_day = _babel_dates(t.lang)
    return CalendarWords(
        summary=t.gettext(SUMMARY),
        summary_send=t.gettext(SUMMARY_SEND),
        send_line=t.gettext(SEND_LINE),
        rule=t.gettext(RULE),
        reminder=t.gettext(REMINDER),
        reminder_send=t.gettext(REMINDER_SEND),
        weekday_date=weekday_date,
        month_day=month_day,
        lower_label=False,
        text=renderer(t.lang).text,
    )


def calendar_name(lang: str) -> str:
    return translator(lang).gettext(CALENDAR_NAME)
