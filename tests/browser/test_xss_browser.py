"""The XSS corpus typed into every free-text field, every page that shows them rendered in
Chromium (with the page's CSP bypassed, so escaping alone must hold) and every PDF read back
with pdftotext.

One case per payload: an admin saves it as the clinic's name and address and types it as an
invite's first name; a patient answers the whole denied path with it as the free-text
answer, the call sheet notes and fields, every letter detail and the superbill check. A
dialog, or any request to the canary server on loopback, counts as an execution: there must
be none, and the payload must show as text where its field is shown.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, REAL_FLOW, _free_port
from pdf_support import pdf_text as read_pdf
from playwright.sync_api import BrowserContext, Page, Playwright
from privacy_support import (
    Server,
    answer_everything,
    fill_the_rest,
    save_clinic,
    sign_in,
    start_with_admin,
)
from xss_corpus import PAYLOADS

from app.documents.superbill_form import TEXT_FIELDS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PDF_LINK = re.compile(r'href="(/c/[A-Za-z0-9_-]{43}/docs/[a-z0-9_-]+\.pdf)"')
DOC_LINK = re.compile(r'href="(/c/[A-Za-z0-9_-]{43}/docs/[a-z0-9_-]+)"')
SHOWS_TEXT = """(p) => {
  const norm = s => s.replace(/\\s+/g, ' ').trim();
  const want = norm(p);
  if (norm(document.body.innerText).includes(want)) return true;
  return [...document.querySelectorAll('input, textarea')].some(e => norm(e.value).includes(want));
}"""


@dataclass
class Tally:
    renders: int = 0
    pdfs: int = 0
    dialogs: list[str] = field(default_factory=list)
    canary: list[str] = field(default_factory=list)
    not_shown: list[str] = field(default_factory=list)


@pytest.fixture
def canary() -> Iterator[tuple[str, list[str]]]:
    """A server on loopback that notes every request: an injected tag would call it."""
    hits: list[str] = []

    class Note(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", _free_port()), Note)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = start_with_admin(tmp_path, REAL_FLOW)
    yield running
    running.stop()


@pytest.fixture
def browser_context(playwright: Playwright) -> Iterator[BrowserContext]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    yield context
    context.close()
    browser.close()


def render(page: Page, url: str, payload: str, tally: Tally, *, must_show: bool) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    tally.renders += 1
    if must_show and not page.evaluate(SHOWS_TEXT, payload):
        tally.not_shown.append(url.split("/c/")[0] + " " + payload)


def submit_in_browser(
    page: Page, url: str, fields: list[str], payload: str, button: str, tally: Tally
) -> None:
    """Type the payload into each field of a real form in Chromium, send it, look at it."""
    page.goto(url)
    for name in fields:
        page.locator(f"[name='{name}']").first.fill(payload)
    page.get_by_role("button", name=button).first.click()
    page.wait_for_load_state("load")
    tally.renders += 1
    if not page.evaluate(SHOWS_TEXT, payload):
        tally.not_shown.append(url + " " + payload)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_no_payload_runs_anywhere_and_each_shows_as_text(
    server: Server,
    browser_context: BrowserContext,
    canary: tuple[str, list[str]],
    tmp_path: Path,
) -> None:
    canary_url, hits = canary
    payloads = [p.replace("{canary}", canary_url) for p in PAYLOADS]
    assert len(payloads) >= 40
    tally = Tally()
    admin = sign_in(server.url)
    browser_context.add_cookies(
        [{"name": c.name, "value": c.value, "url": server.url} for c in admin.cookies.jar]
    )
    page = browser_context.new_page()
    page.on("dialog", lambda d: (tally.dialogs.append(page.url + " " + d.message), d.dismiss()))

    for payload in payloads:
        save_clinic(admin, payload)
        with httpx.Client(base_url=server.url, follow_redirects=False, timeout=60) as patient:
            token = answer_everything(patient, payload)
            results = fill_the_rest(patient, token, payload)
            case = f"{server.url}/c/{token}"
            for path, must_show in [
                ("/", True),
                ("/staff/settings", True),
                ("/staff/invites", False),
            ]:
                render(page, server.url + path, payload, tally, must_show=must_show)
            for path, must_show in [
                ("/step/denial_code", True),
                ("/results", True),
                ("/print", False),
                ("/letter-details", True),
            ]:
                render(page, case + path, payload, tally, must_show=must_show)
            for doc in sorted(set(DOC_LINK.findall(results))):
                render(page, server.url + doc, payload, tally, must_show=True)
            submit_in_browser(
                page, case + "/superbill", list(TEXT_FIELDS[:3]), payload, "Check my invoice", tally
            )
            submit_in_browser(
                page,
                server.url + "/staff/invites/new",
                ["first_name"],
                payload,
                "Create link",
                tally,
            )
            for link in sorted(set(PDF_LINK.findall(results))):
                pdf = patient.get(link)
                assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), link
                tally.pdfs += 1
                if flat(payload) not in flat(read_pdf(pdf.content, tmp_path)):
                    tally.not_shown.append(f"{link.split('/docs/')[1]} {payload}")

    admin.close()
    print(
        f"\nxss: {len(payloads)} payloads, {tally.renders} renders in Chromium, "
        f"{tally.pdfs} PDFs read, {len(tally.dialogs)} dialogs, {len(hits)} canary requests"
    )
    assert tally.dialogs == [] and hits == []
    assert tally.not_shown == []
    assert "Traceback" not in server.log_text()
