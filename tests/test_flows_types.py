"""The step-type registry: every type registered, each answering for its own behaviour."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from starlette.datastructures import FormData

from app.flows.answers import AnswerError, clean_answer
from app.flows.engine import INFO_SEEN, SKIPPED, is_answered
from app.flows.options import answer_options
from app.flows.schema import CHOICE_TYPES, SKIPPABLE_TYPES, Choice, Step, StepType
from app.flows.types import PARTIALS, STEP_TYPES, AnswerFormat, Registry, kind_of
from app.flows.types.base import AnswerValue
from app.flows.types.entry import EntryKind, decimal, plain

CHOICES = (Choice(value="a", label="Apple"), Choice(value="b", label="Banana"))


def make(kind: str, **fields: Any) -> Step:
    if kind in ("single", "multi"):
        fields.setdefault("choices", CHOICES)
    return Step(id="s", type=StepType(kind), text="Question?", why="Because.", **fields)


class PlainFormat:
    """A bare AnswerFormat for tests; the web and document layers have their own."""

    def choice(self, step: Step, value: str) -> str:
        return {c.value: c.label for c in step.choices}.get(value, value)

    def yesno(self, value: str) -> str:
        return {"yes": "Yes", "no": "No", "not_sure": "Not sure"}.get(value, value)

    def join(self, labels: Sequence[str]) -> str:
        return ", ".join(labels)

    def money(self, value: str) -> str:
        return f"${value}"

    def date(self, value: str) -> str:
        return f"on {value}"

    def skipped(self) -> str:
        return "Skipped"

    def not_answered(self) -> str:
        return "Not answered"


FMT: AnswerFormat = PlainFormat()


class Form:
    """The smallest FormLike: a dict of lists."""

    def __init__(self, **fields: list[object]) -> None:
        self.fields = fields

    def get(self, key: str, /) -> object:
        return self.fields[key][0] if self.fields.get(key) else None

    def getlist(self, key: str, /) -> Sequence[object]:
        return self.fields.get(key, [])


def test_every_step_type_has_a_registered_class_and_a_partial() -> None:
    assert list(STEP_TYPES) == [t.value for t in StepType]
    for step_type in StepType:
        kind = STEP_TYPES[step_type]
        assert kind.name == step_type.value
        assert kind.partial.startswith(PARTIALS) and kind.partial.endswith(".html")


def test_flags_match_the_format() -> None:
    choice, skippable = CHOICE_TYPES, SKIPPABLE_TYPES
    assert choice == {StepType.single, StepType.multi, StepType.yesno}
    assert skippable == {StepType.number, StepType.money, StepType.date, StepType.text}
    assert STEP_TYPES.names(lambda k: not k.is_question) == "info and results"
    assert STEP_TYPES.names(lambda k: k.is_terminal) == "results"
    assert STEP_TYPES.names(lambda k: k.lists_choices) == "single and multi"
    assert STEP_TYPES.names(lambda k: k.has_bounds) == "number and money"
    assert make("yesno").choice_values == ("yes", "no", "not_sure")
    assert make("multi").kind is STEP_TYPES["multi"]


def test_a_type_is_registered_once() -> None:
    with pytest.raises(ValueError, match="twice"):
        Registry([STEP_TYPES["text"], STEP_TYPES["text"]])


def test_clean_answer_goes_through_the_registry() -> None:
    assert clean_answer(make("multi"), ["b", "a", "b"]) == ["a", "b"]
    assert clean_answer(make("money", optional=True), " ") == SKIPPED
    assert clean_answer(make("info"), None) == INFO_SEEN
    with pytest.raises(AnswerError, match="no answer"):
        clean_answer(make("results"), "x")


@pytest.mark.parametrize(
    ("kind", "value", "answered"),
    [
        ("single", "a", True),
        ("single", "z", False),
        ("single", ["a"], False),
        ("multi", ["a"], True),
        ("multi", [], False),
        ("multi", "a", False),
        ("yesno", "not_sure", True),
        ("yesno", "a", False),
        ("number", "3", True),
        ("number", SKIPPED, False),
        ("text", None, False),
        ("info", INFO_SEEN, True),
        ("info", "ok", False),
        ("results", "x", False),
    ],
)
def test_is_answered_and_its_prepared_check_agree(kind: str, value: Any, answered: bool) -> None:
    step = make(kind)
    assert is_answered(step, value) is answered
    assert step.kind.answered_check(step)(value) is answered


@pytest.mark.parametrize(
    ("kind", "fields", "options"),
    [
        ("single", {}, ["a", "b"]),
        ("yesno", {}, ["yes", "no", "not_sure"]),
        ("multi", {}, [["a"]]),
        ("number", {"min": 45}, ["45"]),
        ("money", {"optional": True}, ["100.00", SKIPPED]),
        ("date", {}, ["2026-01-15"]),
        ("text", {}, ["sample"]),
        ("info", {}, [INFO_SEEN]),
        ("results", {}, []),
    ],
)
def test_options(kind: str, fields: dict[str, Any], options: list[AnswerValue]) -> None:
    assert answer_options(make(kind, **fields), ()) == options


def test_multi_options_branch_over_the_values_read() -> None:
    assert answer_options(make("multi"), {"b"}) == [["b"], ["a"], ["a", "b"]]


@pytest.mark.parametrize(
    ("kind", "form", "raw"),
    [
        ("multi", Form(answer=["a", "b"]), ["a", "b"]),
        ("single", Form(answer=["a"], skip=["1"]), "a"),
        ("number", Form(answer=["5"], skip=["1"]), SKIPPED),
        ("text", Form(answer=["hi"]), "hi"),
        ("date", Form(), ""),
    ],
)
def test_read_form(kind: str, form: Form, raw: str | list[str]) -> None:
    assert make(kind).kind.read_form(form) == raw


def test_read_form_takes_a_starlette_form() -> None:
    form = FormData([("answer", "a"), ("answer", "b"), ("skip", "1")])
    assert STEP_TYPES["multi"].read_form(form) == ["a", "b"]
    assert STEP_TYPES["money"].read_form(form) == SKIPPED
    assert STEP_TYPES["yesno"].read_form(FormData([("answer", "no"), ("skip", "1")])) == "no"


@pytest.mark.parametrize(
    ("kind", "value", "label"),
    [
        ("single", "a", "Apple"),
        ("multi", ["a", "b"], "Apple, Banana"),
        ("yesno", "not_sure", "Not sure"),
        ("money", "120.00", "$120.00"),
        ("money", SKIPPED, "Skipped"),
        ("date", "2026-03-01", "on 2026-03-01"),
        ("number", "45", "45"),
        ("text", None, "Not answered"),
        ("results", None, "Not answered"),
    ],
)
def test_label_picks_the_formatter(kind: str, value: AnswerValue | None, label: str) -> None:
    step = make(kind)
    assert kind_of(step).label(step, value, FMT) == label


def test_choices_and_input_attributes() -> None:
    assert STEP_TYPES["yesno"].choices(make("yesno"), FMT)[0] == ("yes", "Yes")
    assert STEP_TYPES["single"].choices(make("single"), FMT) == [("a", "Apple"), ("b", "Banana")]
    assert STEP_TYPES["number"].choices(make("number"), FMT) == []
    assert make("multi").kind.input_attrs(make("multi")) == {"type": "checkbox"}
    assert make("money").kind.input_attrs(make("money")) == {"type": "text", "inputmode": "decimal"}
    assert make("date").kind.input_attrs(make("date"))["type"] == "text", "never type=date"
    assert make("text").kind.input_attrs(make("text"))["maxlength"] == "200"
    assert STEP_TYPES["money"].prefix == "$"


class PercentKind(EntryKind):
    """A new type in one class: a percentage from 0 to 100, stored like "12.5"."""

    name = "percent"
    partial = PARTIALS + "_input.html"
    input_mode = "decimal"
    sample = "20"

    def parse(self, step: Step, value: str) -> str:
        number = decimal(value.removesuffix("%"))
        if not 0 <= number <= Decimal(100):
            raise AnswerError("Please enter a percentage from 0 to 100.")
        return plain(number)

    def show(self, value: str, fmt: AnswerFormat) -> str:
        return f"{value}%"


def test_a_new_type_is_one_class() -> None:
    registry = STEP_TYPES.with_kinds(PercentKind())
    assert "percent" in registry and "percent" not in STEP_TYPES
    step = Step.model_construct(
        id="share",
        type="percent",  # type: ignore[arg-type]
        text="Share?",
        why="W.",
        optional=True,
    )
    kind = registry.kind_of(step)
    assert kind.clean(step, "12.50%") == "12.5"
    assert kind.clean(step, "") == SKIPPED
    with pytest.raises(AnswerError, match="0 to 100"):
        kind.clean(step, "120")
    assert kind.is_answered(step, "12.5") and kind.is_answered(step, SKIPPED)
    assert kind.options(step, set()) == ["20", SKIPPED]
    assert kind.read_form(Form(answer=["7"], skip=["1"])) == SKIPPED
    assert kind.label(step, "12.5", FMT) == "12.5%"
    assert kind.input_attrs(step) == {"type": "text", "inputmode": "decimal"}
    assert kind.skippable and kind.is_question and kind.read_ops == {"answered"}


def test_every_step_type_has_its_partial_template() -> None:
    """A new question type is one class plus one partial: the partial must exist."""
    templates = Path(__file__).resolve().parents[1] / "app" / "templates"
    for kind in STEP_TYPES.values():
        assert (templates / kind.partial).is_file(), kind.partial
