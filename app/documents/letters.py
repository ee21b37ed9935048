"""Document-specific content: the claim form by plan type, what to send, letter contents.

Pure data and small functions over the active answers (domain.md §4, §5, §7.1).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

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
    text: str
    note: str = ""


CLAIM_FORMS: dict[str, ClaimForm] = {
    "medicare": ClaimForm(
        "Form CMS-1490S (Patient's Request for Medical Payment)",
        "Original Medicare usually does not pay for massage by a massage therapist."
        " Call 1-800-MEDICARE to ask before you send it.",
    ),
    "medicare_advantage": ClaimForm(
        "Your Medicare Advantage plan's member claim (reimbursement) form",
        "Find it on your plan's website, or ask for it when you call.",
    ),
    "medicaid": ClaimForm(
        "Your Medicaid plan's member claim form",
        "Medicaid plans often pay only providers they work with. Ask your plan first.",
    ),
}
DEFAULT_FORM = ClaimForm(
    "Your plan's member claim form",
    "Find it on your insurer's website or ask for it when you call. Some plans accept"
    " a CMS-1500 form filled in by the clinic instead.",
)


def _get(active: Active, key: str) -> str:
    value = active.get(key)
    return value if isinstance(value, str) else ""


def codes_text(active: Active) -> str:
    """The treatment codes in words: the patient's main code, or the two common ones."""
    main = _get(active, "main_code")
    picked = (main,) if main in CODE_NAMES else DEFAULT_CODES
    return " or ".join(f"CPT {c} ({CODE_NAMES[c]})" for c in picked)


def claim_form(active: Active) -> ClaimForm:
    return CLAIM_FORMS.get(_get(active, "plan_type"), DEFAULT_FORM)


def send_items(active: Active) -> list[SendItem]:
    """What goes in the envelope (or the upload), in the order the insurer reads it."""
    form = claim_form(active)
    items = [
        SendItem(form.name, f"{form.note} Fill in every part about you, and sign it."),
        SendItem(
            "The clinic's itemized invoice (superbill) for each visit",
            "It must show codes, units, charges, diagnosis codes, NPI and tax ID.",
        ),
        SendItem("Proof that you paid (receipt or card statement)"),
    ]
    referral = _get(active, "referral")
    if referral in ("have", "need"):
        items.append(
            SendItem(
                "Your doctor's prescription or referral",
                "Your plan asks for one. Send a copy; keep the original.",
            )
        )
    elif referral == "not_sure":
        items.append(SendItem("Your doctor's prescription or referral, if your plan asks"))
    if _get(active, "preapproval") in ("have", "need"):
        items.append(
            SendItem(
                "Your prior-authorization number",
                "Write it on the claim form (box 23 on a CMS-1500).",
            )
        )
    items.append(
        SendItem("The clinic's treatment notes (SOAP notes)", "Only if your plan asks for them.")
    )
    if _get(active, "stage") == "denied" or _get(active, "denial_reason"):
        items.append(
            SendItem(
                "A copy of the denial letter or EOB",
                'Mark it "corrected claim" if you are sending it again.',
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


def _appeal(active: Active, advised: Callable[[str], Any]) -> dict[str, Any]:
    final = _get(active, "appeal_round") == "final"
    plan = _get(active, "plan_type")
    if final:
        deadline_id, title = "external_review", "Request for external review"
        subject = "Request for an external review of a denied claim"
    elif plan == "medicare":
        deadline_id, title = "medicare_redetermination", "Request for redetermination"
        subject = "Request for a redetermination of a denied claim"
    else:
        deadline_id, title = "internal_appeal", "Appeal letter"
        subject = "Appeal of a denied claim"
    return {
        "argument": appeal.argument_for(_get(active, "denial_reason")),
        "final": final,
        "urgent": _get(active, "urgent") == "yes",
        "letter_title": title,
        "subject": subject,
        "appeal_deadline": advised(deadline_id),
        "documents_request": appeal.DOCUMENTS_REQUEST,
        "expedited": appeal.EXPEDITED,
        "denial_code": _get(active, "denial_code") or None,
        "codes": codes_text(active),
    }


def extras(doc_id: str, active: Active, deadlines: Mapping[str, Any]) -> dict[str, Any]:
    """The context keys only one document uses."""
    if doc_id == "claim_packet":
        return {
            "form": claim_form(active),
            "send": send_items(active),
            "send_by": deadlines.get("timely_filing"),
            "codes": codes_text(active),
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
        return _appeal(active, deadlines.get)
    return {}
