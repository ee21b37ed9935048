"""Cost estimate: domain.md §6.3 worked example, carry-over, caps, limits and ranges."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.rules import sources
from app.rules.estimate import PlanTerms, Visit, amounts, estimate


def M(x: str | int) -> Decimal:
    return Decimal(str(x))


def one(
    network="out",
    deductible="0",
    coins="0",
    copay="0",
    oop=None,
    limit=None,
    billed="120",
    allowed="90",
    count=1,
):
    terms = PlanTerms(
        network, M(deductible), M(coins), M(copay), None if oop is None else M(oop), limit
    )
    return estimate(terms, [Visit(M(billed), None if allowed is None else M(allowed))] * count)


def test_worked_example_6_3():
    r = one(deductible="50", coins="0.5")
    v = r.low.visits[0]
    assert not r.is_range
    assert v.deductible_applied == M("50.00")
    assert v.coinsurance == M("20.00")
    assert v.plan_pays == M("20.00")
    assert v.balance_bill == M("30.00")
    assert v.patient_pays == M("100.00")
    assert "$50.00 goes to your deductible" in str(r.notes[0])
    assert "The plan pays you $20.00" in str(r.notes[0])
    assert any("plan pays $0" in n and "deductible" in n for n in map(str, r.notes))
    assert r.citation == sources.CITE_ESTIMATE


# Table-driven single visits: (kwargs, deductible, coinsurance, copay, plan, balance, patient)
@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        (
            {"deductible": "0", "coins": "0.2", "billed": "100", "allowed": "100"},
            ("0", "20", "0", "80", "0", "20"),
        ),
        ({"deductible": "500", "coins": "0.3"}, ("90", "0", "0", "0", "30", "120")),
        # copay after the deductible, coinsurance on the rest (one documented order)
        ({"deductible": "20", "coins": "0.1", "copay": "20"}, ("20", "5", "20", "45", "30", "75")),
        # allowed above the price: the price is used
        ({"coins": "0.5", "billed": "80", "allowed": "100"}, ("0", "40", "0", "40", "0", "40")),
        # out-of-pocket cap stops the member share
        ({"deductible": "50", "coins": "0.5", "oop": "60"}, ("50", "10", "0", "30", "30", "90")),
        ({"deductible": "50", "coins": "0.5", "oop": "0"}, ("0", "0", "0", "90", "30", "30")),
        # cents round half up on the patient's share
        (
            {"coins": "0.333", "billed": "10", "allowed": "10"},
            ("0", "3.33", "0", "6.67", "0", "3.33"),
        ),
    ],
)
def test_single_visit_table(kw, expected):
    v = one(**kw).low.visits[0]
    got = (
        v.deductible_applied,
        v.coinsurance,
        v.copay,
        v.plan_pays,
        v.balance_bill,
        v.patient_pays,
    )
    assert got == tuple(M(x) for x in expected)


def test_in_network_never_balance_bills():
    r = one(network="in", deductible="50", coins="0.5")
    v = r.low.visits[0]
    assert v.balance_bill == 0
    assert v.write_off == M("30.00")
    assert v.patient_pays == M("70.00")
    assert v.plan_pays + v.patient_pays + v.write_off == v.billed
    assert any("In network" in n for n in map(str, r.notes))


def test_series_carries_deductible_and_out_of_pocket():
    r = one(deductible="100", coins="0.5", oop="120", count=4)
    visits = r.low.visits
    assert [v.deductible_applied for v in visits] == [M(90), M(10), M(0), M(0)]
    assert [v.coinsurance for v in visits] == [M(0), M(20), M(0), M(0)]  # cap reached
    assert [v.plan_pays for v in visits] == [M(0), M(60), M(90), M(90)]
    assert r.low.totals["deductible_applied"] == M(100)
    member = sum(v.deductible_applied + v.copay + v.coinsurance for v in visits)
    assert member == M(120)  # capped at the out-of-pocket maximum
    assert any("For all 4 visits" in n for n in map(str, r.notes))


def test_visits_past_the_limit_are_likely_denied():
    r = one(deductible="0", coins="0.2", limit=2, count=4)
    flags = [v.likely_denied for v in r.low.visits]
    assert flags == [False, False, True, True]
    denied = r.low.visits[2]
    assert (denied.plan_pays, denied.patient_pays, denied.not_covered) == (0, M(120), M(120))
    assert denied.deductible_applied == 0  # not-covered care never counts toward it
    assert any("Visit 3 and later" in n and "119" in n for n in map(str, r.notes))


def test_zero_visit_limit_denies_the_first_visit():
    r = one(coins="0.2", limit=0)
    assert r.low.visits[0].likely_denied


def test_unknown_allowed_gives_a_range_from_stated_assumptions():
    r = one(deductible="0", coins="0.2", allowed=None)
    assert r.is_range
    low, high = r.low.visits[0], r.high.visits[0]
    assert low.allowed == M("60.00") and high.allowed == M("120.00")
    assert (low.plan_pays, high.plan_pays) == (M("48.00"), M("96.00"))
    assert "between 50% and 100%" in str(r.notes[0])
    assert any("between $48.00 and $96.00" in n for n in map(str, r.notes))


def test_totals_add_up():
    r = one(deductible="30", coins="0.2", copay="10", count=3)
    for key, value in r.low.totals.items():
        if key != "billed":
            assert value == sum(amounts(v)[key] for v in r.low.visits)
    assert r.low.totals["billed"] == M(360)


@pytest.mark.parametrize(
    "kw",
    [
        {"coins": "3"},
        {"coins": "-0.1"},
        {"deductible": "-1"},
        {"billed": "-5"},
        {"copay": "-1"},
        {"oop": "-1"},
        {"limit": -1},
    ],
)
def test_bad_terms_refused(kw):
    with pytest.raises(ValueError):
        one(**kw)


def test_no_visits_refused():
    with pytest.raises(ValueError, match="at least one"):
        estimate(PlanTerms("out", M(0), M(0)), [])


def test_no_share_of_nothing_is_spelled_out():
    """The deductible takes the whole allowed amount: no "40% of the other $0.00: $0.00"."""
    result = estimate(
        PlanTerms(network="out", deductible_remaining=Decimal("500"), coinsurance=Decimal("0.4")),
        [Visit(billed=Decimal("120"), allowed=Decimal("90"))],
    )
    text = " ".join(map(str, result.notes))
    assert "of the other $0.00" not in text
    assert "Nothing is left after that, so you pay no share (coinsurance)." in text


def test_out_of_pocket_note_names_the_amount_and_which_maximum():
    result = estimate(
        PlanTerms(
            network="out",
            deductible_remaining=Decimal("0"),
            coinsurance=Decimal("0.5"),
            oop_max_remaining=Decimal("30"),
        ),
        [Visit(billed=Decimal("120"), allowed=Decimal("100"))] * 2,
    )
    assert result.low.visits[0].coinsurance == Decimal("30.00")
    assert result.low.visits[1].coinsurance == Decimal("0.00")
    assert any("$30.00 left" in n and "out of network" in n for n in map(str, result.notes))
