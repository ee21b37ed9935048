"""Steps that ask nothing: an info message with a Continue button, and the results."""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, ClassVar

from app.flows.types.base import (
    INFO_SEEN,
    LEAF_OPS,
    N_,
    PARTIALS,
    AnswerError,
    AnswerFormat,
    AnswerValue,
    StepKind,
)

if TYPE_CHECKING:
    from app.flows.schema import Step


class InfoKind(StepKind):
    """A message; its only answer is that the patient saw it and went on."""

    name = "info"
    partial = PARTIALS + "_info.html"
    is_question = False
    read_ops: ClassVar[frozenset[str]] = frozenset()
    never_read_ops: ClassVar[frozenset[str]] = frozenset({"answered"})
    misfit_hint = ", which has no answer"

    def clean(self, step: Step, raw: str | list[str] | None) -> AnswerValue:
        return INFO_SEEN

    def is_answered(self, step: Step, value: AnswerValue | None) -> bool:
        return value == INFO_SEEN

    def options(self, step: Step, read: Set[str]) -> list[AnswerValue]:
        return [INFO_SEEN]

    def label(self, step: Step, value: AnswerValue | None, fmt: AnswerFormat) -> str:
        return value if isinstance(value, str) else fmt.not_answered()


class ResultsKind(StepKind):
    """The end of a path: the checklist and insurer questions; it takes no answer."""

    name = "results"
    partial = PARTIALS + "_results.html"
    is_question = False
    is_terminal = True
    read_ops: ClassVar[frozenset[str]] = frozenset()
    never_read_ops: ClassVar[frozenset[str]] = LEAF_OPS

    def clean(self, step: Step, raw: str | list[str] | None) -> AnswerValue:
        raise AnswerError(N_("This step takes no answer."))

    def is_answered(self, step: Step, value: AnswerValue | None) -> bool:
        return False

    def options(self, step: Step, read: Set[str]) -> list[AnswerValue]:
        return []

    def label(self, step: Step, value: AnswerValue | None, fmt: AnswerFormat) -> str:
        return fmt.not_answered()
