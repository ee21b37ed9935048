"""Staff sign-in: passwords, lockout, CSRF, disabled accounts, admin-only pages, audit."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_staff_support import PASSWORD, Staff, add_staff, audit_rows, prepare


@pytest.fixture
def staff_app(app: FastAPI) -> FastAPI:
    return prepare(app)


@pytest.fixture
def staff(staff_app: FastAPI, client: TestClient) -> Staff:
    return Staff(client)


def test_login_page_is_a_labelled_form_with_csrf(staff: Staff) -> None:
    page = BeautifulSoup(staff.get("/staff/login").text, "html.parser")
    form = page.select_one("form[action='/staff/login'][method='post']")
    assert form is not None
    assert form.select_one("input[name='csrf_token']")
    assert page.select_one("label[for='email']") and page.select_one("label[for='password']")
    assert page.select_one("input#password[type='password'][autocomplete='current-password']")


def test_admin_signs_in_with_a_secure_session_cookie(staff_app: FastAPI, staff: Staff) -> None:
    add_staff(staff_app, "boss@clinic.example", admin=True)
    response = staff.login("Boss@Clinic.example")
    assert response.status_code == 303
    assert response.headers["location"] == "/staff/invites"
    cookie = next(
        v
        for k, v in response.headers.multi_items()
        if k == "set-cookie" and v.startswith("covnav_staff=")
    )
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert staff.get("/staff/invites").status_code == 200


def test_wrong_password_is_refused(staff_app: FastAPI, staff: Staff) -> None:
    add_staff(staff_app, "ann@clinic.example")
    response = staff.login("ann@clinic.example", "not the password")
    assert response.status_code == 401
    assert "do not match" in response.text
    assert staff.get("/staff/invites").status_code == 303


def test_five_failures_make_the_next_attempt_wait(staff_app: FastAPI, staff: Staff) -> None:
    add_staff(staff_app, "ann@clinic.example")
    for _ in range(4):
        assert staff.login("ann@clinic.example", "wrong").status_code == 401
    fifth = staff.login("ann@clinic.example", "wrong")
    assert fifth.status_code == 429
    assert "please wait 30 seconds" in fifth.text
    # Even the right password now waits, and the page says how long.
    locked = staff.login("ann@clinic.example", PASSWORD)
    assert locked.status_code == 429
    text = BeautifulSoup(locked.text, "html.parser").select_one("#login-error")
    assert text is not None and "wait" in text.get_text()


def test_post_without_csrf_token_is_rejected(staff_app: FastAPI, client: TestClient) -> None:
    add_staff(staff_app, "ann@clinic.example")
    client.get("/staff/login")
    response = client.post(
        "/staff/login", data={"email": "ann@clinic.example", "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "covnav_staff" not in response.headers.get("set-cookie", "")


def test_post_with_a_wrong_csrf_token_is_rejected(staff_app: FastAPI, staff: Staff) -> None:
    add_staff(staff_app, "ann@clinic.example", admin=True)
    staff.login("ann@clinic.example")
    staff.get("/staff/settings")
    staff.csrf = "A" * 86
    response = staff.post("/staff/settings", {"clinic_name": "Hijacked"})
    assert response.status_code == 403


def test_disabled_account_cannot_sign_in(staff_app: FastAPI, staff: Staff) -> None:
    add_staff(staff_app, "gone@clinic.example", active=False)
    response = staff.login("gone@clinic.example")
    assert response.status_code == 401
    assert "do not match" in response.text, "the same answer as a wrong password"
    assert staff.get("/staff/invites").status_code == 303


def test_disabling_signs_the_member_out(staff_app: FastAPI, client: TestClient) -> None:
    add_staff(staff_app, "boss@clinic.example", admin=True)
    member_id = add_staff(staff_app, "ann@clinic.example")
    with TestClient(staff_app, follow_redirects=False) as other:
        ann = Staff(other)
        ann.login("ann@clinic.example")
        assert ann.get("/staff/invites").status_code == 200
        boss = Staff(client)
        boss.login("boss@clinic.example")
        boss.get("/staff/team")
        assert boss.post(f"/staff/team/{member_id}/disable").status_code == 303
        assert ann.get("/staff/invites").status_code == 303


@pytest.mark.parametrize(
    "path", ["/staff/settings", "/staff/audit", "/staff/team", "/staff/stats", "/staff/embed"]
)
def test_non_admin_gets_403_on_admin_pages(staff_app: FastAPI, staff: Staff, path: str) -> None:
    add_staff(staff_app, "ann@clinic.example")
    staff.login("ann@clinic.example")
    response = staff.get(path)
    assert response.status_code == 403
    assert "for admins only" in response.text


def test_non_admin_cannot_post_settings(staff_app: FastAPI, staff: Staff) -> None:
    add_staff(staff_app, "ann@clinic.example")
    staff.login("ann@clinic.example")
    staff.get("/staff/invites")
    assert staff.post("/staff/settings", {"clinic_name": "Mine now"}).status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in(staff: Staff) -> None:
    response = staff.get("/staff/settings")
    assert response.status_code == 303
    assert response.headers["location"] == "/staff/login?next=%2Fstaff%2Fsettings"


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(
    staff_app: FastAPI, staff: Staff
) -> None:
    add_staff(staff_app, "boss@clinic.example", admin=True)
    staff.get("/staff/login")
    ok = staff.post(
        "/staff/login",
        {"email": "boss@clinic.example", "password": PASSWORD, "next": "/staff/stats"},
    )
    assert ok.headers["location"] == "/staff/stats"
    evil = staff.post(
        "/staff/login",
        {"email": "boss@clinic.example", "password": PASSWORD, "next": "//evil.example/staff"},
    )
    assert evil.headers["location"] == "/staff/invites"


def test_logout_ends_the_session(staff_app: FastAPI, staff: Staff) -> None:
    add_staff(staff_app, "ann@clinic.example")
    staff.login("ann@clinic.example")
    staff.get("/staff/invites")
    response = staff.post("/staff/logout")
    assert response.headers["location"] == "/staff/login?signed_out=1"
    assert staff.get("/staff/invites").status_code == 303


def test_change_password(staff_app: FastAPI, staff: Staff) -> None:
    add_staff(staff_app, "ann@clinic.example")
    staff.login("ann@clinic.example")
    staff.get("/staff/password")
    short = staff.post("/staff/password", {"current": PASSWORD, "new": "short", "confirm": "short"})
    assert short.status_code == 422 and "at least 12" in short.text
    new = "a much better passphrase"
    done = staff.post("/staff/password", {"current": PASSWORD, "new": new, "confirm": new})
    assert done.headers["location"] == "/staff/password?done=1"
    staff.post("/staff/logout")
    assert staff.login("ann@clinic.example", PASSWORD).status_code == 401
    assert staff.login("ann@clinic.example", new).status_code == 303


def test_new_member_must_change_the_one_time_password(
    staff_app: FastAPI, staff: Staff, client: TestClient
) -> None:
    add_staff(staff_app, "boss@clinic.example", admin=True)
    staff.login("boss@clinic.example")
    staff.get("/staff/team")
    page = staff.post("/staff/team", {"email": "New@Clinic.example"})
    one_time = BeautifulSoup(page.text, "html.parser").select_one(".one-time code")
    assert one_time is not None
    with TestClient(staff_app, follow_redirects=False) as other:
        newbie = Staff(other)
        assert (
            newbie.login("new@clinic.example", one_time.get_text()).headers["location"]
            == "/staff/password"
        )
        assert newbie.get("/staff/invites").headers["location"] == "/staff/password"


def test_audit_log_records_actions_without_passwords(staff_app: FastAPI, staff: Staff) -> None:
    add_staff(staff_app, "boss@clinic.example", admin=True)
    staff.login("boss@clinic.example", "Wrong-Password-123")
    staff.login("nobody@clinic.example", "Another-Secret-456")
    staff.login("boss@clinic.example")
    staff.get("/staff/team")
    staff.post("/staff/team", {"email": "ann@clinic.example", "is_admin": "1"})
    rows = audit_rows(staff_app)
    actions = [row.action for row in rows]
    assert actions == ["login_failed", "login_failed", "login", "staff_added"]
    dump = " ".join(f"{r.actor_email} {r.detail} {r.address}" for r in rows)
    for secret in ("Wrong-Password-123", "Another-Secret-456", PASSWORD, "nobody@"):
        assert secret not in dump
    page = staff.get("/staff/audit")
    assert page.status_code == 200
    assert "Failed sign-in" in page.text and "Added staff member" in page.text
    assert "Wrong-Password-123" not in page.text
