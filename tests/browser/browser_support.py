"""What the browser tests share: a phone viewport, CSP watching, htmx settling, axe checks.

Holds no tests. Playwright's wait_for_function evaluates strings, which our CSP refuses, so
waits poll from Python instead.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

import httpx
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Error, Page
from samples import auto_answers

from app.flows.engine import Flow

PHONE = {"width": 390, "height": 844}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Collects CSP violations into window.__csp (add as an init script).
WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective));
"""
# htmx pushes the URL and moves focus before it settles, so "settled" means "done".
SETTLE_ONCE = """
window.__settled = false;
document.body.addEventListener('htmx:afterSettle',
  () => { window.__settled = true; }, {once: true});
"""


@contextlib.contextmanager
def phone_context(browser: Browser, *, js: bool = True) -> Iterator[BrowserContext]:
    """A 390 x 844 phone; with JavaScript, CSP violations are recorded in window.__csp."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=js)
    if js:
        context.add_init_script(WATCH_CSP)
    try:
        yield context
    finally:
        context.close()


def wait_settled(page: Page, timeout: float = 10.0) -> None:
    """Until the next htmx swap settles (SETTLE_ONCE first), or a new page loads after the
    last answer ("Check your answers", or the results)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Error):  # the results load as a new page, mid-poll
            if page.evaluate(
                "window.__settled === true || /[/](check|results)$/.test(location.pathname)"
            ):
                return
        time.sleep(0.02)
    raise AssertionError(f"htmx did not settle on {page.url}")


def no_axe_violations(page: Page) -> None:
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert result.violations_count == 0, f"{page.url}\n{result.generate_report()}"


def past_check_answers(page: Page) -> None:
    """On "Check your answers", go on to the plan as a patient would (else do nothing)."""
    if page.url.endswith("/check"):
        page.get_by_role("link", name="See your plan").click()
        page.wait_for_url("**/results")


def case_through_api(url: str, flow: Flow, prefs: dict[str, Any], stop: str | None = None) -> str:
    """A case answered through the JSON API along the path `prefs` lead to (a plain default
    for any question they do not name, so new questions in the tree do not break the tests),
    up to the question `stop` or the end. Returns its path, /c/TOKEN."""
    with httpx.Client(base_url=url) as client:
        token = client.post("/api/v1/cases", json={}).json()["token"]
        for step_id, value in auto_answers(flow, prefs).items():
            if step_id == stop:
                break
            put = client.put(f"/api/v1/cases/{token}/answers/{step_id}", json={"value": value})
            assert put.status_code == 200, put.text
    return f"/c/{token}"
