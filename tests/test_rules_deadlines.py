"""Deadlines: appeal windows, the external-review month-end and holiday rules, decision
clocks, timely filing, Medicare, and a letter that prints a different date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.rules import sources
from app.rules.deadlines import DeadlineInputs, compute_deadlines
from app.rules.holidays_us import (
    add_months_or_month_end,
    add_months_or_next_first,
    federal_holiday,
    is_business_day,
    roll_forward,
)

D = date


def run(**kw):
    return compute_deadlines(DeadlineInputs(**kw))


def ids(report):
    return {d.id: d for d in report.deadlines}


# --- Federal holidays (5 U.S.C. 6103) ---------------------------------------------------


def test_eleven_federal_holidays_a_year_from_the_library():
    names = {federal_holiday(D(2026, 1, 1) + timedelta(days=n)) for n in range(365)}
    base = {n.replace(" (observed)", "") for n in names if n}
    assert len(base) == 11
    assert "Juneteenth National Independence Day" in base


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (D(2021, 6, 18), True),  # first Juneteenth, observed on Friday
        (D(2020, 6, 19), False),  # before Juneteenth became law
        (D(2021, 12, 31), True),  # New Year's Day 2022 (Saturday) observed the Friday before
        (D(2023, 1, 2), True),  # New Year's Day (Sunday) observed the Monday after
        (D(2026, 7, 3), True),  # Independence Day (Saturday) observed Friday
        (D(2021, 1, 20), False),  # Inauguration Day: D.C.-area only, left out
        (D(2024, 12, 24), False),  # Christmas Eve closure by executive order: not 6103
        (D(2025, 11, 11), True),  # Veterans Day
    ],
)
def test_federal_holiday_rules(day, holiday):
    assert (federal_holiday(day) is not None) is holiday


def test_roll_forward_past_weekend_and_holiday():
    assert roll_forward(D(2026, 7, 3)) == D(2026, 7, 6)  # observed Fri, Sat, Sun
    assert roll_forward(D(2026, 3, 4)) == D(2026, 3, 4)
    assert is_business_day(D(2026, 3, 4))


# --- Month arithmetic ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (D(2022, 10, 30), D(2023, 3, 1)),  # the regulation's example: no Feb 30 -> Mar 1
        (D(2022, 10, 29), D(2023, 3, 1)),  # no Feb 29 in 2023
        (D(2023, 10, 29), D(2024, 2, 29)),  # leap year: Feb 29 exists
        (D(2023, 10, 30), D(2024, 3, 1)),
        (D(2023, 10, 31), D(2024, 3, 1)),
        (D(2025, 9, 15), D(2026, 1, 15)),  # across a year end
        (D(2025, 1, 31), D(2025, 5, 31)),
    ],
)
def test_four_months_month_end_rule(start, expected):
    assert add_months_or_next_first(start, 4) == expected


def test_twelve_months_from_leap_day_is_the_earlier_day():
    assert add_months_or_month_end(D(2024, 2, 29), 12) == D(2025, 2, 28)


# --- External review ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("final", "expected"),
    [
        (D(2022, 10, 30), D(2023, 3, 1)),  # the regulation's Oct 30 -> Mar 1 example
        (D(2025, 10, 30), D(2026, 3, 2)),  # Mar 1, 2026 is a Sunday -> Monday
        (D(2023, 10, 29), D(2024, 2, 29)),  # leap year
        (D(2025, 7, 11), D(2025, 11, 12)),  # Veterans Day -> next day
        (D(2026, 2, 19), D(2026, 6, 22)),  # Juneteenth (Fri) -> Monday
        (D(2026, 3, 3), D(2026, 7, 6)),  # observed Independence Day (Fri) -> Monday
        (D(2021, 8, 31), D(2022, 1, 3)),  # New Year's observed Dec 31 -> Jan 3
        (D(2025, 9, 19), D(2026, 1, 20)),  # Martin Luther King Jr. Day -> Tuesday
    ],
)
def test_external_review_date(final, expected):
    report = run(plan_type="employer", final_denial_date=final)
    d = ids(report)["external_review"]
    assert d.date == expected
    assert sources.CITE_EXTERNAL_REVIEW in d.citation
    assert sources.CITE_FEDERAL_HOLIDAYS in d.citation
    assert "60 days" in d.note  # the healthcare.gov conflict is flagged


def test_external_review_roll_note_names_the_holiday():
    d = ids(run(plan_type="employer", final_denial_date=D(2026, 2, 19)))["external_review"]
    assert "Juneteenth" in d.note
    assert "Monday, June 22" in d.note


def test_external_review_shorter_letter_wins_and_later_date_is_never_shown():
    report = run(plan_type="employer", final_denial_date=D(2025, 10, 30), notice_days=60)
    assert [d.id for d in report.deadlines] == ["external_review"]
    d = report.deadlines[0]
    assert d.date == D(2025, 12, 29)
    assert "letter" in d.citation and sources.CITE_EXTERNAL_REVIEW in d.citation


def test_external_review_longer_letter_shown_for_reference():
    got = ids(run(plan_type="individual", final_denial_date=D(2025, 10, 30), notice_days=200))
    assert got["external_review"].date == D(2026, 3, 2)
    assert got["external_review_notice"].date == D(2026, 5, 18)
    assert got["external_review_notice"].advised is False


# --- Internal appeal -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("denial", "expected"),
    [
        (D(2024, 1, 1), D(2024, 6, 29)),  # leap year: Feb 29 counted
        (D(2023, 1, 1), D(2023, 6, 30)),
        (D(2026, 1, 5), D(2026, 7, 4)),
    ],
)
def test_internal_appeal_is_180_days_without_roll_forward(denial, expected):
    d = ids(run(plan_type="employer", denial_date=denial))["internal_appeal"]
    assert d.date == expected
    assert d.citation == sources.CITE_INTERNAL_APPEAL


def test_internal_appeal_on_a_weekend_says_file_earlier():
    d = ids(run(plan_type="employer", denial_date=D(2024, 1, 1)))["internal_appeal"]
    assert "This is a Saturday" in d.note
    assert "file by Friday, June 28" in d.note


def test_internal_appeal_on_holiday_goes_back_past_observed_day():
    d = ids(run(plan_type="employer", denial_date=D(2026, 1, 5)))["internal_appeal"]
    assert "Independence Day" in d.note
    assert "file by Thursday, July 2" in d.note


def test_shorter_notice_is_advised_and_federal_date_kept_for_reference():
    got = ids(run(plan_type="employer", denial_date=D(2026, 1, 5), notice_days=60))
    assert got["internal_appeal"].date == D(2026, 3, 6)
    assert got["internal_appeal"].advised
    assert "less time than the federal rule" in got["internal_appeal"].note
    assert got["internal_appeal_federal"].date == D(2026, 7, 4)
    assert got["internal_appeal_federal"].advised is False


def test_longer_notice_keeps_the_earlier_federal_date_advised():
    got = ids(run(plan_type="employer", denial_date=D(2026, 1, 5), notice_days=365))
    assert got["internal_appeal"].date == D(2026, 7, 4)
    assert got["internal_appeal_notice"].date == D(2027, 1, 5)
    assert not got["internal_appeal_notice"].advised


def test_notice_days_belong_to_the_latest_letter():
    got = ids(
        run(
            plan_type="employer",
            denial_date=D(2026, 1, 5),
            final_denial_date=D(2026, 4, 1),
            notice_days=30,
        )
    )
    # The first appeal was already made: its date is a step taken, never shown again.
    assert "internal_appeal" not in got
    assert got["external_review"].date == D(2026, 5, 1)


def test_appeal_levels_note_by_plan_type():
    assert (
        "one appeal level"
        in ids(run(plan_type="individual", denial_date=D(2026, 1, 5)))["internal_appeal"].note
    )
    assert (
        "two appeal levels"
        in ids(run(plan_type="employer", denial_date=D(2026, 1, 5)))["internal_appeal"].note
    )


# --- Insurer decision clocks -----------------------------------------------------------


@pytest.mark.parametrize(
    ("claim_type", "field", "expected", "cite"),
    [
        ("post_service", "claim_received_date", D(2026, 3, 12), sources.CITE_DECISION_POST),
        ("pre_service", "request_received_date", D(2026, 2, 25), sources.CITE_DECISION_PRE),
        ("urgent", "request_received_date", D(2026, 2, 13), sources.CITE_DECISION_URGENT),
    ],
)
def test_initial_decision(claim_type, field, expected, cite):
    d = ids(run(plan_type="employer", claim_type=claim_type, **{field: D(2026, 2, 10)}))[
        "initial_decision"
    ]
    assert (d.date, d.citation) == (expected, cite)


@pytest.mark.parametrize(
    ("plan", "claim_type", "levels", "expected"),
    [
        ("employer", "post_service", None, D(2026, 4, 30)),
        ("employer", "post_service", 1, D(2026, 4, 30)),
        ("employer", "post_service", 2, D(2026, 3, 31)),
        ("individual", "post_service", 2, D(2026, 4, 30)),  # one level only
        ("employer", "pre_service", None, D(2026, 3, 31)),
        ("employer", "pre_service", 2, D(2026, 3, 16)),
        ("employer", "urgent", 2, D(2026, 3, 4)),
        ("individual", "urgent", None, D(2026, 3, 4)),
    ],
)
def test_appeal_decision(plan, claim_type, levels, expected):
    d = ids(
        run(
            plan_type=plan,
            claim_type=claim_type,
            appeal_levels=levels,
            appeal_received_date=D(2026, 3, 1),
        )
    )["appeal_decision"]
    assert d.date == expected
    levels_cite = (
        sources.CITE_LEVELS_INDIVIDUAL if plan == "individual" else sources.CITE_LEVELS_GROUP
    )
    assert levels_cite in d.citation


def test_unknown_levels_mention_the_per_level_date():
    d = ids(run(plan_type="employer", appeal_received_date=D(2026, 3, 1)))["appeal_decision"]
    assert "March 31, 2026" in d.note


# --- Timely filing -------------------------------------------------------------------------


def test_timely_filing_unknown_limit_is_90_days_with_one_year_note():
    d = ids(run(plan_type="employer", service_date=D(2026, 2, 3)))["timely_filing"]
    assert d.date == D(2026, 5, 4)
    assert "1 year" in d.note and "February 3, 2027" in d.note
    assert d.citation == sources.CITE_FILING_DEFAULT


def test_timely_filing_uses_the_plan_limit():
    d = ids(run(plan_type="employer", service_date=D(2026, 2, 3), filing_limit_days=365))[
        "timely_filing"
    ]
    assert d.date == D(2027, 2, 3)
    assert d.citation == sources.CITE_FILING_PLAN


@pytest.mark.parametrize(
    ("service", "expected"),
    [
        (D(2012, 3, 22), D(2013, 3, 22)),  # Medicare.gov's own example
        (D(2025, 7, 4), D(2026, 7, 6)),  # lands on a Saturday holiday: rolls to Monday
        (D(2024, 2, 29), D(2025, 2, 28)),  # leap day
    ],
)
def test_medicare_timely_filing(service, expected):
    d = ids(run(plan_type="medicare", service_date=service))["timely_filing"]
    assert d.date == expected
    assert sources.CITE_FILING_MEDICARE in d.citation


def test_medicare_gets_its_own_windows_not_erisa():
    got = ids(run(plan_type="medicare", denial_date=D(2026, 1, 5), final_denial_date=D(2026, 3, 1)))
    assert got["medicare_redetermination"].date == D(2026, 5, 5)
    assert got["medicare_redetermination"].citation == sources.CITE_MEDICARE_REDETERMINATION
    assert "internal_appeal" not in got and "external_review" not in got


def test_medicare_advantage_uses_the_earlier_of_letter_and_65_days():
    report = run(plan_type="medicare_advantage", denial_date=D(2026, 1, 5), notice_days=60)
    got = [(d.id, d.date, d.advised) for d in report.deadlines]
    assert got == [
        ("ma_reconsideration", D(2026, 3, 6), True),
        ("ma_reconsideration_federal", D(2026, 3, 11), False),
    ]
    assert any("Medicare's appeal rules" in n for n in report.notes)


def test_medicare_advantage_default_is_65_days_when_the_count_is_skipped():
    [d] = run(plan_type="medicare_advantage", denial_date=D(2026, 1, 5)).deadlines
    assert (d.id, d.date) == ("ma_reconsideration", D(2026, 3, 11))
    assert d.citation == sources.CITE_MA_RECONSIDERATION


def test_medicare_advantage_after_the_plan_decides_nothing_to_file():
    report = run(
        plan_type="medicare_advantage", denial_date=D(2026, 1, 5), final_denial_date=D(2026, 3, 1)
    )
    assert report.deadlines == ()


@pytest.mark.parametrize(
    ("kind", "final", "expected"),
    [
        ("managed", None, ("medicaid_plan_appeal", D(2026, 3, 6))),
        ("not_sure", None, ("medicaid_plan_appeal", D(2026, 3, 6))),
        ("managed", D(2026, 3, 1), ("fair_hearing", D(2026, 6, 29))),
        ("state", None, ("fair_hearing", D(2026, 4, 5))),
    ],
)
def test_medicaid_defaults(kind, final, expected):
    report = run(
        plan_type="medicaid", medicaid_kind=kind, denial_date=D(2026, 1, 5), final_denial_date=final
    )
    assert [(d.id, d.date) for d in report.deadlines] == [expected]


def test_medicaid_has_no_filing_deadline():
    assert run(plan_type="medicaid", service_date=D(2026, 1, 5)).deadlines == ()


def test_second_level_uses_the_letter_and_hides_outside_review():
    got = ids(
        run(
            plan_type="employer",
            denial_date=D(2026, 1, 5),
            final_denial_date=D(2026, 4, 1),
            after_appeal="second_level",
            notice_days=60,
        )
    )
    assert set(got) == {"second_appeal"}
    assert got["second_appeal"].date == D(2026, 5, 31)


def test_outside_review_left_out_when_the_denial_cannot_go_there():
    report = run(
        plan_type="employer",
        final_denial_date=D(2026, 4, 1),
        after_appeal="final",
        external_review_possible=False,
    )
    assert report.deadlines == ()


def test_unsure_level_shows_outside_review_as_if_final():
    [d] = run(plan_type="employer", final_denial_date=D(2026, 4, 1)).deadlines
    assert str(d.label).startswith("If this was the final decision")


@pytest.mark.parametrize(
    ("kw", "deadline_id", "expected_date", "expected_send_by"),
    [
        # 180 days from Feb 10, 2026 is Sunday, August 9: the appeal date does not move...
        ({"denial_date": D(2026, 2, 10)}, "internal_appeal", D(2026, 8, 9), D(2026, 8, 7)),
        # ...the outside-review date does (Sat July 4 observed Fri July 3 -> Mon July 6).
        ({"final_denial_date": D(2026, 3, 4)}, "external_review", D(2026, 7, 6), D(2026, 7, 2)),
        # A Monday after a Friday holiday (July 3, 2026): send by the Thursday.
        ({"denial_date": D(2026, 1, 7)}, "internal_appeal", D(2026, 7, 6), D(2026, 7, 2)),
    ],
)
def test_each_deadline_keeps_its_rule_and_gets_a_send_by_day(
    kw, deadline_id, expected_date, expected_send_by
):
    d = ids(run(plan_type="employer", **kw))[deadline_id]
    assert (d.date, d.send_by) == (expected_date, expected_send_by)


def test_insurer_deadlines_have_no_send_by():
    [d] = run(plan_type="employer", claim_received_date=D(2026, 2, 10)).deadlines
    assert d.id == "initial_decision" and d.send_by is None


def test_not_sure_plan_uses_federal_rules_with_a_note():
    report = run(plan_type="not_sure", denial_date=D(2026, 1, 5))
    assert "internal_appeal" in ids(report)
    assert any("church" in n for n in report.notes)


# --- Ordering, passed dates, validation ----------------------------------------------------


def test_sorted_earliest_first_and_passed_dates_flagged():
    report = compute_deadlines(
        DeadlineInputs(
            plan_type="employer",
            service_date=D(2026, 2, 3),
            denial_date=D(2026, 1, 5),
            claim_received_date=D(2026, 2, 10),
        ),
        today=D(2026, 5, 10),
    )
    dates = [d.date for d in report.deadlines]
    assert dates == sorted(dates)
    got = ids(report)
    assert str(got["timely_filing"].note).startswith("This date has passed")
    assert str(got["initial_decision"].note).startswith("This date has passed. If you have no")
    assert not str(got["internal_appeal"].note).startswith("This date has passed")


def test_nothing_given_nothing_returned():
    assert run(plan_type="employer").deadlines == ()


@pytest.mark.parametrize(
    "bad", [{"notice_days": 0}, {"filing_limit_days": 5000}, {"appeal_levels": 3}]
)
def test_bad_numbers_refused(bad):
    with pytest.raises(ValueError):
        run(plan_type="employer", **bad)


# --- Calendar (.ics) ---------------------------------------------------------------------


def test_ics_has_all_day_events_with_a_week_reminder():
    from datetime import UTC, datetime, timedelta

    from icalendar import Calendar

    from app.rules.calendar import deadlines_ics

    report = run(
        plan_type="employer", denial_date=D(2026, 1, 5), notice_days=60, service_date=D(2026, 2, 3)
    )
    raw = deadlines_ics(report.deadlines, stamp=datetime(2026, 1, 6, tzinfo=UTC))
    cal = Calendar.from_ical(raw)
    events = list(cal.walk("VEVENT"))
    advised = [d for d in report.deadlines if d.advised]
    assert len(events) == len(advised) == 2  # the reference-only federal date is left out
    for event, d in zip(events, advised, strict=True):
        assert event.decoded("dtstart") == d.date
        assert event.decoded("dtend") == d.date + timedelta(days=1)
        assert str(d.citation) in str(event["description"])
        # The same send-by business day as the numbers panel, the remarks and the PDF.
        assert d.send_by is not None
        send = f"{d.send_by:%A}, {d.send_by:%B} {d.send_by.day}"
        assert f"send by {send}" in str(event["summary"])
        assert f"Send it by {send}" in str(event["description"])
        alarms = list(event.walk("VALARM"))
        assert len(alarms) == 1
        assert alarms[0].decoded("trigger") == timedelta(days=-7)
    uids = {str(e["uid"]) for e in events}
    assert len(uids) == len(events)
