"""The flow checker: one broken fixture per code, with exact code, line, column and message."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from app.flows.checker import check_text, sentences
from app.flows.coverage import unproduced
from app.flows.graph import StepGraph
from app.flows.loader import DEFAULT_PATH, FlowFileError, check_file, load_flow
from app.flows.paths import iter_paths
from app.flows.problems import Problem
from app.flows.schema import All, Condition, Eq
from app.flows.yaml_positions import read_yaml

FIXTURES = Path(__file__).parent / "fixtures" / "flows"
BASE = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")

Expected = list[tuple[str, int, int, str]]

CASES: dict[str, Expected] = {
    "st100_syntax.yaml": [
        (
            "ST100",
            13,
            34,
            "YAML syntax error: expected ',' or ']', but got '}' "
            "(while parsing a flow sequence at line 13)",
        ),
    ],
    "st100_duplicate_key.yaml": [
        ("ST100", 25, 5, "duplicate key 'why' (first at line 24)"),
    ],
    "st101_type.yaml": [
        (
            "ST101",
            22,
            11,
            "'dropdown' is not a valid type; use one of single, multi, yesno, "
            "number, money, date, text, info, results",
        ),
    ],
    "st101_choice_number.yaml": [
        ("ST101", 12, 17, 'value must be text, not the number 97124; put it in quotes: "97124"'),
    ],
    "st101_yes_is_text.yaml": [
        ("ST101", 18, 15, "optional must be true or false, not 'yes'"),
    ],
    "st102_unknown_key.yaml": [
        ("ST102", 25, 5, "unknown key 'nxt' in step 'plan_type'; did you mean 'next'?"),
    ],
    "st102_condition_operator.yaml": [
        (
            "ST102",
            13,
            16,
            "unknown condition operator 'equals'; use one of eq, in, has, answered, not, all, any",
        ),
    ],
    "st103_missing.yaml": [
        ("ST103", 16, 5, "step 'denial_date' is missing required field 'text'"),
    ],
    "st110_duplicate.yaml": [
        ("ST110", 34, 9, "duplicate checklist item 'call_insurer' (first at line 30)"),
    ],
    "st110_choice_value.yaml": [
        ("ST110", 12, 17, "duplicate choice value 'planning' in step 'stage' (first at line 10)"),
    ],
    "st111_unknown_step.yaml": [
        ("ST111", 15, 15, "goto: no step has id 'plan_typ'; did you mean 'plan_type'?"),
    ],
    "st112_unreachable.yaml": [
        ("ST112", 26, 9, "no path reaches step 'referral': no reachable step goes to it"),
    ],
    "st113_cycle.yaml": [
        (
            "ST113",
            27,
            15,
            "cycle: stage -> denial_date -> plan_type -> stage; a patient could go round forever",
        ),
    ],
    "st114_dead_end.yaml": [
        (
            "ST114",
            15,
            9,
            "the last rule of step 'stage' has a when, so a path ends here when no "
            "rule holds; end next with a rule that has only goto",
        ),
    ],
    "st114_no_next.yaml": [
        (
            "ST114",
            16,
            9,
            "step 'denial_date' has no next, so a path would end here; add next or "
            "make it a results step",
        ),
    ],
    "st115_unasked.yaml": [
        (
            "ST115",
            13,
            21,
            "the condition reads 'plan_type', which no path asks before step 'stage'",
        ),
    ],
    "st116_value.yaml": [
        ("ST116", 13, 37, "'filed' is not a choice of step 'stage' (choices: planning, denied)"),
    ],
    "st117_unproduced.yaml": [
        (
            "ST117",
            38,
            5,
            "no complete path produces checklist item 'appeal': its when never "
            "holds at the end of a path",
        ),
    ],
    "st118_operator.yaml": [
        ("ST118", 13, 16, "has does not fit 'stage', a single step; use eq or in"),
    ],
    "st119_wrapup.yaml": [
        (
            "ST119",
            46,
            5,
            "the last insurer question 'q_appeal' must be the wrap-up, asked on "
            "every path; remove its when",
        ),
    ],
    "st201_long_sentence.yaml": [
        (
            "ST201",
            33,
            10,
            "sentence of 29 words (over 25): 'Some plans pay for massage only'...; split it",
        ),
    ],
    "st202_optional.yaml": [
        (
            "ST202",
            23,
            15,
            "optional has no effect on a yesno step; only number, money, date and "
            "text can be skipped",
        ),
    ],
    "st203_info_title.yaml": [
        ("ST203", 26, 9, "info step 'info' has no title; add a short heading of a few words"),
    ],
    "st204_long_title.yaml": [
        (
            "ST204",
            28,
            12,
            "title of 9 words (over 6); keep the heading short and put the rest in text",
        ),
    ],
}


def found(problems: list[Problem]) -> Expected:
    return [(p.code, p.line, p.col, p.message) for p in problems]


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_reports_exactly_its_problem(name: str) -> None:
    assert found(check_file(FIXTURES / name)) == CASES[name]


def test_every_code_has_a_fixture() -> None:
    codes = {code for expected in CASES.values() for code, *_ in expected}
    documented = set(
        re.findall(
            r"^\| (ST\d{3}) \|",
            (Path(__file__).parents[1] / "docs" / "flow-format.md").read_text(),
            re.M,
        )
    )
    assert documented == {
        *(f"ST{n}" for n in (100, 101, 102, 103)),
        *(f"ST{n}" for n in range(110, 120)),
        "ST201",
        "ST202",
        "ST203",
        "ST204",
    }
    assert codes == documented


def test_fixture_file_names_match_their_code() -> None:
    for name, expected in CASES.items():
        assert name[:5].upper() == expected[0][0]


def test_several_schema_errors_are_all_reported() -> None:
    assert found(check_file(FIXTURES / "several_schema_errors.yaml")) == [
        ("ST103", 16, 5, "step 'denial_date' is missing required field 'text'"),
        (
            "ST101",
            21,
            11,
            "'dropdown' is not a valid type; use one of single, multi, yesno, "
            "number, money, date, text, info, results",
        ),
        ("ST102", 24, 5, "unknown key 'nxt' in step 'plan_type'; did you mean 'next'?"),
        ("ST101", 37, 16, "eq takes [step_id, value], not a list of 1"),
    ]


def test_several_structural_errors_and_a_warning_are_all_reported() -> None:
    problems = check_file(FIXTURES / "several_errors.yaml")
    assert found(problems) == [
        (
            "ST115",
            13,
            21,
            "the condition reads 'plan_type', which no path asks before step 'stage'",
        ),
        ("ST111", 15, 15, "goto: no step has id 'plan_typ'; did you mean 'plan_type'?"),
        ("ST112", 26, 9, "no path reaches step 'referral': no reachable step goes to it"),
        (
            "ST202",
            28,
            15,
            "optional has no effect on a yesno step; only number, money, date "
            "and text can be skipped",
        ),
        ("ST118", 44, 12, "has does not fit 'stage', a single step; use eq or in"),
    ]
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    assert [p.severity for p in problems].count("warning") == 1


def test_problem_prints_as_path_line_col_code_message() -> None:
    problem = Problem("data/steps.yaml", 12, 7, "ST111", "goto: no step has id 'x'")
    assert str(problem) == "data/steps.yaml:12:7: ST111 goto: no step has id 'x'"
    assert problem.severity == "error"


def test_warnings_have_warning_severity() -> None:
    (problem,) = check_file(FIXTURES / "st202_optional.yaml")
    assert problem.severity == "warning" and not problem.is_error
    assert str(problem).startswith(f"{FIXTURES / 'st202_optional.yaml'}:23:15: ST202 ")


def test_mini_fixture_is_clean() -> None:
    assert check_file(FIXTURES / "mini.yaml") == []


def test_load_flow_raises_with_every_error_but_not_for_warnings() -> None:
    with pytest.raises(FlowFileError) as caught:
        load_flow(FIXTURES / "several_errors.yaml")
    assert len(caught.value.problems) == 4
    assert all(" ST2" not in line for line in caught.value.problems)
    assert caught.value.problems[0] == (
        f"{FIXTURES / 'several_errors.yaml'}:13:21: ST115 the condition reads 'plan_type', "
        "which no path asks before step 'stage'"
    )
    flow = load_flow(FIXTURES / "st202_optional.yaml")  # warnings only: loads
    assert flow.tree.start == "stage"


def test_load_flow_checks_a_file_again_only_when_it_changed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "steps.yaml"
    path.write_bytes((FIXTURES / "st202_optional.yaml").read_bytes())
    first = load_flow(path)
    assert load_flow(path) is first  # the same file: the flow already checked
    assert sum("ST202" in r.getMessage() for r in caplog.records) == 2  # warned each time
    path.write_bytes((FIXTURES / "several_errors.yaml").read_bytes())
    with pytest.raises(FlowFileError):
        load_flow(path)  # changed on disk: checked again, and refused
    path.write_bytes((FIXTURES / "st202_optional.yaml").read_bytes())
    assert load_flow(path).tree == first.tree


def test_load_flow_on_a_missing_file() -> None:
    with pytest.raises(FlowFileError) as caught:
        load_flow(FIXTURES / "no_such_file.yaml")
    (line,) = caught.value.problems
    assert line.endswith(":1:1: ST100 cannot read the flow file: No such file or directory")
    with pytest.raises(FileNotFoundError):
        check_file(FIXTURES / "no_such_file.yaml")


def test_yaml_12_booleans_only() -> None:
    doc = read_yaml("a: yes\nb: no\nc: on\nd: off\ne: true\nf: False\ng: 2026-03-01\nh: 010\n")
    assert doc.data == {
        "a": "yes",
        "b": "no",
        "c": "on",
        "d": "off",
        "e": True,
        "f": False,
        "g": "2026-03-01",
        "h": 10,
    }


def test_positions_of_values_and_keys_are_one_based() -> None:
    doc = read_yaml("top:\n  - id: a\n    when: {eq: [a, b]}\n")
    assert doc.positions.value(("top", 0, "id")) == (2, 9)
    assert doc.positions.key(("top", 0, "id")) == (2, 5)
    assert doc.positions.value(("top", 0, "when", "eq", 1)) == (3, 20)
    assert doc.positions.key(("top", 0, "when", "eq")) == (3, 12)
    assert doc.positions.value(("top", 0, "missing", 3)) == (2, 5)  # nearest ancestor


def variant(old: str, new: str) -> list[tuple[str, int, int, str]]:
    assert BASE.count(old) == 1
    return found(check_text(BASE.replace(old, new), "mini.yaml").problems)


def test_bad_condition_gives_one_message_not_one_per_union_branch() -> None:
    assert variant(
        "when: {eq: [stage, denied]}\n        goto",
        "when: {not: {any: [{eq: [stage, 5]}, {equals: x}]}}\n        goto",
    ) == [
        ("ST101", 12, 41, 'a choice value must be text, not the number 5; put it in quotes: "5"'),
        (
            "ST102",
            12,
            47,
            "unknown condition operator 'equals'; use one of eq, in, has, answered, not, all, any",
        ),
    ]


def test_next_union_reports_only_the_branch_that_applies() -> None:
    assert variant("    next: intro\n", "    next: Intro\n") == [
        (
            "ST101",
            25,
            11,
            "'Intro' is not a valid id: use lowercase letters, digits and _, "
            "starting with a letter",
        ),
    ]
    assert variant("    next: intro\n", "    next: {goto: intro}\n") == [
        ("ST101", 25, 11, "next must be a step id or a list of rules, not a mapping"),
    ]


def test_type_dependent_fields() -> None:
    choices = "    type: yesno\n    choices: [{value: a, label: A}]\n"
    assert variant("    type: yesno\n", choices) == [
        (
            "ST101",
            23,
            14,
            "choices are only for single and multi steps (yesno has yes, no and not_sure built in)",
        ),
    ]
    assert variant("    why: Work plans follow federal rules.\n", "") == [
        (
            "ST103",
            21,
            5,
            "step 'plan_type' is missing required field 'why' (every question says why we ask)",
        ),
    ]


UNPRODUCED = (
    "ST117",
    47,
    5,
    "no complete path produces checklist item 'work_plan': its when "
    "never holds at the end of a path",
)


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (
            "{eq: [plan_type, maybe]}",
            [
                UNPRODUCED,
                (
                    "ST116",
                    47,
                    28,
                    "'maybe' is not a choice of step 'plan_type' (choices: yes, no, not_sure)",
                ),
            ],
        ),
        (
            '{has: [plan_type, "yes"]}',
            [
                UNPRODUCED,
                ("ST118", 47, 12, "has does not fit 'plan_type', a yesno step; use eq or in"),
            ],
        ),
        (
            '{eq: [denial_date, "yes"]}',
            [
                UNPRODUCED,
                (
                    "ST118",
                    47,
                    12,
                    "eq does not fit 'denial_date', a date step; only answered can read it",
                ),
            ],
        ),
        (
            "{answered: intro}",
            [
                (
                    "ST115",
                    47,
                    22,
                    "the condition reads 'intro', an info step, which never has an answer",
                ),
            ],
        ),
        (
            "{answered: plan_typo}",
            [
                UNPRODUCED,
                (
                    "ST115",
                    47,
                    22,
                    "the condition reads 'plan_typo', but no step has that id; did "
                    "you mean 'plan_type'?",
                ),
            ],
        ),
    ],
)
def test_condition_reads_in_a_checklist_item(new: str, expected: Expected) -> None:
    assert variant('{eq: [plan_type, "yes"]}', new) == expected


def test_rule_may_read_its_own_step_but_not_a_sibling_branch() -> None:
    own = (
        "    next:\n      - when: {answered: denial_date}\n        goto: plan_type\n"
        "      - goto: plan_type\n  - id: plan_type"
    )
    assert variant("    next: plan_type\n  - id: plan_type", own) == []
    sibling = (
        "      - when: {answered: denial_date}\n        goto: plan_type\n      - goto: plan_type\n"
    )
    assert variant("      - goto: plan_type\n", sibling) == [
        (
            "ST115",
            14,
            26,
            "the condition reads 'denial_date', which no path asks before step 'stage'",
        ),
    ]


def test_wrap_up_must_be_the_wrap_up() -> None:
    assert variant(
        "Write down the rep's name, the date and a reference number.", "Ask what the plan pays."
    ) == [
        (
            "ST119",
            50,
            11,
            "the last insurer question 'q_wrapup' must be the wrap-up: write "
            "down the rep's name, the date and a reference number",
        ),
    ]


def test_sentences_split_on_end_punctuation() -> None:
    assert list(sentences("Call them. Is it $12.50? Yes! Done")) == [
        "Call them",
        "Is it $12.50",
        "Yes",
        "Done",
    ]


def test_graph_ancestors_and_cycles() -> None:
    flow = load_flow(FIXTURES / "mini.yaml")
    graph = StepGraph(flow.tree)
    assert graph.ancestors("plan_type") == {"stage", "denial_date"}
    assert graph.reachable == {s.id for s in flow.tree.steps}
    assert graph.cycles() == []


def test_unproduced_falls_back_to_samples_past_the_cap() -> None:
    flow = load_flow(FIXTURES / "mini.yaml")
    # depth first, the first complete path is stage=planning, plan_type=yes
    late = All(all=(Eq(eq=("stage", "planning")), Eq(eq=("plan_type", "no"))))
    items: list[tuple[str, Condition | None]] = [
        ("late", late),
        ("first", Eq(eq=("plan_type", "yes"))),
        ("never", Eq(eq=("stage", "filed"))),
        ("always", None),
    ]
    assert unproduced(flow, items) == ["never"]
    assert unproduced(flow, items, cap=1, samples=50) == ["never"]
    assert unproduced(flow, items, cap=1, samples=0) == ["late", "never"]


def test_real_flow_file_has_no_errors() -> None:
    if not DEFAULT_PATH.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{DEFAULT_PATH} is missing")
        pytest.skip("data/steps.yaml not written yet")
    errors = [str(p) for p in check_file(DEFAULT_PATH) if p.is_error]
    assert errors == []


def test_item_reading_an_unreachable_step() -> None:
    extra = (
        "  - id: lonely\n    type: yesno\n    text: Are you alone?\n    why: Just asking.\n"
        "    next: results\n  - id: results\n"
    )
    text = BASE.replace("  - id: results\n", extra).replace(
        '{eq: [plan_type, "yes"]}', '{eq: [lonely, "yes"]}'
    )
    assert found(check_text(text, "mini.yaml").problems) == [
        ("ST112", 30, 9, "no path reaches step 'lonely': no reachable step goes to it"),
        (
            "ST117",
            52,
            5,
            "no complete path produces checklist item 'work_plan': its when never "
            "holds at the end of a path",
        ),
        ("ST115", 52, 17, "the condition reads 'lonely', which no path asks"),
    ]


def mutations(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    out = []
    for k in range(len(lines)):
        out.append("".join(lines[:k] + lines[k + 1 :]))  # drop a line
        out.append("".join(lines[:k] + [lines[k], lines[k]] + lines[k + 1 :]))  # repeat it
        if k + 1 < len(lines):  # swap with the next line
            out.append("".join(lines[:k] + [lines[k + 1], lines[k]] + lines[k + 2 :]))
    return out


@pytest.mark.parametrize("name", ["mini.yaml", "engine_branchy.yaml"])
def test_checker_never_crashes_on_damaged_files(name: str) -> None:
    for text in mutations((FIXTURES / name).read_text(encoding="utf-8")):
        result = check_text(text, name)
        assert (result.flow is None) == bool(result.errors)
        assert all(p.line >= 1 and p.col >= 1 for p in result.problems)
        if result.flow is not None:
            for path in iter_paths(result.flow):
                assert result.flow.step(path.end).type == "results"
