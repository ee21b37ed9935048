"""Adapters from the wizard's answers (docs/flow-format.md contract) to the calculators."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.rules.from_answers import (
    deadlines_from_answers,
    estimate_from_answers,
    missing_for_estimate,
    units_from_answers,
)

# --- Units -----------------------------------------------------------------------------------


def test_units_for_one_code():
    [both] = units_from_answers({"session_minutes": "60", "main_code": "97124"})
    assert both.cms.total_units == both.per_code.total_units == 4
    assert both.same


def test_units_not_sure_shows_both_massage_codes():
    result = units_from_answers({"session_minutes": "45", "main_code": "not_sure"})
    assert [r.cms.lines[0].code for r in result] == ["97124", "97140"]
    assert all(r.cms.total_units == 3 for r in result)
    assert all(any("not sure of the code" in n for n in map(str, r.notes)) for r in result)


def test_units_97139_is_one_unit():
    [both] = units_from_answers({"session_minutes": "50", "main_code": "97139"})
    assert both.cms.total_units == 1
    assert both.cms.total_minutes == 0


def test_fractional_minutes_round_down():
    [both] = units_from_answers({"session_minutes": "22.9", "main_code": "97140"})
    assert both.cms.lines[0].minutes == 22
    assert both.cms.total_units == 1


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"session_minutes": "60"},
        {"main_code": "97124"},
        {"session_minutes": "", "main_code": "97124"},
        {"session_minutes": "abc", "main_code": "97124"},
        {"session_minutes": "60", "main_code": "12345"},
        {"session_minutes": "-5", "main_code": "97124"},
    ],
)
def test_units_missing_inputs_give_nothing(answers):
    assert units_from_answers(answers) == []


# --- Deadlines -------------------------------------------------------------------------------


def test_deadlines_first_denial():
    report = deadlines_from_answers(
        {
            "stage": "denied",
            "plan_type": "employer",
            "appeal_round": "first",
            "denial_date": "2026-01-05",
            "notice_days": "60",
            "service_date": "2025-12-01",
            "urgent": "no",
        }
    )
    got = {d.id: d.date for d in report.deadlines}
    assert got["internal_appeal"] == date(2026, 3, 6)
    assert got["internal_appeal_federal"] == date(2026, 7, 4)
    assert "timely_filing" not in got  # the claim was already sent


def test_deadlines_final_denial_goes_to_external_review():
    report = deadlines_from_answers(
        {
            "stage": "denied",
            "plan_type": "individual",
            "appeal_round": "final",
            "final_denial_date": "2022-10-30",
        }
    )
    assert [(d.id, d.date) for d in report.deadlines] == [("external_review", date(2023, 3, 1))]


def test_deadlines_before_filing():
    report = deadlines_from_answers(
        {
            "stage": "visited",
            "plan_type": "not_sure",
            "service_date": "2026-02-03",
            "filing_limit_days": "",
        }
    )
    [d] = report.deadlines
    assert (d.id, d.date) == ("timely_filing", date(2026, 5, 4))


def test_deadlines_plan_limit_and_claim_sent():
    report = deadlines_from_answers(
        {
            "plan_type": "employer",
            "service_date": "2026-02-03",
            "filing_limit_days": "365",
            "claim_sent_date": "2026-02-10",
        }
    )
    got = {d.id: d.date for d in report.deadlines}
    assert got == {"timely_filing": date(2027, 2, 3), "initial_decision": date(2026, 3, 12)}


def test_deadlines_urgent_only_for_care_still_to_come_and_passed_notes():
    answers = {"plan_type": "employer", "urgent": "yes", "claim_sent_date": "2026-02-10"}
    report = deadlines_from_answers(
        {**answers, "stage": "preapproval_denied"}, today=date(2026, 3, 1)
    )
    [d] = report.deadlines
    assert d.date == date(2026, 2, 13)
    assert str(d.note).startswith("This date has passed")


@pytest.mark.parametrize("stage", ["visited", "filed", "denied", "underpaid"])
def test_a_refund_claim_is_never_urgent(stage):
    """A claim for visits already had is post-service: 30 days, never 72 hours."""
    answers = {"stage": stage, "plan_type": "employer", "urgent": "yes"}
    [d] = deadlines_from_answers({**answers, "claim_sent_date": "2026-02-10"}).deadlines
    assert d.date == date(2026, 3, 12)


def test_lost_first_appeal_hides_the_old_appeal_date():
    report = deadlines_from_answers(
        {
            "stage": "denied",
            "plan_type": "employer",
            "denial_date": "2025-06-01",
            "appeal_round": "final",
            "appeal_level": "final",
            "denial_reason": "medical_necessity",
            "final_denial_date": "2026-01-05",
        },
        today=date(2026, 2, 1),
    )
    assert [d.id for d in report.deadlines] == ["external_review"]


def test_deadlines_medicare():
    report = deadlines_from_answers(
        {
            "plan_type": "medicare",
            "service_date": "2012-03-22",
            "denial_date": "2026-01-05",
        }
    )
    got = {d.id: d.date for d in report.deadlines}
    assert got == {"timely_filing": date(2013, 3, 22), "medicare_redetermination": date(2026, 5, 5)}


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"plan_type": "employer"},
        {"service_date": "not a date"},
        {"plan_type": "employer", "denial_date": ""},
    ],
)
def test_deadlines_missing_inputs_give_nothing(answers):
    report = deadlines_from_answers(answers)
    assert report.deadlines == () and report.notes == ()


def test_unknown_plan_type_treated_as_not_sure():
    report = deadlines_from_answers({"plan_type": "weird", "denial_date": "2026-01-05"})
    assert any("church" in n for n in report.notes)


# --- Estimate --------------------------------------------------------------------------------

BASE = {
    "fee": "120.00",
    "allowed_amount": "90.00",
    "deductible_remaining": "50.00",
    "coinsurance_percent": "50",
    "copay": "",
    "visits_planned": "1",
    "visit_limit_remaining": "",
    "oon_benefits": "yes",
}


def test_estimate_worked_example():
    result = estimate_from_answers(BASE)
    assert result is not None and not result.is_range
    v = result.low.visits[0]
    assert (v.plan_pays, v.patient_pays) == (Decimal("20.00"), Decimal("100.00"))


def test_estimate_series_with_limit_and_unknown_allowed():
    result = estimate_from_answers(
        {**BASE, "allowed_amount": "", "visits_planned": "6", "visit_limit_remaining": "4"}
    )
    assert result is not None and result.is_range
    assert len(result.low.visits) == 6
    assert [v.likely_denied for v in result.low.visits] == [False] * 4 + [True] * 2


def test_estimate_in_network_option():
    result = estimate_from_answers({**BASE, "oon_benefits": "no"}, network="in")
    assert result is not None
    assert result.low.visits[0].balance_bill == 0


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        ({"fee": ""}, ["fee"]),
        ({"deductible_remaining": ""}, ["deductible_remaining"]),
        ({"coinsurance_percent": ""}, ["coinsurance_percent"]),
    ],
)
def test_estimate_needs_fee_deductible_and_coinsurance(change, missing):
    answers = {**BASE, **change}
    assert missing_for_estimate(answers) == missing
    assert estimate_from_answers(answers) is None


def test_estimate_none_without_oon_benefits_or_with_bad_percent():
    assert estimate_from_answers({**BASE, "oon_benefits": "no"}) is None
    assert estimate_from_answers({**BASE, "coinsurance_percent": "300"}) is None
