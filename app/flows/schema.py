"""Pydantic models for `data/steps.yaml` (see docs/flow-format.md)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

from app.flows.types import STEP_TYPES, StepKind
from app.flows.types.choice import YESNO_VALUES as YESNO_VALUES

StepId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
ChoiceValue = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", max_length=60)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=1200)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=60)]
SourceKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
TITLE_MAX_WORDS = 6  # a short heading: a few words (longer is warning ST204)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StepType(StrEnum):
    single = "single"
    multi = "multi"
    yesno = "yesno"
    number = "number"
    money = "money"
    date = "date"
    text = "text"
    info = "info"
    results = "results"


# Kept for callers; the step-type registry (app/flows/types) is where these are decided.
CHOICE_TYPES = frozenset(StepType(k.name) for k in STEP_TYPES.values() if k.has_choices)
SKIPPABLE_TYPES = frozenset(StepType(k.name) for k in STEP_TYPES.values() if k.skippable)


class Stage(StrEnum):
    before = "before"
    after = "after"
    denied = "denied"


STAGE_ORDER: dict[Stage, int] = {Stage.before: 0, Stage.after: 1, Stage.denied: 2}


# Conditions: a closed set of operators, each a one-key mapping in YAML.
class Eq(Strict):
    eq: tuple[StepId, ChoiceValue]


class In(Strict):
    in_: tuple[StepId, tuple[ChoiceValue, ...]] = Field(alias="in")


class Has(Strict):
    has: tuple[StepId, ChoiceValue]


class Answered(Strict):
    answered: StepId


class Not(Strict):
    not_: Condition = Field(alias="not")


class All(Strict):
    all: tuple[Condition, ...] = Field(min_length=1)


class AnyOf(Strict):
    any: tuple[Condition, ...] = Field(min_length=1)


Condition = Eq | In | Has | Answered | Not | All | AnyOf
Not.model_rebuild()
All.model_rebuild()
AnyOf.model_rebuild()


def condition_steps(cond: Condition) -> set[str]:
    """Every step id a condition reads (the walk lives with the other condition folds)."""
    from app.flows.visitor import condition_steps as steps_read  # visitor imports this module

    return steps_read(cond)


class Choice(Strict):
    value: ChoiceValue
    label: Text


class Rule(Strict):
    when: Condition | None = None
    goto: StepId


class Step(Strict):
    id: StepId
    type: StepType
    text: Text
    title: Title | None = None  # info steps: a short heading; `text` is the body below it
    why: Text | None = None
    help: Text | None = None
    optional: bool = False
    min: float | None = None
    max: float | None = None
    choices: tuple[Choice, ...] = ()
    # date steps: "today" refuses a date after the day the answer is saved (a visit had).
    latest: Literal["today"] | None = None
    next: StepId | tuple[Rule, ...] | None = None

    @property
    def rules(self) -> tuple[Rule, ...]:
        if self.next is None:
            return ()
        if isinstance(self.next, str):
            return (Rule(goto=self.next),)
        return self.next

    @property
    def kind(self) -> StepKind:
        """What this step's type knows: cleaning, checking and showing its answer."""
        return STEP_TYPES.kind_of(self)

    @property
    def choice_values(self) -> tuple[str, ...]:
        return self.kind.choice_values(self)

    @property
    def is_question(self) -> bool:
        return self.kind.is_question


class Item(Strict):
    """A checklist item (with stage) or an insurer question (stage unused)."""

    id: StepId
    text: Text
    why: Text
    how: Text | None = None
    stage: Stage | None = None
    deadline: StepId | None = None
    source: SourceKey | None = None  # the rule behind it: a key of app.rules.sources.RULES
    when: Condition | None = None


class ChecklistItem(Item):
    stage: Stage


class Tree(Strict):
    version: Literal[1]
    start: StepId
    steps: tuple[Step, ...] = Field(min_length=1)
    checklist: tuple[ChecklistItem, ...] = Field(min_length=1)
    questions: tuple[Item, ...] = Field(min_length=1)

    _by_id: dict[str, Step] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        self._by_id = {s.id: s for s in self.steps}

    def step(self, step_id: str) -> Step:
        return self._by_id[step_id]

    def has_step(self, step_id: str) -> bool:
        return step_id in self._by_id


def parse_tree(data: Any) -> Tree:
    """Validate plain YAML data into a Tree (raises pydantic.ValidationError)."""
    return Tree.model_validate(data)
