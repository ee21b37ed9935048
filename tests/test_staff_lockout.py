"""A stranger cannot keep a member (the admin included) out: guesses slow the account and the
guesser's address, never a browser the member signed in from before; an admin or
`covnav unlock-staff` clears the wait for a new device; a turned-off account answers exactly
like a wrong password; X-Forwarded-For counts only from COVNAV_TRUSTED_PROXIES."""

from __future__ import annotations

import argparse
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from conftest import MINI_FLOW
from fastapi import FastAPI
from fastapi.testclient import TestClient
from privacy_support import server_env, start_server
from sqlmodel import Session, select
from test_staff_support import CSRF_FIELD, PASSWORD, Staff, add_staff, audit_rows

from app.cli.staff import cmd_unlock_staff
from app.core.config import get_settings
from app.models import AuditEvent, StaffUser
from app.services.staff_auth import device_key, device_mark
from app.web.staff.deps import DEVICE_COOKIE

BOSS = "boss@clinic.example"


def error_text(response: httpx.Response) -> str:
    found = BeautifulSoup(response.text, "html.parser").select_one("#login-error")
    return found.get_text(" ", strip=True) if found else ""


def guess(app: FastAPI, email: str, times: int) -> list[int]:
    """A stranger's browser, somewhere else: wrong passwords for `email`."""
    with TestClient(app, follow_redirects=False, client=("198.51.100.7", 4000)) as stranger:
        return [Staff(stranger).login(email, f"guess {i}").status_code for i in range(times)]


@pytest.fixture
def boss(app: FastAPI, client: TestClient) -> Staff:
    add_staff(app, BOSS, admin=True)
    member = Staff(client)
    assert member.login(BOSS).status_code == 303
    assert client.cookies.get(DEVICE_COOKIE), "a sign-in marks the browser"
    member.get("/staff/invites")
    member.post("/staff/logout")
    return member


def test_a_strangers_guesses_never_lock_the_admin_out_of_a_known_browser(
    app: FastAPI, boss: Staff
) -> None:
    codes = guess(app, BOSS, 12)
    assert codes[:4] == [401] * 4 and set(codes[5:]) == {429}, codes
    assert boss.login(BOSS).status_code == 303, "the right password from a known browser"
    with TestClient(app, follow_redirects=False) as new_device:
        assert Staff(new_device).login(BOSS).status_code == 429, "a new device still waits"


def test_a_known_browser_guessing_is_slowed_on_its_own(app: FastAPI, boss: Staff) -> None:
    codes = [boss.login(BOSS, f"wrong {i}").status_code for i in range(6)]
    assert codes[:4] == [401] * 4 and codes[5] == 429
    assert boss.login(BOSS).status_code == 429
    with TestClient(app, follow_redirects=False) as other:
        assert Staff(other).login(BOSS).status_code == 303, "the account itself was not slowed"


def test_device_marks_are_per_member_unforgeable_and_end_with_the_password(
    app: FastAPI, boss: Staff
) -> None:
    secret = app.state.settings.secret_key
    with Session(app.state.db.engine) as session:
        member = session.exec(select(StaffUser).where(StaffUser.email == BOSS)).one()
        add_staff(app, "ann@clinic.example")
        ann = session.exec(select(StaffUser).where(StaffUser.email == "ann@clinic.example")).one()
    mark = device_mark(secret, member)
    assert device_key(secret, mark, member)
    assert device_key(secret, mark, ann) is None
    assert device_key("another-secret-key-of-enough-length-1234", mark, member) is None
    assert device_key(secret, mark[:-2] + "AA", member) is None
    assert device_key(secret, "garbage", member) is None
    member.password_hash = "$argon2id$changed"
    assert device_key(secret, mark, member) is None


def test_an_admin_lets_a_slowed_member_sign_in_from_a_new_device(app: FastAPI, boss: Staff) -> None:
    add_staff(app, "ann@clinic.example")
    guess(app, "ann@clinic.example", 8)
    boss.login(BOSS)
    team = BeautifulSoup(boss.get("/staff/team").text, "html.parser")
    assert "Sign-in slowed" in team.get_text()
    form = team.select_one("form[action$='/unlock']")
    assert form is not None
    assert boss.post(form["action"]).status_code == 303
    assert "Sign-in slowed" not in boss.get("/staff/team").text
    with TestClient(app, follow_redirects=False) as laptop:
        fresh = Staff(laptop)
        fresh.get("/staff/login")
        ok = fresh.post("/staff/login", {"email": "ann@clinic.example", "password": PASSWORD})
    assert ok.status_code == 303
    actions = [row.action for row in audit_rows(app)]
    assert "sign_in_cleared" in actions


def test_unlock_staff_clears_every_wait(
    app: FastAPI,
    settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    add_staff(app, BOSS, admin=True)
    guess(app, BOSS, 8)
    monkeypatch.setenv("COVNAV_DATABASE_URL", settings.sqlalchemy_url)
    monkeypatch.setenv("COVNAV_ENV", "development")
    get_settings.cache_clear()
    try:
        assert cmd_unlock_staff(argparse.Namespace(email="Boss@clinic.example")) == 0
        assert cmd_unlock_staff(argparse.Namespace(email="nobody@clinic.example")) == 1
    finally:
        get_settings.cache_clear()
    out = capsys.readouterr()
    assert "boss@clinic.example can sign in now" in out.out
    assert "no account for nobody@clinic.example" in out.err
    with TestClient(app, follow_redirects=False) as new_device:
        assert Staff(new_device).login(BOSS).status_code == 303


def test_a_turned_off_account_answers_exactly_like_a_wrong_password(app: FastAPI) -> None:
    add_staff(app, "gone@clinic.example", active=False)
    add_staff(app, "here@clinic.example")
    answers = []
    for email, password in (
        ("gone@clinic.example", PASSWORD),  # right password, turned off
        ("here@clinic.example", "wrong password"),
        ("nobody@clinic.example", PASSWORD),
    ):
        with TestClient(app, follow_redirects=False) as browser:
            response = Staff(browser).login(email, password)
            answers.append((response.status_code, error_text(response), sorted(response.cookies)))
    assert answers[0] == answers[1] == answers[2], answers
    assert answers[0][0] == 401


@pytest.mark.live
@pytest.mark.parametrize("trusted", ["", "127.0.0.1"])
def test_forwarded_for_is_believed_only_from_trusted_proxies(tmp_path: Path, trusted: str) -> None:
    env = server_env(tmp_path, MINI_FLOW, trusted_proxies=trusted)
    server = start_server(env, tmp_path / "server.log")
    try:
        with httpx.Client(base_url=server.url) as browser:
            page = browser.get("/staff/login")
            token = CSRF_FIELD.search(page.text)
            assert token is not None
            headers = {"X-Forwarded-For": "203.0.113.9"}
            data = {"csrf_token": token.group(1), "email": "x@clinic.example", "password": "p"}
            assert browser.post("/staff/login", data=data, headers=headers).status_code == 401
    finally:
        server.stop()
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{tmp_path / 'covnav.db'}")
    with Session(engine) as session:
        event = session.exec(select(AuditEvent)).one()
    engine.dispose()
    assert event.address == ("203.0.113.9" if trusted else "127.0.0.1")
