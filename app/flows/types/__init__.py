"""The step-type registry: one class per question type (see base.StepKind)."""

from app.flows.types.base import (
    INFO_SEEN,
    PARTIALS,
    SKIPPED,
    AnswerError,
    AnswerFormat,
    AnswerValue,
    FormLike,
    StepKind,
    UnclearAnswer,
)
from app.flows.types.registry import STEP_TYPES, Registry, kind_of

__all__ = [
    "INFO_SEEN",
    "PARTIALS",
    "SKIPPED",
    "STEP_TYPES",
    "AnswerError",
    "AnswerFormat",
    "AnswerValue",
    "FormLike",
    "Registry",
    "StepKind",
    "UnclearAnswer",
    "kind_of",
]
