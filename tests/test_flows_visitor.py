"""The shared condition fold: every operator handled, paths right, walkers agreeing."""

from __future__ import annotations

import typing
from collections.abc import Sequence

import pytest

from app.flows.conditions import compile_condition
from app.flows.coverage import compile3
from app.flows.mermaid import describe
from app.flows.options import values_read
from app.flows.reads import leaves
from app.flows.schema import All, Answered, AnyOf, Condition, Eq, Has, In, Not, parse_tree
from app.flows.visitor import ConditionFold, condition_steps
from app.flows.yaml_positions import PathKey

SAMPLES: dict[type, dict[str, object]] = {
    Eq: {"eq": ["a", "x"]},
    In: {"in": ["a", ["x", "y"]]},
    Has: {"has": ["b", "z"]},
    Answered: {"answered": "c"},
    Not: {"not": {"eq": ["a", "x"]}},
    All: {"all": [{"eq": ["a", "x"]}, {"has": ["b", "z"]}]},
    AnyOf: {"any": [{"eq": ["a", "x"]}, {"answered": "c"}]},
}


def cond(data: object) -> Condition:
    tree = parse_tree(
        {
            "version": 1,
            "start": "s",
            "steps": [{"id": "s", "type": "results", "text": "Done."}],
            "checklist": [{"id": "c", "stage": "before", "text": "T.", "why": "W.", "when": data}],
            "questions": [{"id": "q", "text": "T.", "why": "W."}],
        }
    )
    when = tree.checklist[0].when
    assert when is not None
    return when


class Paths(ConditionFold[list[str]]):
    """Records each node's operator and path, parents first."""

    def eq(self, step: str, value: str, path: PathKey) -> list[str]:
        return [f"eq {step} {path}"]

    def in_(self, step: str, values: tuple[str, ...], path: PathKey) -> list[str]:
        return [f"in {step} {path}"]

    def has(self, step: str, value: str, path: PathKey) -> list[str]:
        return [f"has {step} {path}"]

    def answered(self, step: str, path: PathKey) -> list[str]:
        return [f"answered {step} {path}"]

    def not_(self, inner: list[str], path: PathKey) -> list[str]:
        return [f"not {path}", *inner]

    def all_(self, parts: Sequence[list[str]], path: PathKey) -> list[str]:
        return [f"all {path}", *(x for p in parts for x in p)]

    def any_(self, parts: Sequence[list[str]], path: PathKey) -> list[str]:
        return [f"any {path}", *(x for p in parts for x in p)]


def test_every_operator_in_the_union_is_visited() -> None:
    assert set(typing.get_args(Condition)) == set(SAMPLES)
    for data in SAMPLES.values():
        assert Paths().visit(cond(data))


def test_a_fold_missing_an_operator_cannot_be_made() -> None:
    class Partial(ConditionFold[int]):
        def eq(self, step: str, value: str, path: PathKey) -> int:
            return 1

    with pytest.raises(TypeError, match="abstract"):
        Partial()  # type: ignore[abstract]


def test_paths_follow_the_yaml_keys() -> None:
    c = cond({"all": [{"not": {"eq": ["a", "x"]}}, {"any": [{"answered": "c"}]}]})
    assert Paths().visit(c, ("root",)) == [
        "all ('root',)",
        "not ('root', 'all', 0)",
        "eq a ('root', 'all', 0, 'not')",
        "any ('root', 'all', 1)",
        "answered c ('root', 'all', 1, 'any', 0)",
    ]
    found = [(leaf.op, leaf.ref_path, leaf.values) for leaf in leaves(c, ("root",))]
    assert found == [
        ("eq", ("root", "all", 0, "not", "eq", 0), (("x", ("root", "all", 0, "not", "eq", 1)),)),
        ("answered", ("root", "all", 1, "any", 0, "answered"), ()),
    ]


@pytest.mark.parametrize(
    ("data", "steps"),
    [
        (SAMPLES[All], {"a", "b"}),
        (SAMPLES[AnyOf], {"a", "c"}),
        ({"not": {"in": ["d", ["x"]]}}, {"d"}),
    ],
)
def test_condition_steps(data: object, steps: set[str]) -> None:
    assert condition_steps(cond(data)) == steps


def test_compiled_checks_and_three_valued_checks_agree() -> None:
    c = cond(
        {
            "any": [
                {"all": [{"eq": ["a", "x"]}, {"not": {"has": ["b", "z"]}}]},
                {"in": ["e", ["p", "q"]]},
            ]
        }
    )
    check, check3 = compile_condition(c), compile3(c)
    answers: list[dict[str, str | list[str]]] = [
        {},
        {"a": "x"},
        {"a": "x", "b": ["z"]},
        {"a": "x", "b": ["y"]},
        {"e": "q"},
        {"e": "r"},
    ]
    for a in answers:
        assert check3(a, set()) is check(a)
    assert check3({"a": "x"}, {"b", "e"}) is None
    assert check3({"a": "x", "b": ["y"]}, {"e"}) is True
    assert check3({"a": "y"}, {"b", "e"}) is None
    assert check3({"a": "y"}, {"b"}) is False
    assert check3({"a": "y", "e": "r"}, {"b"}) is False


def test_describe_brackets_only_nested_groups() -> None:
    c = cond(
        {
            "all": [
                {"any": [{"eq": ["a", "x"]}, {"has": ["b", "z"]}]},
                {"not": {"answered": "c"}},
                {"not": {"in": ["d", ["p", "q"]]}},
            ]
        }
    )
    assert describe(c) == "(a = x or b includes z) and c skipped and not (d = p or q)"
    assert describe(c, nested=True) == f"({describe(c)})"
    assert describe(cond({"all": [{"not": {"eq": ["a", "x"]}}]}), nested=True) == "a ≠ x"


def test_values_read_collects_compared_values() -> None:
    c = cond({"all": [SAMPLES[In], SAMPLES[Has], SAMPLES[Answered]]})
    tree = parse_tree(
        {
            "version": 1,
            "start": "s",
            "steps": [{"id": "s", "type": "results", "text": "Done."}],
            "checklist": [
                {
                    "id": "c",
                    "stage": "before",
                    "text": "T.",
                    "why": "W.",
                    "when": c.model_dump(by_alias=True),
                }
            ],
            "questions": [{"id": "q", "text": "T.", "why": "W."}],
        }
    )
    assert values_read(tree) == {"a": {"x", "y"}, "b": {"z"}}
    assert values_read(tree, routing_only=True) == {}
