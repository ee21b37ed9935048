"""What a step type must know about its answers, so nothing else branches on `step.type`.

Each type is one `StepKind` subclass, listed once in `app.flows.types.registry`. Nothing here
imports the schema at run time (the schema itself asks the registry), so steps are read
only through their fields.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence, Set
from functools import partial
from typing import TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    from app.flows.schema import Step

AnswerValue = str | list[str]
INFO_SEEN = "seen"  # the stored answer of an info step once the patient moved on
SKIPPED = ""  # the stored answer of an optional question the patient skipped
CONFIRMED = "confirmed"  # the form field that says which reading of an unclear answer

PARTIALS = "patient/wizard/types/"  # where the web layer keeps one partial per input shape
LEAF_OPS: frozenset[str] = frozenset({"eq", "in", "has", "answered"})


def N_(message: str) -> str:
    """Mark a message for extraction (as app.core.i18n.N_ does; flows sit below core)."""
    return message


MONTH_NAMES = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
UNCLEAR = N_("Please check this. Did you mean %(answers)s?")
OR = N_(" or ")


class AnswerError(ValueError):
    """A patient's answer that cannot be used; the message is shown beside the field.

    The message is an English msgid with %(name)s placeholders (a literal percent sign is
    written %%); `str()` is the English sentence, `text(gettext)` the sentence in the
    reader's language (a text parameter is translated too, so a month name reads in it).
    """

    def __init__(self, message: str, **params: str | int) -> None:
        self.message = message
        self.params: Mapping[str, str | int] = params
        super().__init__(message % params)

    def text(self, gettext: Callable[[str], str]) -> str:
        words = gettext(self.message)
        return words % {k: gettext(v) if isinstance(v, str) else v for k, v in self.params.items()}


class UnclearAnswer(AnswerError):
    """Typed text that reads two ways ("1.200"): the patient says which one they meant.

    Each reading is (what to send back to confirm it, the value it would store); the text
    to send back reads only one way, so confirming it can never store the other.
    """

    def __init__(self, readings: Sequence[tuple[str, str]]) -> None:
        self.readings = tuple(readings)
        super().__init__(UNCLEAR, answers=OR.join(value for _, value in self.readings))


class FormLike(Protocol):
    """The part of a submitted HTML form a step type reads (Starlette's FormData fits)."""

    def get(self, key: str, /) -> object: ...

    def getlist(self, key: str, /) -> Sequence[object]: ...


class AnswerFormat(Protocol):
    """How the presentation layer words an answer; a step type only picks the method."""

    def choice(self, step: Step, value: str) -> str:
        """The label of one listed choice (single and multi)."""
        ...

    def yesno(self, value: str) -> str:
        """The label of `yes`, `no` or `not_sure`."""
        ...

    def join(self, labels: Sequence[str]) -> str:
        """Several picked labels as one phrase (multi)."""
        ...

    def money(self, value: str) -> str:
        """A decimal string with cents, e.g. "120.00"."""
        ...

    def date(self, value: str) -> str:
        """An ISO date string, e.g. "2026-03-01"."""
        ...

    def skipped(self) -> str:
        """An optional question the patient skipped."""
        ...

    def not_answered(self) -> str:
        """No stored answer."""
        ...


class StepKind(ABC):
    """One question type: how its answer is read, cleaned, checked, sampled and shown."""

    name: ClassVar[str]  # the `type:` value in the flow file
    partial: ClassVar[str]  # the template partial that draws the question
    is_question: ClassVar[bool] = True  # counts as a question (progress, transcript)
    is_terminal: ClassVar[bool] = False  # ends every path (results)
    has_choices: ClassVar[bool] = False  # the patient picks from a fixed set of values
    lists_choices: ClassVar[bool] = False  # the flow file lists those values under `choices`
    builtin_choices: ClassVar[tuple[str, ...]] = ()  # values built in, never listed (yesno)
    has_bounds: ClassVar[bool] = False  # `min` and `max` apply
    skippable: ClassVar[bool] = False  # `optional: true` lets the patient skip it
    html_type: ClassVar[str | None] = None  # the HTML input type of the answer field(s)
    input_mode: ClassVar[str | None] = None  # the HTML inputmode hint for phone keyboards
    prefix: ClassVar[str | None] = None  # shown before the field, e.g. "$"
    read_ops: ClassVar[frozenset[str]] = frozenset({"answered"})  # operators that fit (ST118)
    never_read_ops: ClassVar[frozenset[str]] = frozenset()  # operators that see nothing (ST115)
    misfit_hint: ClassVar[str] = "; only answered can read it"  # ends the ST118 message

    @abstractmethod
    def clean(self, step: Step, raw: str | list[str] | None) -> AnswerValue:
        """Validate and normalise a raw answer; AnswerError says what to fix."""

    @abstractmethod
    def is_answered(self, step: Step, value: AnswerValue | None) -> bool:
        """Whether a stored value still answers this step (the tree may have changed)."""

    def answered_check(self, step: Step) -> Callable[[AnswerValue | None], bool]:
        """`is_answered` for one step, prepared once for the engine's hot path."""
        return partial(self.is_answered, step)

    @abstractmethod
    def options(self, step: Step, read: Set[str]) -> list[AnswerValue]:
        """The distinct answers worth trying in path walks, given the values conditions read."""

    @abstractmethod
    def label(self, step: Step, value: AnswerValue | None, fmt: AnswerFormat) -> str:
        """The answer as a person reads it, worded by `fmt`."""

    def read_form(self, form: FormLike) -> str | list[str]:
        """The raw answer in a submitted form: the `answer` field, or a skip."""
        if self.skippable and form.get("skip"):
            return SKIPPED
        value = form.get("answer")
        return value if isinstance(value, str) else ""

    def as_typed(self, step: Step, value: str) -> str:
        """A stored answer as the patient would type it into the field again."""
        return value

    def field_hint(self, step: Step) -> str | None:
        """How to type the answer, shown under the question (none for a pick)."""
        return None

    def field_suffix(self, step: Step) -> str | None:
        """Shown after the field, e.g. "%"."""
        return None

    def choice_values(self, step: Step) -> tuple[str, ...]:
        """The values a patient can pick, in order (empty for free entry)."""
        return self.builtin_choices

    def choices(self, step: Step, fmt: AnswerFormat) -> list[tuple[str, str]]:
        """(value, label) for each value a patient can pick."""
        return [(value, fmt.choice(step, value)) for value in self.choice_values(step)]

    def input_attrs(self, step: Step) -> dict[str, str]:
        """HTML attributes of the answer field (type, inputmode and any limits)."""
        attrs = {"type": self.html_type} if self.html_type else {}
        if self.input_mode:
            attrs["inputmode"] = self.input_mode
        return attrs


def one_value(raw: str | list[str] | None) -> str:
    """The single raw value of a field, stripped ("" when absent)."""
    value = (raw[0] if raw else "") if isinstance(raw, list) else (raw or "")
    return value.strip()


def with_article(word: str) -> str:
    """ "a number", "an info"."""
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def listing(words: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)
