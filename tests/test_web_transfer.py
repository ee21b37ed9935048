"""First visit to a question page: HTML, CSS, JS and icon, gzipped, under 40 KB."""

from __future__ import annotations

import gzip

import httpx
from bs4 import BeautifulSoup
from conftest import WizardClient

BUDGET = 40 * 1024
GZIP = {"Accept-Encoding": "gzip"}


def transferred(response: httpx.Response) -> int:
    """Body bytes as sent (compressed) plus the status line and headers."""
    head = sum(len(k) + len(v) + 4 for k, v in response.headers.raw) + 17
    return head + response.num_bytes_downloaded


def test_question_page_first_visit_is_under_40_kb(wizard: WizardClient) -> None:
    wizard.start()
    page = wizard.client.get(wizard.url, headers=GZIP)
    assert page.headers["content-encoding"] == "gzip"
    soup = BeautifulSoup(page.text, "html.parser")
    assets = [link["href"] for link in soup.select("link[rel=stylesheet], link[rel=icon]")]
    assets += [script["src"] for script in soup.select("script[src]")]
    assert len(assets) == 4
    sizes = {wizard.url: transferred(page)}
    for url in assets:
        response = wizard.client.get(url, headers=GZIP)
        assert response.status_code == 200, url
        if not url.endswith(".svg") and not url.split("?")[0].endswith(".svg"):
            assert response.headers.get("content-encoding") == "gzip", url
        sizes[url] = transferred(response)
    total = sum(sizes.values())
    print(f"\nfirst-visit transfer: {total} bytes", sizes)
    assert total < BUDGET, sizes


def test_htmx_is_served_compressed_near_its_gzip_size(wizard: WizardClient) -> None:
    soup = BeautifulSoup(wizard.client.get("/").text, "html.parser")
    htmx_url = next(s["src"] for s in soup.select("script[src]") if "htmx" in s["src"])
    response = wizard.client.get(htmx_url, headers=GZIP)
    assert response.num_bytes_downloaded < len(gzip.compress(response.content)) + 1024
