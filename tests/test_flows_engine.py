"""The pure decision-tree engine and answer cleaning, on small fixture trees."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.flows.answers import AnswerError, clean_answer
from app.flows.conditions import AnswerValue
from app.flows.engine import (
    Flow,
    Progress,
    Reason,
    checklist_for,
    next_step,
    progress,
    questions_for,
    walk,
)
from app.flows.loader import load_flow
from app.flows.paths import count_paths, covering_paths, iter_paths, sample_paths

FIXTURES = Path(__file__).parent / "fixtures" / "flows"
Answers = dict[str, AnswerValue]


@pytest.fixture(scope="module")
def mini() -> Flow:
    return load_flow(FIXTURES / "mini.yaml")


@pytest.fixture(scope="module")
def branchy() -> Flow:
    return load_flow(FIXTURES / "engine_branchy.yaml")


def flow_named(name: str) -> Flow:
    return load_flow(FIXTURES / f"{name}.yaml")


# --- next step -------------------------------------------------------------------------

NEXT_STEP_CASES: list[tuple[str, Answers, str]] = [
    ("mini", {}, "stage"),
    ("mini", {"stage": "denied"}, "denial_date"),
    ("mini", {"stage": "denied", "denial_date": "2026-03-01"}, "plan_type"),
    ("mini", {"stage": "denied", "denial_date": ""}, "plan_type"),  # optional, skipped
    ("mini", {"stage": "planning"}, "plan_type"),
    ("mini", {"stage": "planning", "plan_type": "yes"}, "intro"),
    ("mini", {"stage": "planning", "plan_type": "yes", "intro": "seen"}, "results"),
    ("mini", {"stage": "planning", "plan_type": "yes", "intro": "ok"}, "intro"),
    ("engine_branchy", {}, "stage"),
    ("engine_branchy", {"stage": "denied"}, "denial_reason"),
    ("engine_branchy", {"stage": "denied", "denial_reason": "late_filing"}, "denial_date"),
    ("engine_branchy", {"stage": "denied", "denial_reason": "not_covered"}, "urgent"),
    ("engine_branchy", {"stage": "visited"}, "fee"),
    ("engine_branchy", {"stage": "visited", "fee": ""}, "fee"),  # required: a blank is no answer
    ("engine_branchy", {"stage": "visited", "fee": "80.00", "copay": ""}, "results"),
    ("engine_branchy", {"stage": "visited", "fee": "80.00", "copay": "20.00"}, "copay_info"),
    ("engine_branchy", {"stage": "planning"}, "symptoms"),
    ("engine_branchy", {"stage": "planning", "symptoms": ["back"]}, "back_info"),
    ("engine_branchy", {"stage": "planning", "symptoms": ["neck", "headache"]}, "plan_type"),
    (
        "engine_branchy",
        {"stage": "planning", "symptoms": ["back"], "back_info": "seen"},
        "plan_type",
    ),
]


@pytest.mark.parametrize(("name", "answers", "expected"), NEXT_STEP_CASES)
def test_next_step(name: str, answers: Answers, expected: str) -> None:
    assert next_step(flow_named(name), answers) == expected


# --- stale answers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"stage": "filed"}, "stage"),  # a value the question no longer offers
        ({"stage": ["denied"]}, "stage"),  # a list for a single choice
        ({"stage": "planning", "symptoms": ["back", "knee"]}, "symptoms"),
        ({"stage": "planning", "symptoms": []}, "symptoms"),
        ({"stage": "planning", "symptoms": "back"}, "symptoms"),
        ({"stage": "denied", "denial_reason": "lost_mail"}, "denial_reason"),
        ({"stage": "denied", "denial_reason": "not_sure", "urgent": "maybe"}, "urgent"),
    ],
)
def test_stale_answers_count_as_unanswered(branchy: Flow, answers: Answers, expected: str) -> None:
    assert next_step(branchy, answers) == expected
    assert expected not in walk(branchy, answers).active


# --- changing an earlier answer --------------------------------------------------------


def test_changing_an_earlier_answer_recomputes_and_keeps_the_left_branch(branchy: Flow) -> None:
    answers: Answers = {"stage": "denied", "denial_reason": "not_covered", "urgent": "yes"}
    assert next_step(branchy, answers) == "results"
    denied = ["keep_receipts", "appeal", "urgent_appeal"]  # after, then denied
    assert [s.item.id for s in checklist_for(branchy, answers)] == denied

    answers["stage"] = "visited"  # the patient goes back and changes the first answer
    w = walk(branchy, answers)
    assert w.current == "fee"
    assert w.path == ("stage",)
    assert dict(w.active) == {"stage": "visited"}  # denial answers are kept but never read
    assert "denial_reason" in answers
    assert [s.item.id for s in checklist_for(branchy, answers)] == ["call_insurer", "keep_receipts"]

    answers["stage"] = "denied"  # switching back restores the earlier answers
    assert next_step(branchy, answers) == "results"
    assert [s.item.id for s in checklist_for(branchy, answers)] == denied


def test_answers_off_the_path_are_not_read_by_conditions(branchy: Flow) -> None:
    answers: Answers = {
        "stage": "planning",
        "symptoms": ["neck"],
        "plan_type": "no",
        "copay": "20.00",
        "urgent": "yes",
    }
    assert next_step(branchy, answers) == "results"
    ids = [s.item.id for s in checklist_for(branchy, answers)]
    assert "claim_copay" not in ids and "urgent_appeal" not in ids


# --- progress --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "answers", "expected"),
    [
        ("engine_branchy", {}, Progress(0, 3, 4)),
        ("engine_branchy", {"stage": "denied"}, Progress(1, 2, 3)),
        ("engine_branchy", {"stage": "denied", "denial_reason": "late_filing"}, Progress(2, 2, 2)),
        ("engine_branchy", {"stage": "denied", "denial_reason": "not_sure"}, Progress(2, 1, 1)),
        ("engine_branchy", {"stage": "planning", "symptoms": ["back"]}, Progress(2, 1, 1)),
        (
            "engine_branchy",
            {"stage": "planning", "symptoms": ["back"], "back_info": "seen"},
            Progress(2, 1, 1),
        ),
        ("engine_branchy", {"stage": "visited", "fee": "80.00", "copay": ""}, Progress(3, 0, 0)),
        ("mini", {}, Progress(0, 2, 3)),
        ("mini", {"stage": "denied"}, Progress(1, 2, 2)),
        ("mini", {"stage": "planning", "plan_type": "no"}, Progress(2, 0, 0)),
    ],
)
def test_progress_is_exact(name: str, answers: Answers, expected: Progress) -> None:
    assert progress(flow_named(name), answers) == expected


@pytest.mark.slow
def test_progress_matches_every_route_of_the_real_tree() -> None:
    """For every prefix of the walked paths, the engine's fewest/most still to come bound the
    fewest/most over those paths (a brute-force check). The real tree has too many paths to
    walk whole, so it walks paths through every option and rule plus a seeded sample; the
    exact check runs on the branchy fixture, whose every path is walked."""
    flow = load_flow(Path(__file__).parents[1] / "data" / "steps.yaml")
    paths = [*covering_paths(flow), *sample_paths(flow, 3000, seed=2026)]
    spans: dict[tuple[tuple[str, str], ...], tuple[int, int]] = {}
    for path in paths:
        total = sum(flow.question_count[s] for s in path.steps)
        answered = 0
        for depth in range(len(path.steps) + 1):
            key = tuple((s, repr(path.answers[s])) for s in path.steps[:depth])
            left = total - answered
            low, high = spans.get(key, (left, left))
            spans[key] = (min(low, left), max(high, left))
            if depth < len(path.steps):
                answered += flow.question_count[path.steps[depth]]
    for key, (low, high) in list(spans.items())[::37]:
        answers = {s: eval_answer(v) for s, v in key}
        got = progress(flow, answers)
        assert got.min_remaining <= low and got.max_remaining >= high, key


def eval_answer(text: str) -> AnswerValue:
    """Undo repr() of a str or list of str (no eval)."""
    if text.startswith("["):
        return [part.strip().strip("'") for part in text[1:-1].split(",") if part.strip()]
    return text[1:-1]


def test_about_total(branchy: Flow) -> None:
    assert progress(branchy, {"stage": "denied"}).about_total == 4


# --- checklist, questions and reasons --------------------------------------------------


def test_checklist_is_ordered_by_stage_then_file_order(branchy: Flow) -> None:
    answers: Answers = {
        "stage": "planning",
        "symptoms": ["back", "neck"],
        "back_info": "seen",
        "plan_type": "yes",
    }
    selected = checklist_for(branchy, answers)
    assert [(s.item.id, s.item.stage) for s in selected] == [
        ("call_insurer", "before"),
        ("back_letter", "before"),
        ("keep_receipts", "after"),
    ]


def test_checklist_by_stage_on_every_path(branchy: Flow) -> None:
    order = {"before": 0, "after": 1, "denied": 2}
    for path in iter_paths(branchy):
        stages = [order[str(s.item.stage)] for s in checklist_for(branchy, path.answers)]
        assert stages == sorted(stages)


def test_reasons_name_the_answers_behind_an_item(branchy: Flow) -> None:
    answers: Answers = {"stage": "denied", "denial_reason": "not_sure", "urgent": "yes"}
    reasons = {s.item.id: s.reasons for s in checklist_for(branchy, answers)}
    assert reasons == {
        "keep_receipts": (),
        "appeal": (Reason("stage", "denied"),),
        "urgent_appeal": (Reason("stage", "denied"), Reason("urgent", "yes")),
    }
    visited: Answers = {"stage": "visited", "fee": "80.00", "copay": "15.00", "copay_info": "seen"}
    reasons = {s.item.id: s.reasons for s in checklist_for(branchy, visited)}
    assert reasons["claim_copay"] == (Reason("copay", "15.00"),)
    assert reasons["keep_receipts"] == ()  # no when: no reasons


def test_reasons_on_mini(mini: Flow) -> None:
    answers: Answers = {"stage": "planning", "plan_type": "yes", "intro": "seen"}
    assert [(s.item.id, s.reasons) for s in checklist_for(mini, answers)] == [
        ("call_insurer", ()),
        ("work_plan", (Reason("plan_type", "yes"),)),
    ]


def test_questions_in_file_order(branchy: Flow) -> None:
    back: Answers = {
        "stage": "planning",
        "symptoms": ["back"],
        "back_info": "seen",
        "plan_type": "no",
    }
    assert [s.item.id for s in questions_for(branchy, back)] == ["q_back", "q_wrapup"]
    assert [s.item.id for s in questions_for(branchy, {"stage": "visited"})] == ["q_wrapup"]


# --- paths -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "count", "longest"), [("mini", 9, 3), ("engine_branchy", 20, 4)])
def test_path_counts(name: str, count: int, longest: int) -> None:
    assert count_paths(flow_named(name)) == (count, longest)


def test_every_path_and_sample_ends_on_results(branchy: Flow) -> None:
    for path in [*iter_paths(branchy), *sample_paths(branchy, 50)]:
        assert path.end == "results"
        assert next_step(branchy, path.answers) == "results"


# --- answer cleaning -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step_id", "raw", "expected"),
    [
        ("fee", "120", "120.00"),
        ("fee", "$1,200.5", "1200.50"),
        ("copay", "", ""),  # optional: a blank is a skip
        ("copay", "  ", ""),
        ("denial_date", "2026-03-15", "2026-03-15"),
        ("denial_date", "03/15/2026", "2026-03-15"),  # US order accepted
        ("denial_date", "3/5/2026", "2026-03-05"),
        ("symptoms", ["neck", "back", "neck"], ["back", "neck"]),  # choice order, no repeats
        ("symptoms", "back", ["back"]),
        ("stage", " denied ", "denied"),
        ("urgent", "not_sure", "not_sure"),
        ("back_info", None, "seen"),
    ],
)
def test_clean_answer_accepts(
    branchy: Flow, step_id: str, raw: str | list[str] | None, expected: AnswerValue
) -> None:
    assert clean_answer(branchy.step(step_id), raw) == expected


@pytest.mark.parametrize(
    ("step_id", "raw", "message"),
    [
        ("fee", "-5", "Please enter an amount that is not negative."),
        ("fee", "12.3456", "Please use dollars and cents, like 120.50."),
        ("fee", "lots", "Please enter a number, like 45."),
        ("fee", "", "Please fill this in."),  # required
        ("denial_date", "2026-02-30", "February 2026 has only 28 days. Please check the day."),
        ("denial_date", "13/15/2026", "Please enter a real date, like 03/15/2026."),
        ("denial_date", "1899-01-01", "Please check the year."),
        ("symptoms", [], "Please pick at least one answer."),
        ("symptoms", None, "Please pick at least one answer."),
        ("symptoms", ["knee"], "Please pick from the list."),
        ("stage", "filed", "Please pick one answer."),
        ("urgent", "", "Please pick one answer."),
    ],
)
def test_clean_answer_errors(
    branchy: Flow, step_id: str, raw: str | list[str] | None, message: str
) -> None:
    with pytest.raises(AnswerError) as caught:
        clean_answer(branchy.step(step_id), raw)
    assert str(caught.value) == message


def test_clean_answer_number_bounds() -> None:
    from app.flows.schema import Step, StepType

    minutes = Step(
        id="minutes", type=StepType.number, text="Minutes?", why="Units.", min=8, max=600
    )
    assert clean_answer(minutes, "45") == "45"
    assert clean_answer(minutes, "45.00") == "45"
    with pytest.raises(AnswerError, match=r"^Please enter a whole number, like 4\.$"):
        clean_answer(minutes, "45.5")
    with pytest.raises(AnswerError, match=r"^Please enter 8 or more\.$"):
        clean_answer(minutes, "5")
    with pytest.raises(AnswerError, match=r"^Please enter 600 or less\.$"):
        clean_answer(minutes, "601")
    plain = Step(id="visits", type=StepType.number, text="Visits?", why="Count.")
    with pytest.raises(AnswerError, match=r"^Please enter a number that is not negative\.$"):
        clean_answer(plain, "-1")
