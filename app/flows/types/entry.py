"""Questions answered by typing: a number, an amount of money, a date or short text."""

from __future__ import annotations

from collections.abc import Set
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, ClassVar

from app.flows.types.base import (
    PARTIALS,
    SKIPPED,
    AnswerError,
    AnswerFormat,
    AnswerValue,
    StepKind,
    one_value,
)

if TYPE_CHECKING:
    from app.flows.schema import Step

MAX_TEXT = 200
MAX_MONEY = Decimal("1000000")
EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)


class EntryKind(StepKind):
    """A typed answer: skippable when optional, never changing the route but by `answered`."""

    partial = PARTIALS + "_input.html"
    skippable = True
    html_type = "text"
    sample: ClassVar[str]  # one plausible answer, for path walks and the checker

    def clean(self, step: Step, raw: str | list[str] | None) -> AnswerValue:
        value = one_value(raw)
        if not value:
            if step.optional:
                return SKIPPED
            raise AnswerError("Please fill this in.")
        return self.parse(step, value)

    def parse(self, step: Step, value: str) -> str:
        """The stored form of a non-blank entry."""
        return value

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


class NumberKind(EntryKind):
    """A count or a figure such as minutes; `min` (default 0) and `max` apply."""

    name = "number"
    has_bounds = True
    input_mode = "decimal"
    sample = "30"

    def parse(self, step: Step, value: str) -> str:
        number = decimal(value)
        low = Decimal(str(step.min)) if step.min is not None else Decimal(0)
        if number < low:
            raise AnswerError(
                "Please enter a number that is not negative."
                if low == 0
                else f"Please enter {plain(low)} or more."
            )
        if step.max is not None and number > Decimal(str(step.max)):
            raise AnswerError(f"Please enter {plain(Decimal(str(step.max)))} or less.")
        return plain(number)

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
        amount = decimal(value)
        if amount < 0:
            raise AnswerError("Please enter an amount that is not negative.")
        if amount >= MAX_MONEY:
            raise AnswerError("That amount looks too large. Please check it.")
        if amount != amount.quantize(Decimal("0.01")):
            raise AnswerError("Please use dollars and cents, like 120.50.")
        return str(amount.quantize(Decimal("0.01")))

    def show(self, value: str, fmt: AnswerFormat) -> str:
        return fmt.money(value)


class DateKind(EntryKind):
    """A calendar date, stored as ISO "2026-03-01"; 3/15/2026 is accepted too."""

    name = "date"
    html_type = "date"
    sample = "2026-01-15"

    def parse(self, step: Step, value: str) -> str:
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            parsed = _us_date(value)
        if not EARLIEST_DATE <= parsed <= LATEST_DATE:
            raise AnswerError("Please check the year.")
        return parsed.isoformat()

    def show(self, value: str, fmt: AnswerFormat) -> str:
        return fmt.date(value)

    def input_attrs(self, step: Step) -> dict[str, str]:
        limits = {"min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat()}
        return super().input_attrs(step) | limits


class TextKind(EntryKind):
    """Short free text, such as a denial code."""

    name = "text"
    sample = "sample"

    def parse(self, step: Step, value: str) -> str:
        if len(value) > MAX_TEXT:
            raise AnswerError(f"Please keep this under {MAX_TEXT} characters.")
        return value

    def input_attrs(self, step: Step) -> dict[str, str]:
        return super().input_attrs(step) | {"maxlength": str(MAX_TEXT)}


def decimal(value: str) -> Decimal:
    """A typed number, allowing thousands commas and a dollar sign."""
    try:
        number = Decimal(value.replace(",", "").replace("$", "").strip())
    except InvalidOperation:
        raise AnswerError("Please enter a number, like 45.") from None
    if not number.is_finite():
        raise AnswerError("Please enter a number, like 45.")
    return number


def plain(number: Decimal) -> str:
    """A decimal without exponent or trailing zeros, e.g. "45.5"."""
    return format(number.normalize(), "f")


def _us_date(value: str) -> date:
    """Accept 3/15/2026 as well, since many people type dates that way."""
    parts = value.replace("-", "/").split("/")
    try:
        month, day, year = (int(p) for p in parts)
        return date(year, month, day)
    except (ValueError, TypeError):
        raise AnswerError("Please enter a real date, like 03/15/2026.") from None
