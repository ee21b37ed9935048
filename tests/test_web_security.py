"""Headers, CSP, cookies, CSRF and the friendly pages for bad links and errors."""

from __future__ import annotations

import base64
import re
from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import TEST_SECRET, WizardClient
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.core.crypto import new_token, parse_token
from app.core.csrf import COOKIE_NAME, make_token, token_matches
from app.models import utcnow
from app.services.cases import create_case

TEMPLATES = Path(__file__).resolve().parents[1] / "app" / "templates"
EXPECTED_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def finished(wizard: WizardClient) -> WizardClient:
    wizard.start()
    wizard.answer("planning")
    wizard.answer("yes")
    wizard.answer()
    assert wizard.url.endswith("/results")
    return wizard


def all_pages(wizard: WizardClient) -> dict[str, str]:
    finished(wizard)
    base = wizard.case_path
    return {
        "landing": "/",
        "question": f"{base}/step/stage",
        "results": f"{base}/results",
        "print": f"{base}/print",
        "bad_link": "/c/not-a-real-link",
    }


def test_security_headers_on_every_page(wizard: WizardClient) -> None:
    for name, url in all_pages(wizard).items():
        response = wizard.client.get(url)
        headers = response.headers
        assert headers["content-security-policy"] == EXPECTED_CSP, name
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["referrer-policy"] == "no-referrer", name
        assert headers["x-content-type-options"] == "nosniff", name
        assert headers["x-frame-options"] == "DENY", name
        assert headers["cache-control"] == "no-store", name


def test_static_files_have_headers_and_cache(client: TestClient) -> None:
    page = soup(client.get("/"))
    css = page.select_one("link[rel=stylesheet]")["href"]
    response = client.get(css)
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "immutable" in response.headers["cache-control"]


def test_frame_ancestors_come_from_settings(tmp_path: Path, migrated_db: Path) -> None:
    import shutil

    from conftest import make_settings

    from app.main import create_app

    shutil.copy(migrated_db, tmp_path / "covnav.db")
    settings = make_settings(tmp_path, frame_ancestors="https://clinic.example")
    with TestClient(create_app(settings)) as client:
        headers = client.get("/").headers
    assert "frame-ancestors https://clinic.example;" in headers["content-security-policy"]
    assert "x-frame-options" not in headers


def test_pages_have_no_inline_script_style_or_handlers(wizard: WizardClient) -> None:
    for name, url in all_pages(wizard).items():
        page = soup(wizard.client.get(url))
        assert page.select("style") == [], name
        assert all(s.get("src") for s in page.select("script")), name
        for tag in page.find_all(True):
            assert "style" not in tag.attrs, (name, tag.name)
            assert not [a for a in tag.attrs if a.startswith("on")], (name, tag.name)
            assert not [a for a in tag.attrs if a.startswith("hx-on")], (name, tag.name)


def test_templates_have_no_inline_code_or_raw_output() -> None:
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<style" not in text and " style=" not in text, path
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path
        assert not re.search(r"\son[a-z]+=", text), path
        assert "|safe" not in text.replace(" ", "") and "autoescape false" not in text, path


def test_free_text_is_escaped(types_wizard: WizardClient) -> None:
    helper = types_wizard
    helper.start()
    helper.answer(["massage"])
    page = helper.answer("<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_csrf_cookie_is_httponly_and_samesite(client: TestClient) -> None:
    response = client.get("/")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # test env; production sets Secure
    again = client.get("/")
    assert "set-cookie" not in again.headers, "the nonce is kept, not rotated per page"


def test_production_cookies_are_secure(tmp_path: Path, migrated_db: Path) -> None:
    settings = Settings(_env_file=None, env="production", secret_key=TEST_SECRET)  # type: ignore[call-arg]
    assert settings.secure_cookies


def test_masked_tokens_differ_per_render_but_all_verify() -> None:
    first, second = make_token(TEST_SECRET, "n" * 43), make_token(TEST_SECRET, "n" * 43)
    assert first != second
    assert token_matches(TEST_SECRET, "n" * 43, first)
    assert token_matches(TEST_SECRET, "n" * 43, second)
    assert not token_matches(TEST_SECRET, "m" * 43, first)
    assert not token_matches("another-secret", "n" * 43, first)
    assert not token_matches(TEST_SECRET, "n" * 43, "garbage!")


def assert_csrf_page(response) -> None:
    assert response.status_code == 403
    page = soup(response)
    assert page.select_one("h1").get_text() == "This page has expired"
    assert page.select_one("form[action='/start'] button").get_text() == "Start over"
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("data", "headers"),
    [
        ({}, {}),
        ({"csrf_token": "forged"}, {}),
        ({}, {"X-CSRF-Token": "forged"}),
    ],
)
def test_posts_without_a_good_token_are_refused(
    wizard: WizardClient, data: dict[str, str], headers: dict[str, str]
) -> None:
    wizard.start()
    response = wizard.client.post(wizard.url, data={"answer": "planning", **data}, headers=headers)
    assert_csrf_page(response)
    assert soup(wizard.get(wizard.url)).select("#transcript li") == [], "nothing was saved"
    assert_csrf_page(wizard.client.post("/start", data=data, headers=headers))


def test_a_token_for_another_browser_is_refused(wizard: WizardClient, app: FastAPI) -> None:
    wizard.start()
    with TestClient(app, follow_redirects=False) as other:
        stolen = CSRF_FROM(other.get("/").text)
    assert_csrf_page(wizard.client.post(wizard.url, data={"csrf_token": stolen, "answer": "x"}))


def test_cross_site_posts_are_refused_even_with_a_token(wizard: WizardClient) -> None:
    wizard.start()
    data = {"csrf_token": wizard.csrf, "answer": "planning"}
    assert_csrf_page(
        wizard.client.post(wizard.url, data=data, headers={"Sec-Fetch-Site": "cross-site"})
    )
    assert_csrf_page(
        wizard.client.post(wizard.url, data=data, headers={"Origin": "https://evil.example"})
    )
    ok = wizard.client.post(wizard.url, data=data, headers={"Origin": "null"})
    assert ok.status_code == 303, "no-referrer makes browsers send Origin: null on our own forms"


def test_no_cookie_at_all_is_refused(app: FastAPI) -> None:
    with TestClient(app, follow_redirects=False) as first:
        token = CSRF_FROM(first.get("/").text)
    with TestClient(app, follow_redirects=False) as cookieless:
        assert_csrf_page(cookieless.post("/start", data={"csrf_token": token}))


def test_htmx_header_token_is_accepted(wizard: WizardClient) -> None:
    wizard.start()
    response = wizard.client.post(
        wizard.url,
        data={"answer": "planning"},
        headers={"HX-Request": "true", "X-CSRF-Token": wizard.csrf},
    )
    assert response.status_code == 303


def test_oversized_posts_are_refused(wizard: WizardClient) -> None:
    wizard.start()
    big = {"csrf_token": wizard.csrf, "answer": "x" * 300_000}
    response = wizard.client.post(wizard.url, data=big)
    assert response.status_code == 413 and "Traceback" not in response.text


def CSRF_FROM(html: str) -> str:  # noqa: N802 - reads like a constant lookup
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def assert_bad_link_page(response) -> None:
    assert response.status_code == 404
    page = soup(response)
    assert page.select_one("h1").get_text() == "We could not open this link"
    assert page.select_one("form[action='/start'] button").get_text() == "Start over"
    assert "Traceback" not in response.text and "Exception" not in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/c/short",
        "/c/" + "A" * 43,  # well formed, unknown
        "/c/" + "A" * 43 + "/results",
        "/c/" + "A" * 43 + "/step/stage",
        "/c/" + "%F0%9F%98%80" * 5 + "/print",
    ],
)
def test_unknown_or_mistyped_links_get_a_friendly_page(client: TestClient, path: str) -> None:
    assert_bad_link_page(client.get(path))


def test_only_the_canonical_spelling_of_a_token_opens_it() -> None:
    for _ in range(64):
        token = new_token()
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        others = [token.text[:-1] + c for c in alphabet if c != token.text[-1]]
        assert parse_token(token.text) == token
        assert all(parse_token(other) is None or parse_token(other) != token for other in others)
        # The 3 spellings that differ only in the spare bits decode to the same bytes.
        same = [
            o for o in others if base64.urlsafe_b64decode(o + "=") == token.lookup_id + token.secret
        ]
        assert len(same) == 3 and all(parse_token(o) is None for o in same)


def test_a_link_missing_its_last_letter_is_friendly(wizard: WizardClient) -> None:
    wizard.start()
    assert_bad_link_page(wizard.client.get(wizard.case_path[:-1]))
    flipped = wizard.token[:-1] + ("A" if wizard.token[-1] != "A" else "B")
    assert_bad_link_page(wizard.client.get(f"/c/{flipped}/results"))


def test_expired_links_get_the_same_friendly_page(client: TestClient, app: FastAPI) -> None:
    with app.state.db.connect() as session:
        token = create_case(session, retention_days=1, now=utcnow() - timedelta(days=2)).token.text
    assert_bad_link_page(client.get(f"/c/{token}"))


def test_a_post_to_a_bad_link_is_friendly_too(wizard: WizardClient) -> None:
    wizard.get("/")
    response = wizard.client.post(
        "/c/" + "A" * 43 + "/step/stage", data={"csrf_token": wizard.csrf, "answer": "x"}
    )
    assert_bad_link_page(response)


def test_unknown_pages_are_friendly(client: TestClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert soup(response).select_one("h1").get_text() == "We could not find this page"


def test_server_errors_are_friendly_and_keep_the_headers(app: FastAPI) -> None:
    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals /c/" + "A" * 43)

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert soup(response).select_one("h1").get_text() == "Sorry, something went wrong on our side"
    assert response.headers["content-security-policy"] == EXPECTED_CSP
    assert response.headers["referrer-policy"] == "no-referrer"
