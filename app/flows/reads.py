"""Checks on what conditions read: ST115 (an answer no path can have asked), ST116 (a value
the question does not offer) and ST118 (an operator that does not fit the question type)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from app.flows.graph import StepGraph
from app.flows.problems import Reporter
from app.flows.schema import Condition, Step, Tree
from app.flows.types.base import with_article
from app.flows.visitor import Gather
from app.flows.yaml_positions import PathKey

CHOICE_OPS = ("eq", "in", "has")


@dataclass(frozen=True)
class Leaf:
    """One `eq`, `in`, `has` or `answered` inside a condition."""

    op: str
    step: str
    values: tuple[tuple[str, PathKey], ...]  # compared values and where each is written
    path: PathKey  # the one-key mapping holding the operator
    ref_path: PathKey  # where the step id is written


class _Leaves(Gather[tuple[Leaf, ...]]):
    """Every leaf of a condition, with the position of each step id and compared value."""

    def eq(self, step: str, value: str, path: PathKey) -> tuple[Leaf, ...]:
        return (Leaf("eq", step, ((value, (*path, "eq", 1)),), path, (*path, "eq", 0)),)

    def in_(self, step: str, values: tuple[str, ...], path: PathKey) -> tuple[Leaf, ...]:
        found = tuple((v, (*path, "in", 1, k)) for k, v in enumerate(values))
        return (Leaf("in", step, found, path, (*path, "in", 0)),)

    def has(self, step: str, value: str, path: PathKey) -> tuple[Leaf, ...]:
        return (Leaf("has", step, ((value, (*path, "has", 1)),), path, (*path, "has", 0)),)

    def answered(self, step: str, path: PathKey) -> tuple[Leaf, ...]:
        return (Leaf("answered", step, (), path, (*path, "answered")),)

    def merge(self, parts: Sequence[tuple[Leaf, ...]]) -> tuple[Leaf, ...]:
        return tuple(leaf for part in parts for leaf in part)


_LEAVES = _Leaves()


def leaves(cond: Condition, path: PathKey) -> Iterator[Leaf]:
    """The leaves of `cond` in file order; `path` is where the condition is written."""
    return iter(_LEAVES.visit(cond, path))


def check_reads(tree: Tree, graph: StepGraph, report: Reporter) -> None:
    steps: dict[str, Step] = {}
    for step in tree.steps:
        steps.setdefault(step.id, step)  # a repeated id is reported as ST110
    for step in steps.values():
        asked = graph.ancestors(step.id) | {step.id}
        for edge in graph.edges[step.id]:
            if edge.when is not None:
                where = f" before step {step.id!r}"
                for leaf in leaves(edge.when, (*edge.rule_path, "when")):
                    _check_leaf(steps, leaf, asked, where, report)
    everywhere = graph.reachable or {s.id for s in tree.steps}
    for section, items in (("checklist", tree.checklist), ("questions", tree.questions)):
        for i, item in enumerate(items):
            if item.when is not None:
                for leaf in leaves(item.when, (section, i, "when")):
                    _check_leaf(steps, leaf, everywhere, "", report)


def _check_leaf(
    steps: dict[str, Step], leaf: Leaf, asked: set[str], where: str, report: Reporter
) -> None:
    if leaf.step not in steps:
        match = difflib.get_close_matches(leaf.step, list(steps), n=1, cutoff=0.6)
        hint = f"; did you mean {match[0]!r}?" if match else ""
        report.at(
            leaf.ref_path,
            "ST115",
            f"the condition reads {leaf.step!r}, but no step has that id{hint}",
        )
        return
    step = steps[leaf.step]
    kind = step.kind
    if leaf.op in kind.never_read_ops:
        report.at(
            leaf.ref_path,
            "ST115",
            f"the condition reads {leaf.step!r}, "
            f"{with_article(step.type.value)} step, which never has an answer",
        )
        return
    if leaf.op in CHOICE_OPS:
        if leaf.op not in kind.read_ops:
            report.at(
                (*leaf.path, leaf.op),
                "ST118",
                f"{leaf.op} does not fit {step.id!r}, "
                f"{with_article(kind.name)} step{kind.misfit_hint}",
                key=True,
            )
        else:
            offered = step.choice_values
            for value, value_path in leaf.values:
                if value not in offered:
                    report.at(
                        value_path,
                        "ST116",
                        f"{value!r} is not a choice of step "
                        f"{step.id!r} (choices: {', '.join(offered)})",
                    )
    if kind.is_question and leaf.step not in asked:
        report.at(
            leaf.ref_path, "ST115", f"the condition reads {leaf.step!r}, which no path asks{where}"
        )
