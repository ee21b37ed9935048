"""The cost estimate in words: the table rows, and one lead sentence for the patient's stage.

What to expect back, "if the appeal wins", or, when underpaid, what the plan should have
paid and the gap. The numbers come from app.rules.estimate; nothing is worked out here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from app.core.i18n import DEFAULT, N_, translator
from app.flows.conditions import AnswerValue
from app.present.format import format_money, format_money_range, say
from app.rules.estimate import EstimateResult, Scenario

Answers = Mapping[str, AnswerValue]
Pair = tuple[Decimal, Decimal]  # low and high ends; equal when the figure is exact

# The rows of the estimate table: (label, VisitCost/totals key, always shown).
MONEY_ROWS = (
    (N_("The clinic's price"), "billed", True),
    (N_("What your plan allows"), "allowed", True),
    (N_("Goes to your deductible"), "deductible_applied", True),
    (N_("Your copay"), "copay", False),
    (N_("Your share after the deductible (coinsurance)"), "coinsurance", True),
    (N_("Price above the allowed amount (you pay it)"), "balance_bill", False),
    (N_("Visits past your limit (likely denied, so you pay)"), "not_covered", False),
    (N_("Your plan pays you back"), "plan_pays", True),
    (N_("You pay in the end"), "patient_pays", True),
)


@dataclass(frozen=True)
class MoneyLine:
    """One row of the table, in the reader's language; `key` and `amounts` (the totals'
    low and high ends) are for code that reads the figures."""

    label: str
    first_visit: str
    total: str
    key: str = ""
    amounts: Pair = (Decimal(0), Decimal(0))


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


def _scenario_rows(low: Scenario, high: Scenario, lang: str) -> tuple[MoneyLine, ...]:
    _ = translator(lang).gettext
    lines = []
    for label, key, always in MONEY_ROWS:
        first = (getattr(low.visits[0], key), getattr(high.visits[0], key))
        total = (_sum(low, key), _sum(high, key))
        if not always and not any(total):
            continue
        lines.append(
            MoneyLine(
                _(label),
                format_money_range(*first, lang=lang),
                format_money_range(*total, lang=lang),
                key,
                total,
            )
        )
    return tuple(lines)


def _summary(
    result: EstimateResult, stage: str, paid: Decimal | None, lang: str
) -> tuple[str, str | None]:
    """The lead sentence for the stage, and the underpaid gap when there is one."""
    words = translator(lang)
    _ = words.gettext
    low, high = result.low, result.high
    count = len(low.visits)
    back = format_money_range(low.totals["plan_pays"], high.totals["plan_pays"], lang)
    pay = format_money_range(low.totals["patient_pays"], high.totals["patient_pays"], lang)
    if stage == "planning" or count > 1:
        guess = (
            words.ngettext(
                "Our rough guess for %(num)d visit: your plan pays you back %(back)s. "
                "You pay %(pay)s in all.",
                "Our rough guess for %(num)d visits: your plan pays you back %(back)s. "
                "You pay %(pay)s in all.",
                count,
            )
            if result.is_range
            else words.ngettext(
                "Our estimate for %(num)d visit: your plan pays you back %(back)s. "
                "You pay %(pay)s in all.",
                "Our estimate for %(num)d visits: your plan pays you back %(back)s. "
                "You pay %(pay)s in all.",
                count,
            )
        )
        return guess % {"num": count, "back": back, "pay": pay}, None
    if stage == "underpaid" and paid is not None:
        should = (low.totals["plan_pays"], high.totals["plan_pays"])
        gap = (should[0] - paid, should[1] - paid)
        amounts = {"back": back, "paid": format_money(paid, lang)}
        if max(gap) <= 0:
            right = _(
                "By your plan's numbers, it should have paid %(back)s for this visit. It paid "
                "%(paid)s, so the payment looks right by these numbers."
            )
            return right % amounts, None
        owed = format_money_range(max(gap[0], Decimal(0)), gap[1], lang)
        owes = _(
            "By your plan's numbers, it should have paid %(back)s for this visit. It paid "
            "%(paid)s, so it may owe you %(owed)s."
        )
        return owes % {**amounts, "owed": owed}, owed
    if stage == "denied":
        wins = _("If the appeal wins, you should get back about %(back)s for this visit.")
        return wins % {"back": back}, None
    each = _("You should get back about %(back)s a visit. You pay %(pay)s a visit in the end.")
    return each % {"back": back, "pay": pay}, None


def estimate_view(
    result: EstimateResult,
    stage: str = "planning",
    paid: Decimal | None = None,
    *,
    lang: str = DEFAULT,
) -> EstimateView:
    """The estimate in `lang`'s words and money (English by default)."""
    low = result.low
    summary, gap = _summary(result, stage, paid, lang)
    denied = [n for n, v in enumerate(low.visits, 1) if v.likely_denied]
    return EstimateView(
        len(low.visits),
        result.is_range,
        _scenario_rows(result.low, result.high, lang),
        summary,
        tuple(say(note, lang) for note in result.notes),
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


def estimate_extras(
    view: EstimateView, result: EstimateResult, lang: str = DEFAULT
) -> tuple[str, ...]:
    """Short warnings for the conversation: visits past the limit, and $0 payments."""
    _ = translator(lang).gettext
    out = []
    if view.denied_from is not None:
        past = _("Visit %(visit)s and later are past your visit limit. They will likely be denied.")
        out.append(past % {"visit": view.denied_from})
    paid_nothing = any(
        v.plan_pays == 0 and not v.likely_denied
        for s in (result.low, result.high)
        for v in s.visits
    )
    if paid_nothing:
        out.append(
            _(
                "When the plan pays $0, the visit still counts toward your deductible. "
                "File the claim anyway."
            )
        )
    return tuple(out)
