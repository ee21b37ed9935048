"""One walk over a condition, shared by every tool that reads conditions.

The compiler, the coverage check, the reads checker, the Mermaid drawing and the value and
step collectors are all folds: each operator is one method, and a composite operator gets
what its parts folded to. A new operator is one schema class, one `case` in `visit` and one
abstract method here, so every walker must handle it before the code type-checks or runs.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Generic, TypeVar

from app.flows.schema import All, Answered, AnyOf, Condition, Eq, Has, In, Not
from app.flows.yaml_positions import PathKey

T = TypeVar("T")


class ConditionFold(ABC, Generic[T]):
    """Folds a condition bottom-up; `path` is where each node sits in the flow file."""

    def visit(self, cond: Condition, path: PathKey = ()) -> T:
        """Fold `cond`, written at `path` (the one-key mapping holding its operator)."""
        match cond:
            case Eq(eq=(step, value)):
                return self.eq(step, value, path)
            case In(in_=(step, values)):
                return self.in_(step, values, path)
            case Has(has=(step, value)):
                return self.has(step, value, path)
            case Answered(answered=step):
                return self.answered(step, path)
            case Not(not_=inner):
                return self.not_(self.visit(inner, (*path, "not")), path)
            case All(all=parts):
                return self.all_(
                    [self.visit(p, (*path, "all", k)) for k, p in enumerate(parts)], path
                )
            case AnyOf(any=parts):
                return self.any_(
                    [self.visit(p, (*path, "any", k)) for k, p in enumerate(parts)], path
                )
        raise TypeError(f"unknown condition {cond!r}")  # pragma: no cover

    @abstractmethod
    def eq(self, step: str, value: str, path: PathKey) -> T:
        """`{eq: [step, value]}`."""

    @abstractmethod
    def in_(self, step: str, values: tuple[str, ...], path: PathKey) -> T:
        """`{in: [step, [values...]]}`."""

    @abstractmethod
    def has(self, step: str, value: str, path: PathKey) -> T:
        """`{has: [step, value]}`."""

    @abstractmethod
    def answered(self, step: str, path: PathKey) -> T:
        """`{answered: step}`."""

    @abstractmethod
    def not_(self, inner: T, path: PathKey) -> T:
        """`{not: COND}`, given what COND folded to."""

    @abstractmethod
    def all_(self, parts: Sequence[T], path: PathKey) -> T:
        """`{all: [...]}`, given what each part folded to."""

    @abstractmethod
    def any_(self, parts: Sequence[T], path: PathKey) -> T:
        """`{any: [...]}`, given what each part folded to."""


class Gather(ConditionFold[T]):
    """A fold that only collects from the leaves: not, all and any merge their parts."""

    @abstractmethod
    def merge(self, parts: Sequence[T]) -> T:
        """Combine what the parts of a composite found."""

    def not_(self, inner: T, path: PathKey) -> T:
        return inner

    def all_(self, parts: Sequence[T], path: PathKey) -> T:
        return self.merge(parts)

    def any_(self, parts: Sequence[T], path: PathKey) -> T:
        return self.merge(parts)


class _StepsRead(Gather[frozenset[str]]):
    def eq(self, step: str, value: str, path: PathKey) -> frozenset[str]:
        return frozenset((step,))

    def in_(self, step: str, values: tuple[str, ...], path: PathKey) -> frozenset[str]:
        return frozenset((step,))

    def has(self, step: str, value: str, path: PathKey) -> frozenset[str]:
        return frozenset((step,))

    def answered(self, step: str, path: PathKey) -> frozenset[str]:
        return frozenset((step,))

    def merge(self, parts: Sequence[frozenset[str]]) -> frozenset[str]:
        return frozenset().union(*parts)


_STEPS_READ = _StepsRead()


def condition_steps(cond: Condition) -> set[str]:
    """Every step id a condition reads."""
    return set(_STEPS_READ.visit(cond))
