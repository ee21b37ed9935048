"""What a visit or a series of visits costs, and what the plan pays back. Exact to the cent.

The order of steps is domain.md §6.2: allowed (never above the price), deductible, copay
(we apply it after the deductible), coinsurance on the rest, all capped by the
out-of-pocket maximum still left. Deductible, visit count and out-of-pocket totals carry
from one visit to the next. When an allowed amount is unknown we run the series twice, at
the low and high ends of a stated assumption, and never invent a single figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Literal

from app.rules import sources as src

Network = Literal["in", "out"]
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
AMOUNT_KEYS = (
    "deductible_applied",
    "coinsurance",
    "copay",
    "plan_pays",
    "balance_bill",
    "patient_pays",
    "write_off",
    "not_covered",
)


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _cents_down(value: Decimal) -> Decimal:
    """A limit (deductible, copay, out-of-pocket room) is never rounded up past itself."""
    return value.quantize(CENT, rounding=ROUND_FLOOR)


@dataclass(frozen=True)
class Visit:
    billed: Decimal
    allowed: Decimal | None = None  # None: unknown


@dataclass(frozen=True)
class PlanTerms:
    network: Network
    deductible_remaining: Decimal
    coinsurance: Decimal  # a fraction: 0.3 is 30%
    copay: Decimal = ZERO
    oop_max_remaining: Decimal | None = None  # None: no cap known
    visit_limit_remaining: int | None = None  # None: no limit known


@dataclass(frozen=True)
class VisitCost:
    """One visit. plan_pays + patient_pays + write_off == billed, always.

    write_off: the in-network discount (billed above allowed), which nobody pays.
    not_covered: the whole price of a visit the plan will likely deny (past the visit limit).
    """

    billed: Decimal
    allowed: Decimal
    deductible_applied: Decimal
    coinsurance: Decimal
    copay: Decimal
    plan_pays: Decimal
    balance_bill: Decimal
    patient_pays: Decimal
    write_off: Decimal
    not_covered: Decimal
    likely_denied: bool


@dataclass(frozen=True)
class Scenario:
    visits: tuple[VisitCost, ...]
    totals: dict[str, Decimal]  # AMOUNT_KEYS plus "billed"


@dataclass(frozen=True)
class EstimateResult:
    """`low` is the case where the plan allows least (smallest check); equal when exact."""

    low: Scenario
    high: Scenario
    notes: tuple[str, ...]
    citation: str

    @property
    def is_range(self) -> bool:
        return self.low != self.high


def _money(d: Decimal) -> str:
    return f"${d:,.2f}"


def _check(terms: PlanTerms, visits: Sequence[Visit]) -> None:
    if not visits:
        raise ValueError("visits: give at least one visit.")
    if not ZERO <= terms.coinsurance <= 1:
        raise ValueError("coinsurance must be a fraction from 0 to 1 (0.3 means 30%).")
    for name in ("deductible_remaining", "copay", "oop_max_remaining"):
        value = getattr(terms, name)
        if value is not None and value < 0:
            raise ValueError(f"{name} cannot be negative.")
    if terms.visit_limit_remaining is not None and terms.visit_limit_remaining < 0:
        raise ValueError("visit_limit_remaining cannot be negative.")
    for n, v in enumerate(visits, 1):
        if v.billed < 0 or (v.allowed is not None and v.allowed < 0):
            raise ValueError(f"visit {n}: amounts cannot be negative.")


def _run(terms: PlanTerms, visits: Sequence[Visit], share_of_price: Decimal) -> Scenario:
    deductible = _cents_down(terms.deductible_remaining)
    copay = _cents_down(terms.copay)
    room = _cents_down(terms.oop_max_remaining) if terms.oop_max_remaining is not None else None
    left = terms.visit_limit_remaining
    out: list[VisitCost] = []
    for v in visits:
        billed = cents(v.billed)
        guess = v.allowed if v.allowed is not None else billed * share_of_price
        allowed = min(cents(guess), billed)
        if left is not None and left <= 0:
            out.append(
                VisitCost(billed, allowed, ZERO, ZERO, ZERO, ZERO, ZERO, billed, ZERO, billed, True)
            )
            continue
        if left is not None:
            left -= 1
        cap = room if room is not None else allowed
        ded = min(deductible, allowed, cap)
        after = allowed - ded
        cop = min(copay, after, cap - ded)
        coins = min(cents(terms.coinsurance * (after - cop)), cap - ded - cop)
        share = ded + cop + coins
        deductible -= ded
        if room is not None:
            room -= share
        balance = billed - allowed if terms.network == "out" else ZERO
        write_off = ZERO if terms.network == "out" else billed - allowed
        out.append(
            VisitCost(
                billed,
                allowed,
                ded,
                coins,
                cop,
                allowed - share,
                balance,
                share + balance,
                write_off,
                ZERO,
                False,
            )
        )
    totals = {key: sum((getattr(c, key) for c in out), ZERO) for key in ("billed", *AMOUNT_KEYS)}
    return Scenario(tuple(out), totals)


def estimate(terms: PlanTerms, visits: Sequence[Visit]) -> EstimateResult:
    """Cost per visit and in total, with a plain explanation of how the numbers came out."""
    _check(terms, visits)
    unknown = any(v.allowed is None for v in visits)
    low = _run(terms, visits, src.UNKNOWN_ALLOWED_LOW if unknown else Decimal(1))
    high = _run(terms, visits, src.UNKNOWN_ALLOWED_HIGH) if unknown else low
    notes = _explain(terms, low, high, unknown)
    if any(v.allowed is not None and v.allowed > v.billed for v in visits):
        notes.insert(
            0,
            "The allowed amount is more than the price. The plan never pays more "
            "than the price, so we used the price.",
        )
    return EstimateResult(low, high, tuple(notes), src.CITE_ESTIMATE)


def _explain(terms: PlanTerms, low: Scenario, high: Scenario, unknown: bool) -> list[str]:
    notes: list[str] = []
    first = low.visits[0]
    if unknown:
        notes.append(
            "We do not know what your plan allows for a visit, so we show a range. We "
            f"assumed it allows between {src.UNKNOWN_ALLOWED_LOW:.0%} and "
            f"{src.UNKNOWN_ALLOWED_HIGH:.0%} of the clinic's price. Ask your insurer for "
            "the allowed amount for your codes."
        )
        notes.append(
            f"In total the plan may pay you back between {_money(low.totals['plan_pays'])} "
            f"and {_money(high.totals['plan_pays'])}."
        )
    elif not first.likely_denied:
        rate = f"{(terms.coinsurance * 100).normalize():f}%"
        rest = first.allowed - first.deductible_applied - first.copay
        share = (
            f" You pay {rate} of the other {_money(rest)}: {_money(first.coinsurance)}."
            if rest > 0
            else " Nothing is left after that, so you pay no share (coinsurance)."
        )
        notes.append(
            f"Visit 1: the plan allows {_money(first.allowed)}. "
            f"{_money(first.deductible_applied)} goes to your deductible"
            + (f", then {_money(first.copay)} is your copay" if first.copay else "")
            + "."
            + share
            + f" The plan pays you {_money(first.plan_pays)}."
            + (
                f" The price is {_money(first.balance_bill)} more than the allowed amount, "
                "and you pay that too."
                if first.balance_bill
                else ""
            )
            + f" In all, you pay {_money(first.patient_pays)}."
        )
    if len(low.visits) > 1 and not unknown:
        notes.append(
            f"For all {len(low.visits)} visits: the plan pays {_money(low.totals['plan_pays'])}"
            f" and you pay {_money(low.totals['patient_pays'])}. Your deductible and "
            "out-of-pocket totals carry from one visit to the next."
        )
    if terms.copay:
        notes.append(
            "We took the copay after the deductible, then the coinsurance on the rest. "
            "Plans differ on this, so check your plan papers."
        )
    if terms.network == "out":
        notes.append(
            "Out of network, the clinic's price above the allowed amount is yours to pay "
            "(a balance bill). It does not count toward your deductible or "
            "out-of-pocket maximum."
        )
    else:
        notes.append("In network, you never pay more than the allowed amount for covered care.")
    notes.append(
        "Even when the plan pays $0, the visit still counts toward your deductible. "
        "File the claim anyway."
    )
    denied = [n for n, v in enumerate(low.visits, 1) if v.likely_denied]
    if denied:
        notes.append(
            f"Visit {denied[0]} and later are past your visit limit. They will likely be "
            f"denied (code {src.CARC_VISIT_LIMIT}), so we count $0 from the plan."
        )
    if terms.oop_max_remaining is not None:
        notes.append(
            f"We stopped your share at the {_money(terms.oop_max_remaining)} left of the "
            "out-of-pocket maximum you gave. If your plan has one for care out of network, "
            "that is the one to use. Many plans do not count this care toward the other one."
        )
    notes.append(f"Source: {src.CITE_ESTIMATE}. This is an estimate, not a promise to pay.")
    return notes


def amounts(cost: VisitCost) -> dict[str, Decimal]:
    """The money fields of one visit, by name."""
    return {f.name: getattr(cost, f.name) for f in fields(cost) if f.name in AMOUNT_KEYS}
