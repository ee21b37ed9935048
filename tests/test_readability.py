"""Plain language in data/steps.yaml: US grade 6 on average, no text above grade 10.

Scored with textstat's Flesch-Kincaid grade (textstat==0.7.4). Run with -s to see the average.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat

from app.flows.loader import load_flow
from app.flows.schema import Tree

STEPS_FILE = Path(__file__).resolve().parents[1] / "data" / "steps.yaml"

MAX_AVERAGE = 7.0
MAX_ONE_TEXT = 10.0
MAX_SENTENCE_WORDS = 25
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


def patient_texts(tree: Tree) -> list[tuple[str, str]]:
    """(where, English text) for every string a patient can read."""
    out: list[tuple[str, str]] = []
    for step in tree.steps:
        for name in ("text", "why", "help"):
            value = getattr(step, name)
            if value:
                out.append((f"steps.{step.id}.{name}", value))
        for choice in step.choices:
            out.append((f"steps.{step.id}.choices.{choice.value}", choice.label))
    for item in tree.checklist:
        for name in ("text", "why", "how"):
            value = getattr(item, name)
            if value:
                out.append((f"checklist.{item.id}.{name}", value))
    for question in tree.questions:
        for name in ("text", "why"):
            value = getattr(question, name)
            if value:
                out.append((f"questions.{question.id}.{name}", value))
    return out


@pytest.fixture(scope="module")
def grades() -> list[tuple[float, str, str]]:
    tree = load_flow(STEPS_FILE).tree
    return [
        (textstat.flesch_kincaid_grade(text), where, text) for where, text in patient_texts(tree)
    ]


def test_collects_every_kind_of_text(grades: list[tuple[float, str, str]]) -> None:
    kinds = {where.split(".")[0] + "." + where.split(".")[-1] for _, where, _ in grades}
    for kind in (
        "steps.text",
        "steps.why",
        "steps.help",
        "checklist.text",
        "checklist.why",
        "checklist.how",
        "questions.text",
        "questions.why",
    ):
        assert kind in kinds, kind
    assert any(".choices." in where for _, where, _ in grades)


def test_average_grade(grades: list[tuple[float, str, str]]) -> None:
    average = sum(g for g, _, _ in grades) / len(grades)
    hardest = max(grades)
    print(
        f"\nFlesch-Kincaid grade over {len(grades)} texts: average {average:.2f}, "
        f"max {hardest[0]:.1f} ({hardest[1]})"
    )
    assert average <= MAX_AVERAGE


def test_no_text_is_too_hard(grades: list[tuple[float, str, str]]) -> None:
    too_hard = [f"{g:.1f} {where}: {text}" for g, where, text in grades if g > MAX_ONE_TEXT]
    assert too_hard == []


def test_sentences_are_short(grades: list[tuple[float, str, str]]) -> None:
    too_long = [
        f"{where}: {sentence}"
        for _, where, text in grades
        for sentence in SENTENCE_END.split(text)
        if len(sentence.split()) > MAX_SENTENCE_WORDS
    ]
    assert too_long == []
