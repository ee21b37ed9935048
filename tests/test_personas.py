"""Personas through the real tree: what each one's checklist, deadlines, documents, letters
and money line must say and must not say (tests/personas.py), plus every plan type at every
stage. Each checklist item's rule is cited in "How we got this" and in the API."""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pytest
from personas import MONEY, PERSONAS, QUIET, TODAY, Persona
from samples import HEADER, auto_answers

from app.documents.assemble import doc_inputs
from app.documents.catalog import DocSpec, documents_for
from app.documents.render import render_html
from app.flows.engine import Flow, checklist_for, questions_for, walk
from app.flows.loader import load_flow
from app.present.numbers import Numbers, numbers_for
from app.rules.deadlines import PATIENT_IDS
from app.rules.sources import RULES
from app.services.letters import LetterDetails

STEPS_FILE = Path(__file__).resolve().parents[1] / "data" / "steps.yaml"
FULL_LETTER = LetterDetails(
    patient_name="Rosa Díaz",
    patient_address="9 Elm Street, Springfield, XX 00000",
    member_id="MBR-5550001",
    insurer_name="Example Health",
    insurer_address="Appeals, PO Box 77, Claims City, XX 00001",
    claim_number="CLM-42",
    doctor_name="Dr. Okafor",
    review_address="External Review, PO Box 9, Review City, XX 00002",
    cpt_codes="97124",
)
PLANS = ("employer", "individual", "medicare", "medicare_advantage", "medicaid", "not_sure")
STAGES = ("planning", "visited", "filed", "denied", "underpaid", "preapproval_denied")


@lru_cache(maxsize=1)
def flow() -> Flow:
    return load_flow(STEPS_FILE)


class Plan:
    """Everything one persona's results hold, worked out once."""

    def __init__(self, prefs: dict[str, Any]) -> None:
        self.answers = auto_answers(flow(), prefs)
        w = walk(flow(), self.answers)
        assert w.done
        self.active = w.active
        self.items = {s.item.id: s.item for s in checklist_for(flow(), self.answers)}
        self.questions = {s.item.id for s in questions_for(flow(), self.answers)}
        self.numbers: Numbers = numbers_for(flow(), self.answers, today=TODAY)
        self.deadlines = {d.id: d for d in self.numbers.deadlines if d.advised}
        self.docs = documents_for(self.active)
        self.letters = {d.id: self._text(d) for d in self.docs if d.letter}

    def _text(self, doc: DocSpec) -> str:
        inputs = doc_inputs(flow(), self.answers, HEADER, letter=FULL_LETTER, today=TODAY)
        page = render_html(doc, inputs, "pdf")
        body = page.split("<main>", 1)[1]
        body = re.sub(r'<span class="sr-only">.*?</span>', " ", body)
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())

    @property
    def money_words(self) -> str:
        if self.numbers.estimate is not None:
            return self.numbers.estimate.summary
        return self.numbers.no_money or ""


@cache
def plan_of(name: str) -> Plan:
    persona = next(p for p in PERSONAS if p.name == name)
    return Plan(persona.prefs)


def test_there_are_at_least_thirty_personas_with_unique_names() -> None:
    names = [p.name for p in PERSONAS]
    assert len(names) >= 30 and len(set(names)) == len(names)


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_persona(persona: Persona) -> None:
    plan = plan_of(persona.name)
    # The persona's own answers are on its path (money answers only where the path asks).
    off_path = [k for k in persona.answers if k not in plan.active and k not in MONEY]
    assert off_path == []
    ids = set(plan.items)
    assert set(persona.has) <= ids, set(persona.has) - ids
    assert not set(persona.lacks) & ids, set(persona.lacks) & ids
    for deadline_id, day in persona.deadlines.items():
        assert deadline_id in plan.deadlines, (deadline_id, list(plan.deadlines))
        assert plan.deadlines[deadline_id].date == day
    assert not set(persona.no_deadlines) & set(plan.deadlines)
    docs = {d.id for d in plan.docs}
    assert set(persona.docs) <= docs, set(persona.docs) - docs
    assert not set(persona.no_docs) & docs
    letters = " ".join(plan.letters.values())
    for words in persona.letter_says:
        assert words in letters, words
    for words in persona.letter_never:
        assert words not in letters, words
    if persona.money is not None:
        assert persona.money in plan.money_words, plan.money_words
    assert set(persona.questions) <= plan.questions, set(persona.questions) - plan.questions


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("plan_type", PLANS)
def test_every_plan_type_at_every_stage(plan_type: str, stage: str) -> None:
    """The rules that hold for everyone, on each plan type and stage."""
    plan = Plan({**QUIET, "plan_type": plan_type, "stage": stage})
    ids = set(plan.items)
    docs = {d.id for d in plan.docs}
    # Urgent (fast) handling only for care still to come.
    if stage != "preapproval_denied":
        assert not {"fast_appeal", "fast_outside_review", "urgent_check"} & ids
    # The federal appeal ladder only for the plans it governs.
    if plan_type in ("medicare", "medicare_advantage", "medicaid"):
        assert not {"internal_appeal", "external_review", "complain", "erisa_sue"} & ids
    if plan_type == "medicaid":
        assert "claim_packet" not in docs and "timely_filing" not in plan.deadlines
        assert "medicaid_pays_providers" in ids
    if plan_type in ("medicaid", "medicare"):
        assert plan.numbers.estimate is None and plan.numbers.no_money
    if plan_type == "medicare":
        assert "medicare_no_massage" in ids
    # The state help office at every stage (Medicare: SHIP).
    assert ("medicare_ship" if plan_type == "medicare" else "state_help") in ids
    # Every deadline of the patient's own carries the same send-by day.
    for d in plan.deadlines.values():
        if d.id.startswith(PATIENT_IDS):
            assert d.send_by, d.id
    # Letters are ready to sign once the details are in: no draft, no brackets, no "None".
    for doc_id, text in plan.letters.items():
        lowered = text.lower()
        assert "(draft)" not in lowered and "[" not in text and "None" not in text, doc_id
        assert "Made on" not in text and HEADER.address not in text, doc_id


def test_every_source_key_names_a_rule() -> None:
    keys = {item.source for item in flow().tree.checklist if item.source}
    assert keys and keys <= set(RULES), keys - set(RULES)


@pytest.mark.parametrize("persona", PERSONAS[::4], ids=lambda p: p.name)
def test_each_rule_shown_is_cited_in_how_we_got_this(persona: Persona) -> None:
    plan = plan_of(persona.name)
    cited = {s for c in plan.numbers.citations for s in c.sources}
    for item in plan.items.values():
        if item.source:
            assert RULES[item.source] in cited, item.id
