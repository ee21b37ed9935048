"""An invite link stops being a key once the patient starts (issue: invite links as keys).

Only the browser that started is taken back to the case (a cookie scoped to /i/); anyone
else holding the invite link (the inbox, a link scanner, the staff member who made it) gets a
page that says it was used, with no answer, name or date of the case on it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, select
from test_staff_support import CSRF_FIELD, Staff, add_staff, prepare

from app.core.crypto import open_sealed, parse_token, seal
from app.models import Invite, table_of
from app.services import invites as service

REAL_FLOW = Path(__file__).resolve().parents[1] / "data" / "steps.yaml"
INVITE_LINK = re.compile(r"http://testserver/i/([A-Za-z0-9_-]{43})")
CASE_TOKEN = re.compile(r"/c/([A-Za-z0-9_-]{43})")
SECRETS = ("Maria", "2026-03-02", "March 2", "95.00", "97140")


@pytest.fixture
def flow_path() -> Path:
    return REAL_FLOW


@pytest.fixture
def staff(app: FastAPI, client: TestClient) -> Staff:
    prepare(app)
    add_staff(app, "desk@clinic.example")
    desk = Staff(client)
    desk.login("desk@clinic.example")
    return desk


def make_invite(staff: Staff) -> str:
    staff.get("/staff/invites/new")
    response = staff.post(
        "/staff/invites",
        {
            "first_name": "Maria",
            "session_minutes": "60",
            "service_date": "2026-03-02",
            "fee": "95",
            "codes": ["97140"],
        },
    )
    match = INVITE_LINK.search(response.text)
    assert match is not None, response.text
    return match.group(1)


def start(patient: TestClient, token: str) -> str:
    """Open the invite and press Start; returns the case token."""
    welcome = patient.get(f"/i/{token}")
    assert "Hello Maria!" in welcome.text
    csrf = CSRF_FIELD.search(welcome.text)
    assert csrf is not None
    started = patient.post(f"/i/{token}", data={"csrf_token": csrf.group(1)})
    assert started.status_code == 303, started.text
    location = started.headers["location"]
    assert location.endswith("/your-link")
    return location.split("/")[2]


def reveals_nothing(response: httpx.Response, case_token: str) -> None:
    text = unquote(response.text) + " ".join(f"{k}: {v}" for k, v in response.headers.items())
    assert case_token not in text
    assert not CASE_TOKEN.search(text), "no case link at all"
    for secret in SECRETS:
        assert secret not in text, secret


def test_a_second_client_with_only_the_invite_link_gets_nothing(app: FastAPI, staff: Staff) -> None:
    token = make_invite(staff)
    with TestClient(app, follow_redirects=False) as patient:
        case_token = start(patient, token)
    for other in (TestClient(app, follow_redirects=False), staff.client):
        page = other.get(f"/i/{token}")
        assert page.status_code == 410
        assert "already used" in page.text
        reveals_nothing(page, case_token)
        csrf = CSRF_FIELD.search(page.text)
        assert csrf is not None
        again = other.post(f"/i/{token}", data={"csrf_token": csrf.group(1)})
        assert again.status_code == 410
        reveals_nothing(again, case_token)
        assert other.head(f"/i/{token}").status_code == 410


def test_the_browser_that_started_goes_back_to_its_case(app: FastAPI, staff: Staff) -> None:
    token = make_invite(staff)
    with TestClient(app, follow_redirects=False) as patient:
        case_token = start(patient, token)
        cookie = next(c for c in patient.cookies.jar if c.name.startswith("covnav_invite_"))
        assert cookie.path == "/i/" and cookie.value == case_token
        assert cookie.has_nonstandard_attr("HttpOnly")
        again = patient.get(f"/i/{token}")
        assert again.status_code == 303 and again.headers["location"] == f"/c/{case_token}"
        # A second Start in the same browser also goes back, and makes no second case.
        csrf = CSRF_FIELD.search(patient.get("/").text)
        assert csrf is not None
        twice = patient.post(f"/i/{token}", data={"csrf_token": csrf.group(1)})
        assert twice.headers["location"] == f"/c/{case_token}"


def test_a_cookie_for_another_case_opens_nothing(app: FastAPI, staff: Staff) -> None:
    token = make_invite(staff)
    with TestClient(app, follow_redirects=False) as patient:
        case_token = start(patient, token)
        name = next(c.name for c in patient.cookies.jar if c.name.startswith("covnav_invite_"))
    with TestClient(app, follow_redirects=False) as stranger:
        csrf = CSRF_FIELD.search(stranger.get("/").text)
        assert csrf is not None
        own = stranger.post("/start", data={"csrf_token": csrf.group(1)})
        own_case = own.headers["location"].split("/")[2]
        stranger.cookies.set(name, own_case, path="/i/")
        page = stranger.get(f"/i/{token}")
        assert page.status_code == 410, "a case that did not start from this invite"
        reveals_nothing(page, case_token)


def test_the_private_link_page_offers_copy_and_send_to_self(app: FastAPI, staff: Staff) -> None:
    token = make_invite(staff)
    with TestClient(app, follow_redirects=False) as patient:
        case_token = start(patient, token)
        page = patient.get(f"/c/{case_token}/your-link")
    assert page.status_code == 200
    text = html.unescape(unquote(page.text))
    assert f"http://testserver/c/{case_token}" in text
    assert 'data-copy-target="case-link"' in text
    assert "mailto:?subject=My private link from" in text and "sms:?&body=http" in text
    assert "will not open your answers again" in text
    assert re.search(rf'href="/c/{case_token}/step/[a-z_]+"', text), "then the first question"


def test_starting_forgets_the_prefill_and_stores_no_case_link(app: FastAPI, staff: Staff) -> None:
    token = make_invite(staff)
    with TestClient(app, follow_redirects=False) as patient:
        case_token = start(patient, token)
    with Session(app.state.db.engine) as session:
        invite = session.exec(select(Invite)).one()
    link = parse_token(token)
    assert link is not None
    assert open_sealed(link, invite.sealed) == {}
    assert invite.started_at is not None
    assert case_token.encode() not in invite.sealed


def test_only_one_start_wins(app: FastAPI, staff: Staff) -> None:
    token = make_invite(staff)
    with app.state.db.connect() as conn:
        found = service.find_invite(conn, token)
        assert found is not None
        invite, link = found
        assert service.claim(conn, invite, link)
        assert not service.claim(conn, invite, link)
        conn.commit()


def test_a_case_link_sealed_by_an_older_release_is_dropped(app: FastAPI, staff: Staff) -> None:
    token = make_invite(staff)
    with TestClient(app, follow_redirects=False) as patient:
        case_token = start(patient, token)
    link = parse_token(token)
    assert link is not None
    invites = table_of(Invite)
    with app.state.db.connect() as conn:  # what the old release stored, and no start time
        old = seal(link, {"prefill": {"fee": "95.00"}, "case": case_token})
        conn.execute(update(invites).values(sealed=old, started_at=None))
        conn.commit()
    with TestClient(app, follow_redirects=False) as other:
        page = other.get(f"/i/{token}")
    assert page.status_code == 410
    reveals_nothing(page, case_token)
    with Session(app.state.db.engine) as session:
        invite = session.exec(select(Invite)).one()
    assert open_sealed(link, invite.sealed) == {} and invite.started_at is not None
