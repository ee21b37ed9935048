"""The Spanish ask box measured on Spanish speakers' own questions (tests/ask_eval/
questions.es.yaml), written apart from the Spanish cards, with the English set's targets
(tests/test_ask_eval.py): top-1 >= 90%, top-3 >= 98%, off-topic declined >= 95%, and at
most 3% of answers given are wrong. bench/ask_eval.py --lang es prints the same figures,
the held-out set's (holdout.es.yaml) and the speed."""

from __future__ import annotations

import pytest
from test_ask_eval import load_set, near_copies, scores

from app.answers.loader import load_answerer
from app.answers.search import Answerer
from app.answers.text import surface

SETS = ("questions.es.yaml", "holdout.es.yaml")


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    return load_answerer(lang="es")


def test_the_set_is_big_enough_and_labelled_with_real_answers(answerer: Answerer) -> None:
    items = load_set(SETS[0])
    assert len([q for q, label in items if label]) >= 100
    assert len([q for q, label in items if label is None]) >= 20
    for _, label in items + load_set(SETS[1]):
        if label and not label.startswith("code_"):
            assert answerer.cards.card(label) is not None, label


def said(answerer: Answerer) -> list[tuple[str, str]]:
    """Every Spanish title and way of asking, as the near-copy check compares them."""
    cards = answerer.cards
    out = [(c.id, surface(p)) for c in cards.cards for p in (c.title, *c.asked)]
    return out + [(r.id, surface(p)) for r in cards.redirects for p in r.asked]


def test_no_question_is_a_copy_or_near_copy_of_a_spanish_card(answerer: Answerer) -> None:
    ours = said(answerer)
    exact = {text for _, text in ours}
    questions = [q for q, _ in load_set(SETS[0]) + load_set(SETS[1])]
    copies = [f"{q!r} is a card's phrasing" for q in questions if surface(q) in exact]
    assert copies + near_copies(questions, ours) == []


def test_the_copy_check_reads_accents_and_capitals_as_the_search_does(
    answerer: Answerer,
) -> None:
    exact = {text for _, text in said(answerer)}
    assert surface("¿Qué es un SUPERBILL?") in exact  # the card's "que es un superbill"


def test_accuracy_targets(answerer: Answerer) -> None:
    got = scores(answerer, load_set(SETS[0]))
    print("\nask eval (es):", {k: round(v, 3) for k, v in got.items()})
    assert got["top1"] >= 0.90
    assert got["top3"] >= 0.98
    assert got["declined"] >= 0.95
    assert got["wrong"] <= 0.03
