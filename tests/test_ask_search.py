"""The search under the ask box: recognisers, synonyms, typos, codes, and when not to answer."""

from __future__ import annotations

import socket
from datetime import date

import pytest

from app.answers.loader import load_answerer, read_synonyms
from app.answers.recognise import recognise
from app.answers.search import Answerer
from app.answers.stem import stem
from app.answers.text import Analyser
from app.answers.typos import Speller, distance

TODAY = date(2026, 3, 10)


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    return load_answerer()


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("they said CO 50 what now", "carc", "CO-50"),
        ("eob says PR-204", "carc", "PR-204"),
        ("co50", "carc", "CO-50"),
        ("denial code 29", "carc", "29"),
        ("what does n130 mean", "rarc", "N130"),
        ("an MA130 remark", "rarc", "MA130"),
        ("is m54.5 still valid", "icd", "M54.5"),
        ("M54.50 on my claim", "icd", "M54.50"),
        ("what is pos 11", "pos", "11"),
        ("place of service 12", "pos", "12"),
        ("what is 97124", "cpt", "97124"),
        ("paid $1,200.50 for visits", "money", "1200.50"),
        ("letter dated 3/4/2026", "date", "2026-03-04"),
        ("denied on march 5th", "date", "2026-03-05"),
        ("visit on 2025-12-01", "date", "2025-12-01"),
    ],
)
def test_recognisers_find_what_patients_paste(text: str, kind: str, value: str) -> None:
    found = recognise(text, today=TODAY)
    assert [(f.kind, f.value) for f in found.found] == [(kind, value)]
    assert value.split("-")[-1] not in found.text.replace(" ", "")


def test_a_date_without_a_year_is_the_latest_past_one() -> None:
    assert recognise("since dec 20", today=TODAY).found[0].day == date(2025, 12, 20)


def test_words_are_not_codes() -> None:
    found = recognise("what is co insurance 40% and my zip 90210", today=TODAY)
    assert found.found == []


def test_stemming_and_synonyms_meet_the_words_patients_use() -> None:
    analyse = Analyser(read_synonyms())
    assert analyse.stems("explanation of benefits") == analyse.stems("EOB")
    assert analyse.stems("pre-auth") == analyse.stems("prior authorization")
    assert analyse.stems("health savings account") == analyse.stems("HSA")
    assert analyse.stems("they rejected it") == analyse.stems("denied")
    assert stem("appealed") == stem("appeals") == stem("appealing") == "appeal"
    assert analyse.stems("the my please") == []


def test_typos_are_fixed_toward_the_cards_words() -> None:
    speller = Speller({"deductible": 4, "reimbursement": 3, "prescription": 2, "claim": 9})
    assert speller.correct("deductable") == "deductible"
    assert speller.correct("reimbursment") == "reimbursement"
    assert speller.correct("perscription") == "prescription"
    assert speller.correct("cliam") == "claim"
    assert speller.correct("pizza") is None and speller.correct("clam") is None
    assert distance("ab", "ba") == 1 and distance("kitten", "sitting") == 3


def test_a_denial_code_goes_to_the_decoder(answerer: Answerer) -> None:
    outcome = answerer.ask("they said CO-50, what now?", today=TODAY)
    assert outcome.kind == "code" and outcome.code == "CO-50" and outcome.confidence == 1.0
    assert len(outcome.suggestions) == 3


@pytest.mark.parametrize(
    ("question", "card"),
    [
        ("97124", "cpt_97124"),
        ("is M54.5 ok?", "icd_m545"),
        ("pos 12", "pos_code"),
        ("what is N130", "remark_codes"),
        ("what is 97035", "cpt_codes"),  # no card of its own: the card for its kind
        ("CO-999 on my eob", "denial_codes"),  # the decoder does not know it
    ],
)
def test_other_codes_go_straight_to_their_card(
    answerer: Answerer, question: str, card: str
) -> None:
    outcome = answerer.ask(question, today=TODAY)
    assert outcome.kind == "card" and outcome.card is not None
    assert outcome.card.id == card


def first(answerer: Answerer, question: str) -> str:
    """The card ranked first: the answer, or the closest card when unsure."""
    outcome = answerer.ask(question, today=TODAY)
    card = outcome.card or (outcome.suggestions[0] if outcome.suggestions else None)
    return card.id if card is not None else ""


def test_a_code_with_a_question_around_it_can_go_elsewhere(answerer: Answerer) -> None:
    assert first(answerer, "how many units should I bill for 97140 at 50 minutes") == "units"


def test_typos_and_synonyms_still_find_the_card(answerer: Answerer) -> None:
    assert first(answerer, "wat is a deductable") == "deductible"
    assert first(answerer, "my explaination of benifits came") == "eob"
    assert first(answerer, "is there a perscription needed for massge") == "prescription_needed"


def test_off_topic_is_declined_kindly(answerer: Answerer) -> None:
    for question in ("what's the weather like", "tell me a joke", "asdf qwer", ""):
        outcome = answerer.ask(question, today=TODAY)
        assert outcome.kind == "off_topic" and not outcome.answered, question


def test_booking_and_health_questions_are_redirected(answerer: Answerer) -> None:
    booking = answerer.ask("can I move my visit to another day", today=TODAY)
    assert booking.kind == "redirect" and booking.redirect is not None
    assert booking.redirect.id == "booking"
    health = answerer.ask("what exercises should I do for my sore neck", today=TODAY)
    assert health.kind == "redirect" and health.redirect is not None
    assert health.redirect.id == "health"


def test_unsure_names_a_topic_and_the_closest_cards(answerer: Answerer) -> None:
    outcome = answerer.ask("how much does the thing cost with my plan maybe", today=TODAY)
    assert outcome.kind == "unsure" and not outcome.answered
    assert outcome.topic is not None and outcome.topic.question
    assert len(outcome.suggestions) == 3
    assert outcome.confidence < answerer.tuning.threshold


def test_asking_never_touches_the_network(
    answerer: Answerer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the ask box opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    fresh = load_answerer()
    assert fresh.ask("what is an explanation of benefits", today=TODAY).answered
    assert answerer.ask("when is my appeal due", today=TODAY).card is not None
