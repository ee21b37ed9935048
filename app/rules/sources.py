"""Every number the calculators use, each beside the source it comes from.

This is the one place to change a rule. Facts, wording of the sources and confidence grades
are in shared/domain.md (the project's source of truth); section numbers refer to it.
"""

from __future__ import annotations

from decimal import Decimal

# --- Billing units (domain.md §1) ------------------------------------------------------

UNIT_MINUTES = 15  # a "15-minute timed code" bills in 15-minute units
UNIT_THRESHOLD = 8  # 8 minutes attains a unit: the mid-point (7.5 min) is passed
CITE_UNITS_CMS = (
    "Medicare Claims Processing Manual (Pub. 100-04), ch. 5, §20.2 "
    "(total timed minutes, 8-minute rule)"
)
CITE_UNITS_PER_CODE = (
    "AMA CPT time rule: a unit is attained when the mid-point is passed "
    "(substantial-portion method, counted per code)"
)
CITE_UNLISTED = (
    "AMA CPT 97139 'Unlisted therapeutic procedure (specify)': no set time, "
    "priced by hand, needs a narrative"
)

# --- Claims and appeals (domain.md §2, 29 CFR 2560.503-1, 45 CFR 147.136) ---------------

INTERNAL_APPEAL_DAYS = 180
CITE_INTERNAL_APPEAL = "29 CFR 2560.503-1(h)(3)(i) (at least 180 days to appeal)"

EXTERNAL_REVIEW_MONTHS = 4
CITE_EXTERNAL_REVIEW = (
    "45 CFR 147.136(d)(2)(i); 29 CFR 2590.715-2719(d)(2)(i) "
    "(four months; month-end and weekend/holiday rules)"
)
HEALTHCARE_GOV_EXTERNAL_DAYS = 60  # healthcare.gov External Review page; conflicts, §2.4
CITE_FEDERAL_HOLIDAYS = "5 U.S.C. 6103 (federal holidays)"

# Insurer's decision on a first claim (2560.503-1(f)(2)).
URGENT_DECISION_HOURS = 72
PRE_SERVICE_DECISION_DAYS = 15
POST_SERVICE_DECISION_DAYS = 30
DECISION_EXTENSION_DAYS = 15
CITE_DECISION_URGENT = "29 CFR 2560.503-1(f)(2)(i) (urgent care: 72 hours)"
CITE_DECISION_PRE = "29 CFR 2560.503-1(f)(2)(iii)(A) (pre-service: 15 days)"
CITE_DECISION_POST = "29 CFR 2560.503-1(f)(2)(iii)(B) (post-service: 30 days)"

# Insurer's decision on an internal appeal (2560.503-1(i)(2)): one level / per level of two.
APPEAL_URGENT_HOURS = 72
APPEAL_PRE_SERVICE_DAYS = (30, 15)
APPEAL_POST_SERVICE_DAYS = (60, 30)
CITE_APPEAL_URGENT = "29 CFR 2560.503-1(i)(2)(i) (urgent appeal: 72 hours)"
CITE_APPEAL_PRE = "29 CFR 2560.503-1(i)(2)(ii) (pre-service appeal: 30 days, 15 per level)"
CITE_APPEAL_POST = "29 CFR 2560.503-1(i)(2)(iii)(A) (post-service appeal: 60 days, 30 per level)"
CITE_LEVELS_GROUP = "29 CFR 2560.503-1(c)(2)(ii) (group plans: at most two appeal levels)"
CITE_LEVELS_INDIVIDUAL = "45 CFR 147.136(b)(3)(ii)(G) (individual plans: one appeal level)"

# --- Timely filing (domain.md §3) -------------------------------------------------------

CONSERVATIVE_FILING_DAYS = 90  # shortest common limit for member claims
COMMON_FILING_DAYS = 365  # "one year" is common (Cigna, UnitedHealthcare plan documents)
CITE_FILING_PLAN = "Your plan document (SPD, certificate or evidence of coverage)"
CITE_FILING_DEFAULT = (
    "State proof-of-loss rules, e.g. ORS 743.429 and Va. Code §38.2-3536 "
    "(90 days; often up to 1 year)"
)
MEDICARE_FILING_MONTHS = 12
CITE_FILING_MEDICARE = "42 CFR 424.44; Pub. 100-04 ch. 1 §70 (12 months after the service)"
MEDICARE_REDETERMINATION_DAYS = 120
CITE_MEDICARE_REDETERMINATION = (
    "Medicare Part B redetermination: 120 days from getting the notice (42 CFR 405.942(a))"
)

# --- The appeal ladder outside ERISA (domain.md §10) --------------------------------------

MA_RECONSIDERATION_DAYS = 65
CITE_MA_RECONSIDERATION = (
    "42 CFR 422.582(b) (Medicare Advantage: ask for reconsideration within 65 days of the notice)"
)
MEDICAID_PLAN_APPEAL_DAYS = 60
CITE_MEDICAID_PLAN_APPEAL = (
    "42 CFR 438.402(c)(2)(ii) (Medicaid managed care: appeal to the plan within 60 days)"
)
MEDICAID_HEARING_AFTER_PLAN_DAYS = 120
CITE_MEDICAID_HEARING_AFTER_PLAN = (
    "42 CFR 438.408(f)(2) (state fair hearing within 120 days of the plan's appeal decision)"
)
MEDICAID_HEARING_STATE_MAX_DAYS = 90
CITE_MEDICAID_HEARING_STATE = (
    "42 CFR 431.221(d) (fair hearing: the state sets a reasonable time of at most 90 days)"
)
RULE_COMPLAINT_SELF_FUNDED = (
    "ERISA section 514 (self-funded plans are not state-regulated); DOL EBSA, 1-866-444-3272"
)
RULE_COMPLAINT_INSURED = "State insurance department (fully insured plans); CMS consumer assistance"
RULE_CHURCH_PLAN = "ERISA section 4(b)(2) (church plans are not ERISA plans)"

# --- Out-of-pocket arithmetic (domain.md §6) --------------------------------------------

CITE_ESTIMATE = (
    "HealthCare.gov glossary (allowed amount, deductible, coinsurance, "
    "out-of-pocket maximum, balance billing)"
)
# When the allowed amount is unknown we show a range between these shares of the price.
UNKNOWN_ALLOWED_LOW = Decimal("0.50")
UNKNOWN_ALLOWED_HIGH = Decimal("1.00")
CARC_VISIT_LIMIT = "119"  # "Benefit maximum for this time period or occurrence has been reached."

# --- Denial codes (domain.md §7.2) --------------------------------------------------------

CITE_CARC = "X12 Claim Adjustment Reason Codes (x12.org/codes/claim-adjustment-reason-codes)"
CITE_GROUP_CODES = "X12 claim adjustment group codes (CO, PR, OA, PI)"

# --- The rule behind each checklist item (`source:` in data/steps.yaml) -----------------
# Shown in "How we got this" and in the API. domain.md sections in brackets.

RULES: dict[str, str] = {
    "claim_post_service": f"29 CFR 2560.503-1(m)(3) (a claim for past care); {CITE_DECISION_POST}",
    "timely_filing": CITE_FILING_DEFAULT,
    "internal_appeal": f"{CITE_INTERNAL_APPEAL}; {CITE_LEVELS_INDIVIDUAL}",
    "appeal_levels_group": CITE_LEVELS_GROUP,
    "review_scope": (
        "45 CFR 147.136(d)(1) (outside review covers denials that involve medical judgment); "
        "45 CFR 147.136(d)(2)(i) (four months)"
    ),
    "complaint_office": f"{RULE_COMPLAINT_SELF_FUNDED}; {RULE_COMPLAINT_INSURED}",
    "erisa_sue": "ERISA section 502(a) (the right to sue for benefits after the appeals)",
    "government_plan": (
        "ERISA section 4(b)(1) (government plans are not ERISA plans); 45 CFR 147.136 "
        "(outside review for non-federal government plans)"
    ),
    "church_plan": f"{RULE_CHURCH_PLAN}; 26 CFR 54.9815-2719 (outside review)",
    "urgent_future_only": (
        "29 CFR 2560.503-1(m)(1) (an urgent claim is a claim for care still to come); "
        "29 CFR 2560.503-1(i)(2) (appeal decisions: 72 hours urgent, 60 days for past care); "
        "42 CFR 422.584(a) (no fast appeal for payment of past care)"
    ),
    "expedited_review": (
        "45 CFR 147.136(d)(3) (fast outside review, at the same time as the appeal)"
    ),
    "claim_file": "29 CFR 2560.503-1(h)(2)(iii) (a free copy of the claim file)",
    "carc": CITE_CARC,
    "medicare_no_massage": (
        "Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220 (therapy by a PT, OT or "
        "physician under a plan of care); Social Security Act §1848(g)(4)"
    ),
    "ship": "State Health Insurance Assistance Program (SHIP), free Medicare counseling",
    "medicare_claim": f"{CITE_FILING_MEDICARE}; form CMS-1490S",
    "medicare_redetermination": CITE_MEDICARE_REDETERMINATION,
    "ma_supplemental": "Your plan's Evidence of Coverage (supplemental benefits and visit limits)",
    "ma_reconsideration": (
        f"{CITE_MA_RECONSIDERATION}; 42 CFR 422.590 (decisions, and the independent review entity)"
    ),
    "medicaid_pays_providers": (
        "42 CFR 447.15 (enrolled providers take Medicaid's payment as payment in full)"
    ),
    "medicaid_appeal": CITE_MEDICAID_PLAN_APPEAL,
    "fair_hearing": f"{CITE_MEDICAID_HEARING_AFTER_PLAN}; {CITE_MEDICAID_HEARING_STATE}",
    "hsa_tax": (
        "IRC §223(d)(2)(A) (HSA money is tax-free only for costs not paid by insurance); "
        "IRC §223(f)(4) (20% extra tax); IRS Notice 2004-50, Q&A-37 (mistaken payments)"
    ),
    "fsa_order": (
        "Prop. Treas. Reg. §1.125-6(b) (an FSA pays only costs no other coverage pays); "
        "IRS Publication 969"
    ),
    "lmn": "IRS Publication 502 (medical care treats a specific condition)",
    "allowed_amount": (
        "Your plan document (usual and customary, or a share of Medicare's fees); "
        "FAIR Health Consumer (fairhealthconsumer.org)"
    ),
    "auto_first": "Your auto policy (PIP or MedPay) and your state's auto insurance law",
    "workers_comp": "Your state's workers' compensation law; your plan's work-injury exclusion",
    "cob": "NAIC coordination of benefits rules (which plan pays first; the birthday rule)",
    "network_exception": "Your plan's network adequacy rules (a network or gap exception)",
    "step_therapy": "Your plan's step-therapy rules and its exception process",
    "state_help": "CMS consumer assistance programs; your state insurance department",
    "cms1500_box13": "NUCC 1500 claim form instructions (item 13, assignment; item 27)",
    "gfe": "45 CFR 149.610 (Good Faith Estimate); 45 CFR 149.620 (dispute of a bill $400 over)",
}
