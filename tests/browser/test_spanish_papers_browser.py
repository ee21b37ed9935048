"""The document pages in Spanish in a real browser, on a 390 x 844 phone with JavaScript on
and off (letter details, invoice check), and the script's copy status in Spanish."""

from __future__ import annotations

import pytest
from browser_support import PHONE, no_axe_violations
from conftest import LiveServer
from playwright.sync_api import Browser, expect
from test_plan_browser import plan_of

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_letter_details_and_invoice_check_in_spanish(
    live_server: LiveServer, browser: Browser, js: bool
) -> None:
    case = plan_of(live_server, "had visits, not filed").removesuffix("/results")
    clipboard = ["clipboard-read", "clipboard-write"] if js else []
    context = browser.new_context(viewport=PHONE, java_script_enabled=js, permissions=clipboard)
    page = context.new_page()
    try:
        page.goto(f"{case}/letter-details?lang=es")
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(page.locator("h1")).to_have_text("Datos para sus cartas")
        page.get_by_label("Su nombre completo").fill("María López")
        page.get_by_role("button", name="Guardar los datos").click()
        expect(page.locator(".notice")).to_have_text("Guardado. Sus cartas ya tienen estos datos.")
        if js:
            no_axe_violations(page)

        page.goto(f"{case}/superbill?lang=es")
        expect(page.locator("h1")).to_have_text("Revise su factura")
        page.get_by_label("Número de impuestos (tax ID o EIN)").fill("12-34")
        page.get_by_label("Línea 1: código CPT").fill("97124")
        page.locator("#line_charge_1").fill("abc")
        page.get_by_role("button", name="Revisar mi factura").click()
        expect(page.locator("#flags-title")).to_contain_text("cosas para arreglar")
        expect(page.locator("#line_charge_1-error")).to_contain_text("Escriba una cantidad así")
        expect(page.locator(".say-in-english").first).to_contain_text("Diga en inglés:")
        if js:
            no_axe_violations(page)
            # The script's status words come from the page, in its language.
            page.goto(f"{case}/results?lang=es")
            page.get_by_role("button", name="Copiar enlace").click()
            expect(page.locator("[data-copy-status]")).to_have_text(
                "Copiamos el enlace. Péguelo en un lugar seguro, como un correo para usted."
            )
    finally:
        context.close()
