"""Letter details live in the case's sealed blob, like the answers (app.cases)."""

from __future__ import annotations

from sqlmodel import Session

from app.cases import CaseView, save_letter_details
from app.documents.context import LetterDetails


def load(view: CaseView) -> LetterDetails:
    return LetterDetails.from_mapping(view.data.letter)


def save(
    session: Session, view: CaseView, details: LetterDetails, *, retention_days: int
) -> CaseView:
    """Seal the details into the case, replacing what was there."""
    return save_letter_details(session, view, details.to_mapping(), retention_days=retention_days)
