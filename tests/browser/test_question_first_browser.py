"""The question first, on a 390 x 844 phone: after a full page load (a form post without
JavaScript, the private link opened on another device, a Change) the question is on the first
screen; Back works; the clinic's colour carries the conversation and stays readable."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from browser_support import (
    PHONE,
    SETTLE_ONCE,
    case_through_api,
    no_axe_violations,
    phone_context,
    wait_settled,
)
from conftest import REAL_FLOW, LiveServer, start_live_server, stop_live_server
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import create_engine
from sqlmodel import Session

from app.flows.loader import load_flow
from app.services.clinic import ClinicValues, save_values

pytestmark = pytest.mark.browser

FLOW = load_flow(REAL_FLOW)

RECENT = (date.today() - timedelta(days=20)).isoformat()
OLDER = (date.today() - timedelta(days=35)).isoformat()
# The planning path with the longest replies: the estimate comes back after `allowed_amount`.
PLANNING = [
    ("stage", "planning"),
    ("plan_type", "employer"),
    ("coverage_info", "seen"),
    ("main_code", "97124"),
    ("session_minutes", "60"),
    ("oon_benefits", "yes"),
    ("referral", "not_needed"),
    ("preapproval", "not_needed"),
    ("hsa_fsa", "hsa"),
    ("want_estimate", "yes"),
    ("cost_info", "seen"),
    ("fee", "120"),
    ("visits_planned", "10"),
    ("deductible_remaining", "200"),
    ("coinsurance_percent", "40"),
    ("copay", ""),
]
DENIED = [
    ("stage", "denied"),
    ("plan_type", "employer"),
    ("service_date", OLDER),
    ("denial_date", RECENT),
    ("denial_info", "seen"),
    ("denial_reason", "medical_necessity"),
    ("denial_code", "CO-50"),
    ("appeal_round", "first"),
]
ACCENT = "#008a00"  # a green that only just passes 4.5:1 with white text


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Its own server on the real tree: one test here changes the clinic's colour."""
    live = start_live_server(tmp_path_factory.mktemp("question_first"), REAL_FLOW)
    yield live
    stop_live_server(live)


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    with phone_context(browser) as context:
        yield context


@pytest.fixture
def nojs(browser: Browser) -> Iterator[BrowserContext]:
    with phone_context(browser, js=False) as context:
        yield context


def case_with(server: LiveServer, answers: list[tuple[str, str]], stop: str | None = None) -> str:
    """A case answered through the JSON API up to the question `stop` (or the end); returns
    its path (/c/TOKEN)."""
    prefs = {"other_payer": "none", "plan_funding": "insured", **dict(answers)}
    return case_through_api(server.url, FLOW, prefs, stop)


def question_on_first_screen(page: Page) -> None:
    """The question's heading is whole on the first screen, with the page not scrolled."""
    assert page.evaluate("window.scrollY") == 0
    box = page.locator("#question").bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box


def test_the_question_is_on_the_first_screen_after_a_post_without_javascript(
    server: LiveServer, nojs: BrowserContext
) -> None:
    """Before: the question sat 1,400 to 3,500 px down, under the old answers."""
    page = nojs.new_page()
    page.goto(server.url + case_with(server, PLANNING, "allowed_amount"))
    assert page.url.endswith("/step/allowed_amount")
    page.locator("#answer").fill("100")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/step/oop_max_remaining")
    assert page.locator(".entry-result").count() >= 1, "the reply to the answer is shown"
    question_on_first_screen(page)
    earlier = page.locator("#transcript-earlier a")
    expect(earlier).to_have_text("See your 15 earlier answers")
    earlier.click()
    expect(page.locator(".summary .summary-row")).to_have_count(16)


def test_the_question_is_on_the_first_screen_when_the_link_opens_elsewhere(
    server: LiveServer, browser: Browser
) -> None:
    path = case_with(server, DENIED, "notice_days")
    for js in (True, False):
        context = browser.new_context(viewport=PHONE, java_script_enabled=js)
        try:
            page = context.new_page()
            page.goto(server.url + path)
            assert page.url.endswith("/step/notice_days")
            question_on_first_screen(page)
        finally:
            context.close()


def test_the_question_is_on_the_first_screen_after_a_change(
    server: LiveServer, phone: BrowserContext, nojs: BrowserContext
) -> None:
    path = case_with(server, [*DENIED, ("notice_days", ""), ("urgent", "no")])
    for page in (phone.new_page(), nojs.new_page()):
        page.goto(server.url + path + "/results")
        page.get_by_role("link", name=re.compile(r"^See or change your \d+ answers$")).click()
        page.get_by_role("link", name="Change your answer to: Is this the first no").click()
        page.wait_for_url("**/step/appeal_round")
        question_on_first_screen(page)


def test_back_goes_to_the_question_before_with_and_without_javascript(
    server: LiveServer, phone: BrowserContext, nojs: BrowserContext
) -> None:
    path = case_with(server, PLANNING, "session_minutes")
    for page, js in ((phone.new_page(), True), (nojs.new_page(), False)):
        page.goto(server.url + path)
        assert page.url.endswith("/step/session_minutes")
        if js:
            page.evaluate("window.__sameDocument = true")
            page.evaluate(SETTLE_ONCE)
        page.locator("#step").get_by_role("link", name="Back").click()
        if js:
            wait_settled(page)
            assert page.evaluate("window.__sameDocument") is True, "htmx swapped the step"
        page.wait_for_url("**/step/main_code")
        expect(page.locator("#question")).to_have_text(
            "Which main billing code does the clinic use for your care?"
        )
        expect(page.locator("input[value='97124']")).to_be_checked()


def test_the_conversation_carries_the_clinic_and_its_colour_and_stays_readable(
    server: LiveServer, phone: BrowserContext
) -> None:
    engine = create_engine(f"sqlite:///{Path(server.log_path.parent, 'covnav.db')}")
    try:
        with Session(engine) as session:
            save_values(session, ClinicValues(clinic_name="Harbor Massage", accent_colour=ACCENT))
    finally:
        engine.dispose()
    time.sleep(2.2)  # the clinic is read again at most every two seconds
    page = phone.new_page()
    page.goto(server.url + case_with(server, PLANNING, "main_code"))
    asked = page.locator("#transcript .bubble-q").first
    answered = page.locator("#transcript .bubble-a").first
    green = "rgb(0, 138, 0)"
    assert asked.evaluate("e => getComputedStyle(e).backgroundColor") == green
    assert answered.evaluate("e => getComputedStyle(e).backgroundColor") != green
    asked_box, answered_box = asked.bounding_box(), answered.bounding_box()
    assert asked_box and answered_box
    assert asked_box["x"] < answered_box["x"], "the clinic on the left, the patient on the right"
    assert page.locator("#step .asker").inner_text().strip().endswith("Harbor Massage")
    sheet = page.evaluate(
        "[...document.styleSheets].map(s => s.href || 'inline').filter(h => h.includes('theme'))"
    )
    assert len(sheet) == 1 and "/clinic/theme.css" in sheet[0], "the colour comes from its sheet"
    assert page.locator("[style]").count() == 0, "no inline style"
    no_axe_violations(page)
    page.goto(server.url + case_with(server, [*DENIED, ("notice_days", ""), ("urgent", "no")]))
    page.wait_for_url("**/results")
    no_axe_violations(page)


def test_no_layout_shift_on_load_or_when_an_answer_comes_back(
    server: LiveServer, phone: BrowserContext
) -> None:
    phone.add_init_script(
        """
        window.__shift = 0;
        new PerformanceObserver(list => {
          for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
        }).observe({type: 'layout-shift', buffered: true});
        """
    )
    page = phone.new_page()
    page.goto(server.url + case_with(server, PLANNING, "fee"))
    assert page.url.endswith("/step/fee")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__shift") == 0
    page.locator("#answer").fill("120")
    page.evaluate(SETTLE_ONCE)
    page.locator("#step").get_by_role("button", name="Continue").click()
    wait_settled(page)
    page.wait_for_timeout(600)
    assert page.evaluate("window.__shift") < 0.01


def test_every_wizard_page_type_passes_axe(server: LiveServer, phone: BrowserContext) -> None:
    page = phone.new_page()
    path = case_with(server, PLANNING, "coverage_info")
    page.goto(server.url + path)
    assert page.url.endswith("/step/coverage_info")
    no_axe_violations(page)  # an info step
    page.goto(server.url + case_with(server, PLANNING, "fee"))
    page.locator("#answer").fill("1.200")
    page.locator("#step").get_by_role("button", name="Continue").click()
    expect(page.locator("#step .error-summary")).to_be_visible()
    no_axe_violations(page)  # an amount to confirm, with the error summary
    page.get_by_label("I meant $1,200.00").check()
    page.locator("#step").get_by_role("button", name="Continue").click()
    page.wait_for_url("**/step/visits_planned")
    page.locator("#answer").fill("2.5")
    page.locator("#step").get_by_role("button", name="Continue").click()
    expect(page.locator("#step #error")).to_contain_text("whole number")
    assert page.locator("#answer").input_value() == "2.5"
    no_axe_violations(page)  # a field error
    page.goto(server.url + case_with(server, [*DENIED, ("notice_days", ""), ("urgent", "no")]))
    page.goto(page.url.replace("/results", "/check"))
    expect(page.locator("h1")).to_have_text("Check your answers")
    no_axe_violations(page)
    page.goto(server.url + path)
    page.locator("details.save-later summary").click()
    no_axe_violations(page)
    assert page.evaluate("window.__csp") == []


def test_february_31_says_so_and_keeps_what_was_typed(server: LiveServer, browser: Browser) -> None:
    """Before: the browser's date field dropped it and the page said "Please fill this in."."""
    path = case_with(server, DENIED, "service_date")
    for js in (True, False):
        context = browser.new_context(viewport=PHONE, java_script_enabled=js)
        try:
            page = context.new_page()
            page.goto(server.url + path)
            assert page.url.endswith("/step/service_date")
            page.locator("#answer").click()
            page.keyboard.type("02/31/2026")
            page.locator("#step").get_by_role("button", name="Continue").click()
            error = page.locator("#step #error")
            expect(error).to_have_text(
                "Error: February 2026 has only 28 days. Please check the day."
            )
            expect(page.locator("#answer")).to_have_value("02/31/2026")
            assert page.url.endswith("/step/service_date")
        finally:
            context.close()
