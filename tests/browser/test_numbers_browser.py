"""In a real browser, on the real tree: a patient whose claim was denied types the date on the
letter and sees their appeal deadline in the conversation, on the results page and in the
calendar file they download. With JavaScript (htmx swaps) and without (plain forms)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    PHONE,
    SETTLE_ONCE,
    WATCH_CSP,
    no_axe_violations,
    past_check_answers,
    wait_settled,
)
from conftest import REAL_FLOW, LiveServer
from icalendar import Calendar
from playwright.sync_api import Browser, BrowserContext, Page, expect
from samples import auto_answers

from app.flows.engine import INFO_SEEN
from app.flows.loader import load_flow
from app.flows.schema import StepType
from app.present.format import full_date
from app.rules import sources as src
from app.rules.deadlines import send_by

pytestmark = pytest.mark.browser

FLOW = load_flow(REAL_FLOW)
LETTER = datetime.now(UTC).date() - timedelta(days=20)
APPEAL_DAY = LETTER + timedelta(days=src.INTERNAL_APPEAL_DAYS)
APPEAL_BY = full_date(APPEAL_DAY)
SEND_DAY = send_by(APPEAL_DAY)  # the business day before: the same everywhere
SEND_BY = full_date(SEND_DAY)
DENIED = {
    "stage": "denied",
    "plan_type": "employer",
    "service_date": "2026-01-12",
    "denial_date": LETTER.isoformat(),
    "denial_reason": "medical_necessity",
    "denial_code": "CO-50",
    "appeal_round": "first",
    "notice_days": "",
    "plan_funding": "insured",
    "other_payer": "none",
    "want_estimate": "no",
}


@pytest.fixture
def js_context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    context.add_init_script(WATCH_CSP)
    yield context
    context.close()


@pytest.fixture
def nojs_context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    yield context
    context.close()


def answer_until(page: Page, js: bool, stop: str | None = None) -> None:
    """Answer the shown questions from the plan, up to `stop` or the results page."""
    planned: dict[str, Any] = auto_answers(FLOW, DENIED)
    for _ in range(len(planned) + 2):
        page.wait_for_load_state()
        past_check_answers(page)
        if page.url.endswith("/results"):
            return
        step = FLOW.step(page.url.rsplit("/", 1)[1])
        if step.id == stop:
            return
        value, form = planned[step.id], page.locator("#step form.step-form")
        button = "Continue"
        if step.type in (StepType.single, StepType.yesno):
            form.locator(f'input[name="answer"][value="{value}"]').check()
        elif value == "" and step.optional:
            button = "Skip this question"
        elif value != INFO_SEEN:
            form.locator("#answer").fill(value)
        old = page.url
        if js:
            page.evaluate(SETTLE_ONCE)
        form.get_by_role("button", name=button).click()
        if js:
            wait_settled(page)
        page.wait_for_url(lambda url, old=old: url != old)
    raise AssertionError("the wizard did not reach the results page")


def results_bubbles(page: Page) -> list[str]:
    return [
        " ".join(t.split()) for t in page.locator("#transcript li.entry-result").all_inner_texts()
    ]


def bubbles_page_by_page(page: Page) -> list[str]:
    """Without JavaScript each page draws only the latest answer and its reply: every reply
    met on the way, by opening each answered question in turn from "Your answers so far"."""
    here = page.url
    page.locator("#transcript-earlier a").click()
    steps = [a.get_attribute("href") or "" for a in page.locator(".summary a.change-link").all()]
    seen: list[str] = []
    origin = here.split("/c/")[0]
    for url in [*(origin + step for step in steps[1:]), here]:
        page.goto(url)
        seen += [b for b in results_bubbles(page) if b not in seen]
    return seen


def test_denied_patient_sees_the_appeal_deadline_everywhere(
    live_server: LiveServer, js_context: BrowserContext, tmp_path: Path
) -> None:
    page = js_context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Start").click()
    answer_until(page, js=True, stop="denial_date")
    assert results_bubbles(page) == []

    # The letter's date, answered through htmx: the page is never reloaded.
    page.evaluate("window.__sameDocument = true")
    page.locator("#answer").fill(LETTER.isoformat())
    page.evaluate(SETTLE_ONCE)
    page.locator("#step").get_by_role("button", name="Continue").click()
    wait_settled(page)
    assert page.evaluate("window.__sameDocument") is True
    bubble = page.locator("#transcript li.entry-result").last
    expect(bubble).to_contain_text(f"Your appeal deadline: {APPEAL_BY}.")
    assert page.locator("#transcript").get_attribute("aria-live") == "polite"
    previous = page.locator("#transcript > li").nth(-2)
    expect(previous.locator(".answer-text")).to_have_text(full_date(LETTER).split(", ", 1)[1])
    no_axe_violations(page)

    answer_until(page, js=True)
    numbers = page.locator("#numbers")
    expect(numbers.locator("#deadline-internal_appeal")).to_contain_text(APPEAL_BY)
    expect(numbers.locator("#deadline-internal_appeal")).to_contain_text(f"Send it by {SEND_BY}.")
    expect(page.locator("#item-internal_appeal .due")).to_have_text(
        f"Do this by {APPEAL_BY}. Send it by {SEND_BY}."
    )
    numbers.get_by_text("How we got this").click()
    expect(numbers.locator("#how-we-got-this")).to_contain_text(str(src.CITE_INTERNAL_APPEAL))
    no_axe_violations(page)

    with page.expect_download() as info:
        numbers.get_by_role("link", name="Add your deadlines to your calendar").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name == "deadlines.ics"
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    appeal = [e for e in events if e.decoded("dtstart") == APPEAL_DAY]
    assert len(appeal) == 1, [e.decoded("dtstart") for e in events]
    assert "internal appeal" in str(appeal[0].get("summary"))
    send = f"{SEND_DAY:%A}, {SEND_DAY:%B} {SEND_DAY.day}"
    assert f"(send by {send})" in str(appeal[0].get("summary"))
    assert f"Send it by {send}," in str(appeal[0].get("description"))
    [alarm] = appeal[0].walk("VALARM")
    assert alarm.decoded("trigger") == timedelta(days=-7)
    assert page.evaluate("window.__csp") == []

    page.goto(page.url.replace("/results", "/print"))
    expect(page.locator("section[aria-labelledby=p-numbers]")).to_contain_text(APPEAL_BY)
    expect(page.locator("section[aria-labelledby=p-numbers]")).to_contain_text(
        f"Send it by {SEND_BY}."
    )
    no_axe_violations(page)


def test_without_javascript_the_conversation_says_the_same(
    live_server: LiveServer, js_context: BrowserContext, nojs_context: BrowserContext
) -> None:
    said = {}
    for name, context, js in (("js", js_context, True), ("plain", nojs_context, False)):
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.get_by_role("button", name="Start").click()
        answer_until(page, js=js, stop="want_estimate")
        said[name] = results_bubbles(page) if js else bubbles_page_by_page(page)
    assert said["js"] == said["plain"]
    assert any(f"Your appeal deadline: {APPEAL_BY}." in line for line in said["plain"])
