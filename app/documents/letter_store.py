"""Letter details live in the case's sealed blob, like the answers (app.services.cases)."""

from __future__ import annotations

from sqlmodel import Session

from app.documents.context import LetterDetails
from app.services.cases import CaseView, save_letter_details


def load(view: CaseView) -> LetterDetails:
    return LetterDetails.from_mapping(view.data.letter)


def save(
    session: Session, view: CaseView, details: LetterDetails, *, retention_days: int
) -> CaseView:
    """Seal the details into the case, replacing what was there."""
    return save_letter_details(session, view, details.to_mapping(), retention_days=retention_days)
