"""'Your numbers' as shown (app/routes/numbers.py) and the result bubbles in the conversation
(app/routes/remarks.py), on the real tree so the step ids are the contract's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from conftest import REAL_FLOW
from samples import auto_answers

from app.flows.engine import Flow, walk
from app.flows.loader import load_flow
from app.present.format import full_date, money_range
from app.present.numbers import numbers_for
from app.present.remarks import remarks
from app.rules import sources as src
from app.rules.from_answers import deadlines_from_answers

TODAY = date(2026, 3, 1)
VISITED = {"stage": "visited", "plan_type": "employer", "service_date": "2026-02-03"}
DENIED = {
    "stage": "denied",
    "plan_type": "employer",
    "service_date": "2026-01-12",
    "denial_reason": "medical_necessity",
    "appeal_round": "first",
    "urgent": "no",
}
COST = {
    "stage": "planning",
    "plan_type": "employer",
    "main_code": "97124",
    "session_minutes": "60",
    "oon_benefits": "yes",
    "want_estimate": "yes",
    "fee": "120.00",
    "visits_planned": "10",
    "deductible_remaining": "200.00",
    "coinsurance_percent": "30",
}


@pytest.fixture(scope="module")
def flow() -> Flow:
    return load_flow(REAL_FLOW)


def path(flow: Flow, base: dict[str, str], **prefs: str) -> dict[str, Any]:
    """Answers down the real tree: `prefs` where they fit, plain defaults (or skips) elsewhere."""
    return auto_answers(flow, {**base, **prefs})


def said(flow: Flow, answers: dict[str, Any], today: date = TODAY) -> dict[str, str]:
    found = remarks(flow, walk(flow, answers), today=today)
    return {k: " ".join(map(str, r.lines)) for k, r in found.items()}


def test_formats() -> None:
    assert full_date(date(2026, 8, 10)) == "Monday, August 10, 2026"
    assert money_range(Decimal("90"), Decimal("45.5")) == "$45.50 to $90.00"
    assert money_range(Decimal("1234.5"), Decimal("1234.50")) == "$1,234.50"


# --- Units -----------------------------------------------------------------------------------

UNITS = [
    ("97124", "60", [("97124", 60, 4, 4)], "That is 4 units of 97124 (massage) for 60 minutes."),
    ("97140", "23", [("97140", 23, 2, 2)], "That is 2 units of 97140 (manual therapy)"),
    ("97124", "7", [("97124", 7, 0, 0)], "Under 8 minutes is not billed."),
    (
        "97139",
        "50",
        [("97139", 50, 1, 1)],
        "97139 counts as 1 unit, whatever the time. The claim needs a short written description",
    ),
    (
        "not_sure",
        "45",
        [("97124", 45, 3, 3), ("97140", 45, 3, 3)],
        "That is 3 units of 97124 or 97140 for 45 minutes. Ask your clinic which code it uses.",
    ),
]


@pytest.mark.parametrize(("code", "minutes", "rows", "bubble"), UNITS)
def test_units(flow: Flow, code: str, minutes: str, rows: list[tuple], bubble: str) -> None:
    answers = path(flow, VISITED, main_code=code, session_minutes=minutes)
    numbers = numbers_for(flow, answers, today=TODAY)
    assert [(r.code, r.minutes, r.cms, r.per_code) for r in numbers.units] == rows
    assert bubble in said(flow, answers)["session_minutes"]
    assert "main_code" not in said(flow, answers), "no units until the minutes are known"
    # Both counting methods are shown, with what to ask about.
    assert any("Both ways of counting" in n for n in numbers.units_notes)
    whats = {c.what for c in numbers.citations}
    assert {"Billing units, counted by total time", "Billing units, counted code by code"} <= whats


def test_97139_needs_a_written_description(flow: Flow) -> None:
    answers = path(flow, VISITED, main_code="97139", session_minutes="50")
    numbers = numbers_for(flow, answers, today=TODAY)
    assert any("short written description" in n for n in numbers.units_notes)
    assert not numbers.units[0].timed
    assert any(src.CITE_UNLISTED in c.sources for c in numbers.citations)


# --- Deadlines -------------------------------------------------------------------------------

DEADLINES = [
    pytest.param(
        {**DENIED, "denial_date": "2026-02-12"},
        [("internal_appeal", "Tuesday, August 11, 2026", True)],
        "denial_date",
        "Your appeal deadline: Tuesday, August 11, 2026.",
        id="denial-date-180-days",
    ),
    pytest.param(
        {**DENIED, "denial_date": "2026-02-12", "notice_days": "30"},
        [
            ("internal_appeal", "Saturday, March 14, 2026", True),
            ("internal_appeal_federal", "Tuesday, August 11, 2026", False),
        ],
        "notice_days",
        "Your appeal deadline: Saturday, March 14, 2026. Your letter gives less time than the "
        "federal rule, so use this date. Send it by Friday, March 13, 2026, one business day "
        "before. The federal rule gives a later date, Tuesday, August 11, 2026. "
        "To be safe, do not wait for it.",
        id="shorter-notice-both-shown-earlier-advised",
    ),
    pytest.param(
        {**DENIED, "denial_date": "2026-02-10"},
        [("internal_appeal", "Sunday, August 9, 2026", True)],
        "denial_date",
        "Your appeal deadline: Sunday, August 9, 2026. Send it by Friday, August 7, 2026, one "
        "business day before.",
        id="weekend-note",
    ),
    pytest.param(
        {**VISITED, "filing_limit_days": ""},
        [("timely_filing", "Monday, May 4, 2026", True)],
        "service_date",
        "Your deadline to send the claim: Monday, May 4, 2026.",
        id="filing-90-days",
    ),
    pytest.param(
        {**VISITED, "filing_limit_days": "365"},
        [("timely_filing", "Wednesday, February 3, 2027", True)],
        "filing_limit_days",
        "Your deadline to send the claim: Wednesday, February 3, 2027.",
        id="plan-filing-limit",
    ),
    pytest.param(
        {
            **DENIED,
            "plan_type": "individual",
            "denial_date": "2022-06-01",
            "appeal_round": "final",
            "final_denial_date": "2022-10-30",
        },
        # The first appeal is a step already taken: its date is not shown again.
        [("external_review", "Wednesday, March 1, 2023", True)],
        "final_denial_date",
        "Your deadline to ask for an outside review: Wednesday, March 1, 2023.",
        id="external-review-four-months",
    ),
]


@pytest.mark.parametrize(("prefs", "rows", "step", "bubble"), DEADLINES)
def test_deadlines(flow: Flow, prefs: dict, rows: list[tuple], step: str, bubble: str) -> None:
    answers = path(flow, prefs)
    numbers = numbers_for(flow, answers, today=TODAY)
    assert [(d.id, d.date, d.advised) for d in numbers.deadlines] == rows
    assert all(d.label and d.note and d.citation for d in numbers.deadlines)
    assert bubble in said(flow, answers)[step]


def test_skipped_answer_that_changes_nothing_gets_no_bubble(flow: Flow) -> None:
    answers = path(flow, VISITED, filing_limit_days="")
    assert "filing_limit_days" not in said(flow, answers)
    assert "service_date" in said(flow, answers)


def test_passed_deadline_says_so(flow: Flow) -> None:
    answers = path(flow, DENIED, denial_date="2026-02-12")
    bubble = said(flow, answers, today=date(2026, 12, 1))["denial_date"]
    assert "This date has passed. Act now" in bubble


def test_checklist_deadline_ids_are_the_advised_ones(flow: Flow) -> None:
    answers = path(flow, DENIED, denial_date="2026-02-12", notice_days="30")
    due = numbers_for(flow, answers, today=TODAY).due_by
    assert set(due) == {"internal_appeal"}
    assert due["internal_appeal"].date == "Saturday, March 14, 2026"


def test_every_rule_is_cited(flow: Flow) -> None:
    answers = path(flow, DENIED, denial_date="2026-02-12", notice_days="30")
    numbers = numbers_for(flow, answers, today=TODAY)
    cited = {str(s) for c in numbers.citations for s in c.sources}
    report = deadlines_from_answers(walk(flow, answers).active)
    for d in report.deadlines:
        for part in str(d.citation).split("; "):
            assert part in cited, part
    assert "The date printed on your letter" in cited


# --- Cost estimate ---------------------------------------------------------------------------


def test_unknown_allowed_amount_gives_a_range(flow: Flow) -> None:
    answers = path(flow, COST, allowed_amount="")
    est = numbers_for(flow, answers, today=TODAY).estimate
    assert est is not None and est.is_range and est.visits == 10
    lines = {line.label: line for line in est.lines}
    assert lines["What your plan allows"].first_visit == "$60.00 to $120.00"
    assert lines["Your plan pays you back"].total == "$280.00 to $700.00"
    assert est.summary.startswith("Our rough guess for 10 visits")
    assert any("between 50% and 100%" in n for n in est.explanation)
    bubbles = said(flow, answers)
    assert "$280.00 to $700.00" in bubbles["coinsurance_percent"]
    assert "allowed_amount" not in bubbles, "a skip that changes nothing says nothing"


def test_zero_payment_still_counts_toward_the_deductible(flow: Flow) -> None:
    answers = path(flow, COST, allowed_amount="90.00")
    est = numbers_for(flow, answers, today=TODAY).estimate
    assert est is not None and not est.is_range
    assert any(
        "plan pays $0, the visit still counts toward your deductible" in n for n in est.explanation
    )
    lines = {line.label: line for line in est.lines}
    assert lines["Your plan pays you back"].first_visit == "$0.00"
    assert "still counts toward your deductible" in said(flow, answers)["allowed_amount"]


def test_worked_example_to_the_cent(flow: Flow) -> None:
    answers = path(
        flow,
        COST,
        visits_planned="1",
        deductible_remaining="50.00",
        coinsurance_percent="50",
        allowed_amount="90.00",
    )
    est = numbers_for(flow, answers, today=TODAY).estimate
    assert est is not None and est.visits == 1
    lines = {line.label: line.first_visit for line in est.lines}
    assert lines["Your plan pays you back"] == "$20.00"
    assert lines["You pay in the end"] == "$100.00"
    assert lines["Price above the allowed amount (you pay it)"] == "$30.00"
    assert "Your copay" not in lines, "rows that are always $0 are left out"


def test_visits_past_the_limit_are_likely_denied(flow: Flow) -> None:
    answers = path(flow, COST, allowed_amount="90.00", visit_limit_remaining="8")
    est = numbers_for(flow, answers, today=TODAY).estimate
    assert est is not None and est.denied_from == 9
    assert any(line.label.startswith("Visits past your limit") for line in est.lines)
    assert (
        "Visit 9 and later are past your visit limit"
        in said(flow, answers)["visit_limit_remaining"]
    )


def test_missing_numbers_are_named(flow: Flow) -> None:
    answers = path(flow, COST, deductible_remaining="")
    numbers = numbers_for(flow, answers, today=TODAY)
    assert numbers.estimate is None
    assert numbers.estimate_missing == ("how much of your deductible is left",)


# --- Bubbles in the conversation -------------------------------------------------------------


def test_bubble_keys_stay_stable_as_the_patient_moves_on(flow: Flow) -> None:
    full = path(flow, DENIED, denial_date="2026-02-12")
    upto_urgent = remarks(flow, walk(flow, full), upto="urgent", today=TODAY)
    later = remarks(flow, walk(flow, full), today=TODAY)
    assert upto_urgent["denial_date"].key == later["denial_date"].key
    assert upto_urgent["denial_date"].key.startswith("result|denial_date|")
    assert "denial_date" not in remarks(flow, walk(flow, full), upto="denial_date", today=TODAY)
    changed = remarks(flow, walk(flow, {**full, "denial_date": "2026-02-13"}), today=TODAY)
    assert changed["denial_date"].key != later["denial_date"].key


def test_no_numbers_no_bubbles(flow: Flow) -> None:
    answers = path(flow, {"stage": "planning", "plan_type": "medicaid"})
    assert remarks(flow, walk(flow, answers), today=TODAY) == {}
    assert not numbers_for(flow, answers, today=TODAY).shown
