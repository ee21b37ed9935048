"""The one place that turns values into words and figures a person reads.

Pages, PDFs and the JSON API all format money, dates, answers and stage titles here, so
the same answer reads the same everywhere ("$1,200.00", "I'm not sure", "March 5, 2026").
The English functions come first; `format_money`, `format_long_date`, `Words(lang)` and the
others below them take a language (English or Spanish) and give the same words in it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from babel.dates import format_date
from babel.numbers import format_currency
from jinja2 import pass_context
from jinja2.runtime import Context

from app.core.i18n import DEFAULT, N_, language_of, translator
from app.flows.conditions import AnswerValue
from app.flows.schema import Stage, Step
from app.rules import denial_codes
from app.rules.say import ENGLISH, Cash, Day, Renderer, Say

YESNO_LABELS: dict[str, str] = {"yes": N_("Yes"), "no": N_("No"), "not_sure": N_("I'm not sure")}
STAGE_TITLES: dict[Stage, str] = {
    Stage.before: N_("Before your visits"),
    Stage.after: N_("After each visit"),
    Stage.denied: N_("If your claim was denied"),
}
NOT_ANSWERED = N_("Not answered")
SKIPPED_TEXT = N_("Skipped")
WHAT_TO_DO = N_("What to do")
MONEY_RANGE = N_("%(low)s to %(high)s")


def _amount(amount: Decimal | int | str) -> Decimal | None:
    """The amount as a finite Decimal, or None for text that is not an amount."""
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def money(amount: Decimal | int | str) -> str:
    """'$1,200.00'; text that is not an amount is returned as it is."""
    value = _amount(amount)
    return str(amount) if value is None else f"${value:,.2f}"


def whole_money(amount: Decimal) -> str:
    """'$54': to the nearest dollar, for plain words like "about $54 a visit"."""
    return f"${amount.quantize(Decimal(1), rounding=ROUND_HALF_UP):,.0f}"


def money_range(a: Decimal, b: Decimal) -> str:
    """One amount, or 'low to high' when the two ends differ."""
    low, high = min(a, b), max(a, b)
    return money(low) if low == high else f"{money(low)} to {money(high)}"


def long_date(day: date) -> str:
    """'March 5, 2026'."""
    return f"{day:%B} {day.day}, {day.year}"


def full_date(day: date) -> str:
    """'Thursday, March 5, 2026'."""
    return f"{day:%A}, {long_date(day)}"


def iso_long_date(value: str) -> str:
    """A stored ISO date as 'March 5, 2026'; anything else is returned as it is."""
    try:
        return long_date(date.fromisoformat(value))
    except ValueError:
        return value


def stage_title(stage: Stage | str) -> str:
    try:
        return STAGE_TITLES[Stage(stage)]
    except ValueError:
        return WHAT_TO_DO


class PlainWords:
    """How answers are worded for a person (the flow's step types call these methods)."""

    def choice(self, step: Step, value: str) -> str:
        return next((c.label for c in step.choices if c.value == value), value)

    def yesno(self, value: str) -> str:
        return YESNO_LABELS.get(value, value)

    def join(self, labels: Sequence[str]) -> str:
        return ", ".join(labels)

    def money(self, value: str) -> str:
        return money(value)

    def date(self, value: str) -> str:
        return iso_long_date(value)

    def skipped(self) -> str:
        return SKIPPED_TEXT

    def not_answered(self) -> str:
        return NOT_ANSWERED


WORDS = PlainWords()


def choices(step: Step) -> list[tuple[str, str]]:
    """(value, label) for each choice a patient can pick at this step."""
    return step.kind.choices(step, WORDS)


def choice_labels(step: Step) -> dict[str, str]:
    """Choice value -> the words the patient picked from."""
    return dict(choices(step))


def answer_text(step: Step, value: AnswerValue | None) -> str:
    """An answer as the patient would say it."""
    if value == []:
        return NOT_ANSWERED
    return step.kind.label(step, value, WORDS)


# In another language: Babel's Spanish (United States) locale, es_US.
LOCALES: dict[str, str] = {"en": "en_US", "es": "es_US"}


def _lang(lang: str) -> str:
    return language_of(lang) or DEFAULT


def format_money(amount: Decimal | int | str, lang: str = DEFAULT) -> str:
    """An amount as `money()` in `lang`; text that is not an amount is returned as it is.

    Spanish uses es_US, which writes dollars as US bills, EOBs and receipts print them:
    "$1,200.00", sign first, comma for thousands, point for cents (Spain's "1.200,00 US$"
    would not match the patient's papers). A negative amount reads "-$5.50"."""
    if _lang(lang) == DEFAULT:
        return money(amount)
    value = _amount(amount)
    if value is None:
        return str(amount)
    return format_currency(value, "USD", locale=LOCALES[_lang(lang)])


def format_money_range(a: Decimal, b: Decimal, lang: str = DEFAULT) -> str:
    """`money_range()` in `lang`: "$100.00 a $200.00" in Spanish."""
    low, high = min(a, b), max(a, b)
    if low == high:
        return format_money(low, lang)
    words = translator(lang).gettext(MONEY_RANGE)
    return words % {"low": format_money(low, lang), "high": format_money(high, lang)}


def format_long_date(day: date, lang: str = DEFAULT) -> str:
    """`long_date()` in `lang`: "5 de marzo de 2026" in Spanish.

    Always the month's name, never Babel's short es_US form "5/3/2026": day first, it
    would read as May 3 next to the month-first dates on US forms."""
    if _lang(lang) == DEFAULT:
        return long_date(day)
    return format_date(day, "long", locale=LOCALES[_lang(lang)])


def format_full_date(day: date, lang: str = DEFAULT) -> str:
    """`full_date()` in `lang`: "jueves, 5 de marzo de 2026" in Spanish (weekday and
    month in lower case, as Spanish writes them)."""
    if _lang(lang) == DEFAULT:
        return full_date(day)
    return format_date(day, "full", locale=LOCALES[_lang(lang)])


def format_iso_long_date(value: str, lang: str = DEFAULT) -> str:
    """A stored ISO date as `format_long_date`; anything else is returned as it is."""
    try:
        return format_long_date(date.fromisoformat(value), lang)
    except ValueError:
        return value


def format_stage_title(stage: Stage | str, lang: str = DEFAULT) -> str:
    return translator(lang).gettext(stage_title(stage))


class Words(PlainWords):
    """How answers are worded in `lang`. Choice labels come from the step, so a step of the
    flow in that language (app.flows.loader.load_translated) gives them in it too."""

    def __init__(self, lang: str = DEFAULT) -> None:
        self.lang = _lang(lang)
        self._ = translator(self.lang).gettext

    def yesno(self, value: str) -> str:
        label = YESNO_LABELS.get(value)
        return self._(label) if label is not None else value

    def money(self, value: str) -> str:
        return format_money(value, self.lang)

    def date(self, value: str) -> str:
        return format_iso_long_date(value, self.lang)

    def skipped(self) -> str:
        return self._(SKIPPED_TEXT)

    def not_answered(self) -> str:
        return self._(NOT_ANSWERED)

    def choices(self, step: Step) -> list[tuple[str, str]]:
        """`choices()` in this language."""
        return step.kind.choices(step, self)

    def answer(self, step: Step, value: AnswerValue | None) -> str:
        """`answer_text()` in this language."""
        if value == []:
            return self.not_answered()
        return step.kind.label(step, value, self)


@cache
def words(lang: str) -> Words:
    """The `Words` for a language, made once."""
    return Words(lang)


def _context_lang(context: Context) -> str:
    value = context.get("lang")
    return value if isinstance(value, str) else DEFAULT


@pass_context
def _money_filter(context: Context, amount: Decimal | int | str) -> str:
    return format_money(amount, _context_lang(context))


@pass_context
def _long_date_filter(context: Context, day: date) -> str:
    return format_long_date(day, _context_lang(context))


@pass_context
def _full_date_filter(context: Context, day: date) -> str:
    return format_full_date(day, _context_lang(context))


def _day(lang: str) -> Callable[[Day], str]:
    def day(value: Day) -> str:
        if value.style == "long":
            return format_long_date(value.day, lang)
        if value.style == "full":
            return format_full_date(value.day, lang)
        if value.style == "month_day":
            return format_date(value.day, "d 'de' MMMM", locale=LOCALES[lang])
        return format_date(value.day, "EEEE, d 'de' MMMM", locale=LOCALES[lang])

    return day


def _cash(lang: str) -> Callable[[Cash], str]:
    def cash(value: Cash) -> str:
        if not value.whole:
            return format_money(value.amount, lang)
        whole = value.amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return format_currency(whole, "USD", "¤#,##0", locale=LOCALES[lang], currency_digits=False)

    return cash


@cache
def renderer(lang: str) -> Renderer:
    """How `lang` writes the rules' messages (`Say`), dates and amounts."""
    lang = _lang(lang)
    if lang == DEFAULT:
        return ENGLISH
    return Renderer(gettext=_gettext(lang), day=_day(lang), cash=_cash(lang), lang=lang)


def _gettext(lang: str) -> Callable[[str], str]:
    """The catalog's words, and the data files' (a denial code's plain words) for their
    English texts, which are not catalog messages."""
    catalog = translator(lang).gettext
    data = denial_codes.translations(lang) if lang in denial_codes.TRANSLATED else {}

    def gettext(message: str) -> str:
        found = data.get(message)
        return found if found is not None else catalog(message)

    return gettext


def say(text: Say | str, lang: str = DEFAULT) -> str:
    """A rule's message in `lang`; a plain string is a msgid (N_) or English words."""
    return renderer(lang).text(text)


@pass_context
def _say_filter(context: Context, text: Say | str) -> str:
    return say(text, _context_lang(context))


# Template filters: in the page's language (`lang` in its context), English when it has none.
FILTERS: dict[str, Callable[..., str]] = {
    "money": _money_filter,
    "long_date": _long_date_filter,
    "full_date": _full_date_filter,
    "say": _say_filter,
}
