"""Document-specific content: the claim form by plan type, what to send, letter contents.

Pure data and small functions over the active answers (domain.md §4, §5, §7.1).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.core.i18n import N_
from app.documents import appeal
from app.documents.catalog import Active
from app.rules.units import TIMED_CODES, UNTIMED_CODES

CODE_NAMES = {**TIMED_CODES, **UNTIMED_CODES}
DEFAULT_CODES = ("97124", "97140")


@dataclass(frozen=True)
class ClaimForm:
    name: str
    note: str


@dataclass(frozen=True)
class SendItem:
    """One paper for the envelope; its words are msgids, shown in the patient's language."""

    text: str
    notes: tuple[str, ...] = ()  # sentences, printed one after the other

    @property
    def note(self) -> str:
        return " ".join(self.notes)


CLAIM_FORMS: dict[str, ClaimForm] = {
    "medicare": ClaimForm(
        N_("Form CMS-1490S (Patient's Request for Medical Payment)"),
        N_(
            "Original Medicare has no benefit for massage by a massage therapist. Send this"
            " only to get the Medicare Summary Notice that your second plan asks for."
        ),
    ),
    "medicare_advantage": ClaimForm(
        N_("Your Medicare Advantage plan's member claim (reimbursement) form"),
        N_("Find it on your plan's website, or ask for it when you call."),
    ),
}
DEFAULT_FORM = ClaimForm(
    N_("Your plan's member claim form"),
    N_(
        "Find it on your plan's website or ask for it when you call. Some plans take a"
        " CMS-1500 form from the clinic instead: leave its box 13 unsigned, so the check"
        " comes to you."
    ),
)


def _get(active: Active, key: str) -> str:
    value = active.get(key)
    return value if isinstance(value, str) else ""


def treatment_codes(active: Active) -> tuple[str, ...]:
    """The patient's main code, or the two common ones."""
    main = _get(active, "main_code")
    return (main,) if main in CODE_NAMES else DEFAULT_CODES


def codes_text(active: Active) -> str:
    """The treatment codes in English words, for a letter."""
    return " or ".join(f"CPT {c} ({CODE_NAMES[c]})" for c in treatment_codes(active))


def letter_codes(active: Active) -> str | None:
    """The code a signed letter states: only the one the case holds (None: ask for it)."""
    main = _get(active, "main_code")
    return f"CPT {main} ({CODE_NAMES[main]})" if main in CODE_NAMES else None


def claim_form(active: Active) -> ClaimForm:
    return CLAIM_FORMS.get(_get(active, "plan_type"), DEFAULT_FORM)


def send_items(active: Active) -> list[SendItem]:
    """What goes in the envelope (or the upload), in the order the insurer reads it."""
    form = claim_form(active)
    items = [
        SendItem(form.name, (form.note, N_("Fill in every part about you, and sign it."))),
        SendItem(
            N_("The clinic's itemized invoice (superbill) for each visit"),
            (N_("It must show codes, units, charges, diagnosis codes, NPI and tax ID."),),
        ),
        SendItem(N_("Proof that you paid (receipt or card statement)")),
    ]
    referral = _get(active, "referral")
    if referral in ("have", "need"):
        items.append(
            SendItem(
                N_("Your doctor's prescription or referral"),
                (N_("Your plan asks for one. Send a copy; keep the original."),),
            )
        )
    elif referral == "not_sure":
        items.append(SendItem(N_("Your doctor's prescription or referral, if your plan asks")))
    if _get(active, "preapproval") in ("have", "need"):
        items.append(
            SendItem(
                N_("Your prior-authorization number"),
                (N_("Write it on the claim form (box 23 on a CMS-1500)."),),
            )
        )
    items.append(
        SendItem(
            N_("The clinic's treatment notes (SOAP notes)"),
            (N_("Only if your plan asks for them."),),
        )
    )
    if _get(active, "stage") == "denied" or _get(active, "denial_reason"):
        items.append(
            SendItem(
                N_("A copy of the denial letter or EOB"),
                (N_('Mark it "corrected claim" if you are sending it again.'),),
            )
        )
    return items


DOCTOR_MUST_HAVE: tuple[str, ...] = (
    "My diagnosis, with its ICD-10 code(s). Please use codes valid on today's date"
    " (for low back pain, M54.50, M54.51 or M54.59, not M54.5).",
    "The treatment: therapeutic massage and/or manual therapy, with the CPT code(s) below,"
    " and the body areas to treat.",
    "How often and for how long: for example, once or twice a week for 6 to 8 weeks,"
    " up to 60 minutes a visit.",
    "The goals: what I should be able to do again. For example, sit at work for an hour,"
    " or turn my head to drive.",
    "Your signature, your credentials, the date and your NPI.",
)

LMN_MUST_HAVE: tuple[str, ...] = (
    "My diagnosis, ideally with its ICD-10 code(s).",
    "The treatment: therapeutic massage, with the CPT code(s) below.",
    "How often I need it (frequency).",
    "How long the course of treatment lasts (duration, for example 12 months).",
    "How the treatment helps my condition.",
    "Your signature, your credentials and the date.",
)

ACCOUNT_NAMES = {
    "hsa": "Health Savings Account (HSA)",
    "fsa": "Flexible Spending Account (FSA)",
    "both": "HSA and FSA",
}


def _appeal_kind(active: Active) -> tuple[str, str, str]:
    """(deadline id, title, subject) of the next appeal step for this plan."""
    plan = _get(active, "plan_type")
    final = _get(active, "appeal_round") == "final"
    if plan == "medicare":
        return "medicare_redetermination", "Request for redetermination", "Redetermination"
    if plan == "medicare_advantage":
        return "ma_reconsideration", "Request for reconsideration", "Reconsideration"
    if plan == "medicaid":
        if final or _get(active, "medicaid_kind") == "state":
            return "fair_hearing", "Request for a state fair hearing", "Fair hearing"
        return "medicaid_plan_appeal", "Appeal to my Medicaid plan", "Appeal"
    if final:
        return "second_appeal", "Second-level appeal", "Second-level appeal"
    return "internal_appeal", "Appeal", "Appeal"


def _appeal(
    active: Active, advised: Callable[[str], Any], details: Mapping[str, str]
) -> dict[str, Any]:
    deadline_id, title, subject = _appeal_kind(active)
    future = _get(active, "stage") == "preapproval_denied"
    argument = appeal.argument_for(_get(active, "denial_reason"))
    what = "the request for care I have not had yet" if future else "my claim"
    return {
        "argument": argument,
        "lines": argument.lines(details),
        "enclosed": argument.enclosed(details),
        "future_care": future,
        "urgent": future and _get(active, "urgent") == "yes",
        "letter_title": title,
        "subject": f"{subject}: {what}",
        "appeal_deadline": advised(deadline_id),
        "documents_request": appeal.DOCUMENTS_REQUEST,
        "expedited": appeal.EXPEDITED,
        "denial_code": _get(active, "denial_code") or None,
        "codes": letter_codes(active),
        "second_level": deadline_id == "second_appeal",
    }


def _external_review(
    active: Active, advised: Callable[[str], Any], details: Mapping[str, str]
) -> dict[str, Any]:
    argument = appeal.argument_for(_get(active, "denial_reason"))
    return {
        "argument": argument,
        "plan_said": appeal.PLAN_SAID.get(argument.reason, appeal.PLAN_SAID["not_sure"]),
        "lines": appeal.reviewer_lines(argument.reason, details),
        "enclosed": [*argument.enclosed(details), N_("A copy of the plan's final letter")],
        "review_deadline": advised("external_review"),
        "denial_code": _get(active, "denial_code") or None,
        "codes": letter_codes(active),
        "level_unsure": _get(active, "appeal_level") == "not_sure",
        "self_funded": _get(active, "plan_funding") == "self_funded",
    }


def _pricing(active: Active, estimate: Any) -> dict[str, Any]:
    """The underpaid letter: the plan's own numbers, and the gap, only when we have both."""
    paid = _get(active, "amount_paid")
    expected = None
    if estimate is not None and not estimate.is_range:
        expected = estimate.low.visits[0].plan_pays
    gap = None
    if expected is not None and paid:
        gap = expected - Decimal(paid)
    return {
        "codes": letter_codes(active),
        "paid": Decimal(paid) if paid else None,
        "expected": expected,
        "gap": gap if gap is not None and gap > 0 else None,
        "questions": PRICING_QUESTIONS,
    }


PRICING_QUESTIONS: tuple[str, ...] = (
    "Which method did you use to set the allowed amount for care out of network? For example,"
    " usual and customary prices, or a share of Medicare's prices.",
    "Which price list (data set) did you use, and from which year? Which percentile?",
    "What allowed amount did you use for each code, and where does my plan document say so?",
)


def extras(
    doc_id: str,
    active: Active,
    deadlines: Mapping[str, Any],
    details: Mapping[str, str] | None = None,
    estimate: Any = None,
) -> dict[str, Any]:
    """The context keys only one document uses."""
    details = details or {}
    if doc_id == "claim_packet":
        return {
            "form": claim_form(active),
            "send": send_items(active),
            "send_by": deadlines.get("timely_filing"),
            "codes": [(c, CODE_NAMES[c]) for c in treatment_codes(active)],
        }
    if doc_id == "doctor_letter":
        return {
            "must_have": DOCTOR_MUST_HAVE,
            "codes": codes_text(active),
            "needs_preapproval": _get(active, "preapproval") == "need",
            "necessity_denied": _get(active, "denial_reason") == "medical_necessity",
        }
    if doc_id == "lmn_request":
        kind = _get(active, "hsa_fsa")
        return {
            "must_have": LMN_MUST_HAVE,
            "codes": codes_text(active),
            "account": ACCOUNT_NAMES.get(kind, "HSA or FSA"),
            "has_hsa": kind in ("hsa", "both"),
            "has_fsa": kind in ("fsa", "both"),
        }
    if doc_id == "appeal_letter":
        return _appeal(active, deadlines.get, details)
    if doc_id == "external_review":
        return _external_review(active, deadlines.get, details)
    if doc_id == "pricing_letter":
        return _pricing(active, estimate)
    return {}
