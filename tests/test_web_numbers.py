"""'Your numbers' on the web: result bubbles in the conversation (plain forms and htmx), the
results page, the print view and the deadlines calendar file. Runs on the real tree."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import REAL_FLOW, WizardClient
from icalendar import Calendar
from samples import auto_answers

from app.flows.engine import INFO_SEEN, walk
from app.flows.loader import load_flow
from app.present.format import full_date
from app.rules import sources as src
from app.rules.from_answers import deadlines_from_answers

HX = {"HX-Request": "true"}
FLOW = load_flow(REAL_FLOW)
TODAY = datetime.now(UTC).date()
LETTER = TODAY - timedelta(days=20)  # a recent letter, so no deadline has passed
APPEAL_BY = full_date(LETTER + timedelta(days=src.INTERNAL_APPEAL_DAYS))
NOTICE_BY = full_date(LETTER + timedelta(days=30))
DENIED = {
    "stage": "denied",
    "plan_type": "employer",
    "service_date": "2026-01-12",
    "denial_date": LETTER.isoformat(),
    "denial_reason": "medical_necessity",
    "denial_code": "CO-50",
    "appeal_round": "first",
    "notice_days": "",
    "urgent": "no",
}
COST = {
    "stage": "planning",
    "plan_type": "employer",
    "main_code": "97124",
    "session_minutes": "60",
    "oon_benefits": "yes",
    "want_estimate": "yes",
    "fee": "120.00",
    "visits_planned": "10",
    "deductible_remaining": "200.00",
    "coinsurance_percent": "30",
    "allowed_amount": "",
    "visit_limit_remaining": "8",
}


@pytest.fixture
def flow_path() -> Path:
    return REAL_FLOW


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def answer_until(wizard: WizardClient, prefs: dict[str, Any], stop: str | None = None) -> Any:
    """Type the answers in through the forms, up to `stop` (or the results page)."""
    planned = auto_answers(FLOW, prefs)
    response = wizard.start()
    while not wizard.url.endswith("/results"):
        step_id = wizard.url.rsplit("/", 1)[1]
        if step_id == stop:
            return response
        value = planned[step_id]
        if value == INFO_SEEN:
            response = wizard.answer()
        elif value == "":
            response = wizard.answer(None, skip="1")
        else:
            response = wizard.answer(value)
        assert response.status_code == 200, response.text
    return response


def conversation(wizard: WizardClient) -> BeautifulSoup:
    """The whole conversation so far: the htmx fragment carries every answer and reply (a
    full page draws only the latest)."""
    template = soup(wizard.client.get(wizard.url, headers=HX)).find(
        "template", id="transcript-next"
    )
    return BeautifulSoup(template.decode_contents(), "html.parser")  # text in a template is inert


def bubble_after(page: BeautifulSoup, step_id: str) -> Tag | None:
    """The result bubble right after the answer to `step_id`, if any."""
    entry = next(
        li
        for li in page.select("#transcript > li, li.entry")
        if li["data-key"].startswith(f"{step_id}|")
    )
    after = entry.find_next_sibling("li")
    return after if after is not None and "entry-result" in after["class"] else None


# --- In the conversation ----------------------------------------------------------------------


def test_the_letter_date_gives_the_appeal_deadline_in_the_conversation(
    wizard: WizardClient,
) -> None:
    answer_until(wizard, DENIED, stop="denial_date")
    page = soup(wizard.answer(LETTER.isoformat()))
    assert page.select_one("#transcript")["aria-live"] == "polite"
    bubble = bubble_after(page, "denial_date")
    assert bubble is not None
    assert f"Your appeal deadline: {APPEAL_BY}." in bubble.get_text(" ", strip=True)
    assert bubble["data-key"].startswith("result|denial_date|")
    assert bubble.select_one(".answer-text") is None, "a result is not an answer"
    assert bubble_after(conversation(wizard), "stage") is None, "none where nothing changed"


def test_htmx_fragment_carries_the_same_bubble(wizard: WizardClient) -> None:
    answer_until(wizard, DENIED, stop="denial_date")
    headers = {**HX, "X-CSRF-Token": wizard.csrf}
    posted = wizard.client.post(wizard.url, data={"answer": LETTER.isoformat()}, headers=headers)
    assert posted.status_code == 303
    fragment = soup(wizard.client.get(posted.headers["location"], headers=HX))
    full = soup(wizard.client.get(posted.headers["location"]))
    items = fragment.find("template", id="transcript-next").find_all("li", recursive=False)
    shown = full.select("#transcript > li")
    left_out = int(full.select_one("#transcript")["data-from"])
    assert [li["data-key"] for li in items] == [
        *(li["data-key"] for li in items[:left_out]),
        *(li["data-key"] for li in shown),
    ], "a full page draws the end of the same conversation"
    results = [li for li in items if "entry-result" in li["class"]]
    assert len(results) == 1 and APPEAL_BY in str(results[0])


def test_shorter_notice_shows_both_dates_and_advises_the_earlier(wizard: WizardClient) -> None:
    answer_until(wizard, DENIED, stop="notice_days")
    page = soup(wizard.answer("30"))
    text = bubble_after(page, "notice_days").get_text(" ", strip=True)
    assert f"Your appeal deadline: {NOTICE_BY}." in text
    assert "less time than the federal rule, so use this date" in text
    assert f"The federal rule gives a later date, {APPEAL_BY}." in text


def test_units_and_estimate_in_the_conversation(wizard: WizardClient) -> None:
    answer_until(wizard, COST, stop="visit_limit_remaining")
    page = conversation(wizard)
    units = bubble_after(page, "session_minutes").get_text(" ", strip=True)
    assert "That is 4 units of 97124 (massage) for 60 minutes." in units
    first = bubble_after(page, "coinsurance_percent").get_text(" ", strip=True)
    assert "Our rough guess for 10 visits" in first and " to $" in first
    assert "still counts toward your deductible" in first
    assert bubble_after(page, "allowed_amount") is None, "skipped, so nothing changed"


# --- Results page, print view, calendar -------------------------------------------------------


def test_results_page_shows_deadlines_due_dates_and_every_citation(
    wizard: WizardClient,
) -> None:
    page = soup(answer_until(wizard, {**DENIED, "notice_days": "30"}))
    numbers = page.select_one("#numbers")
    items = numbers.select(".deadline")
    assert [li["id"] for li in items] == [
        "deadline-internal_appeal",
        "deadline-internal_appeal_federal",
    ]
    advised, later = (li.get_text(" ", strip=True) for li in items)
    assert NOTICE_BY in advised and "Source:" not in advised, "sources are behind How we got this"
    assert "The date printed on your letter" in numbers.select_one("#how-we-got-this").get_text()
    assert APPEAL_BY in later and "For reference only" in later
    due = page.select_one("#item-internal_appeal .due").get_text(" ", strip=True)
    assert due.startswith(f"Do this by {NOTICE_BY} . Send it by ")
    assert numbers.select_one("a[download]")["href"] == f"{wizard.case_path}/deadlines.ics"
    how = numbers.select_one("details#how-we-got-this").get_text(" ", strip=True)
    active = walk(FLOW, auto_answers(FLOW, {**DENIED, "notice_days": "30"})).active
    for deadline in deadlines_from_answers(active).deadlines:
        for part in str(deadline.citation).split("; "):
            assert part in how


def test_print_view_has_the_numbers_and_due_dates(wizard: WizardClient) -> None:
    answer_until(wizard, DENIED)
    page = soup(wizard.get(f"{wizard.case_path}/print"))
    section = page.select_one("section[aria-labelledby=p-numbers]")
    text = section.get_text(" ", strip=True)
    assert APPEAL_BY in text and "How we got this" in text
    assert str(src.CITE_INTERNAL_APPEAL) in text
    assert section.select("a[download]") == [], "no calendar button on paper"
    items = [li.get_text(" ", strip=True) for li in page.select(".print-checklist li")]
    assert any("Send a written appeal" in i and f"Do this by {APPEAL_BY}" in i for i in items)


def test_deadlines_download_as_a_calendar_with_a_reminder(wizard: WizardClient) -> None:
    answer_until(wizard, {**DENIED, "notice_days": "30"})
    response = wizard.client.get(f"{wizard.case_path}/deadlines.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-disposition"] == 'attachment; filename="deadlines.ics"'
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1, "the later, reference-only date is left out"
    [event] = events
    assert event.decoded("dtstart") == LETTER + timedelta(days=30)
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("trigger") == timedelta(days=-7)
    assert "internal appeal" in str(event.get("summary"))


def test_no_deadlines_no_calendar(wizard: WizardClient) -> None:
    page = soup(answer_until(wizard, {"stage": "planning", "plan_type": "medicaid"}))
    assert page.select_one("#numbers .deadlines") is None, "only why no money comes back"
    assert page.select_one("a[href$='deadlines.ics']") is None
    response = wizard.client.get(f"{wizard.case_path}/deadlines.ics")
    assert response.status_code == 404 and "We could not find this page" in response.text


def test_unfinished_case_calendar_goes_back_to_its_question(wizard: WizardClient) -> None:
    wizard.start()
    response = wizard.client.get(f"{wizard.case_path}/deadlines.ics")
    assert response.status_code == 303 and response.headers["location"].endswith("/step/stage")


def test_results_page_shows_units_and_the_estimate(wizard: WizardClient) -> None:
    page = soup(answer_until(wizard, COST))
    numbers = page.select_one("#numbers")
    tables = numbers.select("table.numbers-table")
    heads = [th.get_text(" ", strip=True) for th in tables[0].select("thead th")]
    assert heads == ["Code", "Minutes", "Units, total time", "Units, code by code"]
    row = [c.get_text(" ", strip=True) for c in tables[0].select("tbody tr")[0].select("th, td")]
    assert row == ["97124 (massage)", "60", "4", "4"]
    money = {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")]
        for tr in tables[1].select("tbody tr")
    }
    assert money["What your plan allows"] == ["$60.00 to $120.00", "$600.00 to $1,200.00"]
    assert money["Visits past your limit (likely denied, so you pay)"][1] == "$240.00"
    text = numbers.get_text(" ", strip=True)
    assert "Even when the plan pays $0, the visit still counts toward your deductible" in text
    assert "between 50% and 100%" in text
    assert src.CITE_ESTIMATE in numbers.select_one("#how-we-got-this").get_text()
    assert numbers.select_one("a[href$='deadlines.ics']") is None


def test_the_dates_used_here_are_not_in_the_past() -> None:
    """Guard for this module: the dates it uses never fall in the past."""
    assert LETTER + timedelta(days=30) > TODAY and isinstance(LETTER, date)


def test_results_page_names_what_the_estimate_still_needs(wizard: WizardClient) -> None:
    page = soup(answer_until(wizard, {**COST, "deductible_remaining": ""}))
    text = page.select_one("#numbers").get_text(" ", strip=True)
    assert "we still need to know how much of your deductible is left" in text


# --- The denial code ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("co 50", "CO-50 means: The insurer says you did not need this care for medical reasons."),
        ("PR-204", "PR-204 means: Your plan does not cover this service at all."),
        ("hello", "'hello' does not look like a denial code. Codes look like CO-50"),
        ("999", "We don't have code 999 in our list yet."),
    ],
)
def test_the_typed_denial_code_is_decoded_in_the_conversation(
    wizard: WizardClient, typed: str, says: str
) -> None:
    answer_until(wizard, DENIED, stop="denial_code")
    page = soup(wizard.answer(typed))
    bubble = bubble_after(page, "denial_code")
    assert bubble is not None and says in bubble.get_text(" ", strip=True)


def test_results_page_explains_the_denial_code(wizard: WizardClient) -> None:
    numbers = soup(answer_until(wizard, DENIED)).select_one("#numbers")
    text = numbers.get_text(" ", strip=True)
    assert "Your denial code: CO-50" in text
    assert "not deemed a 'medical necessity' by the payer" in text, "the official meaning"
    assert "can usually go to an outside (external) review" in text
    how = numbers.select_one("details#how-we-got-this").get_text(" ", strip=True)
    assert "What your denial code means" in how and "x12.org" in how


def test_the_denial_code_leads_with_its_plain_meaning(wizard: WizardClient) -> None:
    """Before: the box led, in bold, with the payer's raw wording."""
    page = soup(answer_until(wizard, DENIED))
    heading = next(
        h for h in page.select("#numbers h3") if h.get_text().startswith("Your denial code")
    )
    lead = heading.find_next_sibling()
    assert "denial-plain" in lead["class"]
    assert lead.get_text(strip=True).startswith("The insurer says you did not need this care")
    raw = page.select_one("#numbers .denial-raw")
    assert "not deemed a 'medical necessity'" in raw.get_text()
    assert raw.find("strong") is None
    bold = " ".join(s.get_text() for s in page.select("#numbers strong"))
    assert "medical necessity" not in bold


def test_the_estimate_is_said_in_plain_words_with_the_tables_behind_it(
    wizard: WizardClient,
) -> None:
    page = soup(answer_until(wizard, COST))
    numbers = page.select_one("#numbers")
    said = numbers.select_one(".big-number").get_text()
    assert said.startswith("You should get back ") and said.endswith(" a visit.")
    how = numbers.select_one("details#how-we-got-this")
    assert len(how.select("table.numbers-table")) == 2, "the tables are behind How we got this"
    assert numbers.select("table") == how.select("table")


# --- Money wherever money can come back (issue item 6), as the plan page says it -------------

MONEY = {
    "other_payer": "none",
    "plan_funding": "insured",
    "oon_benefits": "yes",
    "main_code": "97124",
    "session_minutes": "60",
    "want_estimate": "yes",
    "fee": "120.00",
    "deductible_remaining": "0",
    "coinsurance_percent": "40",
    "copay": "",
    "allowed_amount": "100.00",
    "oop_max_remaining": "",
}


def big_number(wizard: WizardClient, prefs: dict[str, Any]) -> str:
    page = soup(answer_until(wizard, prefs))
    said = page.select_one("#numbers .big-number")
    assert said is not None, "the plan says something about money"
    return " ".join(said.get_text().split())


def test_a_denied_plan_says_the_money_comes_back_if_the_appeal_wins(
    wizard: WizardClient,
) -> None:
    """Before: the plan page said "You should get back about $60 a visit." as if it were sure."""
    said = big_number(wizard, {**DENIED, **MONEY})
    assert said == "If the appeal wins, you should get back about $60.00 for this visit."


def test_an_underpaid_plan_says_what_it_should_have_paid_and_the_gap(
    wizard: WizardClient,
) -> None:
    """Before: the gap was worked out but the plan page showed only a per-visit amount."""
    said = big_number(wizard, {**DENIED, **MONEY, "stage": "underpaid", "amount_paid": "20.00"})
    assert said == (
        "By your plan's numbers, it should have paid $60.00 for this visit. "
        "It paid $20.00, so it may owe you $40.00."
    )


@pytest.mark.parametrize(
    ("stage", "plan_type", "why"),
    [
        ("visited", "medicaid", "Medicaid pays the providers who signed up with it"),
        ("planning", "medicaid", "Medicaid pays the providers who signed up with it"),
        ("visited", "medicare", "Original Medicare has no benefit for massage"),
    ],
)
def test_no_money_back_is_said_with_the_reason(
    wizard: WizardClient, stage: str, plan_type: str, why: str
) -> None:
    """Before: the reason was worked out but never shown; the page said nothing of money."""
    said = big_number(wizard, {**MONEY, "stage": stage, "plan_type": plan_type})
    assert said.startswith("We do not show money back:") and why in said
    page = soup(wizard.client.get(wizard.url.replace("/results", "/print")))
    assert why in page.select_one("main").get_text()


def test_the_next_steps_deadline_reads_as_a_sentence(wizard: WizardClient) -> None:
    """Before: "... (internal appeal) by, Saturday, May 15, 2027." (a comma after "by")."""
    page = soup(answer_until(wizard, DENIED))
    due = " ".join(page.select_one(".next-step .due").get_text().split())
    assert due.startswith(
        f"Your next deadline: Ask your plan to look again (internal appeal) by {APPEAL_BY}."
    )


def test_the_checklist_paper_promises_only_what_every_plan_has(wizard: WizardClient) -> None:
    """Before: "Your steps, your deadlines and your cost estimate." on a Medicaid plan that has
    neither a deadline nor an estimate."""
    page = soup(answer_until(wizard, {**MONEY, "stage": "planning", "plan_type": "medicaid"}))
    papers = page.select_one("#documents").get_text(" ", strip=True)
    assert "Your checklist" in papers
    assert "cost estimate" not in papers and "deadlines" not in papers
