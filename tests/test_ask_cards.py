"""The answer cards as data: the real file is clean, covers the product, reads plainly, and
the checker finds each kind of problem at its line and column."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
import textstat

from app.answers.checker import Known, check_cards_text
from app.answers.loader import DEFAULT_PATH, check_cards_file
from app.answers.readability import grade
from app.answers.schema import CALCULATORS, MIN_PHRASINGS, CardFile
from app.answers.strings import card_strings
from app.documents.catalog import BY_ID
from app.flows.loader import load_flow

FLOW = load_flow()
KNOWN = Known.of(FLOW.tree, BY_ID)

MINIMAL = """\
version: 1
topics:
  - {id: claims, title: Sending a claim, question: q_submit}
code_cards: {cpt: first, icd: first, pos: first, rarc: first, carc: first}
cards:
  - id: first
    topic: claims
    title: How do I send a claim?
    text: |-
      Use your plan's claim form.
    asked: [send a claim, file a claim, mail a claim, submit a claim, claim steps]
"""


@pytest.fixture(scope="module")
def cards() -> CardFile:
    result = check_cards_file(DEFAULT_PATH, KNOWN)
    assert result.cards is not None, "\n".join(map(str, result.problems))
    return result.cards


def test_the_real_card_file_has_no_problem_at_all() -> None:
    result = check_cards_file(DEFAULT_PATH, KNOWN)
    assert [str(p) for p in result.problems] == []


def test_there_are_enough_cards_each_asked_many_ways(cards: CardFile) -> None:
    assert len(cards.cards) >= 120
    assert all(len(card.asked) >= MIN_PHRASINGS for card in cards.cards)


def test_cards_cover_the_tree_the_documents_and_the_calculators(cards: CardFile) -> None:
    linked_docs = {d for c in cards.cards for d in c.links.documents}
    assert linked_docs == set(BY_ID)
    assert {k for c in cards.cards for k in c.links.calculators} == set(CALCULATORS)
    stepped = {s for c in cards.cards for s in c.links.steps}
    for step_id in ("stage", "plan_type", "denial_reason", "main_code", "hsa_fsa", "referral"):
        assert step_id in stepped, step_id
    # Every denial reason the tree offers has its own card, and so does every kind of plan.
    reasons = {c.value for c in FLOW.step("denial_reason").choices} - {"not_sure"}
    titles = " ".join(c.title.lower() for c in cards.cards)
    for word in ("medically necessary", "late", "prior approval", "visits", "provider"):
        assert word in titles, word
    assert len([c for c in cards.cards if c.id.startswith("deny_")]) >= len(reasons)
    for word in ("medicare", "medicaid", "medicare advantage", "hsa", "fsa"):
        assert word in titles, word


def test_the_clinic_policy_is_answered(cards: CardFile) -> None:
    text = {c.id: c.text for c in cards.cards}
    assert "does not send claims" in text["clinic_no_billing"]
    assert "full price" in text["clinic_pay_in_full"]
    for paper in ("invoice", "SOAP notes", "codes"):
        assert paper in text["clinic_papers"], paper


def test_rules_are_cited_by_their_own_name(cards: CardFile) -> None:
    sources = [s for c in cards.cards for s in c.sources]
    assert any("29 CFR 2560.503-1(h)(3)(i)" in s for s in sources)
    assert any("45 CFR 147.136" in s for s in sources)
    assert not any("domain.md" in s for s in sources)


def test_cards_read_at_grade_six_on_average(cards: CardFile) -> None:
    grades = [textstat.flesch_kincaid_grade(c.text) for c in cards.cards]
    print(f"\ncard text FK grade: average {statistics.mean(grades):.2f}, max {max(grades)}")
    assert statistics.mean(grades) <= 6.0
    assert max(grades) <= 9.0


def test_our_grade_tracks_textstat_and_errs_on_the_hard_side(cards: CardFile) -> None:
    ours = statistics.mean(grade(c.text) for c in cards.cards)
    theirs = statistics.mean(textstat.flesch_kincaid_grade(c.text) for c in cards.cards)
    assert theirs - 0.5 <= ours <= theirs + 1.5


def test_translation_keys_are_unique_and_stable(cards: CardFile) -> None:
    entries = card_strings(cards)
    keys = [e.key for e in entries]
    assert len(keys) == len(set(keys))
    assert "cards.eob.title" in keys and "cards.eob.text" in keys and "cards.eob.asked.0" in keys
    assert "topics.claims.title" in keys and "redirects.booking.text" in keys


def codes_of(text: str, known: Known = KNOWN) -> list[str]:
    return [str(p) for p in check_cards_text(text, "cards.yaml", known).problems]


def test_a_minimal_file_is_clean() -> None:
    assert codes_of(MINIMAL) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("    asked:", "    links: {steps: [no_such_step]}\n    asked:"), "AN111 no step has id"),
        (("    asked:", "    links: {documents: [nope]}\n    asked:"), "AN111 no document"),
        (("    asked:", "    links: {checklist: [nope]}\n    asked:"), "AN111 no checklist item"),
        (("    asked:", "    links: {steps: [results]}\n    asked:"), "AN116 step 'results'"),
        (("question: q_submit", "question: q_nope"), "AN111 no insurer question"),
        (("topic: claims", "topic: nope"), "AN112 no topic has id 'nope'"),
        (("cpt: first", "cpt: nobody"), "AN112 no card has id 'nobody'"),
        (("    asked:", "    codes: [hello]\n    asked:"), "AN115 'hello' is not read"),
        (
            ("Use your plan's claim form.", "You have 90 days to send it."),
            "AN120 card 'first' states a rule",
        ),
        (
            ("    asked:", "    sources: [shared/domain.md section 3]\n    asked:"),
            "AN121 cite the rule itself",
        ),
        (("asked: [send", "asked: [x, y]\n    tags: [send"), "AN101"),
    ],
)
def test_each_problem_is_found_at_its_place(change: tuple[str, str], expected: str) -> None:
    problems = codes_of(MINIMAL.replace(*change))
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("cards.yaml:") and p.split(":")[1].isdigit() for p in problems)


def test_repeats_are_found_with_the_first_line() -> None:
    second = MINIMAL.split("cards:\n", 1)[1]
    problems = codes_of(MINIMAL + second)
    assert any("AN110 card id 'first' is used twice (first at line 6)" in p for p in problems)
    assert any("AN113 phrasing 'send a claim' is used twice" in p for p in problems)
    other = """\
  - id: other
    topic: claims
    title: What is 97124?
    text: |-
      It is massage.
    codes: ['97124']
    asked: [massage code, code for massage, what code, billing code, cpt]
"""
    coded = MINIMAL.replace("    asked:", "    codes: ['97124']\n    asked:") + other
    assert any("AN114 code 'cpt97124' is used twice" in p for p in codes_of(coded))


def test_wording_warnings_point_at_the_text() -> None:
    long = " ".join(["word"] * 30) + "."
    hard = (
        "Notwithstanding contractual obligations, reimbursement determinations "
        "necessitate documentation."
    )
    problems = codes_of(MINIMAL.replace("Use your plan's claim form.", f"{long} {hard}"))
    assert any(":9:11: AN201 sentence of 30 words" in p for p in problems), problems
    assert any("AN202 card 'first' reads at grade" in p for p in problems)


def test_a_yaml_error_is_reported_not_raised(tmp_path: Path) -> None:
    problems = codes_of("version: 1\ncards: [\n")
    assert problems and "AN100 YAML syntax error" in problems[0]
