"""Turn what a patient typed or picked into a stored answer, or a plain-language error.

Each step type cleans its own answers (app/flows/types); this is the entry point callers use.
"""

from __future__ import annotations

from app.flows.schema import Step
from app.flows.types import AnswerError, AnswerValue, UnclearAnswer, kind_of
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


def clean_answer(step: Step, raw: str | list[str] | None) -> AnswerValue:
    """Validate and normalise one answer for `step`."""
    return kind_of(step).clean(step, raw)
