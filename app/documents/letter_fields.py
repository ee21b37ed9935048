"""Which letter details each patient is asked for, and what is still blank in a letter.

A letter states only what the case or these details hold: a fact it would need is asked
for on the letter-details page, or the sentence is left out. Pure: no web or database.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.documents.catalog import Active, DocSpec, documents_for
from app.documents.letters import CODE_NAMES
from app.services.letters import LETTER_FIELDS, LetterDetails

BASICS = ("patient_name", "patient_address", "date_of_birth", "member_id", "group_number")
PLAN = ("insurer_name", "insurer_address", "claim_number")
# Facts a denial reason's letter can use, when the patient gives them.
BY_REASON: dict[str, tuple[str, ...]] = {
    "late_filing": ("late_reason",),
    "no_preapproval": ("call_note",),
    "out_of_network": ("providers_tried",),
    "step_therapy": ("treatments_tried",),
}
EXTRA_BY_DOC: dict[str, tuple[str, ...]] = {
    "claim_packet": (*PLAN, "prior_auth_number"),
    "call_sheet": ("insurer_name",),
    "doctor_letter": ("doctor_name",),
    "lmn_request": ("doctor_name",),
    "appeal_letter": (*PLAN, "visit_dates", "has_prescription"),
    "external_review": (*PLAN, "review_address", "visit_dates", "has_prescription"),
    "pricing_letter": (*PLAN, "visit_dates"),
}
LETTERS_WITH_CODES = ("appeal_letter", "external_review", "pricing_letter")


def _get(active: Active, key: str) -> str:
    value = active.get(key)
    return value if isinstance(value, str) else ""


def needs_codes(active: Active) -> bool:
    """The case holds no usable billing code, so the letters ask for it."""
    return _get(active, "main_code") not in CODE_NAMES


def required(doc: DocSpec, active: Active) -> tuple[str, ...]:
    """The details a letter must have before it is ready to sign."""
    extra = ("cpt_codes",) if doc.id in LETTERS_WITH_CODES and needs_codes(active) else ()
    if _get(active, "stage") == "preapproval_denied":
        extra = ()  # care still to come: no invoice yet
    return (*doc.required, *extra)


def fields_for(active: Active) -> list[str]:
    """The letter-details fields this patient's documents use, in the page's order."""
    wanted: list[str] = list(BASICS)
    docs = documents_for(active)
    for doc in docs:
        wanted += EXTRA_BY_DOC.get(doc.id, ())
        wanted += required(doc, active)
        if doc.id in ("appeal_letter", "external_review"):
            wanted += BY_REASON.get(_get(active, "denial_reason"), ())
    return [name for name in LETTER_FIELDS if name in set(wanted)]


def blanks(doc: DocSpec, active: Active, details: LetterDetails) -> list[str]:
    """The labels of required details still blank in this letter (empty: ready to sign)."""
    if not doc.letter:
        return []
    return [LETTER_FIELDS[name] for name in required(doc, active) if not getattr(details, name)]


def blanks_by_letter(
    docs: Iterable[DocSpec], active: Active, details: LetterDetails
) -> list[tuple[str, list[str]]]:
    """(letter title, blanks) for each letter that still has a blank."""
    out = []
    for doc in docs:
        missing = blanks(doc, active, details)
        if missing:
            out.append((doc.title, missing))
    return out
