"""The one formatting module in Spanish (US): money and dates through Babel's es_US, answer
words from the catalog; the English functions and their outputs unchanged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from conftest import MINI_FLOW as MINI

from app.flows.loader import load_flow
from app.flows.schema import Step, StepType
from app.present import format as fmt
from app.present.format import (
    Words,
    answer_text,
    choices,
    format_full_date,
    format_iso_long_date,
    format_long_date,
    format_money,
    format_money_range,
    format_stage_title,
    words,
)

DAY = date(2026, 3, 5)


def test_english_outputs_are_unchanged() -> None:
    assert fmt.money("1200") == "$1,200.00"
    assert fmt.full_date(DAY) == "Thursday, March 5, 2026"
    assert fmt.long_date(DAY) == "March 5, 2026"
    assert fmt.money_range(Decimal(100), Decimal(200)) == "$100.00 to $200.00"
    assert fmt.stage_title("denied") == "If your claim was denied"
    assert fmt.stage_title("nonsense") == "What to do"
    for lang in ("en", "EN", "en-US", "fr", ""):
        assert format_money("1200", lang) == "$1,200.00"
        assert format_full_date(DAY, lang) == "Thursday, March 5, 2026"
        assert format_long_date(DAY, lang) == "March 5, 2026"
        assert format_money_range(Decimal(100), Decimal(200), lang) == "$100.00 to $200.00"


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("1200", "$1,200.00"),  # as on US bills and EOBs, not Spain's "1.200,00 US$"
        (Decimal("85.5"), "$85.50"),
        (0, "$0.00"),
        ("1234567.891", "$1,234,567.89"),
        (Decimal("-5.5"), "-$5.50"),
        ("about 80", "about 80"),  # not an amount: as it is
        ("NaN", "NaN"),
    ],
)
def test_spanish_money(amount: Decimal | int | str, shown: str) -> None:
    assert format_money(amount, "es") == shown


def test_spanish_dates_name_the_month() -> None:
    assert format_long_date(DAY, "es") == "5 de marzo de 2026"
    assert format_full_date(DAY, "es") == "jueves, 5 de marzo de 2026"
    assert format_iso_long_date("2026-12-01", "es-US") == "1 de diciembre de 2026"
    assert format_iso_long_date("soon", "es") == "soon"


def test_spanish_ranges_and_titles() -> None:
    assert format_money_range(Decimal(200), Decimal(100), "es") == "$100.00 a $200.00"
    assert format_money_range(Decimal(100), Decimal(100), "es") == "$100.00"
    assert format_stage_title("before", "es") == "Antes de sus citas"
    assert format_stage_title("denied", "es") == "Si le negaron su reclamo (claim)"
    assert format_stage_title("nonsense", "es") == "Qué hacer"


def step(kind: StepType, **extra: object) -> Step:
    return Step.model_validate({"id": "s", "type": kind.value, "text": "Q?", **extra})


def test_words_in_spanish() -> None:
    spanish = Words("es")
    assert spanish.lang == "es"
    assert spanish.yesno("yes") == "Sí"
    assert spanish.yesno("not_sure") == "No sé"
    assert spanish.yesno("other") == "other"
    assert spanish.money("1200") == "$1,200.00"
    assert spanish.date("2026-03-05") == "5 de marzo de 2026"
    assert spanish.skipped() == "Sin contestar"
    assert spanish.not_answered() == "Sin respuesta"
    yesno = step(StepType.yesno)
    assert spanish.answer(yesno, "not_sure") == "No sé"
    assert spanish.answer(yesno, []) == "Sin respuesta"
    assert spanish.answer(step(StepType.money), "80") == "$80.00"
    assert spanish.choices(yesno) == [("yes", "Sí"), ("no", "No"), ("not_sure", "No sé")]
    assert words("es") is words("es")


def test_words_in_english_match_the_english_functions() -> None:
    flow = load_flow(MINI)
    english = Words("en")
    for current in flow.tree.steps:
        assert english.choices(current) == choices(current)
        for value in (*current.choice_values, "2026-03-05", []):
            assert english.answer(current, value) == answer_text(current, value)
