"""Content tests for the real flow file, data/steps.yaml: every complete path is walked."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from app.flows import engine
from app.flows.conditions import compile_condition
from app.flows.coverage import unproduced
from app.flows.engine import Flow, Selected
from app.flows.loader import load_flow
from app.flows.paths import CompletePath, count_paths, covering_paths, iter_paths, sample_paths
from app.flows.schema import StepType

STEPS_FILE = Path(__file__).resolve().parents[1] / "data" / "steps.yaml"

# Above this many complete paths, walk a seeded sample instead (plus the coverage tests below).
FULL_WALK_LIMIT = 100_000
SAMPLE_SIZE = 20_000
MAX_PATHS = FULL_WALK_LIMIT  # past this the walk becomes a sample; keep the tree under it
MAX_QUESTIONS = 20  # the aim for the longest path; the hard limit in the brief is about 22

# docs/flow-format.md, "Step ids that other code reads".
CONTRACT: dict[str, tuple[StepType, tuple[str, ...] | None]] = {
    "stage": (
        StepType.single,
        ("planning", "visited", "filed", "denied", "underpaid", "preapproval_denied"),
    ),
    "plan_type": (
        StepType.single,
        ("employer", "individual", "medicare", "medicare_advantage", "medicaid", "not_sure"),
    ),
    "oon_benefits": (StepType.yesno, None),
    "referral": (StepType.single, ("have", "need", "not_needed", "not_sure")),
    "preapproval": (StepType.single, ("have", "need", "not_needed", "not_sure")),
    "hsa_fsa": (StepType.single, ("hsa", "fsa", "both", "none", "not_sure")),
    "service_date": (StepType.date, None),
    "session_minutes": (StepType.number, None),
    "main_code": (
        StepType.single,
        ("97124", "97140", "97139", "97110", "97112", "97530", "not_sure"),
    ),
    "fee": (StepType.money, None),
    "visits_planned": (StepType.number, None),
    "deductible_remaining": (StepType.money, None),
    "coinsurance_percent": (StepType.number, None),
    "copay": (StepType.money, None),
    "allowed_amount": (StepType.money, None),
    "visit_limit_remaining": (StepType.number, None),
    "filing_limit_days": (StepType.number, None),
    "claim_sent_date": (StepType.date, None),
    "denial_reason": (
        StepType.single,
        (
            "medical_necessity",
            "missing_info",
            "no_preapproval",
            "late_filing",
            "visit_limit",
            "provider_type",
            "out_of_network",
            "not_covered",
            "coding",
            "step_therapy",
            "not_sure",
        ),
    ),
    "denial_code": (StepType.text, None),
    "denial_date": (StepType.date, None),
    "appeal_round": (StepType.single, ("first", "final")),
    "final_denial_date": (StepType.date, None),
    "notice_days": (StepType.number, None),
    "urgent": (StepType.yesno, None),
    "appeal_level": (StepType.single, ("second_level", "final", "not_sure")),
    "plan_funding": (
        StepType.single,
        ("self_funded", "insured", "government", "church", "not_sure"),
    ),
    "other_payer": (StepType.single, ("car", "work", "second_plan", "none")),
    "medicaid_kind": (StepType.single, ("managed", "state", "not_sure")),
    "paid_from_account": (StepType.yesno, None),
    "oop_max_remaining": (StepType.money, None),
    "amount_paid": (StepType.money, None),
}
OPTIONAL_IN_CONTRACT = {
    "deductible_remaining",
    "coinsurance_percent",
    "copay",
    "allowed_amount",
    "visit_limit_remaining",
    "filing_limit_days",
    "denial_code",
    "notice_days",
    "oop_max_remaining",
}

DEADLINES = {
    "internal_appeal",
    "external_review",
    "timely_filing",
    "initial_decision",
    "appeal_decision",
    "medicare_redetermination",
    "second_appeal",
    "ma_reconsideration",
    "medicaid_plan_appeal",
    "fair_hearing",
}
# The answer each deadline counts from: an item showing the deadline needs it on the path.
DEADLINE_NEEDS = {
    "internal_appeal": "denial_date",
    "external_review": "final_denial_date",
    "timely_filing": "service_date",
    "initial_decision": "claim_sent_date",
    "medicare_redetermination": "denial_date",
    "second_appeal": "final_denial_date",
    "ma_reconsideration": "denial_date",
    "medicaid_plan_appeal": "denial_date",
    "fair_hearing": "denial_date",
}
# Where the free-entry answers matter; they must not be asked anywhere else.
ASKED_ONLY_WHEN = {
    "service_date": {"stage": {"visited", "filed", "denied", "underpaid"}},
    "claim_sent_date": {"stage": {"filed"}},
    "denial_date": {"stage": {"denied", "underpaid", "preapproval_denied"}},
    "final_denial_date": {"appeal_round": {"final"}},
    "denial_reason": {"stage": {"denied", "preapproval_denied"}},
    "appeal_round": {"stage": {"denied", "preapproval_denied"}},
    "appeal_level": {"appeal_round": {"final"}},
    "notice_days": {"stage": {"denied", "preapproval_denied"}},
    # Urgent handling is only for care still to come (domain.md §10).
    "urgent": {"stage": {"preapproval_denied"}},
    "visits_planned": {"stage": {"planning"}},
    "amount_paid": {"stage": {"underpaid"}},
    "plan_funding": {"plan_type": {"employer"}},
    "paid_from_account": {"stage": {"visited", "filed"}},
}
NOT_SURE_STEPS = ("referral", "preapproval", "oon_benefits", "plan_type")


@dataclass(frozen=True)
class Walked:
    path: CompletePath
    walk: engine.Walk
    checklist: list[Selected]
    questions: list[Selected]

    @property
    def answers(self) -> dict[str, str | list[str]]:
        return self.path.answers

    def checklist_ids(self) -> set[str]:
        return {s.item.id for s in self.checklist}

    def question_ids(self) -> set[str]:
        return {s.item.id for s in self.questions}


@pytest.fixture(scope="module")
def flow() -> Flow:
    return load_flow(STEPS_FILE)


def _paths(flow: Flow) -> Iterator[CompletePath]:
    """Every complete path; if there are too many to walk, paths that take every option and
    every rule of every step, plus a seeded sample."""
    count, _ = count_paths(flow, limit=FULL_WALK_LIMIT)
    if count >= FULL_WALK_LIMIT:
        yield from covering_paths(flow)
        yield from sample_paths(flow, SAMPLE_SIZE, seed=2026)
    else:
        yield from iter_paths(flow)


@pytest.fixture(scope="module")
def walked(flow: Flow) -> list[Walked]:
    out = []
    for path in _paths(flow):
        out.append(
            Walked(
                path,
                engine.walk(flow, path.answers),
                engine.checklist_for(flow, path.answers),
                engine.questions_for(flow, path.answers),
            )
        )
    return out


def _by_stage(walked: list[Walked], stage: str) -> list[Walked]:
    return [w for w in walked if w.answers["stage"] == stage]


# ---- Size -------------------------------------------------------------------------------


def test_path_count_and_length_stay_small(flow: Flow, walked: list[Walked]) -> None:
    assert 0 < len(walked) <= SAMPLE_SIZE + 2 * sum(len(s.rules) + 8 for s in flow.tree.steps)
    longest = max(sum(flow.question_count[s] for s in w.path.steps) for w in walked)
    print(
        f"\n{len(flow.tree.steps)} steps, {len(walked)} complete paths, "
        f"longest path {longest} questions"
    )
    assert longest <= MAX_QUESTIONS


# ---- Every path -------------------------------------------------------------------------


STAGES = CONTRACT["stage"][1]
assert STAGES is not None


@pytest.mark.parametrize("stage", STAGES)
def test_every_path_ends_on_results_and_is_done(
    flow: Flow, walked: list[Walked], stage: str
) -> None:
    paths = _by_stage(walked, stage)
    assert paths, f"no path for stage {stage}"
    for w in paths:
        assert flow.step(w.path.end).type == StepType.results, w.path.steps
        assert w.walk.done, w.path.steps
        assert w.walk.current == w.path.end
        assert w.walk.path == w.path.steps


@pytest.mark.parametrize("stage", STAGES)
def test_every_path_has_a_checklist_that_fits_its_answers(walked: list[Walked], stage: str) -> None:
    for w in _by_stage(walked, stage):
        assert w.checklist, f"empty checklist on {w.path.steps}"
        for selected in (*w.checklist, *w.questions):
            check = compile_condition(selected.item.when)
            assert check(w.walk.active), (selected.item.id, w.path.steps)


@pytest.mark.parametrize("stage", STAGES)
def test_every_path_gets_the_wrap_up_question(walked: list[Walked], stage: str) -> None:
    for w in _by_stage(walked, stage):
        assert w.questions[-1].item.id == "q_wrapup", w.path.steps


# ---- Coverage: everything is reached ------------------------------------------------------


def test_every_step_is_reached(flow: Flow, walked: list[Walked]) -> None:
    seen = {s for w in walked for s in w.path.steps} | {w.path.end for w in walked}
    assert {s.id for s in flow.tree.steps} - seen == set()


def test_every_rule_is_taken(flow: Flow, walked: list[Walked]) -> None:
    taken: set[tuple[str, str]] = set()
    for w in walked:
        steps = (*w.path.steps, w.path.end)
        taken |= set(zip(steps, steps[1:], strict=False))
    wanted = {(s.id, r.goto) for s in flow.tree.steps for r in s.rules}
    assert wanted - taken == set()


def test_every_choice_is_picked(flow: Flow, walked: list[Walked]) -> None:
    picked = {(k, v) for w in walked for k, v in w.answers.items() if isinstance(v, str)}
    for step in flow.tree.steps:
        if step.type in (StepType.single, StepType.yesno):
            for value in step.choice_values:
                assert (step.id, value) in picked, (step.id, value)


def test_every_checklist_item_and_question_is_produced(flow: Flow) -> None:
    """The checker's exhaustive search: some complete path produces each item."""
    items = [(("checklist", i), item.when) for i, item in enumerate(flow.tree.checklist)]
    items += [(("questions", i), q.when) for i, q in enumerate(flow.tree.questions)]
    assert unproduced(flow, items) == []


# ---- The contract and the file's own rules ------------------------------------------------


@pytest.mark.parametrize("step_id", sorted(CONTRACT))
def test_contract_step_ids(flow: Flow, step_id: str) -> None:
    kind, values = CONTRACT[step_id]
    step = flow.step(step_id)
    assert step.type == kind
    if values is not None:
        assert set(step.choice_values) == set(values)
    assert step.optional == (step_id in OPTIONAL_IN_CONTRACT)


def test_last_question_is_the_unconditional_wrap_up(flow: Flow) -> None:
    last = flow.tree.questions[-1]
    assert last.when is None
    text = last.text.lower()
    for word in ("name", "date", "time", "reference number", "repeat back"):
        assert word in text, word


def test_checklist_items_have_why_and_how_and_known_deadlines(flow: Flow) -> None:
    for item in flow.tree.checklist:
        assert item.why and item.how, item.id
        assert item.deadline is None or item.deadline in DEADLINES, item.id
    for question in flow.tree.questions:
        assert question.why, question.id


def test_deadline_items_only_where_the_date_is_known(walked: list[Walked]) -> None:
    for w in walked:
        for selected in w.checklist:
            need = DEADLINE_NEEDS.get(selected.item.deadline or "")
            if need is not None:
                assert need in w.answers, (selected.item.id, w.path.steps)


@pytest.mark.parametrize("step_id", sorted(ASKED_ONLY_WHEN))
def test_free_entry_questions_only_where_they_matter(walked: list[Walked], step_id: str) -> None:
    ((gate, allowed),) = ASKED_ONLY_WHEN[step_id].items()
    asked = [w for w in walked if step_id in w.answers]
    assert asked, step_id
    for w in asked:
        assert w.answers.get(gate) in allowed, (step_id, w.path.steps)


def test_no_yaml_booleans_in_the_file() -> None:
    """YAML 1.1 turns bare yes/no into booleans; only `optional` may hold one."""

    def visit(node: object, key: str | None = None) -> Iterator[str]:
        if isinstance(node, bool) and key != "optional":
            yield f"{key}: {node}"
        elif isinstance(node, dict):
            for k, v in node.items():
                assert not isinstance(k, bool), k
                yield from visit(v, str(k))
        elif isinstance(node, list):
            for v in node:
                yield from visit(v, key)

    data = yaml.safe_load(STEPS_FILE.read_text(encoding="utf-8"))
    assert list(visit(data)) == []


def test_no_phone_numbers_in_the_file() -> None:
    """Never a real business number (the seed clinic's); only public agency numbers from
    shared/domain.md (the Department of Labor's EBSA line) and 1-800-MEDICARE by name."""
    text = STEPS_FILE.read_text(encoding="utf-8")
    agencies = {"866-444-3272"}
    assert set(re.findall(r"\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}", text)) <= agencies


# ---- Branch rules -----------------------------------------------------------------------


@pytest.mark.parametrize("step_id", NOT_SURE_STEPS)
def test_not_sure_leads_to_an_insurer_question(walked: list[Walked], step_id: str) -> None:
    unsure = [w for w in walked if w.answers.get(step_id) == "not_sure"]
    assert unsure, step_id
    for w in unsure:
        reasons = [
            q
            for q in w.questions
            if any(r.step_id == step_id and r.value == "not_sure" for r in q.reasons)
        ]
        assert reasons, (step_id, w.path.steps)


def test_every_not_sure_answer_gets_a_question_or_item(walked: list[Walked]) -> None:
    """No dead ends: whatever step a patient answers "not sure", something tells them what to do."""
    for w in walked:
        for step_id, value in w.answers.items():
            if value != "not_sure":
                continue
            produced = [
                s
                for s in (*w.questions, *w.checklist)
                if any(r.step_id == step_id and r.value == "not_sure" for r in s.reasons)
            ]
            if step_id != "want_estimate":
                assert produced, (step_id, w.path.steps)


@pytest.mark.parametrize("plan", ["medicare", "medicare_advantage", "medicaid"])
def test_government_plans_never_get_the_erisa_appeal(walked: list[Walked], plan: str) -> None:
    paths = [w for w in walked if w.answers["plan_type"] == plan]
    assert paths
    for w in paths:
        ids = w.checklist_ids()
        assert "internal_appeal" not in ids, w.path.steps
        assert "external_review" not in ids, w.path.steps


def test_medicare_has_its_own_route(flow: Flow, walked: list[Walked]) -> None:
    medicare = [w for w in walked if w.answers["plan_type"] == "medicare"]
    for w in medicare:
        assert "medicare_info" in w.path.steps
        for employer_only in ("oon_benefits", "referral", "preapproval", "appeal_round"):
            assert employer_only not in w.answers, w.path.steps
        assert "medicare_no_massage" in w.checklist_ids(), w.path.steps
        if w.answers["stage"] == "denied":
            assert "medicare_redetermination" in w.checklist_ids()
        if w.answers["stage"] == "visited":
            assert "medicare_claim" in w.checklist_ids()
    redetermination = next(i for i in flow.tree.checklist if i.id == "medicare_redetermination")
    assert redetermination.deadline == "medicare_redetermination"
    assert "120 days" in (redetermination.how or "")
    claim = next(i for i in flow.tree.checklist if i.id == "medicare_claim")
    assert "second plan" in claim.text
    assert "CMS-1490S" in (claim.how or "") and "12 months" in (claim.how or "")


REVIEW_REASONS = {"medical_necessity", "step_therapy", "not_covered", "visit_limit", "not_sure"}


def test_denied_commercial_paths_get_the_next_rung_of_the_ladder(walked: list[Walked]) -> None:
    for w in walked:
        if w.answers["stage"] not in ("denied", "preapproval_denied"):
            continue
        if w.answers["plan_type"] not in ("employer", "individual", "not_sure"):
            continue
        deadlines = {s.item.deadline for s in w.checklist}
        ids = w.checklist_ids()
        if w.answers["appeal_round"] == "first":
            assert "internal_appeal" in deadlines, w.path.steps
            continue
        assert "internal_appeal" not in deadlines, w.path.steps
        level = w.answers.get("appeal_level")
        if level == "second_level":
            assert "second_level" in ids and "external_review" not in deadlines, w.path.steps
        elif w.answers["denial_reason"] in REVIEW_REASONS:
            assert "external_review" in deadlines, w.path.steps
        else:
            # Administrative denials: no outside review; a complaint office instead.
            assert "external_review" not in deadlines and "complain" in ids, w.path.steps


def test_urgent_only_for_care_still_to_come(walked: list[Walked]) -> None:
    for w in walked:
        ids = w.checklist_ids()
        fast = {"fast_appeal", "fast_outside_review", "urgent_check"} & ids
        if w.answers["stage"] != "preapproval_denied":
            assert not fast, w.path.steps
        elif w.answers.get("urgent") == "yes":
            assert "fast_appeal" in ids, w.path.steps


@pytest.mark.parametrize("reason", CONTRACT["denial_reason"][1] or ())
def test_each_denial_reason_gets_its_own_fix(walked: list[Walked], reason: str) -> None:
    paths = [w for w in walked if w.answers.get("denial_reason") == reason]
    assert paths
    for w in paths:
        assert f"fix_{reason}" in w.checklist_ids(), w.path.steps


def test_insurer_questions_cover_the_domain_list(flow: Flow) -> None:
    """The twelve questions in shared/domain.md section 8, by their key words."""
    text = " ".join(q.text for q in flow.tree.questions).lower()
    for words in (
        ("covered", "which benefit"),
        ("97124", "97140", "97110", "97112", "97530", "97139", "units", "who gives"),
        ("out of network", "deductible", "how much is met", "share", "copay"),
        ("allowed amount",),
        ("limit on visits or dollars",),
        ("referral or prescription", "what must it say"),
        ("ok before my visits (prior authorization)", "on file"),
        ("diagnoses",),
        ("send a claim myself", "time limit"),
        ("the most i will pay", "start over"),
        ("erisa", "government", "church"),
        ("reference number",),
    ):
        for word in words:
            assert word in text, word


def test_typical_paths_are_short(flow: Flow, walked: list[Walked]) -> None:
    private = [w for w in walked if w.answers["plan_type"] not in ("medicare", "medicaid")]
    lengths = Counter(sum(flow.question_count[s] for s in w.path.steps) for w in private)
    typical = max(lengths, key=lambda n: lengths[n])
    assert 5 <= typical <= MAX_QUESTIONS
    medicare = [w for w in walked if w.answers["plan_type"] == "medicare"]
    assert all(len(w.path.steps) <= 8 for w in medicare)
