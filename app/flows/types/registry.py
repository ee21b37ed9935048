"""The step types by name: the one place that lists them (a new type is one class here)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from app.flows.types.base import StepKind, listing
from app.flows.types.choice import MultiKind, SingleKind, YesNoKind
from app.flows.types.entry import DateKind, MoneyKind, NumberKind, TextKind
from app.flows.types.message import InfoKind, ResultsKind

if TYPE_CHECKING:
    from app.flows.schema import Step


class Registry(Mapping[str, StepKind]):
    """Step kinds by their `type:` name, in file-format order."""

    def __init__(self, kinds: Iterable[StepKind]) -> None:
        self._kinds: dict[str, StepKind] = {}
        for kind in kinds:
            if kind.name in self._kinds:
                raise ValueError(f"step type {kind.name!r} is registered twice")
            self._kinds[kind.name] = kind

    def __getitem__(self, name: str) -> StepKind:
        return self._kinds[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)

    def kind_of(self, step: Step) -> StepKind:
        """The kind that handles `step`."""
        return self._kinds[step.type]

    def with_kinds(self, *kinds: StepKind) -> Registry:
        """A copy with `kinds` added (or replacing the kind of the same name)."""
        replaced = {k.name for k in kinds}
        return Registry([*(k for k in self.values() if k.name not in replaced), *kinds])

    def names(self, where: Callable[[StepKind], bool]) -> str:
        """The names of the kinds that match, for messages: "number, money, date and text"."""
        return listing([k.name for k in self.values() if where(k)])


STEP_TYPES = Registry(
    [
        SingleKind(),
        MultiKind(),
        YesNoKind(),
        NumberKind(),
        MoneyKind(),
        DateKind(),
        TextKind(),
        InfoKind(),
        ResultsKind(),
    ]
)


def kind_of(step: Step) -> StepKind:
    """The registered kind of `step`, from the default registry."""
    return STEP_TYPES.kind_of(step)
