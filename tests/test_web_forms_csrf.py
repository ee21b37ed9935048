"""Form protection without a cookie the browser may not keep (a clinic's cross-site frame),
tokens that expire, `__Host-` cookies in production, bounded forms, and HEAD on every page."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import TEST_SECRET, WizardClient, make_settings
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.clock import travel
from app.core.csrf import MAX_FORM_FIELDS, SECURE_COOKIE_NAME, make_token, read_token
from app.main import create_app

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


def token_from(client: TestClient, url: str = "/") -> str:
    match = CSRF.search(client.get(url).text)
    assert match is not None
    return match.group(1)


def expired_page(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 403 and "This page has expired" in response.text


# --- Without the cookie (a cross-site frame keeps none) -----------------------------------


def test_a_page_in_a_frame_posts_without_any_cookie(app: FastAPI) -> None:
    with TestClient(app, follow_redirects=False) as first:
        token = token_from(first)
    with TestClient(app, follow_redirects=False) as framed:  # sends no cookie at all
        assert expired_page(framed.post("/start", data={"csrf_token": token}))
        ok = framed.post("/start", data={"csrf_token": token}, headers=SAME_ORIGIN)
        assert ok.status_code == 303, ok.text
        by_origin = framed.post(
            "/start", data={"csrf_token": token}, headers={"Origin": "http://testserver"}
        )
        assert by_origin.status_code == 303
        null_origin = framed.post("/start", data={"csrf_token": token}, headers={"Origin": "null"})
        assert expired_page(null_origin), "Origin: null proves nothing"


def test_a_framed_journey_answers_questions_by_token_alone(app: FastAPI) -> None:
    with TestClient(app, follow_redirects=False, cookies=None) as framed:
        framed.headers.update(SAME_ORIGIN)
        wizard = WizardClient(framed)
        wizard.start()
        framed.cookies.clear()
        page = wizard.answer("planning")
        assert page.status_code == 200 and len(wizard.history) == 1, page.text
        assert "/step/" in wizard.url and wizard.url != wizard.history[0]


def test_cross_site_posts_are_refused_even_with_a_good_token(app: FastAPI) -> None:
    with TestClient(app, follow_redirects=False) as client:
        token = token_from(client)
        for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}):
            assert expired_page(client.post("/start", data={"csrf_token": token}, headers=headers))


def test_tokens_signed_with_another_key_are_refused(app: FastAPI) -> None:
    with TestClient(app, follow_redirects=False) as client:
        token_from(client)
        nonce = client.cookies["covnav_csrf"]
        forged = make_token("another-secret-key-of-enough-length-1234", nonce)
        for headers in ({}, SAME_ORIGIN):
            assert expired_page(client.post("/start", data={"csrf_token": forged}, headers=headers))


# --- Tokens are bound to a time window -------------------------------------------------------


def test_tokens_expire_after_a_day(app: FastAPI) -> None:
    with TestClient(app, follow_redirects=False) as client:
        token = token_from(client)
        found = read_token(TEST_SECRET, token)
        assert found is not None
        with travel(timedelta(hours=23)):
            assert client.post("/start", data={"csrf_token": token}).status_code == 303
        with travel(timedelta(hours=25)):
            assert expired_page(client.post("/start", data={"csrf_token": token}))
            assert expired_page(
                client.post("/start", data={"csrf_token": token}, headers=SAME_ORIGIN)
            )
            fresh = token_from(client)
            assert client.post("/start", data={"csrf_token": fresh}).status_code == 303
        # A token "from the future" (a page rendered with a clock far ahead) is refused too.
        with travel(timedelta(hours=2)):
            ahead = token_from(client)
        assert expired_page(client.post("/start", data={"csrf_token": ahead}))


# --- __Host- cookie in production ------------------------------------------------------------


@pytest.fixture
def production_app(tmp_path: Path, migrated_db: Path) -> Iterator[FastAPI]:
    shutil.copy(migrated_db, tmp_path / "covnav.db")
    settings = make_settings(tmp_path, env="production", password_hashing="standard")
    application = create_app(settings)
    yield application
    application.state.db.engine.dispose()


def test_production_uses_a_host_prefixed_secure_cookie(production_app: FastAPI) -> None:
    with TestClient(production_app, base_url="https://testserver", follow_redirects=False) as c:
        response = c.get("/")
        cookie = response.headers["set-cookie"]
        assert cookie.startswith(f"{SECURE_COOKIE_NAME}=")
        attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
        assert {"secure", "httponly", "path", "samesite"} <= attributes
        assert "domain" not in attributes and "Path=/;" in cookie + ";"
        token = CSRF.search(response.text)
        assert token is not None
        assert c.post("/start", data={"csrf_token": token.group(1)}).status_code == 303
        c.cookies.clear()
        c.cookies.set("covnav_csrf", "x" * 43)  # the unprefixed name counts for nothing
        assert expired_page(c.post("/start", data={"csrf_token": token.group(1)}))


# --- Forms have sizes --------------------------------------------------------------------------


def many_fields(token: str, count: int) -> str:
    return "csrf_token=" + token + "".join(f"&f{i}=1" for i in range(count))


@pytest.mark.parametrize("count", [MAX_FORM_FIELDS, 1200])
def test_too_many_fields_get_the_friendly_413_never_a_500(
    wizard: WizardClient, count: int, caplog: pytest.LogCaptureFixture
) -> None:
    wizard.start()
    form = {"content-type": "application/x-www-form-urlencoded"}
    for url in ("/start", "/staff/login", wizard.url):
        response = wizard.client.post(url, content=many_fields(wizard.csrf, count), headers=form)
        assert response.status_code == 413, (url, response.status_code)
        assert "That was too much to send" in response.text
    boundary = "b0undary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in [("csrf_token", wizard.csrf)] + [(f"f{i}", "1") for i in range(count)]
    ]
    body = "".join(parts) + f"--{boundary}--\r\n"
    multipart = {"content-type": f"multipart/form-data; boundary={boundary}"}
    response = wizard.client.post("/staff/login", content=body, headers=multipart)
    assert response.status_code == 413
    assert "Traceback" not in caplog.text and not [
        r for r in caplog.records if r.levelname == "ERROR"
    ]


def test_a_form_under_the_field_limit_still_works(wizard: WizardClient) -> None:
    wizard.get("/")
    body = many_fields(wizard.csrf, MAX_FORM_FIELDS - 2)
    form = {"content-type": "application/x-www-form-urlencoded"}
    assert wizard.client.post("/start", content=body, headers=form).status_code == 303


def test_a_broken_multipart_body_is_a_400_page(wizard: WizardClient) -> None:
    wizard.get("/")
    headers = {"content-type": "multipart/form-data; boundary=zz"}
    response = wizard.client.post("/start", content=b"--zz\r\nno headers", headers=headers)
    assert response.status_code in (400, 403) and "Traceback" not in response.text


# --- HEAD wherever GET -------------------------------------------------------------------------


def test_head_answers_like_get_without_a_body(wizard: WizardClient) -> None:
    wizard.start()
    urls = [
        "/",
        "/healthz",
        "/staff/login",
        wizard.url,
        wizard.case_path,
        f"/api/v1/cases/{wizard.token}",
        "/api/v1/openapi.json",
        "/clinic/theme.css",
        "/c/" + "A" * 43,
        "/no-such-page",
    ]
    for url in urls:
        get, head = wizard.client.get(url), wizard.client.head(url)
        assert head.status_code == get.status_code, url
        assert head.content == b"", url
        assert head.headers.get("content-type") == get.headers.get("content-type"), url
