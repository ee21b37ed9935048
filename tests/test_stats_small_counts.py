"""Counts under 5 stay hidden after any split (by language, by day, answered / stopped):
no hidden count can be worked out from the ones shown beside it."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.services.stats import (
    SMALL,
    SMALL_TEXT,
    StepRow,
    aggregate,
    shown_row,
    shown_split,
    stop_bars,
)


def test_a_lone_small_cell_takes_the_next_smallest_with_it() -> None:
    assert shown_split({"en": 9, "es": 3}) == {"en": SMALL_TEXT, "es": SMALL_TEXT}
    assert shown_split({"en": 9, "es": 3, "fr": 7}) == {
        "en": "9",
        "es": SMALL_TEXT,
        "fr": SMALL_TEXT,
    }
    assert shown_split({"en": 9, "es": 6}) == {"en": "9", "es": "6"}
    assert shown_split({"en": 2, "es": 1}) == {"en": SMALL_TEXT, "es": SMALL_TEXT}
    assert shown_split({"en": 2}) == {"en": SMALL_TEXT}


def test_a_split_by_day_hides_the_small_days() -> None:
    start = date(2026, 3, 1)
    week = {
        (start + timedelta(days=i)).isoformat(): n for i, n in enumerate([8, 2, 9, 6, 7, 5, 11])
    }
    shown = shown_split(week)
    assert shown["2026-03-02"] == SMALL_TEXT
    assert sum(text == SMALL_TEXT for text in shown.values()) == 2, "one more hides with it"
    assert shown["2026-03-06"] == SMALL_TEXT, "the next smallest (5) is the one"


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 40), min_size=1))
def test_no_hidden_cell_can_be_worked_out(cells: dict[str, int]) -> None:
    shown = shown_split(cells)
    hidden = [k for k, text in shown.items() if text == SMALL_TEXT]
    assert all(shown[k] == SMALL_TEXT for k, n in cells.items() if n < SMALL)
    if len(cells) > 1:
        assert len(hidden) != 1, "a single hidden cell is the total minus the others"


def test_a_step_row_never_shows_answered_beside_a_hidden_stopped() -> None:
    row = StepRow("stage", "Where are you?", reached=12, answered=9, stopped=3, median_bucket=None)
    assert shown_row(row) == {"reached": "12", "answered": SMALL_TEXT, "stopped": SMALL_TEXT}
    funnel = aggregate({("reached", "stage"): 12, ("answered", "stage"): 9}, ["stage"])
    bar = stop_bars(funnel)[0]
    assert bar.text == SMALL_TEXT and bar.width == 0
