"""The results page as a short plan: the one step to do next, then the checklist by stage
with each step's status, due date and the documents it needs.

Pure: the checklist, ticks, deadlines and document ids come in; nothing is read or written.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.core.i18n import DEFAULT, translator
from app.flows.engine import Selected
from app.flows.schema import ChecklistItem, Stage
from app.present.format import renderer
from app.present.money import EstimateView
from app.present.numbers import DeadlineRow
from app.present.transcript import Group
from app.rules.say import Cash

# The documents that help with a checklist step (item ids from data/steps.yaml, document
# ids from app/documents/catalog.py). A document no shown step needs is listed on its own.
DOCS_FOR_ITEM: dict[str, tuple[str, ...]] = {
    "call_insurer": ("call_sheet",),
    "medicare_no_massage": ("call_sheet",),
    "medicaid_pays_providers": ("call_sheet",),
    "ma_extra": ("call_sheet",),
    "check_oon": ("call_sheet",),
    "check_referral": ("call_sheet",),
    "ask_preapproval": ("call_sheet",),
    "preapproval_after": ("call_sheet",),
    "check_status": ("call_sheet",),
    "fix_not_sure": ("call_sheet",),
    "get_referral": ("doctor_letter",),
    "fix_medical_necessity": ("doctor_letter",),
    "fix_no_preapproval": ("doctor_letter",),
    "get_lmn": ("lmn_request",),
    "gather_claim": ("claim_packet",),
    "file_claim": ("claim_packet",),
    "file_later": ("claim_packet",),
    "fix_missing_info": ("claim_packet",),
    "fix_coding": ("claim_packet",),
    "appeal_letter": ("appeal_letter",),
    "internal_appeal": ("appeal_letter",),
}
# Steps where checking the clinic's invoice (superbill) helps.
INVOICE_ITEMS = frozenset({"clinic_papers", "gather_claim", "check_units", "fix_coding"})
# The stage a patient is in now, by their answer to `stage`: its steps come first as "next".
NOW_STAGE: dict[str, Stage] = {"denied": Stage.denied, "underpaid": Stage.denied}
# Stages where money comes back only if something else happens first: the estimate's own
# sentence says what (app/present/money.py).
MONEY_IF = frozenset({"denied", "underpaid"})


@dataclass(frozen=True)
class PlanItem:
    """One checklist step as the plan shows it."""

    sel: Selected
    done: bool
    due: DeadlineRow | None
    docs: tuple[str, ...]  # ids of the documents this step needs
    invoice_check: bool  # checking the clinic's invoice helps here

    @property
    def item(self) -> ChecklistItem:
        assert isinstance(self.sel.item, ChecklistItem)
        return self.sel.item


@dataclass(frozen=True)
class PlanGroup:
    title: str
    items: tuple[PlanItem, ...]


@dataclass(frozen=True)
class Plan:
    groups: tuple[PlanGroup, ...]
    next: PlanItem | None  # the first step not done, in the stage the patient is in first
    deadline: DeadlineRow | None  # the nearest deadline, when the next step has none of its own
    done: int
    total: int
    loose_docs: tuple[str, ...]  # documents that apply but that no shown step needs


def plan_for(
    groups: Sequence[Group],
    *,
    checked: Collection[str],
    due_by: Mapping[str, DeadlineRow],
    doc_ids: Sequence[str],
    stage: str,
) -> Plan:
    """The plan from the checklist groups, the ticks, the deadlines and the documents."""
    applies = set(doc_ids)
    plan_groups = tuple(
        PlanGroup(
            group.title,
            tuple(_item(sel, checked, due_by, applies) for sel in group.items),
        )
        for group in groups
    )
    items = [pi for group in plan_groups for pi in group.items]
    now = NOW_STAGE.get(stage)
    todo = [pi for pi in items if not pi.done]
    first = sorted(todo, key=lambda pi: pi.item.stage != now)[0] if todo else None
    shown = {doc for pi in items for doc in pi.docs}
    finished = {pi.item.deadline for pi in items if pi.done}
    nearest = next((row for row in due_by.values() if row.id not in finished), None)
    return Plan(
        groups=plan_groups,
        next=first,
        deadline=nearest if first is not None and first.due is None else None,
        done=len(items) - len(todo),
        total=len(items),
        loose_docs=tuple(d for d in doc_ids if d not in shown),
    )


def _item(
    sel: Selected, checked: Collection[str], due_by: Mapping[str, DeadlineRow], docs: set[str]
) -> PlanItem:
    item = sel.item
    due = due_by.get(item.deadline) if item.deadline else None
    needs = tuple(d for d in DOCS_FOR_ITEM.get(item.id, ()) if d in docs)
    return PlanItem(sel, item.id in checked, due, needs, item.id in INVOICE_ITEMS)


def money_words(
    estimate: EstimateView, stage: str = "planning", lang: str = DEFAULT
) -> tuple[str, ...]:
    """The estimate in plain words: "You should get back about $54 a visit." and the total.

    Read from the estimate's own rows (the words of "How we got this"), so the two agree. On
    a denied or underpaid path the estimate's own sentence says it ("If the appeal wins, ...",
    or what the plan should have paid and the gap): a per-visit sum would sound certain.
    """
    if stage in MONEY_IF:
        return (estimate.summary,)
    lines = {line.key: line for line in estimate.lines}
    back, pay = lines.get("plan_pays"), lines.get("patient_pays")
    if back is None or pay is None:
        return ()
    _ = translator(lang).gettext
    visits = max(estimate.visits, 1)
    per_visit = _about([amount / visits for amount in back.amounts], lang)
    out = [_("You should get back %(about)s a visit.") % {"about": per_visit}]
    all_paid = {"pay": _about(pay.amounts, lang)}
    if visits > 1:
        total = {"num": visits, "back": _about(back.amounts, lang), **all_paid}
        out.append(_("For %(num)s visits, that is %(back)s back. You pay %(pay)s in all.") % total)
    else:
        out.append(_("You pay %(pay)s in all.") % all_paid)
    return tuple(out)


def _about(amounts: Sequence[Decimal], lang: str) -> str:
    """'about $54', or 'between $40 and $54' when the two ends round apart."""
    cash = renderer(lang).cash
    low, high = cash(Cash(min(amounts), whole=True)), cash(Cash(max(amounts), whole=True))
    _ = translator(lang).gettext
    if low == high:
        return _("about %(amount)s") % {"amount": low}
    return _("between %(low)s and %(high)s") % {"low": low, "high": high}
