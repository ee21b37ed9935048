"""Spanish from the first visit, on a 390 x 844 phone with JavaScript on and off: a browser
set to Spanish gets `<html lang="es">`, the questions in Spanish and a visible "English"
switch (a plain link) on each page; the switch turns the case to English and stays so."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import PHONE, WATCH_CSP, no_axe_violations
from conftest import MINI_FLOW, LiveServer, start_live_server, stop_live_server
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

TRANSLATION = Path(__file__).parents[1] / "fixtures" / "translations" / "good.es.yaml"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The mini tree with its Spanish beside it, as data/steps.es.yaml sits by steps.yaml."""
    folder = tmp_path_factory.mktemp("spanish")
    shutil.copy(MINI_FLOW, folder / "mini.yaml")
    shutil.copy(TRANSLATION, folder / "mini.es.yaml")
    live = start_live_server(folder, folder / "mini.yaml")
    yield live
    stop_live_server(live)


def expect_language(page: Page, lang: str, switch_text: str, switch_lang: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", lang)
    switch = page.locator(".language-switch a")
    expect(switch).to_be_visible()
    expect(switch).to_have_text(switch_text)
    expect(switch).to_have_attribute("lang", switch_lang)
    box = switch.bounding_box()
    assert box is not None and box["height"] >= 24 and box["y"] < PHONE["height"]
    assert box["x"] + box["width"] <= PHONE["width"]  # on the first screen, no sideways scroll


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_a_spanish_browser_gets_spanish_and_can_switch(
    server: LiveServer, browser: Browser, js: bool
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=js, locale="es-US")
    if js:
        context.add_init_script(WATCH_CSP)
    page = context.new_page()
    try:
        page.goto(server.url + "/")
        expect_language(page, "es", "English", "en")
        expect(page.locator("h1")).to_have_text(
            "Que su seguro le devuelva lo que pagó por masajes y tratamiento del dolor"
        )
        if js:
            no_axe_violations(page)

        page.get_by_role("button", name="Empezar ya").click()
        page.wait_for_url("**/step/stage")
        expect_language(page, "es", "English", "en")
        expect(page.locator("h1#question")).to_have_text("¿En qué punto está con su tratamiento?")
        page.get_by_label("Me negaron el reclamo (claim).").check()
        page.locator("#step form button[type=submit]").first.click()
        page.wait_for_url("**/step/denial_date")
        expect(page.locator("h1#question")).to_have_text("¿Qué fecha tiene la carta de rechazo?")

        page.locator(".language-switch a").click()
        page.wait_for_url("**lang=en")
        expect_language(page, "en", "Español", "es")
        expect(page.locator("h1#question")).to_have_text("What date is on the denial letter?")
        case_url = page.url.split("?")[0]
        page.goto(case_url)  # the case keeps English, though the browser asks for Spanish
        expect_language(page, "en", "Español", "es")
        if js:
            assert page.evaluate("window.__csp") == []
    finally:
        context.close()
