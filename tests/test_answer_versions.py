"""Saved answers from before the appeal-level question are migrated when a case is opened."""

from __future__ import annotations

from app.services import answer_versions
from app.services.cases import CaseData


def test_final_round_becomes_an_unsure_level() -> None:
    old = {"stage": "denied", "plan_type": "employer", "appeal_round": "final"}
    assert answer_versions.migrate(old, 1) == {**old, "appeal_level": "not_sure"}


def test_first_round_and_current_answers_are_left_alone() -> None:
    first = {"stage": "denied", "appeal_round": "first"}
    assert answer_versions.migrate(first, 1) == first
    new = {"appeal_round": "final", "appeal_level": "second_level"}
    assert answer_versions.migrate(new, 1) == new
    assert answer_versions.migrate({"appeal_round": "final"}, answer_versions.CURRENT) == {
        "appeal_round": "final"
    }


def test_blob_without_a_version_is_migrated_and_saved_with_one() -> None:
    data = CaseData.from_json({"v": 1, "answers": {"appeal_round": "final"}})
    assert data.answers["appeal_level"] == "not_sure"
    assert data.to_json()["answers_version"] == answer_versions.CURRENT
    again = CaseData.from_json(data.to_json())
    assert again.answers == data.answers
