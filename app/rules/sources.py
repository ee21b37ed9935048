"""Every number the calculators use, each beside the source it comes from.

This is the one place to change a rule. Facts, wording of the sources and confidence grades
are in shared/domain.md (the project's source of truth); section numbers refer to it.
"""

from __future__ import annotations

from decimal import Decimal

from app.rules.say import N_, Say
from app.rules.sentences import Text, cite

# --- Billing units (domain.md §1) ------------------------------------------------------

UNIT_MINUTES = 15  # a "15-minute timed code" bills in 15-minute units
UNIT_THRESHOLD = 8  # 8 minutes attains a unit: the mid-point (7.5 min) is passed
# The units' and the estimate's sources stay plain strings (their calculators keep them as
# `str`), marked for the catalog so "How we got this" shows them translated (`|say`).
CITE_UNITS_CMS = N_(
    "Medicare Claims Processing Manual (Pub. 100-04), ch. 5, §20.2 "
    "(total timed minutes, 8-minute rule)"
)
CITE_UNITS_PER_CODE = N_(
    "AMA CPT time rule: a unit is attained when the mid-point is passed "
    "(substantial-portion method, counted per code)"
)
CITE_UNLISTED = N_(
    "AMA CPT 97139 'Unlisted therapeutic procedure (specify)': no set time, "
    "priced by hand, needs a narrative"
)

# --- Claims and appeals (domain.md §2, 29 CFR 2560.503-1, 45 CFR 147.136) ---------------

INTERNAL_APPEAL_DAYS = 180
CITE_INTERNAL_APPEAL = Say(
    "%(rule)s (at least 180 days to appeal)", rule="29 CFR 2560.503-1(h)(3)(i)"
)

EXTERNAL_REVIEW_MONTHS = 4
CITE_EXTERNAL_REVIEW = Say(
    "%(rule)s (four months; month-end and weekend/holiday rules)",
    rule="45 CFR 147.136(d)(2)(i); 29 CFR 2590.715-2719(d)(2)(i)",
)
HEALTHCARE_GOV_EXTERNAL_DAYS = 60  # healthcare.gov External Review page; conflicts, §2.4
CITE_FEDERAL_HOLIDAYS = Say("%(rule)s (federal holidays)", rule="5 U.S.C. 6103")

# Insurer's decision on a first claim (2560.503-1(f)(2)).
URGENT_DECISION_HOURS = 72
PRE_SERVICE_DECISION_DAYS = 15
POST_SERVICE_DECISION_DAYS = 30
DECISION_EXTENSION_DAYS = 15
CITE_DECISION_URGENT = Say("%(rule)s (urgent care: 72 hours)", rule="29 CFR 2560.503-1(f)(2)(i)")
CITE_DECISION_PRE = Say("%(rule)s (pre-service: 15 days)", rule="29 CFR 2560.503-1(f)(2)(iii)(A)")
CITE_DECISION_POST = Say("%(rule)s (post-service: 30 days)", rule="29 CFR 2560.503-1(f)(2)(iii)(B)")

# Insurer's decision on an internal appeal (2560.503-1(i)(2)): one level / per level of two.
APPEAL_URGENT_HOURS = 72
APPEAL_PRE_SERVICE_DAYS = (30, 15)
APPEAL_POST_SERVICE_DAYS = (60, 30)
CITE_APPEAL_URGENT = Say("%(rule)s (urgent appeal: 72 hours)", rule="29 CFR 2560.503-1(i)(2)(i)")
CITE_APPEAL_PRE = Say(
    "%(rule)s (pre-service appeal: 30 days, 15 per level)", rule="29 CFR 2560.503-1(i)(2)(ii)"
)
CITE_APPEAL_POST = Say(
    "%(rule)s (post-service appeal: 60 days, 30 per level)",
    rule="29 CFR 2560.503-1(i)(2)(iii)(A)",
)
CITE_LEVELS_GROUP = Say(
    "%(rule)s (group plans: at most two appeal levels)", rule="29 CFR 2560.503-1(c)(2)(ii)"
)
CITE_LEVELS_INDIVIDUAL = Say(
    "%(rule)s (individual plans: one appeal level)", rule="45 CFR 147.136(b)(3)(ii)(G)"
)

# --- Timely filing (domain.md §3) -------------------------------------------------------

CONSERVATIVE_FILING_DAYS = 90  # shortest common limit for member claims
COMMON_FILING_DAYS = 365  # "one year" is common (Cigna, UnitedHealthcare plan documents)
CITE_FILING_PLAN = Say("Your plan document (SPD, certificate or evidence of coverage)")
CITE_FILING_DEFAULT = Say(
    "State proof-of-loss rules, e.g. %(rules)s (90 days; often up to 1 year)",
    rules="ORS 743.429 and Va. Code §38.2-3536",
)
MEDICARE_FILING_MONTHS = 12
CITE_FILING_MEDICARE = Say(
    "%(rule)s (12 months after the service)", rule="42 CFR 424.44; Pub. 100-04 ch. 1 §70"
)
MEDICARE_REDETERMINATION_DAYS = 120
CITE_MEDICARE_REDETERMINATION = Say(
    "Medicare Part B redetermination: 120 days from getting the notice (%(rule)s)",
    rule="42 CFR 405.942(a)",
)

# --- The appeal ladder outside ERISA (domain.md §10) --------------------------------------

MA_RECONSIDERATION_DAYS = 65
CITE_MA_RECONSIDERATION = Say(
    "%(rule)s (Medicare Advantage: ask for reconsideration within 65 days of the notice)",
    rule="42 CFR 422.582(b)",
)
MEDICAID_PLAN_APPEAL_DAYS = 60
CITE_MEDICAID_PLAN_APPEAL = Say(
    "%(rule)s (Medicaid managed care: appeal to the plan within 60 days)",
    rule="42 CFR 438.402(c)(2)(ii)",
)
MEDICAID_HEARING_AFTER_PLAN_DAYS = 120
CITE_MEDICAID_HEARING_AFTER_PLAN = Say(
    "%(rule)s (state fair hearing within 120 days of the plan's appeal decision)",
    rule="42 CFR 438.408(f)(2)",
)
MEDICAID_HEARING_STATE_MAX_DAYS = 90
CITE_MEDICAID_HEARING_STATE = Say(
    "%(rule)s (fair hearing: the state sets a reasonable time of at most 90 days)",
    rule="42 CFR 431.221(d)",
)
RULE_COMPLAINT_SELF_FUNDED = cite(
    Say("%(rule)s (self-funded plans are not state-regulated)", rule="ERISA section 514"),
    "DOL EBSA, 1-866-444-3272",
)
RULE_COMPLAINT_INSURED = cite(
    Say("State insurance department (fully insured plans)"), Say("CMS consumer assistance")
)
RULE_CHURCH_PLAN = Say("%(rule)s (church plans are not ERISA plans)", rule="ERISA section 4(b)(2)")

# --- Out-of-pocket arithmetic (domain.md §6) --------------------------------------------

CITE_ESTIMATE = N_(
    "HealthCare.gov glossary (allowed amount, deductible, coinsurance, "
    "out-of-pocket maximum, balance billing)"
)
# When the allowed amount is unknown we show a range between these shares of the price.
UNKNOWN_ALLOWED_LOW = Decimal("0.50")
UNKNOWN_ALLOWED_HIGH = Decimal("1.00")
CARC_VISIT_LIMIT = "119"  # "Benefit maximum for this time period or occurrence has been reached."

# --- Denial codes (domain.md §7.2) --------------------------------------------------------

CITE_CARC = "X12 Claim Adjustment Reason Codes (x12.org/codes/claim-adjustment-reason-codes)"
CITE_GROUP_CODES = Say("X12 claim adjustment group codes (CO, PR, OA, PI)")

# --- The rule behind each checklist item (`source:` in data/steps.yaml) -----------------
# Shown in "How we got this" and in the API. domain.md sections in brackets.

RULES: dict[str, Text] = {
    "claim_post_service": cite(
        Say("%(rule)s (a claim for past care)", rule="29 CFR 2560.503-1(m)(3)"), CITE_DECISION_POST
    ),
    "timely_filing": CITE_FILING_DEFAULT,
    "internal_appeal": cite(CITE_INTERNAL_APPEAL, CITE_LEVELS_INDIVIDUAL),
    "appeal_levels_group": CITE_LEVELS_GROUP,
    "review_scope": cite(
        Say(
            "%(rule)s (outside review covers denials that involve medical judgment)",
            rule="45 CFR 147.136(d)(1)",
        ),
        Say("%(rule)s (four months)", rule="45 CFR 147.136(d)(2)(i)"),
    ),
    "complaint_office": cite(RULE_COMPLAINT_SELF_FUNDED, RULE_COMPLAINT_INSURED),
    "erisa_sue": Say(
        "%(rule)s (the right to sue for benefits after the appeals)", rule="ERISA section 502(a)"
    ),
    "government_plan": cite(
        Say("%(rule)s (government plans are not ERISA plans)", rule="ERISA section 4(b)(1)"),
        Say("%(rule)s (outside review for non-federal government plans)", rule="45 CFR 147.136"),
    ),
    "church_plan": cite(
        RULE_CHURCH_PLAN, Say("%(rule)s (outside review)", rule="26 CFR 54.9815-2719")
    ),
    "urgent_future_only": cite(
        Say(
            "%(rule)s (an urgent claim is a claim for care still to come)",
            rule="29 CFR 2560.503-1(m)(1)",
        ),
        Say(
            "%(rule)s (appeal decisions: 72 hours urgent, 60 days for past care)",
            rule="29 CFR 2560.503-1(i)(2)",
        ),
        Say("%(rule)s (no fast appeal for payment of past care)", rule="42 CFR 422.584(a)"),
    ),
    "expedited_review": Say(
        "%(rule)s (fast outside review, at the same time as the appeal)",
        rule="45 CFR 147.136(d)(3)",
    ),
    "claim_file": Say(
        "%(rule)s (a free copy of the claim file)", rule="29 CFR 2560.503-1(h)(2)(iii)"
    ),
    "carc": CITE_CARC,
    "medicare_no_massage": cite(
        Say(
            "%(rule)s (therapy by a PT, OT or physician under a plan of care)",
            rule="Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220",
        ),
        "Social Security Act §1848(g)(4)",
    ),
    "ship": Say("State Health Insurance Assistance Program (SHIP), free Medicare counseling"),
    "medicare_claim": cite(CITE_FILING_MEDICARE, Say("form %(form)s", form="CMS-1490S")),
    "medicare_redetermination": CITE_MEDICARE_REDETERMINATION,
    "ma_supplemental": Say(
        "Your plan's Evidence of Coverage (supplemental benefits and visit limits)"
    ),
    "ma_reconsideration": cite(
        CITE_MA_RECONSIDERATION,
        Say("%(rule)s (decisions, and the independent review entity)", rule="42 CFR 422.590"),
    ),
    "medicaid_pays_providers": Say(
        "%(rule)s (enrolled providers take Medicaid's payment as payment in full)",
        rule="42 CFR 447.15",
    ),
    "medicaid_appeal": CITE_MEDICAID_PLAN_APPEAL,
    "fair_hearing": cite(CITE_MEDICAID_HEARING_AFTER_PLAN, CITE_MEDICAID_HEARING_STATE),
    "hsa_tax": cite(
        Say(
            "%(rule)s (HSA money is tax-free only for costs not paid by insurance)",
            rule="IRC §223(d)(2)(A)",
        ),
        Say("%(rule)s (20%% extra tax)", rule="IRC §223(f)(4)"),
        Say("%(rule)s (mistaken payments)", rule="IRS Notice 2004-50, Q&A-37"),
    ),
    "fsa_order": cite(
        Say(
            "%(rule)s (an FSA pays only costs no other coverage pays)",
            rule="Prop. Treas. Reg. §1.125-6(b)",
        ),
        "IRS Publication 969",
    ),
    "lmn": Say("%(rule)s (medical care treats a specific condition)", rule="IRS Publication 502"),
    "allowed_amount": cite(
        Say("Your plan document (usual and customary, or a share of Medicare's fees)"),
        "FAIR Health Consumer (fairhealthconsumer.org)",
    ),
    "auto_first": Say("Your auto policy (PIP or MedPay) and your state's auto insurance law"),
    "workers_comp": cite(
        Say("Your state's workers' compensation law"), Say("your plan's work-injury exclusion")
    ),
    "cob": Say("NAIC coordination of benefits rules (which plan pays first; the birthday rule)"),
    "network_exception": Say("Your plan's network adequacy rules (a network or gap exception)"),
    "step_therapy": Say("Your plan's step-therapy rules and its exception process"),
    "state_help": cite(
        Say("CMS consumer assistance programs"), Say("your state insurance department")
    ),
    "cms1500_box13": Say("NUCC 1500 claim form instructions (item 13, assignment; item 27)"),
    "gfe": cite(
        Say("%(rule)s (Good Faith Estimate)", rule="45 CFR 149.610"),
        Say("%(rule)s (dispute of a bill $400 over)", rule="45 CFR 149.620"),
    ),
}
