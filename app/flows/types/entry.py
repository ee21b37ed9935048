"""Questions answered by typing: a number, an amount of money, a date or short text.

Typed text is read as a person means it (app/flows/types/typed_number.py and typed_date.py);
text that reads two ways is never stored as one of them: the patient confirms which.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from app.flows.types.base import (
    CONFIRMED,
    N_,
    PARTIALS,
    SKIPPED,
    AnswerError,
    AnswerFormat,
    AnswerValue,
    FormLike,
    StepKind,
    UnclearAnswer,
    one_value,
)
from app.flows.types.typed_date import EARLIEST_DATE, LATEST_DATE, as_typed, read_date
from app.flows.types.typed_number import NOT_A_NUMBER, TypedNumber, plain, read_number

WITHOUT_SIGN = N_("Please enter a number without the %(sign)s sign.")

if TYPE_CHECKING:
    from app.flows.schema import Step

__all__ = ["EARLIEST_DATE", "LATEST_DATE", "MAX_MONEY", "MAX_TEXT", "decimal", "plain"]

MAX_TEXT = 200
MAX_MONEY = Decimal("1000000")
PERCENT_SUFFIX = "_percent"  # a number step whose id ends so is a percentage (docs/flow-format.md)


class EntryKind(StepKind):
    """A typed answer: skippable when optional, never changing the route but by `answered`."""

    partial = PARTIALS + "_input.html"
    skippable = True
    html_type = "text"
    hint: ClassVar[str | None] = None  # shown under the question: how to type the answer
    sample: ClassVar[str]  # one plausible answer, for path walks and the checker

    def clean(self, step: Step, raw: str | list[str] | None) -> AnswerValue:
        value = one_value(raw)
        if not value:
            if step.optional:
                return SKIPPED
            raise AnswerError(N_("Please fill this in."))
        return self.parse(step, value)

    def parse(self, step: Step, value: str) -> str:
        """The stored form of a non-blank entry."""
        return value

    def read_form(self, form: FormLike) -> str | list[str]:
        """A skip, the reading the patient confirmed, or what they typed."""
        confirmed = form.get(CONFIRMED)
        if isinstance(confirmed, str) and confirmed and not form.get("skip"):
            return confirmed
        return super().read_form(form)

    def field_hint(self, step: Step) -> str | None:
        return self.hint

    def is_answered(self, step: Step, value: AnswerValue | None) -> bool:
        return isinstance(value, str) and (value != SKIPPED or step.optional)

    def sample_value(self, step: Step) -> str:
        """A sample answer that fits this step's limits."""
        return self.sample

    def options(self, step: Step, read: Set[str]) -> list[AnswerValue]:
        sample = self.sample_value(step)
        return [sample, SKIPPED] if step.optional else [sample]

    def label(self, step: Step, value: AnswerValue | None, fmt: AnswerFormat) -> str:
        if not isinstance(value, str):
            return fmt.not_answered()
        if value == SKIPPED:
            return fmt.skipped()
        return self.show(value, fmt)

    def show(self, value: str, fmt: AnswerFormat) -> str:
        """A stored, non-blank answer in words."""
        return value


def one_reading(
    typed: TypedNumber, check: Callable[[Decimal], str], confirm: Callable[[Decimal], str]
) -> str:
    """The stored form of the one reading that fits, or UnclearAnswer when two fit.

    `check` returns the stored form or raises AnswerError; `confirm` gives the text that
    sends a reading back unambiguously.
    """
    if not typed.unclear:
        return check(typed.readings[0])
    fitting: list[tuple[str, str]] = []
    first_error: AnswerError | None = None
    for reading in typed.readings:
        try:
            fitting.append((confirm(reading), check(reading)))
        except AnswerError as exc:
            first_error = first_error or exc
    if not fitting:
        assert first_error is not None
        raise first_error
    raise UnclearAnswer(fitting)


class NumberKind(EntryKind):
    """A count, such as minutes or visits (whole numbers), or a percentage (`*_percent`).

    `min` (default 0) and `max` apply.
    """

    name = "number"
    has_bounds = True
    input_mode = "decimal"
    sample = "30"

    def is_percent(self, step: Step) -> bool:
        return step.id.endswith(PERCENT_SUFFIX)

    def parse(self, step: Step, value: str) -> str:
        typed = read_number(value)
        percent = self.is_percent(step)
        if typed.percent and not percent:
            raise AnswerError(N_("Please enter a number without the %% sign."))
        if typed.dollars:
            raise AnswerError(N_("Please enter a number without the $ sign."))
        readings = typed.readings
        if percent and not typed.percent and len(readings) == 1 and 0 < readings[0] < 1:
            # 0.4 may be 40% written as a fraction, or 0.4%: ask
            readings = (readings[0] * 100, readings[0])
        number = TypedNumber(readings, typed.percent, typed.dollars)
        confirm = (lambda n: plain(n) + "%") if percent else plain
        return one_reading(number, lambda n: self.check(step, n), confirm)

    def check(self, step: Step, number: Decimal) -> str:
        """The stored form of `number`, or AnswerError when it does not fit this step."""
        percent = self.is_percent(step)
        if not percent and number != number.to_integral_value():
            raise AnswerError(N_("Please enter a whole number, like 4."))
        if percent and number != number.quantize(Decimal("0.01")):
            raise AnswerError(N_("Please use at most two decimal places, like 12.5."))
        low = Decimal(str(step.min)) if step.min is not None else Decimal(0)
        if number < low:
            if low == 0:
                raise AnswerError(N_("Please enter a number that is not negative."))
            raise AnswerError(N_("Please enter %(number)s or more."), number=plain(low))
        if step.max is not None and number > Decimal(str(step.max)):
            raise AnswerError(
                N_("Please enter %(number)s or less."), number=plain(Decimal(str(step.max)))
            )
        return plain(number)

    def field_suffix(self, step: Step) -> str | None:
        return "%" if self.is_percent(step) else None

    def label(self, step: Step, value: AnswerValue | None, fmt: AnswerFormat) -> str:
        words = super().label(step, value, fmt)
        return f"{value}%" if self.is_percent(step) and value and words == value else words

    def sample_value(self, step: Step) -> str:
        if step.min is None:
            return self.sample
        return str(max(float(self.sample), step.min)).removesuffix(".0")


class MoneyKind(EntryKind):
    """Dollars and cents, stored as "120.00"; never negative."""

    name = "money"
    has_bounds = True
    input_mode = "decimal"
    prefix = "$"
    sample = "100.00"

    def parse(self, step: Step, value: str) -> str:
        typed = read_number(value)
        if typed.percent:
            raise AnswerError(N_("Please enter an amount in dollars, like 120."))
        return one_reading(typed, self.check, lambda n: f"{n:.2f}")

    def check(self, amount: Decimal) -> str:
        if amount < 0:
            raise AnswerError(N_("Please enter an amount that is not negative."))
        if amount >= MAX_MONEY:
            raise AnswerError(N_("That amount looks too large. Please check it."))
        if amount != amount.quantize(Decimal("0.01")):
            raise AnswerError(N_("Please use dollars and cents, like 120.50."))
        return str(amount.quantize(Decimal("0.01")))

    def show(self, value: str, fmt: AnswerFormat) -> str:
        return fmt.money(value)


class DateKind(EntryKind):
    """A calendar date, stored as ISO "2026-03-01"; typed as 3/1/2026 or March 1 2026.

    A plain text field, not the browser's date input: that one drops a date that does not
    exist (February 31) and sends nothing, so the patient would lose what they typed.
    """

    name = "date"
    hint = N_("Month, day and year, like 03/15/2026.")
    sample = "2026-01-15"

    def parse(self, step: Step, value: str) -> str:
        parsed = read_date(value)
        if not EARLIEST_DATE <= parsed <= LATEST_DATE:
            raise AnswerError(N_("Please check the year."))
        return parsed.isoformat()

    def as_typed(self, step: Step, value: str) -> str:
        try:
            return as_typed(date.fromisoformat(value))
        except ValueError:
            return value

    def show(self, value: str, fmt: AnswerFormat) -> str:
        return fmt.date(value)

    def input_attrs(self, step: Step) -> dict[str, str]:
        return super().input_attrs(step) | {"autocomplete": "off", "spellcheck": "false"}


class TextKind(EntryKind):
    """Short free text, such as a denial code."""

    name = "text"
    sample = "sample"

    def parse(self, step: Step, value: str) -> str:
        if len(value) > MAX_TEXT:
            raise AnswerError(N_("Please keep this under %(max)s characters."), max=MAX_TEXT)
        return value

    def input_attrs(self, step: Step) -> dict[str, str]:
        return super().input_attrs(step) | {"maxlength": str(MAX_TEXT)}


def decimal(value: str) -> Decimal:
    """A typed number that reads one way only ("1,200", "$45", "12,5"); else AnswerError."""
    typed = read_number(value)
    if typed.unclear:
        raise AnswerError(NOT_A_NUMBER)
    return typed.readings[0]
