"""The flow checker: every problem in a flow file, each with its line, column and code.

Codes and their meaning are listed in docs/flow-format.md. Reading and schema problems
(ST100-ST103) come first; the structural checks (ST110 and up) run once the file parses
and fits the schema.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.flows.coverage import unproduced
from app.flows.engine import Flow
from app.flows.graph import StepGraph
from app.flows.problems import Problem, Reporter, sort_problems
from app.flows.reads import check_reads
from app.flows.schema import TITLE_MAX_WORDS, Condition, Tree
from app.flows.schema_errors import validate
from app.flows.strings import patient_strings
from app.flows.types import STEP_TYPES
from app.flows.yaml_positions import PathKey, read_yaml

MAX_SENTENCE_WORDS = 25
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
WRAP_UP_WORDS = ("name", "date", "reference")


@dataclass
class CheckResult:
    problems: list[Problem]  # sorted by line
    flow: Flow | None  # the compiled flow when the file has no errors

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def check_text(text: str, file: str) -> CheckResult:
    """Check the text of a flow file; `file` is the name shown in each problem."""
    doc = read_yaml(text)
    report = Reporter(file, doc.positions)
    for issue in doc.issues:
        report.at_line(issue.line, issue.col, "ST100", issue.message)
    if any(issue.fatal for issue in doc.issues):
        return CheckResult(sort_problems(report.problems), None)
    tree = validate(doc.data, report)
    if tree is None:
        return CheckResult(sort_problems(report.problems), None)
    flow = check_tree(tree, report)
    return CheckResult(sort_problems(report.problems), None if report.has_errors else flow)


def check_tree(tree: Tree, report: Reporter) -> Flow:
    """Run the structural checks on a tree that fits the schema."""
    graph = StepGraph(tree)
    _duplicates(tree, report)
    _links(tree, graph, report)
    _ends(tree, report)
    check_reads(tree, graph, report)
    flow = Flow(tree)
    if report.count("ST110", "ST111", "ST113", "ST114") == 0:
        _coverage(flow, report)
    _wrap_up(tree, report)
    _wording(tree, report)
    _optional(tree, report)
    _titles(tree, report)
    return flow


def _duplicates(tree: Tree, report: Reporter) -> None:
    sections: list[tuple[str, str, list[str]]] = [
        ("steps", "step", [s.id for s in tree.steps]),
        ("checklist", "checklist item", [c.id for c in tree.checklist]),
        ("questions", "insurer question", [q.id for q in tree.questions]),
    ]
    for section, noun, ids in sections:
        _report_repeats(report, f"duplicate {noun} {{!r}}", ids, (section,), ("id",))
    for i, step in enumerate(tree.steps):
        _report_repeats(
            report,
            f"duplicate choice value {{!r}} in step {step.id!r}",
            [c.value for c in step.choices],
            ("steps", i, "choices"),
            ("value",),
        )


def _report_repeats(
    report: Reporter, message: str, ids: list[str], head: PathKey, tail: PathKey
) -> None:
    first: dict[str, int] = {}
    for index, ident in enumerate(ids):
        if ident in first:
            line = report.positions.value((*head, first[ident], *tail))[0]
            report.at(
                (*head, index, *tail), "ST110", f"{message.format(ident)} (first at line {line})"
            )
        else:
            first[ident] = index


def _unknown_step(tree: Tree, name: str) -> str:
    ids = [s.id for s in tree.steps]
    match = difflib.get_close_matches(name, ids, n=1, cutoff=0.6)
    return f"no step has id {name!r}" + (f"; did you mean {match[0]!r}?" if match else "")


def _links(tree: Tree, graph: StepGraph, report: Reporter) -> None:
    """ST111 unknown step ids, ST112 unreachable steps, ST113 cycles."""
    if not tree.has_step(tree.start):
        report.at(("start",), "ST111", f"start: {_unknown_step(tree, tree.start)}")
    for edges in graph.edges.values():
        for edge in edges:
            if not tree.has_step(edge.target):
                what = "goto" if edge.goto_path[-1] == "goto" else "next"
                report.at(edge.goto_path, "ST111", f"{what}: {_unknown_step(tree, edge.target)}")
    if graph.reachable:
        seen: set[str] = set()
        for i, step in enumerate(tree.steps):
            if step.id not in graph.reachable and step.id not in seen:
                report.at(
                    ("steps", i, "id"),
                    "ST112",
                    f"no path reaches step {step.id!r}: no reachable step goes to it",
                )
            seen.add(step.id)
    for edge, loop in graph.cycles():
        report.at(
            edge.goto_path, "ST113", f"cycle: {' -> '.join(loop)}; a patient could go round forever"
        )


def _ends(tree: Tree, report: Reporter) -> None:
    """ST114: every non-results step must lead on, whatever the answers."""
    for i, step in enumerate(tree.steps):
        if step.kind.is_terminal:
            continue
        if step.next is None:
            report.at(
                ("steps", i, "id"),
                "ST114",
                f"step {step.id!r} has no next, so a path "
                "would end here; add next or make it a results step",
            )
        elif not step.rules:
            report.at(
                ("steps", i, "next"),
                "ST114",
                f"next of step {step.id!r} is an empty list, so a path would end here",
            )
        elif step.rules[-1].when is not None:
            last = len(step.rules) - 1
            report.at(
                ("steps", i, "next", last, "when"),
                "ST114",
                f"the last rule of step {step.id!r} has a when, so a path ends here when "
                "no rule holds; end next with a rule that has only goto",
                key=True,
            )


def _coverage(flow: Flow, report: Reporter) -> None:
    """ST117: checklist items and insurer questions that no complete path produces."""
    tree = flow.tree
    items: list[tuple[tuple[str, int], Condition | None]] = []
    items += [(("checklist", i), item.when) for i, item in enumerate(tree.checklist)]
    items += [(("questions", i), item.when) for i, item in enumerate(tree.questions)]
    for section, index in unproduced(flow, items):
        noun = "checklist item" if section == "checklist" else "insurer question"
        item = (tree.checklist if section == "checklist" else tree.questions)[index]
        report.at(
            (section, index, "when"),
            "ST117",
            f"no complete path produces {noun} "
            f"{item.id!r}: its when never holds at the end of a path",
            key=True,
        )


def _wrap_up(tree: Tree, report: Reporter) -> None:
    """ST119: the last insurer question is the unconditional wrap-up."""
    last_index = len(tree.questions) - 1
    last = tree.questions[last_index]
    if last.when is not None:
        report.at(
            ("questions", last_index, "when"),
            "ST119",
            f"the last insurer question "
            f"{last.id!r} must be the wrap-up, asked on every path; remove its when",
            key=True,
        )
    elif not all(word in last.text.lower() for word in WRAP_UP_WORDS):
        report.at(
            ("questions", last_index, "text"),
            "ST119",
            f"the last insurer question "
            f"{last.id!r} must be the wrap-up: write down the rep's name, the date and "
            "a reference number",
        )


def sentences(text: str) -> Iterator[str]:
    """Split on . ! ? followed by a space or the end."""
    for part in SENTENCE_END.split(text):
        if part.strip():
            yield part.strip()


def _wording(tree: Tree, report: Reporter) -> None:
    """ST201: a patient-facing sentence longer than 25 words."""
    for entry in patient_strings(tree):
        for sentence in sentences(entry.text):
            words = sentence.split()
            if len(words) > MAX_SENTENCE_WORDS:
                start = " ".join(words[:6])
                report.at(
                    entry.path,
                    "ST201",
                    f"sentence of {len(words)} words (over "
                    f"{MAX_SENTENCE_WORDS}): {start!r}...; split it",
                )


def _optional(tree: Tree, report: Reporter) -> None:
    """ST202: `optional` on a type that cannot be skipped."""
    skippable = STEP_TYPES.names(lambda kind: kind.skippable)
    for i, step in enumerate(tree.steps):
        if step.optional and not step.kind.skippable:
            report.at(
                ("steps", i, "optional"),
                "ST202",
                f"optional has no effect on a "
                f"{step.type.value} step; only {skippable} can be skipped",
            )


def _titles(tree: Tree, report: Reporter) -> None:
    """ST203: an info step with no title; ST204: a title longer than a few words."""
    for i, step in enumerate(tree.steps):
        if step.kind.is_question or step.kind.is_terminal:
            continue
        if step.title is None:
            report.at(
                ("steps", i, "id"),
                "ST203",
                f"info step {step.id!r} has no title; add a short heading of a few words",
            )
        elif len(step.title.split()) > TITLE_MAX_WORDS:
            report.at(
                ("steps", i, "title"),
                "ST204",
                f"title of {len(step.title.split())} words (over {TITLE_MAX_WORDS}); "
                "keep the heading short and put the rest in text",
            )
