"""What the browser tests share: a phone viewport, CSP watching, htmx settling, axe checks.

Holds no tests. Playwright's wait_for_function evaluates strings, which our CSP refuses, so
waits poll from Python instead.
"""

from __future__ import annotations

import contextlib
import time

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error, Page

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
