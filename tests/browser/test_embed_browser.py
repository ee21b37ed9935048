"""The wizard embedded the way a clinic does it: the snippet from /staff/embed on the
clinic's own site (here `localhost`), the guide in a frame from another site (`127.0.0.1`),
in a Chromium that blocks third-party cookies. A whole journey completes inside the frame
with no cookie of ours stored (forms carry signed tokens; the case is in its link), and the
frame and the snippet both offer "open in a new tab"."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from browser_support import PHONE, WATCH_CSP
from conftest import CHROMIUM, CHROMIUM_ARGS, _free_port, default_flow_path, make_settings
from playwright.sync_api import Frame, Page, Playwright
from privacy_support import Server, server_env, start_server
from test_wizard_browser import finish

from app.main import create_app
from app.services.embed import snippets

pytestmark = pytest.mark.browser


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def guide(tmp_path: Path) -> Iterator[tuple[Server, str]]:
    """The guide on 127.0.0.1, framable by the clinic's site on localhost."""
    site_port = _free_port()
    site = f"http://localhost:{site_port}"
    (tmp_path / "guide").mkdir()
    env = server_env(tmp_path / "guide", default_flow_path(), frame_ancestors=site)
    server = start_server(env, tmp_path / "server.log")
    yield server, site
    server.stop()


@pytest.fixture
def clinic_site(tmp_path: Path, guide: tuple[Server, str]) -> Iterator[str]:
    """The clinic's page with the iframe snippet, served from the other site."""
    server, site = guide
    app = create_app(make_settings(tmp_path, default_flow_path()))
    snippet = snippets(server.url, app.state.clinic.fallback()).iframe
    app.state.db.dispose()
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text(
        f"<!doctype html><title>Our clinic</title><h1>Our clinic</h1>\n{snippet}\n",
        encoding="utf-8",
    )
    port = int(site.rsplit(":", 1)[1])
    handler = partial(QuietHandler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield site + "/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def strict_page(playwright: Playwright) -> Iterator[Page]:
    """Chromium as browsers now ship: third-party cookies blocked."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*CHROMIUM_ARGS, "--test-third-party-cookie-phaseout"],
    )
    context = browser.new_context(viewport={**PHONE, "height": 2000})
    context.add_init_script(WATCH_CSP)
    yield context.new_page()
    context.close()
    browser.close()


def guide_frame(page: Page) -> Frame:
    frame = page.frame_locator("#covnav-frame")
    frame.locator("body").wait_for()
    found = next((f for f in page.frames if "127.0.0.1" in f.url), None)
    assert found is not None, [f.url for f in page.frames]
    return found


def test_a_whole_journey_completes_in_a_cross_site_frame(
    strict_page: Page, clinic_site: str, guide: tuple[Server, str]
) -> None:
    server, _ = guide
    page = strict_page
    page.goto(clinic_site)
    assert page.get_by_role("link", name="Open the insurance helper in a new tab").count() == 1
    frame = guide_frame(page)
    frame.get_by_role("button", name="Start").click()
    frame.wait_for_url("**/step/**")
    assert frame.locator("#open-in-tab").get_attribute("target") == "_blank"
    steps = finish(frame, js=True)  # type: ignore[arg-type]
    assert steps >= 2 and frame.url.endswith("/results")
    assert frame.locator("h1").count() >= 1
    assert frame.locator("#open-in-tab").get_attribute("href") == frame.url
    ours = [c for c in page.context.cookies() if c["domain"] in ("127.0.0.1", "localhost")]
    assert ours == [], "the journey needed no cookie the frame could not keep"
    assert frame.evaluate("window.__csp") == []
    assert "csrf: request refused" not in server.log_text()
