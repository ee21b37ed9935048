"""Invariants checked over many generated inputs (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.rules.deadlines import DeadlineInputs, compute_deadlines
from app.rules.estimate import AMOUNT_KEYS, PlanTerms, Visit, estimate
from app.rules.holidays_us import add_months_or_next_first, is_business_day
from app.rules.units import TIMED_CODES, units_cms, units_for_minutes, units_per_code

RULES = settings(max_examples=300, deadline=None)

minutes = st.integers(min_value=0, max_value=300)
timed_lines = st.dictionaries(
    st.sampled_from(sorted(TIMED_CODES)), minutes, min_size=1, max_size=len(TIMED_CODES)
).map(lambda d: list(d.items()))
money = st.decimals(min_value=0, max_value=5000, places=2)
any_money = st.decimals(min_value=0, max_value=5000, places=4)  # the pure function, sub-cent
fraction = st.decimals(min_value=0, max_value=1, places=3)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


# --- Units ----------------------------------------------------------------------------------


@RULES
@given(minutes, minutes)
def test_units_never_decrease_as_minutes_grow(a, b):
    low, high = sorted((a, b))
    assert units_for_minutes(low) <= units_for_minutes(high)


@RULES
@given(timed_lines, st.data())
def test_more_minutes_on_any_line_never_lowers_total_units(lines, data):
    i = data.draw(st.integers(0, len(lines) - 1))
    extra = data.draw(st.integers(1, 60))
    grown = [(c, m + extra if n == i else m) for n, (c, m) in enumerate(lines)]
    assert units_cms(grown).total_units >= units_cms(lines).total_units
    assert units_per_code(grown).total_units >= units_per_code(lines).total_units


@RULES
@given(timed_lines)
def test_cms_allocation_adds_up_and_stays_near_each_codes_own_time(lines):
    result = units_cms(lines)
    total = sum(m for _, m in lines)
    assert result.total_units == units_for_minutes(total)
    assert sum(x.units for x in result.lines) == result.total_units
    for line in result.lines:
        assert line.minutes // 15 <= line.units <= line.minutes // 15 + 1
        assert line.units >= 0


# --- Estimate -------------------------------------------------------------------------------

visit = st.builds(Visit, billed=money, allowed=st.one_of(st.none(), money))
terms = st.builds(
    PlanTerms,
    network=st.sampled_from(["in", "out"]),
    deductible_remaining=any_money,
    coinsurance=fraction,
    copay=st.decimals(min_value=0, max_value=100, places=2),
    oop_max_remaining=st.one_of(st.none(), any_money),
    visit_limit_remaining=st.one_of(st.none(), st.integers(0, 30)),
)


@RULES
@given(terms, st.lists(visit, min_size=1, max_size=12))
def test_estimate_invariants(plan, visits):
    result = estimate(plan, visits)
    for scenario in (result.low, result.high):
        for cost in scenario.visits:
            if plan.network == "out":
                assert cost.plan_pays + cost.patient_pays == cost.billed
                assert cost.write_off == 0
            else:
                assert cost.plan_pays + cost.patient_pays + cost.write_off == cost.billed
                assert cost.balance_bill == 0
            for key in AMOUNT_KEYS:
                assert getattr(cost, key) >= 0, key
            assert cost.patient_pays == (
                cost.deductible_applied
                + cost.copay
                + cost.coinsurance
                + cost.balance_bill
                + cost.not_covered
            )
        totals = scenario.totals
        assert totals["deductible_applied"] <= plan.deductible_remaining
        assert (
            totals["plan_pays"] + totals["patient_pays"] + totals["write_off"] == totals["billed"]
        )
        if plan.oop_max_remaining is not None:
            share = totals["deductible_applied"] + totals["copay"] + totals["coinsurance"]
            assert share <= plan.oop_max_remaining
        if plan.visit_limit_remaining is not None:
            covered = sum(not c.likely_denied for c in scenario.visits)
            assert covered <= plan.visit_limit_remaining
    assert result.low.totals["plan_pays"] <= result.high.totals["plan_pays"]


@RULES
@given(terms, money)
def test_zero_payment_visit_still_uses_deductible(plan, billed):
    plan = PlanTerms("out", billed + Decimal(1), plan.coinsurance)
    cost = estimate(plan, [Visit(billed, billed)]).low.visits[0]
    assert cost.plan_pays == 0
    assert cost.deductible_applied == billed


# --- Deadlines ------------------------------------------------------------------------------


@RULES
@given(days)
def test_external_review_is_a_working_day_on_or_after_four_months(final):
    report = compute_deadlines(DeadlineInputs(plan_type="employer", final_denial_date=final))
    [d] = report.deadlines
    raw = add_months_or_next_first(final, 4)
    assert d.date >= raw
    assert is_business_day(d.date)
    assert (d.date - raw).days <= 5  # a long holiday weekend at most


@RULES
@given(days, st.one_of(st.none(), st.integers(1, 400)))
def test_internal_appeal_is_180_days_or_the_earlier_letter(denial, notice_days):
    report = compute_deadlines(
        DeadlineInputs(plan_type="individual", denial_date=denial, notice_days=notice_days)
    )
    advised = [d for d in report.deadlines if d.advised]
    [d] = advised
    federal = denial + timedelta(days=180)
    expected = min(federal, denial + timedelta(days=notice_days)) if notice_days else federal
    assert d.date == expected
    assert all(d.date <= other.date for other in report.deadlines)
