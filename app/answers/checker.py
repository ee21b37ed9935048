"""`covnav check` for the answer cards: every problem with its line, column and code.

The same reader, problem type and output as the flow checker (app/flows): YAML read with
positions, then the schema, then the cross-checks. Links are checked against what exists
(`Known`: the flow's steps, checklist items and insurer questions, and the documents), which
the caller supplies, so this layer imports nothing above it.

AN1xx are errors, AN2xx warnings (codes are listed in docs/flow-format.md under "Answer
cards").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from app.answers.readability import grade
from app.answers.recognise import card_codes
from app.answers.schema import CardFile, parse_cards
from app.answers.text import surface
from app.flows.problems import Problem, Reporter, Severity, sort_problems
from app.flows.schema import Tree
from app.flows.schema_errors import _resolve as resolve_loc
from app.flows.yaml_positions import PathKey, read_yaml

MAX_SENTENCE_WORDS = 25
MAX_GRADE = 8.0
MAX_PARAGRAPHS = 4
MAX_WORDS = 160
# A card that states a number of days, months or a percent, or names a law, states a rule.
RULE_WORDS = re.compile(
    r"\b\d+\s*(?:days?|months?|years?|hours?|%|percent)\b|\b(?:law|federal|regulation)\b", re.I
)
NOT_A_SOURCE = re.compile(r"domain\.md|shared/", re.I)


@dataclass(frozen=True)
class Known:
    """The ids a card may link to. Empty sets are not checked (e.g. no flow given)."""

    steps: frozenset[str] = field(default_factory=frozenset)
    questions_steps: frozenset[str] = field(default_factory=frozenset)  # steps with a question
    checklist: frozenset[str] = field(default_factory=frozenset)
    questions: frozenset[str] = field(default_factory=frozenset)
    documents: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, tree: Tree, documents: Iterable[str]) -> Known:
        """What the flow `tree` and the documents (their ids) offer to link to."""
        return cls(
            steps=frozenset(s.id for s in tree.steps),
            questions_steps=frozenset(s.id for s in tree.steps if s.is_question),
            checklist=frozenset(c.id for c in tree.checklist),
            questions=frozenset(q.id for q in tree.questions),
            documents=frozenset(documents),
        )


class CardReporter(Reporter):
    """The flow checker's reporter, with this file's codes: AN2xx are warnings."""

    def at_line(self, line: int, col: int, code: str, message: str) -> None:
        severity: Severity = "warning" if code.startswith("AN2") else "error"
        self.problems.append(Problem(self.file, line, col, code, message, severity))


@dataclass
class CardCheck:
    problems: list[Problem]
    cards: CardFile | None  # None when the file has errors

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def check_cards_text(text: str, file: str, known: Known) -> CardCheck:
    doc = read_yaml(text)
    report = CardReporter(file, doc.positions)
    for issue in doc.issues:
        report.at_line(issue.line, issue.col, "AN100", issue.message)
    if any(issue.fatal for issue in doc.issues):
        return CardCheck(sort_problems(report.problems), None)
    cards = _validate(doc.data, report)
    if cards is not None:
        _ids(cards, report)
        _links(cards, known, report)
        _phrasings(cards, report)
        _codes(cards, report)
        _sources(cards, report)
        _wording(cards, report)
    problems = sort_problems(report.problems)
    ok = cards is not None and not any(p.is_error for p in problems)
    return CardCheck(problems, cards if ok else None)


def _validate(data: Any, report: Reporter) -> CardFile | None:
    if not isinstance(data, dict):
        report.at((), "AN101", "the file must be a mapping with version, topics and cards")
        return None
    try:
        return parse_cards(data)
    except ValidationError as exc:
        for error in exc.errors():
            path, rest = resolve_loc(data, tuple(error["loc"]))
            where = ".".join(str(p) for p in rest)
            message = str(error["msg"]).removeprefix("Value error, ")
            report.at(path, "AN101", f"{where}: {message}" if where else message)
        return None


def _repeats(report: Reporter, items: Iterable[tuple[str, PathKey]], noun: str, code: str) -> None:
    first: dict[str, PathKey] = {}
    for value, path in items:
        if value in first:
            line = report.positions.value(first[value])[0]
            report.at(path, code, f"{noun} {value!r} is used twice (first at line {line})")
        else:
            first[value] = path


def _ids(cards: CardFile, report: Reporter) -> None:
    """AN110 repeated ids; AN112 unknown topics and code cards."""
    _repeats(
        report,
        ((t.id, ("topics", i, "id")) for i, t in enumerate(cards.topics)),
        "topic id",
        "AN110",
    )
    ids = [(c.id, ("cards", i, "id")) for i, c in enumerate(cards.cards)]
    ids += [(r.id, ("redirects", i, "id")) for i, r in enumerate(cards.redirects)]
    _repeats(report, ids, "card id", "AN110")
    for i, card in enumerate(cards.cards):
        if cards.topic(card.topic) is None:
            report.at(("cards", i, "topic"), "AN112", f"no topic has id {card.topic!r}")
    for kind, card_id in cards.code_cards.model_dump().items():
        if cards.card(card_id) is None:
            report.at(("code_cards", kind), "AN112", f"no card has id {card_id!r}")
    used = {c.topic for c in cards.cards}
    for i, topic in enumerate(cards.topics):
        if topic.id not in used:
            report.at(("topics", i, "id"), "AN204", f"no card is in topic {topic.id!r}")


def _links(cards: CardFile, known: Known, report: Reporter) -> None:
    """AN111 links to things that do not exist; AN116 a step link to a step with no question."""
    for i, topic in enumerate(cards.topics):
        if topic.question and known.questions and topic.question not in known.questions:
            report.at(
                ("topics", i, "question"), "AN111", f"no insurer question has id {topic.question!r}"
            )
    for i, card in enumerate(cards.cards):
        links = card.links
        checks = (
            ("steps", links.steps, known.steps, "step"),
            ("checklist", links.checklist, known.checklist, "checklist item"),
            ("documents", links.documents, known.documents, "document"),
        )
        for name, ids, existing, noun in checks:
            for k, target in enumerate(ids):
                path = ("cards", i, "links", name, k)
                if existing and target not in existing:
                    report.at(path, "AN111", f"no {noun} has id {target!r}")
                elif (
                    name == "steps"
                    and known.questions_steps
                    and target not in known.questions_steps
                ):
                    report.at(path, "AN116", f"step {target!r} asks no question to change")


def _phrasings(cards: CardFile, report: Reporter) -> None:
    """AN113: the same way of asking under two cards (the search could not tell them apart)."""
    items = [
        (surface(phrase), ("cards", i, "asked", k))
        for i, card in enumerate(cards.cards)
        for k, phrase in enumerate(card.asked)
    ]
    items += [
        (surface(phrase), ("redirects", i, "asked", k))
        for i, redirect in enumerate(cards.redirects)
        for k, phrase in enumerate(redirect.asked)
    ]
    _repeats(report, items, "phrasing", "AN113")


def _codes(cards: CardFile, report: Reporter) -> None:
    """AN114 a code under two cards; AN115 a code we would not recognise in a question."""
    seen: list[tuple[str, PathKey]] = []
    for i, card in enumerate(cards.cards):
        for k, code in enumerate(card.codes):
            read = card_codes(code)
            if len(read) != 1:
                report.at(
                    ("cards", i, "codes", k),
                    "AN115",
                    f"{code!r} is not read as one code; write it as typed, like 97124, "
                    "M54.5, N130 or POS 11",
                )
                continue
            seen.append((read[0].term, ("cards", i, "codes", k)))
    _repeats(report, seen, "code", "AN114")


def _sources(cards: CardFile, report: Reporter) -> None:
    """AN120 a card that states a rule without a source; AN121 a source that is not one."""
    for i, card in enumerate(cards.cards):
        if not card.sources and RULE_WORDS.search(card.text):
            report.at(
                ("cards", i, "text"),
                "AN120",
                f"card {card.id!r} states a rule (a number of days, a percent or a law); "
                "add the rule to its sources",
            )
        for k, source in enumerate(card.sources):
            if NOT_A_SOURCE.search(source):
                report.at(
                    ("cards", i, "sources", k),
                    "AN121",
                    "cite the rule itself (e.g. 29 CFR 2560.503-1(h)(3)(i)), not our notes",
                )


def _wording(cards: CardFile, report: Reporter) -> None:
    """AN201 long sentences, AN202 hard text, AN203 too long for a quick answer."""
    for i, card in enumerate(cards.cards):
        path = ("cards", i, "text")
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(card.paragraphs)):
            words = sentence.split()
            if len(words) > MAX_SENTENCE_WORDS:
                report.at(
                    path,
                    "AN201",
                    f"sentence of {len(words)} words (over {MAX_SENTENCE_WORDS}): "
                    f"{' '.join(words[:6])!r}...; split it",
                )
        level = grade(card.text)
        if level > MAX_GRADE:
            report.at(path, "AN202", f"card {card.id!r} reads at grade {level} (aim for 6)")
        words = len(card.text.split())
        if len(card.paragraphs) > MAX_PARAGRAPHS or words > MAX_WORDS:
            report.at(
                path,
                "AN203",
                f"card {card.id!r} has {len(card.paragraphs)} paragraphs and {words} words; "
                f"keep it to {MAX_PARAGRAPHS} short paragraphs ({MAX_WORDS} words)",
            )
