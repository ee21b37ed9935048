"""End-to-end: Debian's Chromium drives the real server, with JavaScript on and off.

Answers are picked generically (first choice, sample values) so these tests survive content
changes in data/steps.yaml; tests that need exact wording use the mini fixture tree.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from browser_support import (
    PHONE,
    SETTLE_ONCE,
    no_axe_violations,
    past_check_answers,
    phone_context,
    wait_settled,
)
from conftest import LiveServer
from playwright.sync_api import Browser, BrowserContext, Error, Page, expect

pytestmark = pytest.mark.browser

NUMBER_TRIES = ["30", "1", "10", "100", "0"]


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    with phone_context(browser) as context:
        yield context


@pytest.fixture
def nojs(browser: Browser) -> Iterator[BrowserContext]:
    with phone_context(browser, js=False) as context:
        yield context


def start(page: Page, server: LiveServer) -> None:
    page.goto(server.url + "/")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/step/**")


def fill_current(page: Page, attempt: int) -> None:
    """Answer whatever question is showing: first choice, or a sample value."""
    step = page.locator("#step")
    radios, boxes, field = (
        step.locator("input[type=radio]"),
        step.locator("input[type=checkbox]"),
        step.locator("#answer"),
    )
    if radios.count():
        radios.nth(min(attempt, radios.count() - 1)).check()
    elif boxes.count():
        boxes.first.check()
    elif field.count():
        if field.get_attribute("data-kind") == "date":
            field.fill("1/15/2026")
        elif field.get_attribute("inputmode") == "decimal":
            field.fill(NUMBER_TRIES[attempt % len(NUMBER_TRIES)])
        else:
            field.fill("sample")


def submit(page: Page, js: bool, button: str = "Continue") -> None:
    if not js:
        page.locator("#step").get_by_role("button", name=button).click()
        page.wait_for_load_state()
        return
    page.evaluate(SETTLE_ONCE)
    page.locator("#step").get_by_role("button", name=button).click()
    wait_settled(page)
    page.wait_for_load_state()


def history_step(page: Page, move: Callable[[], object]) -> None:
    """Back or Forward: htmx keeps no history cache, so it reloads the real URL; wait for it."""
    page.evaluate("window.__before_history = true")
    move()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(Error):
            if page.evaluate("window.__before_history !== true"):
                page.wait_for_load_state()
                return
        time.sleep(0.02)
    raise AssertionError(f"no reload after a history move to {page.url}")


def answer_step(page: Page, js: bool) -> None:
    before = page.url
    for attempt in range(len(NUMBER_TRIES)):
        fill_current(page, attempt)
        submit(page, js)
        if page.url != before:
            return
        if page.locator("#step button[name=skip]").count():
            submit(page, js, "Skip this question")
            if page.url != before:
                return
    raise AssertionError(f"stuck on {page.url}: {page.locator('#step').inner_text()}")


def finish(page: Page, js: bool = True, limit: int = 80) -> int:
    """Answer until the results page; returns how many steps it took."""
    for count in range(limit):
        past_check_answers(page)
        if page.url.endswith("/results"):
            return count
        answer_step(page, js)
    raise AssertionError("the flow did not end")


def checklist(page: Page) -> list[str]:
    return page.locator(".checklist .check-label").all_inner_texts()


# --- The whole flow ---------------------------------------------------------------------------


def test_whole_flow_with_javascript(live_server: LiveServer, phone: BrowserContext) -> None:
    page = phone.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    start(page, live_server)
    page.evaluate("window.__sameDocument = true")
    assert page.locator("#transcript").get_attribute("aria-live") == "polite"
    first_question = page.locator("#question").inner_text()

    answer_step(page, js=True)
    if not page.url.endswith("/results"):
        assert page.evaluate("window.__sameDocument") is True, "htmx swapped, no page load"
        assert page.evaluate("document.activeElement.id") in ("question", "answer")
        assert page.locator("#transcript li").count() >= 1
        # Back and Refresh land on real URLs.
        second_url = page.url
        history_step(page, page.go_back)
        expect(page.locator("#question")).to_have_text(first_question)
        history_step(page, page.go_forward)
        assert page.url == second_url
        page.reload()
        assert page.url == second_url and page.locator("#step form").count() == 1
    finish(page, js=True)
    assert checklist(page), "a checklist appears"
    assert page.evaluate("window.__csp") == []
    hosts = {url.split("/")[2] for url in requests}
    assert hosts == {live_server.url.split("/")[2]}, "no request goes to another host"


def test_same_flow_without_javascript_gives_identical_results(
    live_server: LiveServer, phone: BrowserContext, nojs: BrowserContext
) -> None:
    with_js = phone.new_page()
    start(with_js, live_server)
    steps_js = finish(with_js, js=True)

    without = nojs.new_page()
    start(without, live_server)
    assert without.locator("#transcript").count() == 1
    steps_nojs = finish(without, js=False)
    assert steps_nojs == steps_js
    assert checklist(without) == checklist(with_js)
    summary = ".summary .answer-text"
    for page in (without, with_js):
        page.get_by_role("link", name=re.compile(r"^See or change your \d+ answers$")).click()
    assert without.locator(summary).all_inner_texts() == with_js.locator(summary).all_inner_texts()


def test_field_errors_are_beside_the_field_and_announced(
    live_server_mini: LiveServer, phone: BrowserContext
) -> None:
    page = phone.new_page()
    start(page, live_server_mini)
    page.get_by_label("My claim was denied.").check()
    submit(page, js=True)
    url = page.url
    submit(page, js=True)  # the date is optional, but Continue with a blank date skips it
    page.get_by_role("link", name="Change your answer to: Where are you with your care?").click()
    expect(page.locator("#question")).to_have_text("Where are you with your care?")
    assert page.locator("#transcript li").count() == 0, "the transcript shows earlier answers only"
    page.locator("#step input[type=radio]:checked").uncheck() if False else None
    page.evaluate("document.querySelectorAll('#step input').forEach(i => i.checked = false)")
    submit(page, js=True)
    error = page.locator("#step #error")
    expect(error).to_have_text("Error: Please pick one answer.")
    expect(page.locator("#step .error-summary [role=alert]")).to_contain_text(
        "Please pick one answer."
    )
    assert page.evaluate("document.activeElement.name") == "answer"
    page.get_by_label("My claim was denied.").check()
    submit(page, js=True)
    assert page.url != url or page.url.endswith("/step/plan_type")
    assert page.locator("#transcript li").count() >= 1, "nothing already answered is lost"


def test_changing_an_earlier_answer_changes_the_checklist(
    live_server_mini: LiveServer, phone: BrowserContext
) -> None:
    page = phone.new_page()
    start(page, live_server_mini)
    page.get_by_label("I have not had a visit yet.").check()
    submit(page, js=True)
    page.get_by_label("Yes").check()
    submit(page, js=True)
    submit(page, js=True)  # the info step
    page.wait_for_url("**/check")
    past_check_answers(page)
    assert checklist(page) == ["Call your insurer.", "Read your plan booklet."]

    page.get_by_role("link", name="See or change your 2 answers").click()
    page.get_by_role("link", name="Change your answer to: Where are you with your care?").click()
    page.wait_for_url("**/step/stage")
    page.get_by_label("My claim was denied.").check()
    submit(page, js=True)
    page.locator("#answer").fill("2026-02-01")
    submit(page, js=True)
    page.wait_for_url("**/check")
    past_check_answers(page)
    assert checklist(page) == ["Call your insurer.", "Read your plan booklet.", "File an appeal."]


def test_resume_from_the_link_in_a_fresh_browser(
    live_server: LiveServer, browser: Browser, phone: BrowserContext
) -> None:
    page = phone.new_page()
    start(page, live_server)
    answer_step(page, js=True)
    if page.url.endswith("/results"):
        pytest.skip("the tree ends after one question")
    link = page.locator("#case-link").input_value()
    where, question = page.url, page.locator("#question").inner_text()
    answers = page.locator("#transcript .answer-text").all_inner_texts()

    other = browser.new_context(viewport=PHONE)
    try:
        fresh = other.new_page()
        fresh.goto(link)
        assert fresh.url == where
        assert fresh.locator("#question").inner_text() == question
        assert fresh.locator("#transcript .answer-text").all_inner_texts() == answers
    finally:
        other.close()


def test_a_ticked_item_is_kept_after_reload(live_server: LiveServer, phone: BrowserContext) -> None:
    page = phone.new_page()
    start(page, live_server)
    finish(page)
    box = page.locator("#checklist .check-box").first
    assert not box.is_checked()
    box.check()
    expect(page.locator("#save-status")).to_contain_text("Saved")
    page.reload()
    assert page.locator("#checklist .check-box").first.is_checked()
    assert page.evaluate("window.__csp") == []


def test_call_sheet_is_kept(
    live_server: LiveServer, phone: BrowserContext, nojs: BrowserContext
) -> None:
    page = phone.new_page()
    start(page, live_server)
    finish(page)
    page.get_by_text("Open the questions and your notes").click()
    page.locator(".call-sheet textarea").first.fill("They cover 12 visits a year.")
    page.locator("#rep_name").fill("Dana")
    expect(page.locator("#call-status")).to_have_text("Your call notes are saved.")
    page.reload()
    page.get_by_text("Open the questions and your notes").click()
    expect(page.locator(".call-sheet textarea").first).to_have_value("They cover 12 visits a year.")
    expect(page.locator("#rep_name")).to_have_value("Dana")

    link = page.locator("#case-link").input_value()
    plain = nojs.new_page()
    plain.goto(link)
    plain.get_by_text("Open the questions and your notes").click()
    plain.locator("#reference").fill("REF-42")
    plain.get_by_role("button", name="Save call notes").click()
    expect(plain.locator(".notice")).to_have_text("Your call notes are saved.")
    expect(plain.locator("#reference")).to_have_value("REF-42")
    expect(plain.locator("#rep_name")).to_have_value("Dana")


# --- Accessibility, print, transfer -----------------------------------------------------------


def test_axe_finds_no_violations(live_server: LiveServer, phone: BrowserContext) -> None:
    page = phone.new_page()
    page.goto(live_server.url + "/")
    no_axe_violations(page)
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/step/**")
    no_axe_violations(page)
    page.locator("details.save-later summary").click()
    no_axe_violations(page)
    finish(page)
    no_axe_violations(page)
    page.goto(page.url.replace("/results", "/print"))
    no_axe_violations(page)
    page.goto(live_server.url + "/c/not-a-link")
    no_axe_violations(page)


def test_print_view_fits_letter_and_a4(
    live_server: LiveServer, phone: BrowserContext, tmp_path: Path
) -> None:
    page = phone.new_page()
    start(page, live_server)
    finish(page)
    link = page.locator("#case-link").input_value()
    page.goto(page.url.replace("/results", "/print"))
    page.emulate_media(media="print")
    for hidden in (".site-header", ".print-toolbar", ".site-footer", ".button"):
        for element in page.locator(hidden).all():
            assert not element.is_visible(), hidden
    expect(page.locator(".print-qr svg")).to_be_visible()
    # Printable width of each paper with the stylesheet's 14 mm side margins, in CSS px.
    for paper, width_px in (("Letter", 816 - 106), ("A4", 794 - 106)):
        page.set_viewport_size({"width": width_px, "height": 1000})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{paper}: content is {overflow}px too wide"
        pdf = tmp_path / f"plan-{paper}.pdf"
        page.pdf(path=str(pdf), format=paper, print_background=True)
        if shutil.which("pdftotext"):
            text = subprocess.run(
                ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
            assert "Example Massage" in text and "Your checklist" in text, paper
            assert link.split("/c/")[1][:20] in "".join(text.split()), paper
            pages = text.count("\f")
            assert pages >= 3, f"{paper}: sections start on new pages ({pages} pages)"


def test_first_visit_to_a_question_page_is_under_40_kb(
    live_server: LiveServer, browser: Browser
) -> None:
    with httpx.Client(base_url=live_server.url) as client:
        csrf = client.get("/").text.split('name="csrf_token" value="')[1].split('"')[0]
        location = client.post("/start", data={"csrf_token": csrf}).headers["location"]
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(live_server.url + location)
        page.wait_for_load_state("networkidle")
        total = page.evaluate(
            """() => [...performance.getEntriesByType('navigation'),
                      ...performance.getEntriesByType('resource')]
                     .reduce((sum, e) => sum + e.transferSize, 0)"""
        )
    finally:
        context.close()
    print(f"\nfirst-visit transfer in Chromium: {total} bytes")
    assert 0 < total < 40 * 1024
