"""Plain language in data/steps.yaml and in the letters a patient signs.

The flow's text: US grade 6 on average (textstat's Flesch-Kincaid grade, textstat==0.7.4), no
text above grade 10, whole sentences of normal length (10 to 15 words on average), none over
25 words, and no fragments, found by their form (tests/plain_language.py). Questions and choice
labels may be short. Letters: grade 8 at most. Run with -s to see the figures.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import textstat
from personas import PERSONAS
from plain_language import fragment_problem, sentences, words
from samples import HEADER, auto_answers

from app.documents.assemble import doc_inputs
from app.documents.catalog import documents_for
from app.documents.render import render_html
from app.flows.engine import walk
from app.flows.loader import load_flow
from app.flows.schema import Tree

STEPS_FILE = Path(__file__).resolve().parents[1] / "data" / "steps.yaml"
TODAY = date(2026, 3, 20)

MAX_AVERAGE = 6.0
MAX_LETTER_GRADE = 8.0
SENTENCE_WORDS = (10, 15)  # the average length of a statement, in words
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


def statements(grades: list[tuple[float, str, str]]) -> list[tuple[str, str]]:
    """(where, sentence) for every sentence that is not a question or a choice label."""
    return [
        (where, sentence)
        for _, where, text in grades
        if ".choices." not in where
        for sentence in sentences(text)
        if not sentence.endswith("?")
    ]


def test_sentences_have_normal_length(grades: list[tuple[float, str, str]]) -> None:
    lengths = [len(words(s)) for _, s in statements(grades)]
    average = sum(lengths) / len(lengths)
    short = sum(1 for n in lengths if n <= 6) / len(lengths)
    print(f"\n{len(lengths)} statements: average {average:.1f} words, {short:.0%} of 6 or fewer")
    assert SENTENCE_WORDS[0] <= average <= SENTENCE_WORDS[1]


def test_no_fragments(grades: list[tuple[float, str, str]]) -> None:
    found = [
        f"{where}: {problem}: {sentence}"
        for where, sentence in statements(grades)
        if (problem := fragment_problem(sentence))
    ]
    assert found == []


@pytest.mark.parametrize(
    ("sentence", "problem"),
    [
        ("Your member ID and the date.", "no verb"),
        ("The deductible for this year.", "no verb"),
        ("Send it to the.", "ends on 'the'"),
        ("Write down the date and.", "ends on 'and'"),
        ("If you have one.", "a dependent clause with no main clause"),
        ("Because the plan said no.", "a dependent clause with no main clause"),
        ("Ask your plan.", None),
        ("If you have one, send a copy.", None),
        ("Call the U.S. Department of Labor.", None),
        ("My notes of that call:", None),
    ],
)
def test_fragments_are_found_by_their_form(sentence: str, problem: str | None) -> None:
    assert fragment_problem(sentence) == problem


def test_sentence_split_keeps_abbreviations() -> None:
    assert list(sentences("Call the U.S. Department of Labor. Then wait.")) == [
        "Call the U.S. Department of Labor.",
        "Then wait.",
    ]


def letter_texts() -> list[tuple[str, str]]:
    """(persona-document, body text) of every letter a persona would sign."""
    flow = load_flow(STEPS_FILE)
    out = []
    for persona in PERSONAS:
        answers = auto_answers(flow, persona.prefs)
        for doc in documents_for(walk(flow, answers).active):
            if not doc.letter:
                continue
            page = render_html(doc, doc_inputs(flow, answers, HEADER, today=TODAY), "pdf")
            body = page.split('<div class="letter" lang="en">', 1)[1]
            body = re.split(r'<section class="for-you"[^>]*>|<p class="muted">We wrote', body)[0]
            body = body.split("<table>", 1)[0] + body.split("</table>", 1)[-1]
            body = re.sub(r'<span class="sr-only">.*?</span>', " ", body)
            text = " ".join(re.sub(r"<[^>]+>", " ", body).split())
            out.append((f"{persona.name}-{doc.id}", text))
    return out


def test_letters_read_at_grade_8_or_below() -> None:
    letters = letter_texts()
    assert len({name.rsplit("-", 1)[1] for name, _ in letters}) >= 5  # every kind of letter
    scored = [(textstat.flesch_kincaid_grade(text), name) for name, text in letters]
    average = sum(g for g, _ in scored) / len(scored)
    print(f"\n{len(scored)} letters: average grade {average:.2f}, hardest {max(scored)}")
    assert [f"{g:.1f} {name}" for g, name in scored if g > MAX_LETTER_GRADE] == []
