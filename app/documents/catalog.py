"""Which documents apply to a patient, from the answers on their current path.

Pure: no web, database or file access. The answer ids are the contract in
docs/flow-format.md ("Step ids that other code reads").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

AnswerValue = str | list[str]
Active = Mapping[str, AnswerValue]


@dataclass(frozen=True)
class DocSpec:
    id: str
    title: str
    blurb: str
    filename: str

    @property
    def template(self) -> str:
        return f"pdf/{self.id}.html"


CHECKLIST = DocSpec(
    "checklist",
    "Your checklist",
    "Your steps, your deadlines and your cost estimate.",
    "checklist",
)
CALL_SHEET = DocSpec(
    "call_sheet",
    "Insurer call sheet",
    "The questions to ask when you call, with room to write the answers.",
    "insurer-call-sheet",
)
CLAIM_PACKET = DocSpec(
    "claim_packet",
    "Claim packet cover sheet",
    "What to send, where to send it and by when.",
    "claim-packet",
)
DOCTOR_LETTER = DocSpec(
    "doctor_letter",
    "Letter to your doctor",
    "Asks your doctor for a prescription or referral for massage or manual therapy.",
    "doctor-letter",
)
LMN_REQUEST = DocSpec(
    "lmn_request",
    "Letter of medical necessity request",
    "Asks your doctor for the letter your HSA or FSA needs.",
    "lmn-request",
)
APPEAL_LETTER = DocSpec(
    "appeal_letter",
    "Appeal letter draft",
    "A letter asking your insurer to look at the denial again.",
    "appeal-letter",
)

DOCUMENTS: tuple[DocSpec, ...] = (
    CHECKLIST,
    CALL_SHEET,
    CLAIM_PACKET,
    DOCTOR_LETTER,
    LMN_REQUEST,
    APPEAL_LETTER,
)
BY_ID: dict[str, DocSpec] = {d.id: d for d in DOCUMENTS}

# A resubmission after these denials is a corrected claim, so the cover sheet helps again.
RESUBMIT_REASONS = frozenset({"missing_info", "coding"})
# Denials a doctor's prescription or referral answers.
DOCTOR_REASONS = frozenset({"medical_necessity", "no_preapproval"})


def _get(active: Active, key: str) -> str:
    value = active.get(key)
    return value if isinstance(value, str) else ""


def applies(doc_id: str, active: Active) -> bool:
    """Whether the document with this id is useful to this patient."""
    stage = _get(active, "stage")
    reason = _get(active, "denial_reason")
    denied = stage == "denied" or bool(reason)
    if doc_id in (CHECKLIST.id, CALL_SHEET.id):
        return True
    if doc_id == CLAIM_PACKET.id:
        return stage in ("planning", "visited") or (denied and reason in RESUBMIT_REASONS)
    if doc_id == DOCTOR_LETTER.id:
        return _get(active, "referral") in ("need", "not_sure") or (
            denied and reason in DOCTOR_REASONS
        )
    if doc_id == LMN_REQUEST.id:
        return _get(active, "hsa_fsa") in ("hsa", "fsa", "both")
    if doc_id == APPEAL_LETTER.id:
        return denied
    return False


def documents_for(active: Active) -> list[DocSpec]:
    """The documents that apply, in the order the results page lists them."""
    return [d for d in DOCUMENTS if applies(d.id, active)]
