"""Claim and appeal deadlines from the dates a patient has. Pure functions, no I/O.

Rules and sources: domain.md §2-§3 and `app.rules.sources`. Where a letter (notice) prints
a different date from the federal rule, the deadline with the plain id (`internal_appeal`)
is always the earlier, advised date. The later one may follow for reference with
`advised=False` and an id ending in `_federal` or `_notice`. For external review we never
show a federal date later than the letter's (domain.md §2.4).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from app.rules import sources as src
from app.rules.deadline_rule import Deadline as Deadline
from app.rules.deadline_rule import with_notice
from app.rules.gov_deadlines import MedicaidKind as MedicaidKind
from app.rules.gov_deadlines import ma_deadlines, medicaid_deadlines
from app.rules.holidays_us import (
    add_months_or_month_end,
    add_months_or_next_first,
    day_note,
    last_business_day_on_or_before,
    roll_forward,
    roll_note,
)
from app.rules.say import Day, Say
from app.rules.sentences import Text, cite, join

PlanType = Literal[
    "employer", "individual", "medicare", "medicare_advantage", "medicaid", "not_sure"
]
ClaimType = Literal["post_service", "pre_service", "urgent"]
# What the letter on the patient's first appeal says comes next (domain.md §10).
AfterAppeal = Literal["second_level", "final", "not_sure"]
# Plans under ERISA / the ACA appeal rules. "not_sure" gets them too, with a note.
FEDERAL_APPEAL_PLANS = ("employer", "individual", "not_sure")
PATIENT_IDS = (
    "timely_filing",
    "internal_appeal",
    "second_appeal",
    "external_review",
    "medicare_redetermination",
    "ma_reconsideration",
    "medicaid_plan_appeal",
    "fair_hearing",
)


@dataclass(frozen=True)
class DeadlineInputs:
    plan_type: PlanType = "not_sure"
    claim_type: ClaimType = "post_service"
    service_date: date | None = None
    denial_date: date | None = None
    final_denial_date: date | None = None
    claim_received_date: date | None = None
    appeal_received_date: date | None = None
    request_received_date: date | None = None
    filing_limit_days: int | None = None  # the plan's own claim deadline
    notice_days: int | None = None  # days printed on the latest letter (see notice_target)
    appeal_levels: int | None = None  # 1 or 2, when the patient knows
    after_appeal: AfterAppeal | None = None  # what the appeal decision letter says is next
    external_review_possible: bool = True  # False: the denial is not about medical judgment
    medicaid_kind: MedicaidKind | None = None


@dataclass(frozen=True)
class DeadlineReport:
    deadlines: tuple[Deadline, ...]
    notes: tuple[Say, ...]


def notice_target(inputs: DeadlineInputs) -> str | None:
    """Which deadline `notice_days` belongs to: the latest letter the patient has."""
    if inputs.final_denial_date is not None:
        return "external_review"
    if inputs.denial_date is not None:
        return "internal_appeal"
    return None


def _internal_appeal(i: DeadlineInputs, denial: date, notice: date | None) -> list[Deadline]:
    day = denial + timedelta(days=src.INTERNAL_APPEAL_DAYS)
    levels = (
        Say("Plans you buy yourself have one appeal level.")
        if i.plan_type == "individual"
        else Say("Employer plans can have up to two appeal levels.")
    )
    rule = Deadline(
        "internal_appeal",
        day,
        Say("Ask your plan to look again (internal appeal) by"),
        src.CITE_INTERNAL_APPEAL,
        join(
            Say(
                "You have at least 180 days from getting the denial letter. We count from the "
                "date on the letter, to be safe."
            ),
            levels,
            day_note(day),
        ),
    )
    return with_notice(rule, notice)


def _external_review(final: date, notice: date | None, *, unsure: bool = False) -> list[Deadline]:
    raw = add_months_or_next_first(final, src.EXTERNAL_REVIEW_MONTHS)
    day = roll_forward(raw)
    short = final + timedelta(days=src.HEALTHCARE_GOV_EXTERNAL_DAYS)
    rule = Deadline(
        "external_review",
        day,
        Say("If this was the final decision, ask for an outside review (external review) by")
        if unsure
        else Say("Ask for an outside review (external review) by"),
        cite(src.CITE_EXTERNAL_REVIEW, src.CITE_FEDERAL_HOLIDAYS),
        join(
            Say("Four months from getting the final denial."),
            Say("If your letter offers a second appeal level, do that first.") if unsure else "",
            roll_note(raw, day),
            Say(
                "HealthCare.gov says some plans allow only 60 days (%(date)s). Check your "
                "letter. If it gives less time, use its date.",
                date=Day(short, "long"),
            ),
            Say(
                "Outside review is for denials about medical judgment, like 'not medically "
                "necessary'. If waiting harms your health, ask for a fast review."
            ),
        ),
    )
    return with_notice(rule, notice, show_later_rule=False)


def _timely_filing(i: DeadlineInputs, service: date) -> list[Deadline]:
    plan_day = service + timedelta(days=i.filing_limit_days) if i.filing_limit_days else None
    label = Say("Send your claim to the insurer by")
    if i.plan_type == "medicare":
        raw = add_months_or_month_end(service, src.MEDICARE_FILING_MONTHS)
        day = roll_forward(raw)
        rule = Deadline(
            "timely_filing",
            day,
            label,
            cite(src.CITE_FILING_MEDICARE, src.CITE_FEDERAL_HOLIDAYS),
            join(Say("Medicare: 12 months after the visit."), roll_note(raw, day)),
        )
        return with_notice(rule, plan_day, what="plan")
    if plan_day is not None:
        return [
            Deadline(
                "timely_filing",
                plan_day,
                label,
                src.CITE_FILING_PLAN,
                join(
                    Say(
                        "Your plan's limit: %(days)s days after the visit.",
                        days=i.filing_limit_days,
                    ),
                    day_note(plan_day),
                ),
            )
        ]
    day = service + timedelta(days=src.CONSERVATIVE_FILING_DAYS)
    year = service + timedelta(days=src.COMMON_FILING_DAYS)
    return [
        Deadline(
            "timely_filing",
            day,
            label,
            src.CITE_FILING_DEFAULT,
            join(
                Say(
                    "We do not know your plan's limit, so we show the shortest common one: 90 "
                    "days after the visit. Many plans allow 1 year (about %(date)s). Check your "
                    "plan papers. Late claims are denied (code 29).",
                    date=Day(year, "long"),
                ),
                day_note(day),
            ),
        )
    ]


def _initial_decision(i: DeadlineInputs, received: date) -> Deadline:
    label = Say("Your insurer should decide by")
    if i.claim_type == "urgent":
        return Deadline(
            "initial_decision",
            received + timedelta(days=src.URGENT_DECISION_HOURS // 24),
            label,
            src.CITE_DECISION_URGENT,
            Say(
                "72 hours after they get an urgent request. If they need more facts, they "
                "must ask within 24 hours."
            ),
        )
    if i.claim_type == "pre_service":
        days, rule = src.PRE_SERVICE_DECISION_DAYS, src.CITE_DECISION_PRE
    else:
        days, rule = src.POST_SERVICE_DECISION_DAYS, src.CITE_DECISION_POST
    return Deadline(
        "initial_decision",
        received + timedelta(days=days),
        label,
        rule,
        Say(
            "%(days)s days after they get it. They may take %(more)s more days once, if they "
            "tell you why before this date. If you mailed it, allow for mail.",
            days=days,
            more=src.DECISION_EXTENSION_DAYS,
        ),
    )


def _appeal_decision(i: DeadlineInputs, received: date) -> Deadline:
    label = Say("Your insurer should decide your appeal by")
    individual = i.plan_type == "individual"
    levels_cite = src.CITE_LEVELS_INDIVIDUAL if individual else src.CITE_LEVELS_GROUP
    if i.claim_type == "urgent":
        return Deadline(
            "appeal_decision",
            received + timedelta(days=src.APPEAL_URGENT_HOURS // 24),
            label,
            cite(src.CITE_APPEAL_URGENT, levels_cite),
            Say("72 hours after they get your urgent appeal, for all levels together."),
        )
    if i.claim_type == "pre_service":
        (one, per_level), rule = src.APPEAL_PRE_SERVICE_DAYS, src.CITE_APPEAL_PRE
    else:
        (one, per_level), rule = src.APPEAL_POST_SERVICE_DAYS, src.CITE_APPEAL_POST
    if not individual and i.appeal_levels == 2:
        return Deadline(
            "appeal_decision",
            received + timedelta(days=per_level),
            label,
            cite(rule, levels_cite),
            Say("Your plan has two appeal levels: %(days)s days for each level.", days=per_level),
        )
    second = received + timedelta(days=per_level)
    note = (
        Say("%(days)s days after they get your appeal.", days=one)
        if individual or i.appeal_levels == 1
        else Say(
            "%(days)s days after they get your appeal. If your plan has two appeal levels, "
            "each level gets %(per_level)s days (%(date)s).",
            days=one,
            per_level=per_level,
            date=Day(second, "long"),
        )
    )
    return Deadline(
        "appeal_decision", received + timedelta(days=one), label, cite(rule, levels_cite), note
    )


def _medicare_redetermination(notice_on: date, notice: date | None) -> list[Deadline]:
    day = notice_on + timedelta(days=src.MEDICARE_REDETERMINATION_DAYS)
    rule = Deadline(
        "medicare_redetermination",
        day,
        Say("Ask Medicare to look again (redetermination) by"),
        src.CITE_MEDICARE_REDETERMINATION,
        join(Say("120 days from getting the notice. We count from the date on it."), day_note(day)),
    )
    return with_notice(rule, notice)


def _passed(d: Deadline, today: date | None) -> Deadline:
    if today is None or d.date >= today:
        return d
    extra: Text
    if d.id.startswith(PATIENT_IDS):
        extra = Say("This date has passed. Act now and ask your plan if it can still accept it.")
    else:
        extra = Say("This date has passed. If you have no answer, call your insurer.")
    return replace(d, note=join(extra, d.note))


def send_by(day: date) -> date:
    """The last business day before a deadline: the day we advise sending by."""
    return last_business_day_on_or_before(day - timedelta(days=1))


def _with_send_by(d: Deadline) -> Deadline:
    return replace(d, send_by=send_by(d.date)) if d.id.startswith(PATIENT_IDS) else d


def _federal(i: DeadlineInputs, notice: date | None, target: str | None) -> list[Deadline]:
    """Employer, individual and unsure plans: the ERISA/ACA ladder (domain.md §2, §10)."""
    out: list[Deadline] = []
    final = i.final_denial_date
    if i.denial_date is not None and final is None:
        # Once the patient has appealed, the first appeal's date is a step already taken.
        out += _internal_appeal(i, i.denial_date, notice if target == "internal_appeal" else None)
    if final is not None:
        one_level = i.plan_type == "individual"
        after = "final" if one_level else (i.after_appeal or "not_sure")
        if after == "second_level":
            if notice is not None:
                out.append(
                    Deadline(
                        "second_appeal",
                        notice,
                        Say("Ask for the second level of appeal by"),
                        cite(Say("The date printed on your letter"), src.CITE_LEVELS_GROUP),
                        join(
                            Say(
                                "Your plan has a second appeal level. Do it before any outside "
                                "review, or the review can be refused."
                            ),
                            day_note(notice),
                        ),
                    )
                )
        elif i.external_review_possible:
            out += _external_review(final, notice, unsure=after == "not_sure")
    received = i.claim_received_date or i.request_received_date
    if received is not None:
        out.append(_initial_decision(i, received))
    if i.appeal_received_date is not None:
        out.append(_appeal_decision(i, i.appeal_received_date))
    return out


def compute_deadlines(i: DeadlineInputs, *, today: date | None = None) -> DeadlineReport:
    """Every deadline whose inputs are given, earliest first, plus general notes."""
    for name in ("filing_limit_days", "notice_days"):
        value = getattr(i, name)
        if value is not None and not 1 <= value <= 3650:
            raise ValueError(f"{name} must be between 1 and 3650 days.")
    if i.appeal_levels not in (None, 1, 2):
        raise ValueError("appeal_levels must be 1 or 2.")
    target = notice_target(i)
    letter_date = i.final_denial_date if target == "external_review" else i.denial_date
    notice = (
        letter_date + timedelta(days=i.notice_days)
        if letter_date is not None and i.notice_days
        else None
    )
    out: list[Deadline] = []
    notes: list[Say] = []
    if i.service_date is not None and i.plan_type != "medicaid":
        # Medicaid pays enrolled providers; a member has no claim to file (domain.md §11).
        out += _timely_filing(i, i.service_date)
    if i.plan_type in FEDERAL_APPEAL_PLANS:
        out += _federal(i, notice, target)
        if i.plan_type == "not_sure":
            notes.append(
                Say(
                    "We used the federal rules for employer and Marketplace plans. Check your "
                    "plan papers: government and church plans follow other rules."
                )
            )
        notes.append(Say("State law can give you more time. Your plan papers have the details."))
    elif i.plan_type == "medicare":
        if i.denial_date is not None:
            out += _medicare_redetermination(
                i.denial_date, notice if target == "internal_appeal" else None
            )
        notes.append(Say("Medicare has its own appeal steps. Your Medicare notice lists them."))
    elif i.plan_type == "medicare_advantage":
        out += ma_deadlines(i.denial_date, i.final_denial_date, notice)
        notes.append(
            Say(
                "Medicare Advantage plans follow Medicare's appeal rules. Your letter says how "
                "long you have. We show the earlier date."
            )
        )
    else:
        out += medicaid_deadlines(i.medicaid_kind, i.denial_date, i.final_denial_date, notice)
        notes.append(
            Say(
                "Medicaid appeals follow federal rules and your state's rules. Your notice says "
                "how long you have. We show the earlier date."
            )
        )
    out.sort(key=lambda d: (d.date, not d.advised, d.id))
    return DeadlineReport(tuple(_passed(_with_send_by(d), today) for d in out), tuple(notes))
