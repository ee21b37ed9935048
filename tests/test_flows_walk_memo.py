"""The engine remembers walks and selections per flow: the same answers give the same walk
without walking again, a walk's answers cannot be changed through it, and the memo stays
bounded however many cases a process sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.flows import engine
from app.flows.engine import Flow, checklist_for, questions_for, walk
from app.flows.loader import load_flow

REAL = Path(__file__).parents[1] / "data" / "steps.yaml"


@pytest.fixture
def flow() -> Flow:
    return load_flow(REAL)


ANSWERS = {"stage": "denied", "plan_type": "employer", "other_payer": "none"}


def test_the_same_answers_give_the_remembered_walk(flow: Flow) -> None:
    first = walk(flow, ANSWERS)
    assert walk(flow, dict(ANSWERS)) is first
    assert walk(flow, {**ANSWERS, "stage": "visited"}) is not first


def test_a_walk_cannot_be_changed_through_its_answers(flow: Flow) -> None:
    active = walk(flow, ANSWERS).active
    with pytest.raises(TypeError):
        active["stage"] = "visited"  # type: ignore[index]
    assert walk(flow, ANSWERS).active["stage"] == "denied"


def test_selections_are_remembered_and_each_caller_gets_its_own_list(flow: Flow) -> None:
    items = checklist_for(flow, ANSWERS)
    assert items and [s.item.id for s in items] == [s.item.id for s in checklist_for(flow, ANSWERS)]
    items.clear()
    assert checklist_for(flow, ANSWERS), "a caller's change does not reach the memo"
    assert questions_for(flow, ANSWERS) != checklist_for(flow, ANSWERS)


def test_the_memo_stays_bounded(flow: Flow) -> None:
    for n in range(engine.WALK_MEMO * 2 + 5):
        walk(flow, {**ANSWERS, "fee": f"{n}.00"})
        checklist_for(flow, {**ANSWERS, "fee": f"{n}.00"})
    assert len(flow._walk_memo) <= engine.WALK_MEMO
    assert len(flow._select_memo) <= 2 * engine.WALK_MEMO


def test_answers_that_are_not_answer_values_are_walked_without_the_memo(flow: Flow) -> None:
    odd = {**ANSWERS, "fee": {"not": "a value"}}
    assert walk(flow, odd).current == walk(flow, odd).current  # type: ignore[arg-type]
    assert walk(flow, odd) is not walk(flow, odd)  # type: ignore[arg-type]
