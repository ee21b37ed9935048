"""Letter details live in the case's sealed blob, like the answers (app.cases).

They need `CaseData.letter` and `app.cases.save_letter_details`, which belong to the case
service; until those exist the details can be typed on each visit but are not kept.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app import cases
from app.cases import CaseView
from app.documents.context import LetterDetails


def available() -> bool:
    return callable(getattr(cases, "save_letter_details", None))


def load(view: CaseView) -> LetterDetails:
    return LetterDetails.from_mapping(getattr(view.data, "letter", None))


def save(session: Session, view: CaseView, details: LetterDetails, *, retention_days: int) -> Any:
    """Seal the details into the case; a no-op until the case service can hold them."""
    saver = getattr(cases, "save_letter_details", None)
    if saver is None:
        return view
    return saver(session, view, details.to_mapping(), retention_days=retention_days)
