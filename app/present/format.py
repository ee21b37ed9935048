"""The one place that turns values into words and figures a person reads.

Pages, PDFs and the JSON API all format money, dates, answers and stage titles here, so
the same answer reads the same everywhere ("$1,200.00", "I'm not sure", "March 5, 2026").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.flows.conditions import AnswerValue
from app.flows.schema import Stage, Step

YESNO_LABELS: dict[str, str] = {"yes": "Yes", "no": "No", "not_sure": "I'm not sure"}
STAGE_TITLES: dict[Stage, str] = {
    Stage.before: "Before your visits",
    Stage.after: "After each visit",
    Stage.denied: "If your claim was denied",
}
NOT_ANSWERED = "Not answered"
SKIPPED_TEXT = "Skipped"


def money(amount: Decimal | int | str) -> str:
    """'$1,200.00'; text that is not an amount is returned as it is."""
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    if not value.is_finite():
        return str(amount)
    return f"${value:,.2f}"


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
        return "What to do"


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


FILTERS: dict[str, Callable[..., str]] = {
    "money": money,
    "long_date": long_date,
    "full_date": full_date,
}
