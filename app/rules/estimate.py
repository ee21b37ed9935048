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
from app.rules.say import Say
from app.rules.units import cited

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
    notes: tuple[Say, ...]  # str() of each is the English
    citation: str

    @property
    def is_range(self) -> bool:
        return self.low != self.high


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
            Say(
                "The allowed amount is more than the price. The plan never pays more "
                "than the price, so we used the price."
            ),
        )
    return EstimateResult(low, high, tuple(notes), src.CITE_ESTIMATE)


def _percent(fraction: Decimal) -> str:
    """0.3 -> '30%'."""
    return f"{(fraction * 100).normalize():f}%"


def _first_visit(terms: PlanTerms, first: VisitCost) -> Say:
    """How the first visit's money came out, step by step (domain.md §6.2)."""
    rest = first.allowed - first.deductible_applied - first.copay
    deductible = (
        Say(
            "%(deductible)s goes to your deductible, then %(copay)s is your copay.",
            deductible=first.deductible_applied,
            copay=first.copay,
        )
        if first.copay
        else Say("%(deductible)s goes to your deductible.", deductible=first.deductible_applied)
    )
    share = (
        Say(
            "You pay %(rate)s of the other %(rest)s: %(coinsurance)s.",
            rate=_percent(terms.coinsurance),
            rest=rest,
            coinsurance=first.coinsurance,
        )
        if rest > 0
        else Say("Nothing is left after that, so you pay no share (coinsurance).")
    )
    steps = {
        "allowed": first.allowed,
        "deductible": deductible,
        "share": share,
        "plan_pays": first.plan_pays,
        "patient_pays": first.patient_pays,
    }
    if first.balance_bill:
        return Say(
            "Visit 1: the plan allows %(allowed)s. %(deductible)s %(share)s The plan pays you "
            "%(plan_pays)s. The price is %(balance)s more than the allowed amount, and you pay "
            "that too. In all, you pay %(patient_pays)s.",
            balance=first.balance_bill,
            **steps,
        )
    return Say(
        "Visit 1: the plan allows %(allowed)s. %(deductible)s %(share)s The plan pays you "
        "%(plan_pays)s. In all, you pay %(patient_pays)s.",
        **steps,
    )


def _explain(terms: PlanTerms, low: Scenario, high: Scenario, unknown: bool) -> list[Say]:
    notes: list[Say] = []
    first = low.visits[0]
    if unknown:
        shares = {
            "low": _percent(src.UNKNOWN_ALLOWED_LOW),
            "high": _percent(src.UNKNOWN_ALLOWED_HIGH),
        }
        notes.append(
            Say(
                "We do not know what your plan allows for a visit, so we show a range. We "
                "assumed it allows between %(low)s and %(high)s of the clinic's price. Ask "
                "your insurer for the allowed amount for your codes.",
                **shares,
            )
        )
        notes.append(
            Say(
                "In total the plan may pay you back between %(low)s and %(high)s.",
                low=low.totals["plan_pays"],
                high=high.totals["plan_pays"],
            )
        )
    elif not first.likely_denied:
        notes.append(_first_visit(terms, first))
    if len(low.visits) > 1 and not unknown:
        notes.append(
            Say(
                "For all %(visits)s visits: the plan pays %(plan_pays)s and you pay "
                "%(patient_pays)s. Your deductible and out-of-pocket totals carry from one "
                "visit to the next.",
                visits=len(low.visits),
                plan_pays=low.totals["plan_pays"],
                patient_pays=low.totals["patient_pays"],
            )
        )
    if terms.copay:
        notes.append(
            Say(
                "We took the copay after the deductible, then the coinsurance on the rest. "
                "Plans differ on this, so check your plan papers."
            )
        )
    if terms.network == "out":
        notes.append(
            Say(
                "Out of network, the clinic's price above the allowed amount is yours to pay "
                "(a balance bill). It does not count toward your deductible or "
                "out-of-pocket maximum."
            )
        )
    else:
        notes.append(
            Say("In network, you never pay more than the allowed amount for covered care.")
        )
    notes.append(
        Say(
            "Even when the plan pays $0, the visit still counts toward your deductible. "
            "File the claim anyway."
        )
    )
    denied = [n for n, v in enumerate(low.visits, 1) if v.likely_denied]
    if denied:
        notes.append(
            Say(
                "Visit %(visit)s and later are past your visit limit. They will likely be "
                "denied (code %(code)s), so we count $0 from the plan.",
                visit=denied[0],
                code=src.CARC_VISIT_LIMIT,
            )
        )
    if terms.oop_max_remaining is not None:
        notes.append(
            Say(
                "We stopped your share at the %(left)s left of the out-of-pocket maximum you "
                "gave. If your plan has one for care out of network, that is the one to use. "
                "Many plans do not count this care toward the other one.",
                left=terms.oop_max_remaining,
            )
        )
    notes.append(
        Say(
            "Source: %(source)s. This is an estimate, not a promise to pay.",
            source=cited(src.CITE_ESTIMATE),
        )
    )
    return notes


def amounts(cost: VisitCost) -> dict[str, Decimal]:
    """The money fields of one visit, by name."""
    return {f.name: getattr(cost, f.name) for f in fields(cost) if f.name in AMOUNT_KEYS}
