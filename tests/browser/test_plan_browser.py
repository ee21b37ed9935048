"""The plan on a 390 x 844 phone: the next step on the first screen, the first tick within
three Tabs, papers and tables that fit, and the private link kept by copy, email or text."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from browser_support import PHONE, case_through_api, no_axe_violations, phone_context
from conftest import REAL_FLOW, LiveServer
from pdf_support import tool
from playwright.sync_api import Browser, BrowserContext, Page, expect

from app.flows.loader import load_flow

pytestmark = pytest.mark.browser

FLOW = load_flow(REAL_FLOW)

RECENT = (date.today() - timedelta(days=20)).isoformat()
OLDER = (date.today() - timedelta(days=35)).isoformat()
JOURNEYS: dict[str, dict[str, str]] = {
    "planning with an estimate": {
        "stage": "planning",
        "plan_type": "employer",
        "coverage_info": "seen",
        "main_code": "97124",
        "session_minutes": "60",
        "oon_benefits": "yes",
        "referral": "not_needed",
        "preapproval": "not_needed",
        "hsa_fsa": "hsa",
        "want_estimate": "yes",
        "cost_info": "seen",
        "fee": "120",
        "visits_planned": "10",
        "deductible_remaining": "200",
        "coinsurance_percent": "40",
        "copay": "",
        "allowed_amount": "100",
        "visit_limit_remaining": "20",
    },
    "denied the first time": {
        "stage": "denied",
        "plan_type": "employer",
        "service_date": OLDER,
        "denial_date": RECENT,
        "denial_info": "seen",
        "denial_reason": "medical_necessity",
        "denial_code": "CO-50",
        "appeal_round": "first",
        "notice_days": "180",
        "urgent": "no",
    },
    "had visits, not filed": {
        "stage": "visited",
        "plan_type": "individual",
        "service_date": RECENT,
        "main_code": "97124",
        "session_minutes": "60",
        "filing_limit_days": "90",
        "oon_benefits": "yes",
        "referral": "have",
        "hsa_fsa": "none",
    },
}


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    with phone_context(browser) as context:
        yield context


def plan_of(server: LiveServer, journey: str) -> str:
    """A finished case through the JSON API; returns its results URL."""
    prefs = {"other_payer": "none", "plan_funding": "insured", **JOURNEYS[journey]}
    return f"{server.url}{case_through_api(server.url, FLOW, prefs)}/results"


def whole_on_first_screen(page: Page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (selector, box)


@pytest.mark.parametrize("journey", list(JOURNEYS))
def test_the_next_step_is_on_the_first_screen_and_the_first_tick_three_tabs_in(
    live_server: LiveServer, phone: BrowserContext, journey: str
) -> None:
    """Before: the checklist came third, 3,100 to 4,300 px down, 15 to 17 Tabs in."""
    page = phone.new_page()
    page.goto(plan_of(live_server, journey))
    positive = page.evaluate(
        "[...document.querySelectorAll('[tabindex]')].filter(e => e.tabIndex > 0).length"
    )
    assert positive == 0, "Tab follows the document order"
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "checkbox":
            break
    assert page.evaluate("document.activeElement.type") == "checkbox"
    page.evaluate("window.scrollTo(0, 0)")
    whole_on_first_screen(page, ".next-step .next-what")
    whole_on_first_screen(page, ".next-step .check-form")
    assert page.locator(".next-step").evaluate(
        "e => e === document.querySelector('main section')"
    ), "the next step is the first part of the page"
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"\n{journey}: results page {height} px on a 390 x 844 phone")
    assert height < 9 * PHONE["height"], "a short plan (it was 12 to 18 screens)"


@pytest.mark.parametrize("journey", list(JOURNEYS))
def test_the_plan_passes_axe_with_every_part_open(
    live_server: LiveServer, phone: BrowserContext, journey: str
) -> None:
    page = phone.new_page()
    page.goto(plan_of(live_server, journey))
    no_axe_violations(page)
    for summary in page.locator("main details > summary").all():
        summary.click()
    no_axe_violations(page)
    page.goto(page.url.replace("/results", "/print"))
    no_axe_violations(page)


def test_ticking_the_next_step_brings_the_one_after(
    live_server: LiveServer, browser: Browser
) -> None:
    url = plan_of(live_server, "denied the first time")
    for js in (True, False):
        context = browser.new_context(viewport=PHONE, java_script_enabled=js)
        try:
            page = context.new_page()
            page.goto(url)
            first = page.locator(".next-what").inner_text()
            page.locator("#next-done").check()
            if not js:
                page.locator(".next-step").get_by_role("button", name="Save").click()
            page.wait_for_url("**/results?saved=next")
            expect(page.locator(".notice")).to_have_text("Saved. Well done.")
            assert page.locator(".next-what").inner_text() != first
            done = page.locator(f"#checklist .check-label:text-is('{first}')")
            expect(done).to_have_count(1)
            assert page.locator("#checklist .check-box:checked").count() >= 1
        finally:
            context.close()


def test_view_and_print_and_download_pdf_do_not_touch(
    live_server: LiveServer, phone: BrowserContext
) -> None:
    """Before: on a phone the two buttons wrapped onto two lines with no space between."""
    page = phone.new_page()
    page.goto(plan_of(live_server, "denied the first time"))
    rows = page.locator(".document-actions")
    assert rows.count() >= 2
    for row in rows.all():
        view, pdf = (b.bounding_box() for b in row.locator(".button").all())
        assert view and pdf
        apart_across = pdf["x"] - (view["x"] + view["width"])
        apart_down = pdf["y"] - (view["y"] + view["height"])
        assert max(apart_across, apart_down) >= 8, "View and print and Download PDF touched"


def test_papers_sit_with_the_step_that_needs_them(
    live_server: LiveServer, phone: BrowserContext
) -> None:
    page = phone.new_page()
    page.goto(plan_of(live_server, "denied the first time"))
    appeal = page.locator("#item-internal_appeal")
    appeal.locator("summary").click()
    letter = appeal.get_by_role("link", name="Appeal letter", exact=True)
    expect(letter).to_be_visible()
    letter.click()
    page.wait_for_url("**/docs/appeal_letter")


def test_the_estimate_table_fits_a_320_px_screen(live_server: LiveServer, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 700})
    try:
        page = context.new_page()
        page.goto(plan_of(live_server, "planning with an estimate"))
        page.locator("#how-we-got-this > summary").click()
        tables = page.locator("table.numbers-table")
        expect(tables.first).to_be_visible()
        assert tables.count() == 2
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 320, f"the page is {wide} px wide on a 320 px screen"
    finally:
        context.close()


PHONES = (
    {"viewport": PHONE, "is_mobile": True, "has_touch": True},
    {"viewport": {"width": 844, "height": 390}, "is_mobile": True, "has_touch": True},
)


def test_on_a_phone_the_save_box_never_says_to_scan_a_code(
    live_server: LiveServer, browser: Browser
) -> None:
    """Before: held sideways (844 px wide), a phone showed "Scan this code with your phone"."""
    url = plan_of(live_server, "had visits, not filed")
    for options in PHONES:
        context = browser.new_context(**options)  # type: ignore[arg-type]
        try:
            page = context.new_page()
            page.goto(url)
            expect(page.get_by_text("Scan this code")).to_be_hidden()
            expect(page.locator(".qr-box")).to_be_hidden()
        finally:
            context.close()
    desk = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = desk.new_page()
        page.goto(url)
        expect(page.locator(".qr-box img.qr")).to_be_visible()
    finally:
        desk.close()


def test_the_link_is_kept_by_copy_email_or_text(live_server: LiveServer, browser: Browser) -> None:
    url = plan_of(live_server, "had visits, not filed")
    context = browser.new_context(**PHONES[0])  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.goto(url)
        link = page.locator("#case-link").input_value()
        email = page.get_by_role("link", name="Email it to yourself")
        text = page.get_by_role("link", name="Text it to yourself")
        assert (email.get_attribute("href") or "").startswith("mailto:?subject=")
        assert link in (email.get_attribute("href") or "")
        assert (text.get_attribute("href") or "").startswith("sms:?&body=")
        assert link in (text.get_attribute("href") or "")
        expect(page.get_by_role("button", name="Copy link")).to_be_visible()
    finally:
        context.close()
    desk = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        desk.grant_permissions(["clipboard-read", "clipboard-write"])
        page = desk.new_page()
        page.goto(url)
        page.get_by_role("button", name="Copy link").click()
        expect(page.locator("[data-copy-status]")).to_contain_text("Link copied")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.locator("#case-link").input_value()
    finally:
        desk.close()


# US Letter pages; when each part began a new sheet: 9, 7 and 8.
PRINTED_PAGES = {
    "planning with an estimate": 8,
    "denied the first time": 5,
    "had visits, not filed": 6,
}


@pytest.mark.parametrize("journey", list(PRINTED_PAGES))
def test_the_printed_plan_is_short(
    live_server: LiveServer, phone: BrowserContext, journey: str, tmp_path: Path
) -> None:
    """Before: every part began a new sheet, most of them half empty. Now only the call sheet
    starts its own page, to have in hand on the call."""
    page = phone.new_page()
    page.goto(plan_of(live_server, journey).replace("/results", "/print"))
    pdf = tmp_path / "plan.pdf"
    page.pdf(path=str(pdf), format="Letter")
    info = subprocess.run([tool("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]
    print(f"\n{journey}: printed plan {pages} US Letter pages")
    assert pages <= PRINTED_PAGES[journey]
