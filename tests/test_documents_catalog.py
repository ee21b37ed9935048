"""Which documents a patient is offered, from the answers on their path."""

from __future__ import annotations

from typing import Any

import pytest
from samples import ANSWER_SETS, BASE, denied

from app.documents.catalog import BY_ID, DOCUMENTS, documents_for

ALWAYS = ["checklist", "call_sheet"]

CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    (
        "planning_needs_referral_with_hsa",
        ANSWER_SETS["planning"],
        [*ALWAYS, "claim_packet", "doctor_letter", "lmn_request"],
    ),
    ("visited_with_fsa", ANSWER_SETS["visited"], [*ALWAYS, "claim_packet", "lmn_request"]),
    ("filed_waiting", {**BASE, "stage": "filed"}, ALWAYS),
    ("underpaid", {**BASE, "stage": "underpaid"}, [*ALWAYS, "pricing_letter"]),
    ("underpaid_medicare", {**BASE, "stage": "underpaid", "plan_type": "medicare"}, ALWAYS),
    ("visited_medicaid", {**BASE, "stage": "visited", "plan_type": "medicaid"}, ALWAYS),
    (
        "medicare_second_plan",
        {**BASE, "stage": "visited", "plan_type": "medicare", "other_payer": "second_plan"},
        [*ALWAYS, "claim_packet"],
    ),
    ("visited_medicare_alone", {**BASE, "stage": "visited", "plan_type": "medicare"}, ALWAYS),
    (
        "final_necessity",
        denied("medical_necessity", appeal_round="final", appeal_level="final"),
        [*ALWAYS, "doctor_letter", "external_review"],
    ),
    ("final_late", denied("late_filing", appeal_round="final", appeal_level="final"), ALWAYS),
    (
        "final_unsure_level",
        denied("not_covered", appeal_round="final", appeal_level="not_sure"),
        [*ALWAYS, "external_review"],
    ),
    (
        "second_level",
        denied("not_covered", appeal_round="final", appeal_level="second_level"),
        [*ALWAYS, "appeal_letter"],
    ),
    (
        "referral_not_sure",
        {**BASE, "stage": "visited", "referral": "not_sure"},
        [*ALWAYS, "claim_packet", "doctor_letter"],
    ),
    ("hsa_and_fsa", {**BASE, "stage": "filed", "hsa_fsa": "both"}, [*ALWAYS, "lmn_request"]),
    ("hsa_not_sure", {**BASE, "stage": "filed", "hsa_fsa": "not_sure"}, ALWAYS),
    ("denied_necessity", denied("medical_necessity"), [*ALWAYS, "doctor_letter", "appeal_letter"]),
    ("denied_missing_info", denied("missing_info"), [*ALWAYS, "claim_packet", "appeal_letter"]),
    ("denied_coding", denied("coding"), [*ALWAYS, "claim_packet", "appeal_letter"]),
    (
        "denied_no_preapproval",
        denied("no_preapproval"),
        [*ALWAYS, "doctor_letter", "appeal_letter"],
    ),
    ("denied_late", denied("late_filing"), [*ALWAYS, "appeal_letter"]),
    (
        "denied_medicare_no_reason",
        {"stage": "denied", "plan_type": "medicare"},
        [*ALWAYS, "appeal_letter"],
    ),
    ("nothing_answered", {}, ALWAYS),
]


@pytest.mark.parametrize(("active", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_documents_for(active: dict[str, Any], expected: list[str]) -> None:
    assert [d.id for d in documents_for(active)] == expected


def test_every_document_has_a_template_and_a_unique_filename() -> None:
    assert len({d.filename for d in DOCUMENTS}) == len(DOCUMENTS)
    assert set(BY_ID) == {d.id for d in DOCUMENTS}
    for doc in DOCUMENTS:
        assert doc.template == f"pdf/{doc.id}.html"
