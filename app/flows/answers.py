"""Turn what a patient typed or picked into a stored answer, or a plain-language error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from app.flows.conditions import AnswerValue
from app.flows.engine import INFO_SEEN, SKIPPED
from app.flows.schema import Step, StepType

MAX_TEXT = 200
MAX_MONEY = Decimal("1000000")
EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)


class AnswerError(ValueError):
    """A patient's answer that cannot be used; the message is shown beside the field."""


def clean_answer(step: Step, raw: str | list[str] | None) -> AnswerValue:
    """Validate and normalise one answer for `step`."""
    if step.type == StepType.info:
        return INFO_SEEN
    if step.type == StepType.multi:
        picked = raw if isinstance(raw, list) else ([raw] if raw else [])
        allowed = step.choice_values
        if not picked:
            raise AnswerError("Please pick at least one answer.")
        if any(v not in allowed for v in picked):
            raise AnswerError("Please pick from the list.")
        return sorted(set(picked), key=allowed.index)
    value = (raw[0] if raw else "") if isinstance(raw, list) else (raw or "")
    value = value.strip()
    if step.type in (StepType.single, StepType.yesno):
        if value not in step.choice_values:
            raise AnswerError("Please pick one answer.")
        return value
    if not value:
        if step.optional:
            return SKIPPED
        raise AnswerError("Please fill this in.")
    if step.type == StepType.number:
        return _number(step, value)
    if step.type == StepType.money:
        return _money(value)
    if step.type == StepType.date:
        return _date(value)
    if len(value) > MAX_TEXT:
        raise AnswerError(f"Please keep this under {MAX_TEXT} characters.")
    return value


def _decimal(value: str) -> Decimal:
    try:
        number = Decimal(value.replace(",", "").replace("$", "").strip())
    except InvalidOperation:
        raise AnswerError("Please enter a number, like 45.") from None
    if not number.is_finite():
        raise AnswerError("Please enter a number, like 45.")
    return number


def _number(step: Step, value: str) -> str:
    number = _decimal(value)
    low = Decimal(str(step.min)) if step.min is not None else Decimal(0)
    if number < low:
        raise AnswerError(
            "Please enter a number that is not negative." if low == 0
            else f"Please enter {_plain(low)} or more."
        )
    if step.max is not None and number > Decimal(str(step.max)):
        raise AnswerError(f"Please enter {_plain(Decimal(str(step.max)))} or less.")
    return _plain(number)


def _money(value: str) -> str:
    amount = _decimal(value)
    if amount < 0:
        raise AnswerError("Please enter an amount that is not negative.")
    if amount >= MAX_MONEY:
        raise AnswerError("That amount looks too large. Please check it.")
    if amount != amount.quantize(Decimal("0.01")):
        raise AnswerError("Please use dollars and cents, like 120.50.")
    return str(amount.quantize(Decimal("0.01")))


def _date(value: str) -> str:
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        parsed = _us_date(value)
    if not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise AnswerError("Please check the year.")
    return parsed.isoformat()


def _us_date(value: str) -> date:
    """Accept 3/15/2026 as well, since many people type dates that way."""
    parts = value.replace("-", "/").split("/")
    try:
        month, day, year = (int(p) for p in parts)
        return date(year, month, day)
    except (ValueError, TypeError):
        raise AnswerError("Please enter a real date, like 03/15/2026.") from None


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text
