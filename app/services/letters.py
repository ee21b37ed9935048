"""What the patient types only for their letters (name, member id...), sealed into the case
like the answers and never logged."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from app.services.cases import CaseView, save_letter_details

LETTER_FIELDS: dict[str, str] = {
    "patient_name": "Your full name",
    "patient_address": "Your mailing address",
    "date_of_birth": "Your date of birth",
    "member_id": "Member ID (from your insurance card)",
    "group_number": "Group number (from your card)",
    "insurer_name": "Insurance company",
    "insurer_address": "Where to send claims or appeals (address or fax)",
    "claim_number": "Claim number (from the denial letter or EOB)",
    "doctor_name": "Your doctor's name",
    "prior_auth_number": "Prior-authorization number",
}
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
