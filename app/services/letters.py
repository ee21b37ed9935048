"""What the patient types only for their letters (name, member id...), sealed into the case
like the answers and never logged."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from app.core.i18n import N_
from app.services.cases import CaseView, save_letter_details

# Labels are msgids: the page and the draft note show them in the patient's language.
LETTER_FIELDS: dict[str, str] = {
    "patient_name": N_("Your full name"),
    "patient_address": N_("Your mailing address"),
    "date_of_birth": N_("Your date of birth"),
    "member_id": N_("Member ID (from your insurance card)"),
    "group_number": N_("Group number (from your card)"),
    "insurer_name": N_("Your health plan's name"),
    "insurer_address": N_("Where to send claims or appeals (the address on your letter)"),
    "claim_number": N_("Claim or reference number (from the letter or statement)"),
    "doctor_name": N_("Your doctor's name"),
    "prior_auth_number": N_("Approval number for your visits (prior authorization)"),
    "cpt_codes": N_("Billing codes on your invoice, like 97124"),
    "visit_dates": N_("Other visit dates on this claim"),
    "review_address": N_("Where your final letter says to send an outside review request"),
    "has_prescription": N_("I have a doctor's prescription or referral for this care"),
    "late_reason": N_("Why you could not send the claim sooner"),
    "call_note": N_("A call where the plan said no OK was needed: the date and reference number"),
    "providers_tried": N_("Network providers you tried, and what they said"),
    "treatments_tried": N_("Treatments you tried before, with dates"),
}
# Yes-or-no facts: a checkbox whose stored value is "yes".
CHECKBOX_FIELDS = frozenset({"has_prescription"})
LETTER_MAX = 200


@dataclass(frozen=True)
class LetterDetails:
    """Personal fields typed only for letters; stored sealed with the case, never logged."""

    patient_name: str | None = None
    patient_address: str | None = None
    date_of_birth: str | None = None
    member_id: str | None = None
    group_number: str | None = None
    insurer_name: str | None = None
    insurer_address: str | None = None
    claim_number: str | None = None
    doctor_name: str | None = None
    prior_auth_number: str | None = None
    cpt_codes: str | None = None
    visit_dates: str | None = None
    review_address: str | None = None
    has_prescription: str | None = None
    late_reason: str | None = None
    call_note: str | None = None
    providers_tried: str | None = None
    treatments_tried: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> LetterDetails:
        clean = {
            k: str(v).strip()[:LETTER_MAX]
            for k, v in (data or {}).items()
            if k in LETTER_FIELDS and isinstance(v, str) and v.strip()
        }
        return cls(**clean)

    def to_mapping(self) -> dict[str, str]:
        return {k: v for k in LETTER_FIELDS if (v := getattr(self, k))}


def load(view: CaseView) -> LetterDetails:
    return LetterDetails.from_mapping(view.data.letter)


def save(
    conn: Connection, view: CaseView, details: LetterDetails, *, retention_days: int
) -> CaseView:
    """Seal the details into the case, replacing what was there."""
    return save_letter_details(conn, view, details.to_mapping(), retention_days=retention_days)
