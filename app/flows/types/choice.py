"""Questions answered by picking: one listed choice, several, or yes / no / not sure."""

from __future__ import annotations

from collections.abc import Callable, Container, Set
from itertools import combinations
from typing import TYPE_CHECKING, ClassVar

from app.flows.types.base import (
    N_,
    PARTIALS,
    AnswerError,
    AnswerFormat,
    AnswerValue,
    FormLike,
    StepKind,
    one_value,
)

if TYPE_CHECKING:
    from app.flows.schema import Step

YESNO_VALUES: tuple[str, ...] = ("yes", "no", "not_sure")


class ChoiceKind(StepKind):
    """A pick from a fixed set of values; single is this, yesno and multi refine it."""

    partial = PARTIALS + "_choice.html"
    has_choices = True
    lists_choices = True
    html_type = "radio"
    read_ops: ClassVar[frozenset[str]] = frozenset({"eq", "in", "answered"})
    misfit_hint = "; use eq or in"

    def choice_values(self, step: Step) -> tuple[str, ...]:
        return tuple(c.value for c in step.choices)

    def clean(self, step: Step, raw: str | list[str] | None) -> AnswerValue:
        value = one_value(raw)
        if value not in self.choice_values(step):
            raise AnswerError(N_("Please pick one answer."))
        return value

    def fits(self, value: AnswerValue | None, allowed: Container[str]) -> bool:
        """Whether `value` is a stored answer made only of `allowed` values."""
        return isinstance(value, str) and value in allowed

    def is_answered(self, step: Step, value: AnswerValue | None) -> bool:
        return self.fits(value, self.choice_values(step))

    def answered_check(self, step: Step) -> Callable[[AnswerValue | None], bool]:
        allowed = frozenset(self.choice_values(step))
        fits = self.fits
        return lambda value: fits(value, allowed)

    def options(self, step: Step, read: Set[str]) -> list[AnswerValue]:
        return list(self.choice_values(step))

    def label(self, step: Step, value: AnswerValue | None, fmt: AnswerFormat) -> str:
        if value is None:
            return fmt.not_answered()
        values = value if isinstance(value, list) else [value]
        return fmt.join([self.word(step, v, fmt) for v in values])

    def word(self, step: Step, value: str, fmt: AnswerFormat) -> str:
        """The label of one picked value."""
        return fmt.choice(step, value)

    def choices(self, step: Step, fmt: AnswerFormat) -> list[tuple[str, str]]:
        return [(value, self.word(step, value, fmt)) for value in self.choice_values(step)]


class SingleKind(ChoiceKind):
    """Pick exactly one of the choices listed in the flow file."""

    name = "single"


class YesNoKind(ChoiceKind):
    """Yes, no or not sure; the choices are built in, never listed in the file."""

    name = "yesno"
    lists_choices = False
    builtin_choices = YESNO_VALUES

    def choice_values(self, step: Step) -> tuple[str, ...]:
        return self.builtin_choices

    def word(self, step: Step, value: str, fmt: AnswerFormat) -> str:
        return fmt.yesno(value)


class MultiKind(ChoiceKind):
    """Pick one or more of the listed choices; stored as a list in choice order."""

    name = "multi"
    html_type = "checkbox"
    read_ops: ClassVar[frozenset[str]] = frozenset({"has", "answered"})
    misfit_hint = "; use has"

    def clean(self, step: Step, raw: str | list[str] | None) -> AnswerValue:
        picked = raw if isinstance(raw, list) else ([raw] if raw else [])
        allowed = self.choice_values(step)
        if not picked:
            raise AnswerError(N_("Please pick at least one answer."))
        if any(v not in allowed for v in picked):
            raise AnswerError(N_("Please pick from the list."))
        return sorted(set(picked), key=allowed.index)

    def fits(self, value: AnswerValue | None, allowed: Container[str]) -> bool:
        return isinstance(value, list) and bool(value) and all(v in allowed for v in value)

    def options(self, step: Step, read: Set[str]) -> list[AnswerValue]:
        """The subsets of the values conditions read, plus one value none reads (when there
        is one), since other picks cannot change the route."""
        values = self.choice_values(step)
        used = [v for v in values if v in read]
        spare = [v for v in values if v not in read][:1]
        pool = used + spare
        return [
            sorted(combo, key=values.index)
            for size in range(1, len(pool) + 1)
            for combo in combinations(pool, size)
        ]

    def read_form(self, form: FormLike) -> str | list[str]:
        return [v for v in form.getlist("answer") if isinstance(v, str)]
