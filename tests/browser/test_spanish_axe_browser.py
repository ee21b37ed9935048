"""Every patient page type in Spanish passes axe on a 390 x 844 phone, on the real tree and
its Spanish (data/steps.es.yaml): landing, a question, an info step, check your answers, the
plan and each paper (in Spanish; a letter to an insurer or doctor stays English inside
`lang="en"`). `?lang=es` keeps the case in Spanish,
as the switch does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import case_through_api, no_axe_violations, phone_context
from conftest import LiveServer
from playwright.sync_api import Browser, BrowserContext, Page, expect
from test_results_pages_browser import DENIED, FLOW, VISITED

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    with phone_context(browser) as context:
        yield context


def spanish(page: Page, url: str, *, lang: str = "es") -> None:
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    no_axe_violations(page)


def test_every_patient_page_type_in_spanish_passes_axe(
    live_server: LiveServer, phone: BrowserContext
) -> None:
    page = phone.new_page()
    base = live_server.url
    spanish(page, base + "/?lang=es")
    asking = case_through_api(base, FLOW, DENIED, stop="denial_reason")
    spanish(page, base + asking + "?lang=es")
    assert "/step/" in page.url
    expect(page.locator("h1#question")).not_to_have_text("")
    info = case_through_api(base, FLOW, {**VISITED, "stage": "planning"}, stop="coverage_info")
    spanish(page, base + info + "/step/coverage_info?lang=es")
    for journey in (DENIED, VISITED):
        path = case_through_api(base, FLOW, journey)
        spanish(page, base + path + "/results?lang=es")
        papers = [
            href
            for href in page.locator("a[href*='/docs/']").evaluate_all(
                "links => links.map(a => a.getAttribute('href'))"
            )
            if not href.endswith(".pdf")
        ]
        assert papers
        spanish(page, base + path + "/check")
        for href in dict.fromkeys(papers):
            # The papers are in Spanish; a letter to a US insurer stays English in lang="en".
            spanish(page, base + href)
    assert page.evaluate("window.__csp") == []
