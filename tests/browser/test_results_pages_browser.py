"""Every page a patient can open from the plan passes axe on a 390 x 844 phone: each paper
(letters, call sheet, checklist, claim packet), the letter details form, the invoice check
and the landing page. The plan, print, check-your-answers and
question pages are checked in test_plan_browser.py and test_question_first_browser.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from browser_support import case_through_api, no_axe_violations, phone_context
from conftest import REAL_FLOW, LiveServer
from playwright.sync_api import Browser, BrowserContext

from app.flows.loader import load_flow

pytestmark = pytest.mark.browser

FLOW = load_flow(REAL_FLOW)
QUIET = {"other_payer": "none", "plan_funding": "insured", "want_estimate": "no"}
DENIED = {
    **QUIET,
    "stage": "denied",
    "plan_type": "employer",
    "service_date": (date.today() - timedelta(days=35)).isoformat(),
    "denial_date": (date.today() - timedelta(days=20)).isoformat(),
    "denial_reason": "medical_necessity",
    "denial_code": "CO-50",
    "appeal_round": "first",
    "urgent": "no",
}
UNDERPAID = {**DENIED, "stage": "underpaid", "want_estimate": "yes", "amount_paid": "20.00"}
VISITED = {**QUIET, "stage": "visited", "plan_type": "individual", "referral": "not_needed"}


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    with phone_context(browser) as context:
        yield context


@pytest.mark.parametrize(
    "journey", [DENIED, UNDERPAID, VISITED], ids=["denied", "underpaid", "visited"]
)
def test_every_paper_from_the_plan_passes_axe(
    live_server: LiveServer, phone: BrowserContext, journey: dict[str, str]
) -> None:
    page = phone.new_page()
    page.goto(live_server.url + case_through_api(live_server.url, FLOW, journey) + "/results")
    papers = [
        href
        for href in page.locator("#documents a[href*='/docs/']").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        if not href.endswith(".pdf")
    ]
    assert len(papers) >= 2, papers
    for href in dict.fromkeys(papers):
        page.goto(live_server.url + href)
        no_axe_violations(page)
    assert page.evaluate("window.__csp") == []


def test_letter_details_and_the_invoice_check_pass_axe(
    live_server: LiveServer, phone: BrowserContext
) -> None:
    page = phone.new_page()
    path = case_through_api(live_server.url, FLOW, DENIED)
    page.goto(live_server.url + path + "/letter-details")
    no_axe_violations(page)
    page.goto(live_server.url + path + "/superbill")
    no_axe_violations(page)
    page.goto(live_server.url + "/")
    no_axe_violations(page)
    assert page.evaluate("window.__csp") == []
