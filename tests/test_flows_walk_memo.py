"""The engine gives a walk still in use again for the same answers (a page asks for it up to
five times) and chooses its checklist once; a walk's answers cannot be changed through it,
and a walk no one uses any more is forgotten: no patient's answers stay in memory after the
request that read them."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

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


def test_a_walk_no_one_uses_is_forgotten(flow: Flow) -> None:
    kept = walk(flow, ANSWERS)
    for n in range(50):
        walk(flow, {**ANSWERS, "fee": f"{n}.00"})
        checklist_for(flow, {**ANSWERS, "fee": f"{n}.00"})
    gc.collect()
    assert list(flow._walk_memo.values()) == [kept], "only the walk still in use is kept"
    del kept
    gc.collect()
    assert len(flow._walk_memo) == 0


def test_answers_that_are_not_answer_values_are_walked_without_the_memo(flow: Flow) -> None:
    odd = {**ANSWERS, "fee": {"not": "a value"}}
    assert walk(flow, odd).current == walk(flow, odd).current  # type: ignore[arg-type]
    assert walk(flow, odd) is not walk(flow, odd)  # type: ignore[arg-type]
