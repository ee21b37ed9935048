"""The ask box in Chromium on a phone (390 x 844), with JavaScript on and off, on the real
tree: the answer appears under the question without losing the question's place or what
was typed in it, focus moves to the answer inside the announced log, and axe finds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import (
    PHONE,
    SETTLE_ONCE,
    WATCH_CSP,
    no_axe_violations,
    past_check_answers,
    wait_settled,
)
from conftest import LiveServer
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

pytestmark = pytest.mark.browser

QUESTION = "they said CO-50 what now"
VAGUE = "how much does the thing cost with my plan maybe"


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(WATCH_CSP)
    yield context
    context.close()


@pytest.fixture
def nojs(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    yield context
    context.close()


def to_minutes(page: Page, server: LiveServer, js: bool) -> None:
    """Start, then answer up to the minutes question (a typed number)."""
    page.goto(server.url + "/")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/step/stage")
    for label in (
        "I have not had a visit yet.",
        "A plan from my job or a family member's job",
        "No, none of these fit me.",  # someone else who could pay
        None,  # the short lesson about coverage
        "97124 (massage)",
    ):
        if label:
            page.get_by_label(label).check()
        if js:
            page.evaluate(SETTLE_ONCE)
        page.locator("#step").get_by_role("button", name="Continue").click()
        if js:
            wait_settled(page)
        page.wait_for_load_state()
    expect(page.locator("#question")).to_contain_text("How many minutes")


def no_axe_violations_without_js(page: Page) -> None:
    """axe on a page shown with JavaScript off. axe needs timers, and Chromium fires none in a
    context with JavaScript off, so axe.run() there never returns (the test hung). So axe
    checks the same markup, served as is, in a context where JavaScript runs but the page's
    own scripts are blocked: the markup and styles a patient without JavaScript gets."""
    url = page.url.split("#")[0]
    html = page.content()

    def serve(route: Route) -> None:
        if route.request.resource_type == "script":
            route.abort()
        elif route.request.url.split("#")[0] == url:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
        else:
            route.continue_()

    assert page.context.browser is not None
    context = page.context.browser.new_context(viewport=PHONE)
    try:
        context.route("**/*", serve)
        same = context.new_page()
        same.goto(url)
        assert same.evaluate("typeof window.htmx") == "undefined", "the page's scripts ran"
        no_axe_violations(same)
    finally:
        context.close()


def ask_with_js(page: Page, question: str) -> None:
    page.locator("#ask-question").fill(question)
    page.evaluate(SETTLE_ONCE)
    page.locator("#ask").get_by_role("button", name="Ask").click()
    wait_settled(page)


def test_with_javascript_the_answer_joins_the_conversation_under_the_question(
    live_server: LiveServer, phone: BrowserContext
) -> None:
    page = phone.new_page()
    to_minutes(page, live_server, js=True)
    url = page.url
    page.locator("#step #answer").fill("45")
    page.evaluate("window.__sameDocument = true")

    ask_with_js(page, QUESTION)
    answer = page.locator("#ask-log article.ask-exchange").last
    expect(answer.locator(".ask-title")).to_have_text("What CO-50 means")
    assert page.evaluate("window.__sameDocument") is True, "no page load"
    assert page.url == url and "CO-50" not in page.url
    assert page.locator("#step #answer").input_value() == "45", "the typed value is kept"
    log = page.locator("#ask-log")
    assert log.get_attribute("role") == "log" and log.get_attribute("aria-live") == "polite"
    focused = page.evaluate("document.activeElement.id")
    assert focused == answer.get_attribute("id"), "focus moves to the new answer"
    assert page.locator("#ask-question").input_value() == "", "the box is ready for more"
    box = page.locator("#ask").bounding_box()
    step = page.locator("#step").bounding_box()
    assert box is not None and step is not None and box["y"] > step["y"], "under the question"
    no_axe_violations(page)

    # Not sure: the closest cards, the insurer question (one tap), the clinic's contact.
    ask_with_js(page, VAGUE)
    unsure = page.locator("#ask-log article.ask-exchange").last
    expect(unsure).to_contain_text("not sure")
    assert unsure.locator(".ask-picks button").count() == 3
    assert unsure.locator(".ask-contact a[href^='tel:']").count() == 1
    page.evaluate(SETTLE_ONCE)
    unsure.get_by_role("button", name="Add it to my call sheet").click()
    wait_settled(page)
    expect(unsure.locator(".ask-added")).to_have_text(
        "Added to your call sheet. You will find it on your plan page."
    )
    page.evaluate(SETTLE_ONCE)
    unsure.locator(".ask-picks button").first.click()
    wait_settled(page)
    assert page.locator("#ask-log article.ask-exchange").count() == 3
    assert page.locator("#step #answer").input_value() == "45"
    no_axe_violations(page)
    assert page.evaluate("window.__csp") == []

    # The question is not in any log line of the server.
    page.locator("#step").get_by_role("button", name="Continue").click()
    assert QUESTION not in live_server.log_text() and VAGUE not in live_server.log_text()


def test_without_javascript_the_same_form_posts_and_the_page_shows_the_answer(
    live_server: LiveServer, nojs: BrowserContext
) -> None:
    page = nojs.new_page()
    to_minutes(page, live_server, js=False)
    step_url = page.url
    page.locator("#ask-question").fill(QUESTION)
    page.locator("#ask").get_by_role("button", name="Ask").click()
    page.wait_for_load_state()
    assert page.url.split("#")[0].endswith("/ask"), "the answer is the response itself"
    assert "CO-50" not in page.url and "CO" not in page.url.split("/c/")[1].split("/")[-1]
    answer = page.locator("#ask-answer article.ask-exchange")
    expect(answer.locator(".ask-title")).to_have_text("What CO-50 means")
    assert page.evaluate("document.activeElement.id") == answer.get_attribute("id")
    assert (
        page.locator("#step form").get_attribute("action") == step_url.split(live_server.url)[1]
    ), "the same question, in its place"
    no_axe_violations_without_js(page)

    page.locator("#ask-question").fill(VAGUE)
    page.locator("#ask").get_by_role("button", name="Ask").click()
    page.wait_for_load_state()
    unsure = page.locator("#ask-answer")
    expect(unsure).to_contain_text("not sure")
    unsure.get_by_role("button", name="Add it to my call sheet").click()
    page.wait_for_load_state()
    assert page.url == step_url, "back to the question after adding it"
    no_axe_violations_without_js(page)
    assert QUESTION not in live_server.log_text()


def test_the_plan_page_has_the_ask_box_too(live_server: LiveServer, phone: BrowserContext) -> None:
    page = phone.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/step/stage")
    page.get_by_label("I have not had a visit yet.").check()
    page.locator("#step").get_by_role("button", name="Continue").click()
    page.wait_for_url("**/step/plan_type")
    page.get_by_label("Medicaid or a state plan").check()
    page.evaluate(SETTLE_ONCE)
    page.locator("#step").get_by_role("button", name="Continue").click()
    wait_settled(page)
    page.evaluate(SETTLE_ONCE)
    page.locator("#step").get_by_role("button", name="Continue").click()  # the lesson
    wait_settled(page)
    page.get_by_label("No, none of these fit me.").check()  # someone else who could pay
    page.evaluate(SETTLE_ONCE)
    page.locator("#step").get_by_role("button", name="Continue").click()
    wait_settled(page)  # the last answer loads "Check your answers"
    past_check_answers(page)
    page.wait_for_url("**/results")
    ask_with_js(page, "will medicaid pay me back for massage")
    answer = page.locator("#ask-log article.ask-exchange").last
    expect(answer.locator(".ask-title")).to_have_text("Will Medicaid pay me back?")
    no_axe_violations(page)
