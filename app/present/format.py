"""The one place that turns values into words and figures a person reads.

Pages, PDFs and the JSON API all format money, dates, answers and stage titles here, so
the same answer reads the same everywhere ("$1,200.00", "I'm not sure", "March 5, 2026").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

from app.flows.conditions import AnswerValue
from app.flows.engine import SKIPPED
from app.flows.schema import Stage, Step, StepType

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


def choice_labels(step: Step) -> dict[str, str]:
    """Choice value -> the words the patient picked from."""
    if step.type == StepType.yesno:
        return YESNO_LABELS
    return {c.value: c.label for c in step.choices}


def answer_text(step: Step, value: AnswerValue | None) -> str:
    """An answer as the patient would say it."""
    if value is None or value == []:
        return NOT_ANSWERED
    if step.type in (StepType.single, StepType.yesno, StepType.multi):
        labels = choice_labels(step)
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, v) for v in values)
    assert isinstance(value, str)
    if value == SKIPPED:
        return SKIPPED_TEXT
    if step.type == StepType.money:
        return money(value)
    if step.type == StepType.date:
        return iso_long_date(value)
    return value


FILTERS: dict[str, Callable[..., str]] = {
    "money": money, "long_date": long_date, "full_date": full_date
}
