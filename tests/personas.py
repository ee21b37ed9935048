"""People who use Coverage Navigator, as answers to the real tree (data/steps.yaml).

Each persona says what their plan must and must not contain: checklist items, deadlines
(with the date), documents, words in their letters and the money line. Used by
tests/test_personas.py and by the letters' readability test. People and numbers are made up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

TODAY = date(2026, 3, 20)
SERVICE, CLAIM_SENT, DENIAL, FINAL = "2026-03-02", "2026-03-05", "2026-03-10", "2026-03-12"

# What most people answer when a question does not matter to the persona.
QUIET: dict[str, Any] = {
    "other_payer": "none",
    "plan_funding": "insured",
    "referral": "not_needed",
    "preapproval": "not_needed",
    "hsa_fsa": "none",
    "oon_benefits": "yes",
    "main_code": "97124",
    "session_minutes": "50",
    "service_date": SERVICE,
    "claim_sent_date": CLAIM_SENT,
    "denial_date": DENIAL,
    "final_denial_date": FINAL,
    "denial_code": "",
    "notice_days": "",
    "filing_limit_days": "",
    "want_estimate": "no",
    "urgent": "no",
    "appeal_round": "first",
}
MONEY: dict[str, Any] = {
    "want_estimate": "yes",
    "fee": "120.00",
    "visits_planned": "6",
    "deductible_remaining": "50.00",
    "coinsurance_percent": "30",
    "copay": "",
    "allowed_amount": "100.00",
    "oop_max_remaining": "",
    "visit_limit_remaining": "",
}


@dataclass(frozen=True)
class Persona:
    name: str
    answers: dict[str, Any]
    has: tuple[str, ...] = ()  # checklist item ids that must be there
    lacks: tuple[str, ...] = ()  # checklist item ids that must not be there
    deadlines: dict[str, str] = field(default_factory=dict)  # id -> "Sunday, September 6, 2026"
    no_deadlines: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    no_docs: tuple[str, ...] = ()
    letter_says: tuple[str, ...] = ()  # words in the letters (all letters together)
    letter_never: tuple[str, ...] = ()
    money: str | None = None  # words in the estimate's lead sentence, or in the reason for none
    questions: tuple[str, ...] = ()  # insurer questions that must be asked

    @property
    def prefs(self) -> dict[str, Any]:
        return {**QUIET, **self.answers}


def _p(name: str, **kw: Any) -> Persona:
    return Persona(name, **kw)


APPEAL_180 = {"internal_appeal": "Sunday, September 6, 2026"}
REVIEW_4M = {"external_review": "Monday, July 13, 2026"}  # July 12 is a Sunday: rolled
DENIED = {"stage": "denied", "plan_type": "employer"}
FINAL_LOST = {**DENIED, "appeal_round": "final", "appeal_level": "final"}

PERSONAS: tuple[Persona, ...] = (
    # ---- Planning, every plan type ---------------------------------------------------------
    _p(
        "employer_planning_needs_note_and_ok",
        answers={
            "stage": "planning",
            "plan_type": "employer",
            "referral": "need",
            "preapproval": "need",
            **MONEY,
        },
        has=(
            "call_insurer",
            "good_faith_estimate",
            "get_referral",
            "get_preapproval",
            "step_therapy_list",
            "box_13",
            "find_claim_form",
            "state_help",
            "file_later",
        ),
        lacks=("file_claim", "internal_appeal", "fast_appeal", "medicare_no_massage"),
        docs=("claim_packet", "doctor_letter"),
        no_docs=("appeal_letter", "external_review", "pricing_letter"),
        money="for 6 visits",
        questions=("q_plan_kind", "q_preauth", "q_oop"),
    ),
    _p(
        "individual_planning_no_out_of_network",
        answers={"stage": "planning", "plan_type": "individual", "oon_benefits": "no"},
        has=("network_exception", "good_faith_estimate", "budget"),
        lacks=("oon_costs", "want_estimate"),
        money="does not pay for care out of its network",
        questions=("q_network_exception",),
    ),
    _p(
        "unsure_plan_planning",
        answers={"stage": "planning", "plan_type": "not_sure", "oon_benefits": "not_sure"},
        has=("check_oon", "read_plan"),
        questions=("q_plan_kind", "q_oon"),
    ),
    _p(
        "medicare_planning",
        answers={"stage": "planning", "plan_type": "medicare"},
        has=("medicare_no_massage", "medicare_ship", "good_faith_estimate"),
        lacks=("file_later", "call_insurer", "find_claim_form", "box_13"),
        no_docs=("claim_packet",),
        money="Original Medicare has no benefit for massage",
        questions=("q_medicare",),
    ),
    _p(
        "medicare_advantage_planning",
        answers={"stage": "planning", "plan_type": "medicare_advantage", **MONEY},
        has=("ma_extra", "call_insurer"),
        lacks=("medicare_no_massage",),
        money="for 6 visits",
        questions=("q_ma_extra",),
    ),
    _p(
        "medicaid_planning",
        answers={"stage": "planning", "plan_type": "medicaid"},
        has=("medicaid_pays_providers", "state_help"),
        lacks=("clinic_papers", "file_later", "find_claim_form", "file_claim"),
        no_docs=("claim_packet",),
        money="Medicaid pays the providers",
        questions=("q_medicaid",),
    ),
    # ---- Visited, not filed ---------------------------------------------------------------
    _p(
        "employer_visited_hsa_paid_with_card",
        answers={
            "stage": "visited",
            "plan_type": "employer",
            "hsa_fsa": "hsa",
            "paid_from_account": "yes",
            **MONEY,
        },
        has=("file_claim", "gather_claim", "use_hsa", "hsa_repay", "get_lmn", "box_13"),
        lacks=("fsa_after_plan", "fsa_repay"),
        deadlines={"timely_filing": "Sunday, May 31, 2026"},
        docs=("claim_packet", "lmn_request"),
        money="You should get back about $35.00 a visit",
    ),
    _p(
        "individual_visited_fsa_insurer_first",
        answers={
            "stage": "visited",
            "plan_type": "individual",
            "hsa_fsa": "fsa",
            "paid_from_account": "no",
        },
        has=("fsa_after_plan", "file_claim"),
        lacks=("fsa_repay", "hsa_repay", "use_hsa"),
        docs=("lmn_request",),
    ),
    _p(
        "fsa_card_already_paid_clinic",
        answers={
            "stage": "visited",
            "plan_type": "employer",
            "hsa_fsa": "fsa",
            "paid_from_account": "yes",
        },
        has=("fsa_repay",),
        lacks=("fsa_after_plan",),
    ),
    _p(
        "medicare_visited_with_second_plan",
        answers={"stage": "visited", "plan_type": "medicare", "other_payer": "second_plan"},
        has=("medicare_claim", "second_plan", "medicare_no_massage"),
        lacks=("file_claim",),
        deadlines={"timely_filing": "Tuesday, March 2, 2027"},
        docs=("claim_packet",),
        money="Original Medicare has no benefit for massage",
        questions=("q_cob", "q_medicare_claim"),
    ),
    _p(
        "medicaid_visited",
        answers={"stage": "visited", "plan_type": "medicaid"},
        has=("medicaid_pays_providers",),
        lacks=("file_claim", "gather_claim"),
        no_deadlines=("timely_filing",),
        no_docs=("claim_packet",),
        money="almost never pays a member back",
    ),
    _p(
        "medicare_advantage_visited",
        answers={"stage": "visited", "plan_type": "medicare_advantage"},
        has=("ma_extra", "file_claim"),
        deadlines={"timely_filing": "Sunday, May 31, 2026"},
    ),
    _p(
        "car_accident",
        answers={"stage": "visited", "plan_type": "individual", "other_payer": "car"},
        has=("car_first", "file_claim"),
        lacks=("work_comp",),
        questions=("q_accident",),
    ),
    _p(
        "work_injury",
        answers={"stage": "planning", "plan_type": "employer", "other_payer": "work"},
        has=("work_comp",),
        lacks=("car_first",),
        questions=("q_accident",),
    ),
    # ---- Filed, waiting -------------------------------------------------------------------
    _p(
        "employer_filed",
        answers={"stage": "filed", "plan_type": "employer", **MONEY},
        has=("wait_decision", "check_status", "read_eob"),
        lacks=("file_claim",),
        deadlines={"initial_decision": "Saturday, April 4, 2026"},
        no_deadlines=("timely_filing",),
        money="You should get back about",
        questions=("q_claim_status",),
    ),
    _p(
        "medicare_filed",
        answers={"stage": "filed", "plan_type": "medicare"},
        has=("check_status", "read_eob"),
        lacks=("wait_decision",),
    ),
    # ---- Denied: the ladder for employer and individual plans -------------------------------
    _p(
        "employer_first_denial_not_necessary",
        answers={**DENIED, "denial_reason": "medical_necessity", "denial_code": "CO-50", **MONEY},
        has=(
            "internal_appeal",
            "fix_medical_necessity",
            "refund_not_urgent",
            "ask_claim_file",
            "use_denial_code",
        ),
        lacks=("fast_appeal", "fast_outside_review", "urgent_check", "external_review"),
        deadlines=APPEAL_180,
        no_deadlines=("external_review", "timely_filing"),
        docs=("appeal_letter", "doctor_letter"),
        no_docs=("external_review",),
        letter_says=(
            "This care is needed for my health",
            "CPT 97124 (massage)",
            "CO-50",
            "March 2, 2026",
        ),
        letter_never=("My doctor prescribed", "This is urgent", "expedited", " or CPT"),
        money="If the appeal wins, you should get back about $35.00",
    ),
    _p(
        "employer_lost_final_internal_decision",
        answers={**FINAL_LOST, "denial_reason": "medical_necessity", "plan_funding": "self_funded"},
        has=("external_review", "erisa_sue"),
        lacks=("internal_appeal", "second_level", "complain"),
        deadlines=REVIEW_4M,
        no_deadlines=("internal_appeal",),
        docs=("external_review",),
        no_docs=("appeal_letter",),
        letter_says=("Dear Independent Reviewer", "not needed for my health"),
    ),
    _p(
        "employer_second_level_offered",
        answers={
            **DENIED,
            "appeal_round": "final",
            "appeal_level": "second_level",
            "denial_reason": "not_covered",
            "notice_days": "60",
        },
        has=("second_level", "fix_not_covered"),
        lacks=("external_review", "external_review_maybe", "internal_appeal"),
        deadlines={"second_appeal": "Monday, May 11, 2026"},
        no_deadlines=("external_review", "internal_appeal"),
        docs=("appeal_letter",),
        no_docs=("external_review",),
        letter_says=("Second-level appeal", "second level of appeal"),
    ),
    _p(
        "employer_unsure_about_the_level",
        answers={
            **DENIED,
            "appeal_round": "final",
            "appeal_level": "not_sure",
            "denial_reason": "medical_necessity",
        },
        has=("level_unsure", "external_review"),
        deadlines=REVIEW_4M,
        docs=("external_review",),
        letter_says=("If the letter offers a second level of appeal, do that first",),
    ),
    _p(
        "individual_final_late_filing",
        answers={
            "stage": "denied",
            "plan_type": "individual",
            "appeal_round": "final",
            "denial_reason": "late_filing",
        },
        has=("complain", "fix_late_filing"),
        lacks=("external_review", "external_review_maybe", "erisa_sue", "internal_appeal"),
        no_deadlines=("external_review", "internal_appeal"),
        no_docs=("external_review", "appeal_letter"),
    ),
    _p(
        "individual_final_visit_limit_may_qualify",
        answers={
            "stage": "denied",
            "plan_type": "individual",
            "appeal_round": "final",
            "denial_reason": "visit_limit",
        },
        has=("external_review_maybe", "fix_visit_limit"),
        lacks=("external_review", "complain"),
        deadlines=REVIEW_4M,
        docs=("external_review",),
    ),
    _p(
        "denied_out_of_network",
        answers={**DENIED, "denial_reason": "out_of_network"},
        has=("fix_out_of_network", "other_options"),
        questions=("q_network_exception",),
        deadlines=APPEAL_180,
        letter_never=("These are the ones I tried",),
    ),
    _p(
        "denied_provider_type",
        answers={**DENIED, "plan_type": "individual", "denial_reason": "provider_type"},
        has=("fix_provider_type",),
        letter_says=("which providers my plan pays",),
    ),
    _p(
        "denied_missing_info",
        answers={**DENIED, "denial_reason": "missing_info"},
        has=("fix_missing_info",),
        docs=("claim_packet", "appeal_letter"),
    ),
    _p(
        "denied_no_ok_first",
        answers={**DENIED, "denial_reason": "no_preapproval"},
        has=("fix_no_preapproval",),
        docs=("doctor_letter", "appeal_letter"),
        letter_never=("I was told no OK was needed",),
    ),
    _p(
        "denied_coding",
        answers={**DENIED, "denial_reason": "coding", "main_code": "not_sure"},
        has=("fix_coding",),
        docs=("claim_packet", "appeal_letter"),
        letter_says=("corrected invoice",),
        letter_never=("97124 or", "CPT 97140"),
    ),
    _p(
        "denied_not_sure_why",
        answers={**DENIED, "plan_type": "not_sure", "denial_reason": "not_sure"},
        has=("fix_not_sure", "internal_appeal"),
        questions=("q_plan_kind", "q_denial_why"),
    ),
    _p(
        "government_job_plan",
        answers={**FINAL_LOST, "plan_funding": "government", "denial_reason": "medical_necessity"},
        has=("government_plan", "external_review"),
        lacks=("erisa_sue", "church_plan"),
    ),
    _p(
        "church_job_plan",
        answers={**FINAL_LOST, "plan_funding": "church", "denial_reason": "medical_necessity"},
        has=("church_plan", "external_review"),
        lacks=("erisa_sue", "government_plan"),
    ),
    # ---- A no to care still to come: the only place for urgent handling ----------------------
    _p(
        "preapproval_denied_urgent",
        answers={
            "stage": "preapproval_denied",
            "plan_type": "employer",
            "denial_reason": "medical_necessity",
            "urgent": "yes",
        },
        has=("fast_appeal", "fast_outside_review", "internal_appeal"),
        lacks=("refund_not_urgent", "file_claim"),
        deadlines=APPEAL_180,
        docs=("appeal_letter",),
        letter_says=("This is urgent", "72 hours", "care I have not had yet"),
        letter_never=("Date(s) of service",),
    ),
    _p(
        "preapproval_denied_step_therapy",
        answers={
            "stage": "preapproval_denied",
            "plan_type": "individual",
            "denial_reason": "step_therapy",
            "urgent": "no",
        },
        has=("fix_step_therapy", "step_therapy_list", "internal_appeal"),
        lacks=("fast_appeal", "fast_outside_review"),
        letter_says=("try other care first",),
        letter_never=("This is what I tried",),
    ),
    # ---- Medicare Advantage, Medicaid, Medicare appeals --------------------------------------
    _p(
        "medicare_advantage_first_denial",
        answers={
            "stage": "denied",
            "plan_type": "medicare_advantage",
            "denial_reason": "not_covered",
        },
        has=("ma_appeal",),
        lacks=("internal_appeal", "external_review"),
        deadlines={"ma_reconsideration": "Thursday, May 14, 2026"},
        no_deadlines=("internal_appeal",),
        letter_says=("Request for reconsideration",),
    ),
    _p(
        "medicare_advantage_lost_reconsideration",
        answers={
            "stage": "denied",
            "plan_type": "medicare_advantage",
            "appeal_round": "final",
            "denial_reason": "not_covered",
        },
        has=("ma_outside",),
        lacks=("ma_appeal", "external_review"),
        no_deadlines=("ma_reconsideration", "internal_appeal"),
    ),
    _p(
        "medicaid_managed_care_denial",
        answers={"stage": "denied", "plan_type": "medicaid", "medicaid_kind": "managed"},
        has=("medicaid_appeal",),
        lacks=("internal_appeal", "fair_hearing", "external_review"),
        deadlines={"medicaid_plan_appeal": "Saturday, May 9, 2026"},
        no_deadlines=("internal_appeal", "timely_filing"),
        letter_says=("Appeal to my Medicaid plan",),
        money="Medicaid pays the providers",
    ),
    _p(
        "medicaid_state_program_denial",
        answers={"stage": "denied", "plan_type": "medicaid", "medicaid_kind": "state"},
        has=("fair_hearing",),
        lacks=("medicaid_appeal",),
        deadlines={"fair_hearing": "Monday, June 8, 2026"},
        letter_says=("Request for a state fair hearing",),
    ),
    _p(
        "medicaid_plan_kept_its_no",
        answers={
            "stage": "denied",
            "plan_type": "medicaid",
            "medicaid_kind": "managed",
            "appeal_round": "final",
        },
        has=("fair_hearing",),
        lacks=("medicaid_appeal",),
        deadlines={"fair_hearing": "Friday, July 10, 2026"},
        no_deadlines=("medicaid_plan_appeal",),
    ),
    _p(
        "medicare_denied",
        answers={"stage": "denied", "plan_type": "medicare"},
        has=("medicare_redetermination", "medicare_no_massage"),
        lacks=("internal_appeal", "refund_not_urgent"),
        deadlines={"medicare_redetermination": "Wednesday, July 8, 2026"},
        letter_says=("Request for redetermination",),
    ),
    # ---- Underpaid -----------------------------------------------------------------------
    _p(
        "employer_underpaid",
        answers={"stage": "underpaid", "plan_type": "employer", **MONEY, "amount_paid": "20.00"},
        has=("check_math", "allowed_method", "ask_reprocess", "ask_claim_file"),
        lacks=("internal_appeal",),
        docs=("pricing_letter",),
        no_docs=("appeal_letter",),
        letter_says=("Which method", "percentile", "$15.00 more"),
        money="should have paid $35.00 for this visit. It paid $20.00, so it may owe you $15.00",
        questions=("q_allowed", "q_paid_math"),
    ),
    _p(
        "medicare_underpaid",
        answers={"stage": "underpaid", "plan_type": "medicare"},
        lacks=("check_math", "allowed_method"),
        no_docs=("pricing_letter",),
        money="Original Medicare has no benefit for massage",
    ),
)
