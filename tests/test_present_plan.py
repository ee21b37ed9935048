"""The plan: which step comes next, what each step needs, and money in plain words."""

from __future__ import annotations

from decimal import Decimal

from conftest import REAL_FLOW

from app.documents.catalog import BY_ID
from app.flows.engine import Selected
from app.flows.loader import load_flow
from app.flows.schema import ChecklistItem, Stage
from app.present.format import whole_money
from app.present.money import EstimateView, MoneyLine
from app.present.numbers import DeadlineRow
from app.present.plan import DOCS_FOR_ITEM, INVOICE_ITEMS, money_words, plan_for
from app.present.transcript import Group

ITEMS = {
    "keep_copies": ChecklistItem(id="keep_copies", stage=Stage.after, text="Keep.", why="W."),
    "read_letter": ChecklistItem(id="read_letter", stage=Stage.denied, text="Read.", why="W."),
    "internal_appeal": ChecklistItem(
        id="internal_appeal", stage=Stage.denied, text="Appeal.", why="W.", deadline="appeal"
    ),
    "call_insurer": ChecklistItem(id="call_insurer", stage=Stage.before, text="Call.", why="W."),
}
APPEAL = DeadlineRow("appeal", "Appeal by", "Friday, May 14, 2027", "Note.", "Rule.", True)


def groups(*ids: str) -> list[Group]:
    by_stage: dict[Stage, list[Selected]] = {}
    for item_id in ids:
        item = ITEMS[item_id]
        by_stage.setdefault(item.stage, []).append(Selected(item, ()))
    return [Group(stage.value, items) for stage, items in by_stage.items()]


def test_the_next_step_is_the_first_not_done_in_the_stage_the_patient_is_in() -> None:
    denied = groups("keep_copies", "read_letter", "internal_appeal")
    plan = plan_for(denied, checked=set(), due_by={}, doc_ids=[], stage="denied")
    assert plan.next is not None and plan.next.item.id == "read_letter"
    plan = plan_for(denied, checked={"read_letter"}, due_by={}, doc_ids=[], stage="denied")
    assert plan.next is not None and plan.next.item.id == "internal_appeal"
    assert (plan.done, plan.total) == (1, 3)
    planning = groups("call_insurer", "keep_copies")
    plan = plan_for(planning, checked=set(), due_by={}, doc_ids=[], stage="planning")
    assert plan.next is not None and plan.next.item.id == "call_insurer"
    every = {"keep_copies", "read_letter", "internal_appeal"}
    assert plan_for(denied, checked=every, due_by={}, doc_ids=[], stage="denied").next is None


def test_the_next_step_shows_its_date_or_the_nearest_deadline_still_to_do() -> None:
    denied = groups("read_letter", "internal_appeal")
    plan = plan_for(denied, checked=set(), due_by={"appeal": APPEAL}, doc_ids=[], stage="denied")
    assert plan.next is not None and plan.next.due is None and plan.deadline == APPEAL
    done = {"internal_appeal"}
    plan = plan_for(denied, checked=done, due_by={"appeal": APPEAL}, doc_ids=[], stage="denied")
    assert plan.next is not None and plan.next.item.id == "read_letter"
    assert plan.deadline is None, "a deadline whose step is done is not the next one"
    plan = plan_for(
        denied, checked={"read_letter"}, due_by={"appeal": APPEAL}, doc_ids=[], stage="denied"
    )
    assert plan.next is not None and plan.next.due == APPEAL and plan.deadline is None


def test_documents_sit_with_the_step_that_needs_them() -> None:
    denied = groups("read_letter", "internal_appeal")
    docs = ["checklist", "call_sheet", "appeal_letter"]
    plan = plan_for(denied, checked=set(), due_by={}, doc_ids=docs, stage="denied")
    steps = {pi.item.id: pi.docs for group in plan.groups for pi in group.items}
    assert steps == {"read_letter": (), "internal_appeal": ("appeal_letter",)}
    assert plan.loose_docs == ("checklist", "call_sheet"), "nothing offered is lost"


def test_the_plan_maps_only_steps_and_documents_that_exist() -> None:
    """Renaming a checklist item or a document must change this map too."""
    flow = load_flow(REAL_FLOW)
    items = {item.id for item in flow.tree.checklist}
    assert set(DOCS_FOR_ITEM) <= items and items >= INVOICE_ITEMS

    assert {doc for docs in DOCS_FOR_ITEM.values() for doc in docs} <= set(BY_ID)


def line(label: str, key: str, total: str) -> MoneyLine:
    """A row as the estimate gives it: "$300.00 to $600.00" and its two ends."""
    ends = [Decimal(part.strip("$").replace(",", "")) for part in total.split(" to ")]
    return MoneyLine(label, "$0.00", total, key, (ends[0], ends[-1]))


def estimate(back: str, pay: str, visits: int) -> EstimateView:
    lines = (
        line("Your plan pays you back", "plan_pays", back),
        line("You pay in the end", "patient_pays", pay),
    )
    return EstimateView(visits, False, lines, "Summary.", (), None)


def test_money_in_plain_words() -> None:
    assert money_words(estimate("$480.00", "$720.00", 10)) == (
        "You should get back about $48 a visit.",
        "For 10 visits, that is about $480 back. You pay about $720 in all.",
    )
    assert money_words(estimate("$53.60", "$66.40", 1)) == (
        "You should get back about $54 a visit.",
        "You pay about $66 in all.",
    )
    assert money_words(estimate("$300.00 to $600.00", "$600.00 to $900.00", 10)) == (
        "You should get back between $30 and $60 a visit.",
        "For 10 visits, that is between $300 and $600 back. You pay between $600 and $900 in all.",
    )
    assert money_words(EstimateView(1, False, (), "S.", (), None)) == ()


def test_whole_money_rounds_to_the_dollar() -> None:
    assert whole_money(Decimal("53.50")) == "$54"
    assert whole_money(Decimal("1234.49")) == "$1,234"
    assert whole_money(Decimal("0")) == "$0"
