"""Turn what a patient typed or picked into a stored answer, or a plain-language error.

Each step type cleans its own answers (app/flows/types); this is the entry point callers use.
"""

from __future__ import annotations

from datetime import date

from app.flows.schema import Step
from app.flows.types import AnswerError, AnswerValue, UnclearAnswer, kind_of
from app.flows.types.base import N_
from app.flows.types.entry import EARLIEST_DATE, LATEST_DATE, MAX_MONEY, MAX_TEXT

__all__ = [
    "EARLIEST_DATE",
    "LATEST_DATE",
    "MAX_MONEY",
    "MAX_TEXT",
    "AnswerError",
    "UnclearAnswer",
    "clean_answer",
]


FUTURE_DATE = N_(
    "This date is after today. Please use the date of a visit you already had, like "
    "the one on your invoice."
)


def clean_answer(
    step: Step, raw: str | list[str] | None, *, today: date | None = None
) -> AnswerValue:
    """Validate and normalise one answer for `step`, then apply the step's declared rules
    (`latest: today` refuses a future date; it needs the clinic's `today` to apply)."""
    value = kind_of(step).clean(step, raw)
    if (
        step.latest == "today"
        and today is not None
        and isinstance(value, str)
        and value
        and date.fromisoformat(value) > today
    ):
        raise AnswerError(FUTURE_DATE)
    return value
