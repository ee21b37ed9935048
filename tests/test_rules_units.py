"""Billing units: CMS table bands, the five CMS allocation examples, the per-code rule."""

from __future__ import annotations

import pytest

from app.rules import sources
from app.rules.units import (
    KNOWN_CODES,
    PRODUCT_CODES,
    UnknownCodeError,
    compare_methods,
    compute_units,
    units_cms,
    units_for_minutes,
    units_per_code,
)


def by_code(result):
    return {line.code: line.units for line in result.lines}


# domain.md §1.2, CMS unit table, every band edge, and "past two hours".
@pytest.mark.parametrize(
    ("minutes", "units"),
    [
        (0, 0),
        (1, 0),
        (7, 0),
        (8, 1),
        (15, 1),
        (22, 1),
        (23, 2),
        (30, 2),
        (37, 2),
        (38, 3),
        (52, 3),
        (53, 4),
        (60, 4),
        (67, 4),
        (68, 5),
        (82, 5),
        (83, 6),
        (97, 6),
        (98, 7),
        (112, 7),
        (113, 8),
        (120, 8),
        (127, 8),
        (128, 9),
        (142, 9),
        (143, 10),
        (150, 10),
        (157, 10),
        (158, 11),
    ],
)
def test_unit_table_bands(minutes, units):
    assert units_for_minutes(minutes) == units
    assert units_cms([("97124", minutes)]).total_units == units
    assert units_per_code([("97124", minutes)]).total_units == units


def test_closed_form_matches_the_manual_sentences():
    for t in range(0, 600):
        assert units_for_minutes(t) == t // 15 + (1 if t % 15 >= 8 else 0)


def test_negative_minutes_refused():
    with pytest.raises(ValueError, match="negative"):
        units_for_minutes(-1)
    with pytest.raises(ValueError, match="0 or more"):
        units_cms([("97124", -5)])


# domain.md §1.2, CMS worked examples 1-5 (Pub. 100-04 ch. 5 §20.2).
@pytest.mark.parametrize(
    ("lines", "total", "expected"),
    [
        ([("97112", 24), ("97110", 23)], 3, {"97112": 2, "97110": 1}),
        ([("97110", 33), ("97140", 7)], 3, {"97110": 2, "97140": 1}),
        (
            [("97110", 18), ("97140", 13), ("97116", 10), ("97035", 8)],
            3,
            {"97110": 1, "97140": 1, "97116": 1, "97035": 0},
        ),
    ],
    ids=["example1", "example3", "example4"],
)
def test_cms_examples_with_one_answer(lines, total, expected):
    result = units_cms(lines)
    assert result.total_units == total
    assert by_code(result) == expected
    assert result.total_minutes == sum(m for _, m in lines)


def test_cms_example2_two_of_either_never_three():
    result = units_cms([("97112", 20), ("97110", 20)])
    assert result.total_units == 3
    assert sorted(by_code(result).values()) == [1, 2]


def test_cms_example5_one_unit_of_any_one():
    result = units_cms([("97112", 7), ("97110", 7), ("97140", 7)])
    assert result.total_minutes == 21
    assert result.total_units == 1
    assert sorted(by_code(result).values()) == [0, 0, 1]


def test_two_short_services_make_one_unit_for_the_longer():
    # "...total time of the two is 8 minutes or greater, then bill one unit for the service
    # performed for the most minutes."
    assert by_code(units_cms([("97140", 3), ("97124", 5)])) == {"97140": 0, "97124": 1}


def test_cms_under_eight_total_is_zero_with_note():
    result = units_cms([("97124", 7)])
    assert result.total_units == 0
    assert any("Under 8 minutes" in n for n in map(str, result.notes))


# domain.md §1.3: per code, a code under 8 minutes gets 0 even if the total is 8 or more.
@pytest.mark.parametrize(
    ("lines", "expected", "total"),
    [
        ([("97112", 7), ("97110", 7), ("97140", 7)], {"97112": 0, "97110": 0, "97140": 0}, 0),
        ([("97110", 33), ("97140", 7)], {"97110": 2, "97140": 0}, 2),
        ([("97112", 24), ("97110", 23)], {"97112": 2, "97110": 2}, 4),
        ([("97124", 60)], {"97124": 4}, 4),
    ],
)
def test_per_code(lines, expected, total):
    result = units_per_code(lines)
    assert by_code(result) == expected
    assert result.total_units == total
    assert result.citation == sources.CITE_UNITS_PER_CODE


def test_97139_is_untimed_one_unit_with_written_description_note():
    for method in ("cms", "per_code"):
        result = compute_units(method, [("97124", 30), ("97139", 20)])
        assert result.total_minutes == 30  # 97139 kept out of the timed total
        assert by_code(result) == {"97124": 2, "97139": 1}
        assert result.total_units == 3
        assert result.timed_units == 2
        assert any("written description" in n for n in map(str, result.notes))
        assert [line.timed for line in result.lines] == [True, False]


def test_97139_does_not_lift_timed_minutes_over_eight():
    # 5 timed minutes + 97139 must not reach the 8-minute threshold together.
    assert by_code(units_cms([("97140", 5), ("97139", 10)])) == {"97140": 0, "97139": 1}


def test_unknown_code_is_a_clear_error():
    with pytest.raises(UnknownCodeError, match="12345 is not a code we know"):
        units_cms([("12345", 30)])
    with pytest.raises(UnknownCodeError, match="97124"):
        units_per_code([("", 30)])


def test_known_codes_cover_the_product_and_cms_examples():
    assert set(PRODUCT_CODES) <= set(KNOWN_CODES)
    assert {"97116", "97035"} <= set(KNOWN_CODES)


def test_repeated_code_is_merged_into_one_line():
    result = units_cms([("97124", 5), ("97124", 5)])
    assert [(x.code, x.minutes, x.units) for x in result.lines] == [("97124", 10, 1)]
    assert any("listed twice" in n for n in map(str, result.notes))


def test_compare_says_what_to_ask_when_methods_differ():
    both = compare_methods([("97112", 7), ("97110", 7), ("97140", 7)])
    assert not both.same
    assert (both.cms.total_units, both.per_code.total_units) == (1, 0)
    assert "Ask your insurer" in str(both.notes[0])
    assert "8-minute rule" in str(both.notes[0])


def test_compare_says_no_need_to_ask_when_same():
    both = compare_methods([("97124", 60)])
    assert both.same
    assert "do not need to ask" in str(both.notes[0])


def test_modifier_flag_for_97140_with_97530():
    result = units_cms([("97140", 15), ("97530", 15)])
    assert any("modifier" in n for n in map(str, result.notes))


def test_citations_in_results():
    assert units_cms([("97124", 30)]).citation == sources.CITE_UNITS_CMS
    assert any(sources.CITE_UNITS_CMS in n for n in map(str, units_cms([("97124", 30)]).notes))
