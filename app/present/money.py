"""The cost estimate in words: the table rows, and one lead sentence for the patient's stage.

What to expect back, "if the appeal wins", or, when underpaid, what the plan should have
paid and the gap. The numbers come from app.rules.estimate; nothing is worked out here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from app.flows.conditions import AnswerValue
from app.present.format import money, money_range
from app.rules.estimate import EstimateResult, Scenario

Answers = Mapping[str, AnswerValue]

# The rows of the estimate table: (label, VisitCost/totals key, always shown).
MONEY_ROWS = (
    ("The clinic's price", "billed", True),
    ("What your plan allows", "allowed", True),
    ("Goes to your deductible", "deductible_applied", True),
    ("Your copay", "copay", False),
    ("Your share after the deductible (coinsurance)", "coinsurance", True),
    ("Price above the allowed amount (you pay it)", "balance_bill", False),
    ("Visits past your limit (likely denied, so you pay)", "not_covered", False),
    ("Your plan pays you back", "plan_pays", True),
    ("You pay in the end", "patient_pays", True),
)


@dataclass(frozen=True)
class MoneyLine:
    label: str
    first_visit: str
    total: str


@dataclass(frozen=True)
class EstimateView:
    """The estimate in words. `summary` is the one sentence to lead with, worded for the
    patient's stage: what to expect back, "if the appeal wins", or, when underpaid, what the
    plan should have paid and the gap (`gap`, a display string, or None)."""

    visits: int
    is_range: bool
    lines: tuple[MoneyLine, ...]
    summary: str
    explanation: tuple[str, ...]
    denied_from: int | None  # the first visit past the visit limit
    gap: str | None = None


def _sum(scenario: Scenario, key: str) -> Decimal:
    return sum((getattr(v, key) for v in scenario.visits), Decimal(0))


def _scenario_rows(low: Scenario, high: Scenario) -> tuple[MoneyLine, ...]:
    lines = []
    for label, key, always in MONEY_ROWS:
        first = (getattr(low.visits[0], key), getattr(high.visits[0], key))
        total = (_sum(low, key), _sum(high, key))
        if not always and not any(total):
            continue
        lines.append(MoneyLine(label, money_range(*first), money_range(*total)))
    return tuple(lines)


def _summary(result: EstimateResult, stage: str, paid: Decimal | None) -> tuple[str, str | None]:
    """The lead sentence for the stage, and the underpaid gap when there is one."""
    low, high = result.low, result.high
    count = len(low.visits)
    back = money_range(low.totals["plan_pays"], high.totals["plan_pays"])
    pay = money_range(low.totals["patient_pays"], high.totals["patient_pays"])
    guess = "Our rough guess" if result.is_range else "Our estimate"
    if stage == "planning" or count > 1:
        visits = f"{count} visit{'s' if count != 1 else ''}"
        return f"{guess} for {visits}: your plan pays you back {back}. You pay {pay} in all.", None
    if stage == "underpaid" and paid is not None:
        should = (low.totals["plan_pays"], high.totals["plan_pays"])
        gap = (should[0] - paid, should[1] - paid)
        if max(gap) <= 0:
            return (
                f"By your plan's numbers, it should have paid {back} for this visit. It paid "
                f"{money(paid)}, so the payment looks right by these numbers.",
                None,
            )
        owed = money_range(max(gap[0], Decimal(0)), gap[1])
        return (
            f"By your plan's numbers, it should have paid {back} for this visit. It paid "
            f"{money(paid)}, so it may owe you {owed}.",
            owed,
        )
    if stage == "denied":
        return f"If the appeal wins, you should get back about {back} for this visit.", None
    return f"You should get back about {back} a visit. You pay {pay} a visit in the end.", None


def estimate_view(
    result: EstimateResult, stage: str = "planning", paid: Decimal | None = None
) -> EstimateView:
    low = result.low
    summary, gap = _summary(result, stage, paid)
    denied = [n for n, v in enumerate(low.visits, 1) if v.likely_denied]
    return EstimateView(
        len(low.visits),
        result.is_range,
        _scenario_rows(result.low, result.high),
        summary,
        tuple(result.notes),
        denied[0] if denied else None,
        gap,
    )


def money_context(answers: Answers) -> tuple[str, Decimal | None]:
    """The stage and the amount the plan paid (underpaid), for wording the estimate."""
    stage = answers.get("stage")
    paid = answers.get("amount_paid")
    try:
        amount = Decimal(paid) if isinstance(paid, str) and paid else None
    except ArithmeticError:
        amount = None
    return (stage if isinstance(stage, str) else "planning"), amount


def estimate_extras(view: EstimateView, result: EstimateResult) -> tuple[str, ...]:
    """Short warnings for the conversation: visits past the limit, and $0 payments."""
    out = []
    if view.denied_from is not None:
        out.append(
            f"Visit {view.denied_from} and later are past your visit limit. They will "
            "likely be denied."
        )
    paid_nothing = any(
        v.plan_pays == 0 and not v.likely_denied
        for s in (result.low, result.high)
        for v in s.visits
    )
    if paid_nothing:
        out.append(
            "When the plan pays $0, the visit still counts toward your deductible. "
            "File the claim anyway."
        )
    return tuple(out)
