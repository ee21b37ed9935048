"""The ask box in Spanish in Chromium on a phone (390 x 844), JavaScript on and off, on the
real tree: a Spanish question on a Spanish question page is answered from the Spanish cards,
in Spanish, under the question, and axe finds nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_support import (
    PHONE,
    SETTLE_ONCE,
    WATCH_CSP,
    case_through_api,
    no_axe_violations,
    wait_settled,
)
from conftest import REAL_FLOW, LiveServer
from playwright.sync_api import Browser, Page, expect

from app.flows.loader import load_flow

pytestmark = pytest.mark.browser

QUESTION = "me mandaron un EOB y dice que debo $120, tengo que pagarlo?"
VAGUE = "todavia no llego a mi deductible me van a pagar algo"
SHOTS = os.environ.get("ASK_SHOTS")  # a folder: save what the patient sees, to look at


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_a_spanish_question_is_answered_in_spanish(
    live_server: LiveServer, browser: Browser, js: bool
) -> None:
    flow = load_flow(REAL_FLOW)
    case = case_through_api(live_server.url, flow, {"stage": "visited"}, stop="service_date")
    context = browser.new_context(viewport=PHONE, java_script_enabled=js, locale="es-US")
    if js:
        context.add_init_script(WATCH_CSP)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{case}/step/service_date?lang=es")
        expect(page.locator("html")).to_have_attribute("lang", "es")
        page.get_by_label("Escriba su pregunta con sus palabras").fill(QUESTION)
        if js:
            page.evaluate(SETTLE_ONCE)
        page.locator("#ask-form").get_by_role("button", name="Enviar").click()
        if js:
            wait_settled(page)
        else:
            page.wait_for_load_state()
        answer = page.locator("article.ask-exchange").last
        expect(answer.locator(".ask-title")).to_have_text(
            "La explicación de beneficios (EOB) no es una cuenta"
        )
        expect(answer).to_contain_text("Usted preguntó:")
        expect(page.locator("#question")).to_be_visible()  # the question keeps its place
        answer.scroll_into_view_if_needed()
        shot(page, f"ask-es-{'js' if js else 'nojs'}")
        if js:
            assert page.evaluate("window.__csp") == []
            no_axe_violations(page)
            ask_not_sure(page)
    finally:
        context.close()


def ask_not_sure(page: Page) -> None:
    """Not sure: the closest cards, and the insurer question in Spanish with its English."""
    page.get_by_label("Escriba su pregunta con sus palabras").fill(VAGUE)
    page.evaluate(SETTLE_ONCE)
    page.locator("#ask-form").get_by_role("button", name="Enviar").click()
    wait_settled(page)
    answer = page.locator("article.ask-exchange").last
    expect(answer).to_contain_text("No estoy seguro de entender.")
    expect(answer.locator(".ask-picks button")).to_have_count(3)
    expect(answer.locator(".ask-insurer")).to_contain_text("O pregunte a su seguro:")
    expect(answer.locator('.say-in-english [lang="en"]')).to_be_visible()
    answer.scroll_into_view_if_needed()
    shot(page, "ask-es-unsure")
    no_axe_violations(page)
