"""Which step comes next on the appeal ladder, and whether an outside review can apply.

Pure data over the answers' values (domain.md §10, §2.4). Outside (external) review is for
denials that turn on medical judgment; a benefit limit or exclusion may qualify when the
plan's rule itself turns on medical judgment, so the page says "may" and to ask.
"""

from __future__ import annotations

from typing import Literal

ReviewFit = Literal["yes", "maybe", "no"]

# By the reason the patient picked (the `denial_reason` step's values).
REVIEW_BY_REASON: dict[str, ReviewFit] = {
    "medical_necessity": "yes",
    "step_therapy": "yes",
    "not_covered": "maybe",
    "visit_limit": "maybe",
    "not_sure": "maybe",
    "no_preapproval": "no",
    "missing_info": "no",
    "late_filing": "no",
    "provider_type": "no",
    "out_of_network": "no",
    "coding": "no",
}


def review_fit(reason: str | None) -> ReviewFit:
    """Whether an outside review can take this denial: yes, maybe (ask), or no."""
    return REVIEW_BY_REASON.get(reason or "not_sure", "maybe")
