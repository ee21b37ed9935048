"""Words the pure layers hand up without choosing a language.

Rules and the engine know what to say but not in which language the reader reads. They
return a `Say`: an English msgid with `%(name)s` placeholders (extracted for the catalog by
`N_` where it is written) and the values to put in. The present layer renders it in the
reader's language (`app.present.format.say`): the msgid through gettext, a `date` or `Day`
in that language's date form, a `Decimal` or `Cash` as money, a nested `Say` rendered the
same way, and a plain `str` or `int` as it is (a name or a number is never translated).

`str(Say)` is the English sentence, so logs of tests and the English pages read as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

# Friday, May 29, 2026 / May 29, 2026 / Friday, May 29 / May 29
DayStyle = Literal["full", "long", "short", "month_day"]


def N_(message: str) -> str:
    """Mark a message for extraction where it is defined; it is translated where shown."""
    return message


@dataclass(frozen=True)
class Day:
    """A date, and how much of it to print."""

    day: date
    style: DayStyle = "full"


@dataclass(frozen=True)
class Cash:
    """An amount of dollars; `whole` rounds to the dollar ("about $64 a visit")."""

    amount: Decimal
    whole: bool = False


@dataclass(frozen=True, init=False)
class Say:
    """A message and its values, rendered in the reader's language by the present layer."""

    msgid: str
    values: Mapping[str, object] = field(default_factory=dict)

    def __init__(self, msgid: str, **values: object) -> None:
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "values", values)

    def __hash__(self) -> int:  # the values are a dict: hash them as sorted pairs
        return hash((self.msgid, tuple(sorted(self.values.items()))))

    def render(self, r: Renderer) -> str:
        words = r.gettext(self.msgid)
        if not self.values:
            return words
        return words % {name: r.value(value) for name, value in self.values.items()}

    def __str__(self) -> str:
        return self.render(ENGLISH)

    def __contains__(self, words: object) -> bool:
        """Searched as its English words: `"Sunday" in note`, `rule in citation`."""
        return str(words) in str(self)


@dataclass(frozen=True, init=False, eq=False)
class Worded(Say):
    """Words already written in each language, for a sentence a present function words
    itself (with plural forms): the English is the msgid, the others are kept by language.
    A reply in the conversation is stored this way, so it reads in either language."""

    others: Mapping[str, str] = field(default_factory=dict)

    def __init__(self, english: str, **others: str) -> None:
        super().__init__(english)
        object.__setattr__(self, "others", others)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Worded) and (self.msgid, self.others) == (
            other.msgid,
            other.others,
        )

    def __hash__(self) -> int:
        return hash((self.msgid, tuple(sorted(self.others.items()))))

    def render(self, r: Renderer) -> str:
        return self.others.get(r.lang, self.msgid)


@dataclass(frozen=True)
class Renderer:
    """How one language writes a message, a date and an amount."""

    gettext: Callable[[str], str]
    day: Callable[[Day], str]
    cash: Callable[[Cash], str]
    lang: str = "en"

    def value(self, value: object) -> str | int:
        if isinstance(value, Say):
            return value.render(self)
        if isinstance(value, Day):
            return self.day(value)
        if isinstance(value, date):
            return self.day(Day(value))
        if isinstance(value, Cash):
            return self.cash(value)
        if isinstance(value, Decimal):
            return self.cash(Cash(value))
        if isinstance(value, int):
            return value
        return str(value)

    def text(self, text: Say | str) -> str:
        """A `Say` rendered; a plain string is a msgid (or words already in English)."""
        return text.render(self) if isinstance(text, Say) else self.gettext(text)


def english_day(value: Day) -> str:
    day = value.day
    month_day = f"{day:%B} {day.day}"
    if value.style == "month_day":
        return month_day
    if value.style == "short":
        return f"{day:%A}, {month_day}"
    long = f"{month_day}, {day.year}"
    return long if value.style == "long" else f"{day:%A}, {long}"


def english_cash(value: Cash) -> str:
    if value.whole:
        return f"${value.amount.quantize(Decimal(1), rounding=ROUND_HALF_UP):,.0f}"
    return f"${value.amount:,.2f}"


ENGLISH = Renderer(gettext=lambda message: message, day=english_day, cash=english_cash)
