"""Adapters from the wizard's answers to the calculators. Pure functions, no I/O.

`answers` is the active-path mapping from step id to stored value (docs/flow-format.md,
"Step ids that other code reads"): strings, ISO dates, decimal strings, and "" for a skipped
optional answer. A missing or unusable answer counts as not given: these functions return
an empty result or None rather than raise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from typing import cast, get_args

from app.rules.deadlines import (
    AfterAppeal,
    ClaimType,
    DeadlineInputs,
    DeadlineReport,
    MedicaidKind,
    PlanType,
    compute_deadlines,
)
from app.rules.estimate import EstimateResult, Network, PlanTerms, Visit, estimate
from app.rules.ladder import review_fit
from app.rules.say import Say
from app.rules.units import KNOWN_CODES, UnitsComparison, compare_methods

Answers = Mapping[str, str | list[str]]
NOT_SURE_CODES = ("97124", "97140")
MAX_VISITS = 100
ESTIMATE_NEEDS = ("fee", "deductible_remaining", "coinsurance_percent")
# Once a claim is in, its filing deadline no longer matters.
FILED_STAGES = ("filed", "denied", "underpaid", "preapproval_denied")


def _text(answers: Answers, key: str) -> str | None:
    value = answers.get(key)
    return (value.strip() or None) if isinstance(value, str) else None


def _decimal(answers: Answers, key: str) -> Decimal | None:
    text = _text(answers, key)
    if text is None:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() and number >= 0 else None


def _whole(answers: Answers, key: str) -> int | None:
    number = _decimal(answers, key)
    return int(number.to_integral_value(rounding=ROUND_FLOOR)) if number is not None else None


def _date(answers: Answers, key: str) -> date | None:
    text = _text(answers, key)
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def units_from_answers(answers: Answers) -> list[UnitsComparison]:
    """Units for one visit of `session_minutes` of `main_code`, by both counting methods.

    Empty when either answer is missing. For main_code "not_sure" there is one entry for
    97124 and one for 97140 (both are 15-minute timed codes, so the units match).
    """
    minutes, code = _whole(answers, "session_minutes"), _text(answers, "main_code")
    if minutes is None or code is None:
        return []
    if code == "not_sure":
        extra = (
            Say(
                "You were not sure of the code, so we show 97124 (massage) and 97140 "
                "(manual therapy). Both count time the same way. Ask your clinic which one "
                "they use."
            ),
        )
        return [
            replace(c, notes=c.notes + extra)
            for c in (compare_methods([(each, minutes)]) for each in NOT_SURE_CODES)
        ]
    if code not in KNOWN_CODES:
        return []
    return [compare_methods([(code, minutes)])]


def deadlines_from_answers(answers: Answers, *, today: date | None = None) -> DeadlineReport:
    """Deadlines from the dates answered; empty when no date that matters was given.

    Mapping: a denied pre-approval (care still to come) is a pre-service claim, urgent when
    the patient said waiting is a serious risk; everything else is post-service and never
    urgent. claim_sent_date -> claim_received_date (the insurer's clock really starts when
    they get it); notice_days belongs to the latest letter (final_denial_date, else
    denial_date). The filing deadline is left out once the stage says the claim was sent.
    """
    plan = _text(answers, "plan_type")
    plan_type = cast(PlanType, plan) if plan in get_args(PlanType) else "not_sure"
    service = _date(answers, "service_date")
    stage = _text(answers, "stage")
    if stage in FILED_STAGES:
        service = None
    claim_type: ClaimType = "post_service"
    if stage == "preapproval_denied":
        claim_type = "urgent" if _text(answers, "urgent") == "yes" else "pre_service"
    after = _text(answers, "appeal_level")
    kind = _text(answers, "medicaid_kind")
    inputs = DeadlineInputs(
        plan_type=plan_type,
        claim_type=claim_type,
        service_date=service,
        denial_date=_date(answers, "denial_date"),
        final_denial_date=_date(answers, "final_denial_date"),
        claim_received_date=_date(answers, "claim_sent_date"),
        filing_limit_days=_days(answers, "filing_limit_days"),
        notice_days=_days(answers, "notice_days"),
        after_appeal=cast(AfterAppeal, after) if after in get_args(AfterAppeal) else None,
        external_review_possible=review_fit(_text(answers, "denial_reason")) != "no",
        medicaid_kind=cast(MedicaidKind, kind) if kind in get_args(MedicaidKind) else None,
    )
    if not any(
        (
            inputs.service_date,
            inputs.denial_date,
            inputs.final_denial_date,
            inputs.claim_received_date,
        )
    ):
        return DeadlineReport((), ())
    return compute_deadlines(inputs, today=today)


def _days(answers: Answers, key: str) -> int | None:
    days = _whole(answers, key)
    return days if days is not None and 1 <= days <= 3650 else None


# Plans that pay a member nothing back for this care (domain.md §11), with the reason.
NO_PAYBACK: dict[str, Say] = {
    "medicaid": Say(
        "We do not show money back: Medicaid pays the providers who signed up with it, and it "
        "almost never pays a member back."
    ),
    "medicare": Say(
        "We do not show money back: Original Medicare has no benefit for massage from a "
        "massage therapist."
    ),
}
NO_OUT_OF_NETWORK = Say(
    "We do not show money back: you said your plan does not pay for care out of its "
    "network, unless it grants an exception."
)


def no_payback_reason(answers: Answers) -> Say | None:
    """Why no money can come back on this path, or None when an estimate makes sense."""
    plan = _text(answers, "plan_type") or ""
    if plan in NO_PAYBACK:
        return NO_PAYBACK[plan]
    if _text(answers, "oon_benefits") == "no":
        return NO_OUT_OF_NETWORK
    return None


def missing_for_estimate(answers: Answers) -> list[str]:
    """The step ids an estimate still needs (empty when it can be made)."""
    return [key for key in ESTIMATE_NEEDS if _decimal(answers, key) is None]


def estimate_from_answers(answers: Answers, *, network: Network = "out") -> EstimateResult | None:
    """Estimate for `visits_planned` visits at `fee` each (one visit on the paths of visits
    already had), or None.

    None when fee, deductible_remaining or coinsurance_percent is missing, when the plan
    pays no member back (Medicaid, Original Medicare), or when the patient said the plan has
    no out-of-network benefits and the clinic is out of network. A skipped allowed_amount
    gives a range; a skipped copay is $0; a skipped visit limit or out-of-pocket maximum
    means none is known.
    """
    if missing_for_estimate(answers):
        return None
    if (_text(answers, "plan_type") or "") in NO_PAYBACK:
        return None
    if network == "out" and _text(answers, "oon_benefits") == "no":
        return None
    fee = _decimal(answers, "fee")
    deductible = _decimal(answers, "deductible_remaining")
    percent = _decimal(answers, "coinsurance_percent")
    assert fee is not None and deductible is not None and percent is not None
    if percent > 100:
        return None
    count = min(max(_whole(answers, "visits_planned") or 1, 1), MAX_VISITS)
    terms = PlanTerms(
        network=network,
        deductible_remaining=deductible,
        coinsurance=percent / 100,
        copay=_decimal(answers, "copay") or Decimal(0),
        visit_limit_remaining=_whole(answers, "visit_limit_remaining"),
        oop_max_remaining=_decimal(answers, "oop_max_remaining"),
    )
    visit = Visit(billed=fee, allowed=_decimal(answers, "allowed_amount"))
    return estimate(terms, [visit] * count)
