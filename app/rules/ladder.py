"""Which step comes next on the appeal ladder, and whether an outside review can apply.

Pure data over the answers' values (domain.md §10, §2.4). Outside (external) review is for
denials that turn on medical judgment; a benefit limit or exclusion may qualify when the
plan's rule itself turns on medical judgment, so the page says "may" and to ask.
"""

from __future__ import annotations

from typing import Literal

from app.rules import sources as src

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
CITE_REVIEW_SCOPE = (
    "45 CFR 147.136(d)(1) (outside review covers denials that involve medical judgment)"
)
CITE_URGENT_ONLY_FUTURE = (
    "29 CFR 2560.503-1(m)(1) (an urgent claim is a pre-service claim); 45 CFR 147.136(d)(3) "
    "(expedited outside review); 42 CFR 422.584(a) (no fast appeal for payment of past care)"
)


def review_fit(reason: str | None) -> ReviewFit:
    """Whether an outside review can take this denial: yes, maybe (ask), or no."""
    return REVIEW_BY_REASON.get(reason or "not_sure", "maybe")


def complaint_office(plan: str | None, funding: str | None) -> tuple[str, str]:
    """Where to turn when outside review does not apply: (office, citation)."""
    if plan == "employer" and funding == "self_funded":
        return (
            "the U.S. Department of Labor (EBSA), 1-866-444-3272",
            src.CITE_COMPLAINT_SELF_FUNDED,
        )
    if plan == "employer" and funding == "church":
        return ("the plan itself, and your state insurance department", src.CITE_CHURCH_PLAN)
    return ("your state insurance department", src.CITE_COMPLAINT_INSURED)
