"""Typed numbers and dates read as a person means them, bounded before parsing."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.flows.answers import AnswerError, UnclearAnswer, clean_answer
from app.flows.engine import SKIPPED
from app.flows.schema import Step, StepType
from app.flows.types.base import CONFIRMED
from app.flows.types.typed_date import read_date
from app.flows.types.typed_number import read_number


def step(kind: str, step_id: str = "s", **fields: Any) -> Step:
    return Step(id=step_id, type=StepType(kind), text="Question?", why="Because.", **fields)


MONEY = step("money")
MINUTES = step("number", "session_minutes", min=1, max=240)
VISITS = step("number", "visits_planned", min=1, max=100)
PERCENT = step("number", "coinsurance_percent", min=0, max=100, optional=True)
WHEN = step("date")


@pytest.mark.parametrize(
    ("typed", "readings"),
    [
        ("45", ["45"]),
        ("  45 ", ["45"]),
        ("$120", ["120"]),
        ("$ 120.50", ["120.50"]),
        ("1,200", ["1200"]),
        ("1,200.50", ["1200.50"]),
        ("1 200", ["1200"]),
        ("1.200,50", ["1200.50"]),
        ("1.200.000", ["1200000"]),
        ("12,50", ["12.50"]),
        ("1,5", ["1.5"]),
        ("0.500", ["0.500"]),
        (".5", [".5"]),
        ("45.", ["45"]),
        ("40%", ["40"]),
        ("40 percent", ["40"]),
        ("-5", ["-5"]),
        ("1.200", ["1.200", "1200"]),
        ("12.345", ["12.345", "12345"]),
    ],
)
def test_numbers_are_read_as_meant(typed: str, readings: list[str]) -> None:
    assert list(read_number(typed).readings) == [Decimal(r) for r in readings]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1e-999999", "Please enter a number, like 45."),
        ("1E5", "Please enter a number, like 45."),
        ("NaN", "Please enter a number, like 45."),
        ("Infinity", "Please enter a number, like 45."),
        ("1_000", "Please enter a number, like 45."),
        ("lots", "Please enter a number, like 45."),
        ("1 2 3", "Please enter a number, like 45."),
        ("9" * 13, "That number is too long. Please check it."),
        ("1" + "0" * 40, "That number is too long. Please check it."),
        ("1,2345", "Please check the commas and points, like 1,200 or 45.50."),
    ],
)
def test_numbers_are_bounded_before_they_are_parsed(typed: str, message: str) -> None:
    with pytest.raises(AnswerError) as caught:
        read_number(typed)
    assert str(caught.value) == message


def test_a_huge_exponent_is_refused_at_once_and_never_stored() -> None:
    """Before: Decimal("1e-999999") passed min 0 and was stored as a megabyte of zeros."""
    began = time.perf_counter()
    for raw in ("1e-999999", "1e999999", "0." + "0" * 100 + "1"):
        with pytest.raises(AnswerError):
            clean_answer(PERCENT, raw)
        with pytest.raises(AnswerError):
            clean_answer(MONEY, raw)
    assert time.perf_counter() - began < 0.1


@pytest.mark.parametrize(
    ("target", "typed", "stored"),
    [
        (MONEY, "$120", "120.00"),
        (MONEY, "1,200", "1200.00"),
        (MONEY, "12,50", "12.50"),
        (MONEY, "1.200,50", "1200.50"),
        (MINUTES, "60", "60"),
        (MINUTES, "60.0", "60"),
        (VISITS, "10", "10"),
        (PERCENT, "40%", "40"),
        (PERCENT, "40", "40"),
        (PERCENT, "12.5 %", "12.5"),
        (PERCENT, "0", "0"),
        (PERCENT, "", SKIPPED),
    ],
)
def test_clean_reads_what_was_meant(target: Step, typed: str, stored: str) -> None:
    assert clean_answer(target, typed) == stored


@pytest.mark.parametrize(
    ("target", "typed", "message"),
    [
        (VISITS, "2.5", "Please enter a whole number, like 4."),
        (MINUTES, "52,5", "Please enter a whole number, like 4."),
        (VISITS, "40%", "Please enter a number without the % sign."),
        (VISITS, "$4", "Please enter a number without the $ sign."),
        (MONEY, "40%", "Please enter an amount in dollars, like 120."),
        (MONEY, "-5", "Please enter an amount that is not negative."),
        (PERCENT, "120%", "Please enter 100 or less."),
        (PERCENT, "12.345%", "Please use at most two decimal places, like 12.5."),
        (MINUTES, "1.500", "Please enter a whole number, like 4."),  # 1.5, or 1500 > 240
    ],
)
def test_clean_refuses_what_cannot_be_meant(target: Step, typed: str, message: str) -> None:
    with pytest.raises(AnswerError) as caught:
        clean_answer(target, typed)
    assert str(caught.value) == message
    assert not isinstance(caught.value, UnclearAnswer)


@pytest.mark.parametrize(
    ("target", "typed", "readings"),
    [
        (MONEY, "1.200", [("1.20", "1.20"), ("1200.00", "1200.00")]),
        (MONEY, "12.345", [("12345.00", "12345.00")]),  # 12.345 has no cents: only one fits
        (VISITS, "1.000", [("1", "1")]),  # 1000 is over the limit: only one fits
        (PERCENT, "0.4", [("40%", "40"), ("0.4%", "0.4")]),
    ],
)
def test_a_number_that_reads_two_ways_is_confirmed_never_stored(
    target: Step, typed: str, readings: list[tuple[str, str]]
) -> None:
    with pytest.raises(UnclearAnswer) as caught:
        clean_answer(target, typed)
    assert list(caught.value.readings) == readings
    for sent, stored in readings:
        assert clean_answer(target, sent) == stored, "what is sent back reads one way only"


def test_a_confirmed_reading_comes_from_the_form() -> None:
    form = {CONFIRMED: "1200.00", "answer": "1.200"}
    assert MONEY.kind.read_form(form) == "1200.00"  # type: ignore[arg-type]
    assert MONEY.kind.read_form({"answer": "1.200"}) == "1.200"  # type: ignore[arg-type]
    skipped = {CONFIRMED: "40%", "skip": "1"}
    assert PERCENT.kind.read_form(skipped) == SKIPPED  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("3/15/2026", date(2026, 3, 15)),
        ("03/15/2026", date(2026, 3, 15)),
        ("3-15-26", date(2026, 3, 15)),
        ("3.15.2026", date(2026, 3, 15)),
        ("3 15 2026", date(2026, 3, 15)),
        ("2026-03-15", date(2026, 3, 15)),
        ("2026-3-5", date(2026, 3, 5)),
        ("March 15, 2026", date(2026, 3, 15)),
        ("mar 15 2026", date(2026, 3, 15)),
        ("Sept. 1, 2026", date(2026, 9, 1)),
        ("15 March 2026", date(2026, 3, 15)),
        ("15th of March 2026", date(2026, 3, 15)),
        ("15/3/2026", date(2026, 3, 15)),  # 15 cannot be a month
        ("Feb 29 2024", date(2024, 2, 29)),
    ],
)
def test_dates_are_read_as_typed(typed: str, day: date) -> None:
    assert read_date(typed) == day


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2/31/2026", "February 2026 has only 28 days. Please check the day."),
        ("February 31, 2026", "February 2026 has only 28 days. Please check the day."),
        ("2/29/2025", "February 2025 has only 28 days. Please check the day."),
        ("4/31/2026", "April 2026 has only 30 days. Please check the day."),
        ("13/13/2026", "Please enter a real date, like 03/15/2026."),
        ("0/10/2026", "Please enter a real date, like 03/15/2026."),
        ("3/0/2026", "Please enter a real date, like 03/15/2026."),
        ("tomorrow", "Please enter a real date, like 03/15/2026."),
        ("Smarch 3 2026", "Please enter a real date, like 03/15/2026."),
        ("3/15/1899", "Please check the year."),
        ("1" * 50, "Please enter a real date, like 03/15/2026."),
    ],
)
def test_impossible_dates_say_what_is_wrong(typed: str, message: str) -> None:
    with pytest.raises(AnswerError) as caught:
        clean_answer(WHEN, typed)
    assert str(caught.value) == message


def test_a_stored_date_is_shown_the_way_the_field_asks_for_it() -> None:
    assert WHEN.kind.as_typed(WHEN, "2026-03-05") == "3/5/2026"
    assert WHEN.kind.as_typed(WHEN, "not a date") == "not a date"
    assert MONEY.kind.as_typed(MONEY, "120.00") == "120.00"


def test_a_percent_step_says_so_beside_the_field() -> None:
    assert PERCENT.kind.field_suffix(PERCENT) == "%"
    assert VISITS.kind.field_suffix(VISITS) is None
    assert WHEN.kind.field_hint(WHEN) == "Month, day and year, like 03/15/2026."
    assert MONEY.kind.field_hint(MONEY) is None
