"""Which documents apply to a patient, from the answers on their current path.

Pure: no web, database or file access. The answer ids are the contract in
docs/flow-format.md ("Step ids that other code reads").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.i18n import N_
from app.rules.ladder import review_fit

AnswerValue = str | list[str]
Active = Mapping[str, AnswerValue]


@dataclass(frozen=True)
class DocSpec:
    id: str
    title: str
    blurb: str
    filename: str
    # A letter the patient signs and sends: no clinic letterhead, and "draft" marks only
    # while one of `required` (letter-details fields, app.documents.letter_fields) is blank.
    letter: bool = False
    required: tuple[str, ...] = ()

    @property
    def template(self) -> str:
        return f"pdf/{self.id}.html"


CHECKLIST = DocSpec(
    "checklist",
    N_("Your checklist"),
    N_("Your steps on paper, with your dates and money figures if you have them."),
    "checklist",
)
CALL_SHEET = DocSpec(
    "call_sheet",
    N_("Insurer call sheet"),
    N_("The questions to ask when you call, with room to write the answers."),
    "insurer-call-sheet",
)
CLAIM_PACKET = DocSpec(
    "claim_packet",
    N_("Claim packet cover sheet"),
    N_("What to send, where to send it and by when."),
    "claim-packet",
)
SENDER = ("patient_name", "patient_address")
TO_PLAN = (*SENDER, "member_id", "insurer_name", "insurer_address", "claim_number")
DOCTOR_LETTER = DocSpec(
    "doctor_letter",
    N_("Letter to your doctor"),
    N_("Asks your doctor for a prescription or referral for massage or manual therapy."),
    "doctor-letter",
    letter=True,
    required=(*SENDER, "doctor_name"),
)
LMN_REQUEST = DocSpec(
    "lmn_request",
    N_("Letter of medical necessity request"),
    N_("Asks your doctor for the letter your HSA or FSA needs."),
    "lmn-request",
    letter=True,
    required=(*SENDER, "doctor_name"),
)
APPEAL_LETTER = DocSpec(
    "appeal_letter",
    N_("Appeal letter"),
    N_("A letter asking your plan to look at its decision again."),
    "appeal-letter",
    letter=True,
    required=TO_PLAN,
)
EXTERNAL_REVIEW = DocSpec(
    "external_review",
    N_("Outside review request"),
    N_("A letter to the independent reviewer, sent where your final letter says."),
    "outside-review-request",
    letter=True,
    required=(*SENDER, "member_id", "insurer_name", "claim_number", "review_address"),
)
PRICING_LETTER = DocSpec(
    "pricing_letter",
    N_("Letter about an underpaid claim"),
    N_("Asks your plan how it priced your claim, for the data it used, and to pay it again."),
    "underpaid-claim-letter",
    letter=True,
    required=TO_PLAN,
)

DOCUMENTS: tuple[DocSpec, ...] = (
    CHECKLIST,
    CALL_SHEET,
    CLAIM_PACKET,
    DOCTOR_LETTER,
    LMN_REQUEST,
    APPEAL_LETTER,
    EXTERNAL_REVIEW,
    PRICING_LETTER,
)
BY_ID: dict[str, DocSpec] = {d.id: d for d in DOCUMENTS}

# A resubmission after these denials is a corrected claim, so the cover sheet helps again.
RESUBMIT_REASONS = frozenset({"missing_info", "coding"})
# Denials a doctor's prescription or referral answers.
DOCTOR_REASONS = frozenset({"medical_necessity", "no_preapproval", "step_therapy"})
# Plans under the federal ERISA/ACA ladder, where an outside review may follow.
FEDERAL_PLANS = frozenset({"employer", "individual", "not_sure"})
DENIED_STAGES = frozenset({"denied", "preapproval_denied"})


def _get(active: Active, key: str) -> str:
    value = active.get(key)
    return value if isinstance(value, str) else ""


def outside_review_next(active: Active) -> bool:
    """The plan's final internal decision (or one that may be): an outside review is next,
    unless the denial cannot go there (app.rules.ladder: administrative reasons)."""
    return (
        _get(active, "appeal_round") == "final"
        and _get(active, "plan_type") in FEDERAL_PLANS
        and _get(active, "appeal_level") != "second_level"
        and review_fit(_get(active, "denial_reason") or None) != "no"
    )


def applies(doc_id: str, active: Active) -> bool:
    """Whether the document with this id is useful to this patient."""
    stage = _get(active, "stage")
    plan = _get(active, "plan_type")
    reason = _get(active, "denial_reason")
    denied = stage in DENIED_STAGES
    if doc_id in (CHECKLIST.id, CALL_SHEET.id):
        return True
    if doc_id == CLAIM_PACKET.id:
        if plan == "medicaid":
            return False  # Medicaid pays enrolled providers; no member claim (domain.md §11)
        if plan == "medicare":
            return stage == "visited" and _get(active, "other_payer") == "second_plan"
        return stage in ("planning", "visited") or (
            stage == "denied" and reason in RESUBMIT_REASONS
        )
    if doc_id == DOCTOR_LETTER.id:
        return _get(active, "referral") in ("need", "not_sure") or (
            denied and reason in DOCTOR_REASONS
        )
    if doc_id == LMN_REQUEST.id:
        return _get(active, "hsa_fsa") in ("hsa", "fsa", "both")
    if doc_id == APPEAL_LETTER.id:
        final = _get(active, "appeal_round") == "final"
        internal = not final or _get(active, "appeal_level") == "second_level"
        gov = plan in ("medicaid", "medicare")  # their own next steps, in their own words
        return denied and (internal or gov) and not (plan == "medicare_advantage" and final)
    if doc_id == EXTERNAL_REVIEW.id:
        return denied and outside_review_next(active)
    if doc_id == PRICING_LETTER.id:
        return stage == "underpaid" and plan != "medicare"
    return False


def documents_for(active: Active) -> list[DocSpec]:
    """The documents that apply, in the order the results page lists them."""
    return [d for d in DOCUMENTS if applies(d.id, active)]
