"""Invite links: created by staff, opened by the patient with prefilled answers, tracked,
revoked and expired, with the first name encrypted at rest."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from test_staff_support import CSRF_FIELD, Staff, add_staff, audit_rows, prepare

from app.core.config import Settings
from app.models import Invite, utcnow
from app.services.cases import open_case

REAL_FLOW = Path(__file__).resolve().parents[1] / "data" / "steps.yaml"
INVITE_LINK = re.compile(r"http://testserver/i/([A-Za-z0-9_-]{43})")


@pytest.fixture
def flow_path() -> Path:
    return REAL_FLOW


@pytest.fixture
def staff_app(app: FastAPI) -> FastAPI:
    prepare(app)
    add_staff(app, "desk@clinic.example")
    return app


@pytest.fixture
def staff(staff_app: FastAPI, client: TestClient) -> Staff:
    desk = Staff(client)
    desk.login("desk@clinic.example")
    return desk


def make_invite(staff: Staff, **fields: str | list[str]) -> str:
    staff.get("/staff/invites/new")
    response = staff.post(
        "/staff/invites", {"first_name": "Maria", "session_minutes": "60", **fields}
    )
    assert response.status_code == 200, response.text
    match = INVITE_LINK.search(response.text)
    assert match is not None
    return match.group(1)


def invite_row(app: FastAPI) -> Invite:
    with Session(app.state.db.engine) as session:
        return session.exec(select(Invite)).one()


def test_created_page_offers_copy_qr_mail_and_text(staff: Staff) -> None:
    staff.get("/staff/invites/new")
    response = staff.post("/staff/invites", {"first_name": "Maria", "session_minutes": "60"})
    page = BeautifulSoup(response.text, "html.parser")
    link = page.select_one("input#invite-link[readonly]")
    assert link is not None and INVITE_LINK.fullmatch(str(link["value"]))
    assert page.select_one("button[data-staff-copy='invite-link']")
    assert page.select_one("svg.qr[role='img']")
    mailto = page.select_one("a[href^='mailto:']")
    sms = page.select_one("a[href^='sms:']")
    assert mailto is not None and sms is not None
    body = unquote(str(sms["href"]))
    assert "Hi Maria," in body and str(link["value"]) in body
    assert "Example Massage" in body  # the clinic's name from the settings


def test_the_name_is_encrypted_and_the_link_is_not_stored(
    staff_app: FastAPI, staff: Staff, settings: Settings
) -> None:
    token = make_invite(staff, first_name="Zelda")
    database = settings.data_dir / "covnav.db"
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT * FROM staff_invite").fetchall()
    dump = repr(rows)
    assert "Zelda" not in dump and token not in dump
    assert "Zelda" in staff.get("/staff/invites").text


def test_invalid_form_shows_clear_errors(staff: Staff) -> None:
    staff.get("/staff/invites/new")
    response = staff.post(
        "/staff/invites",
        {"first_name": "maria@example.com", "session_minutes": "1000", "fee": "abc"},
    )
    assert response.status_code == 422
    summary = BeautifulSoup(response.text, "html.parser").select_one("#error-summary")
    assert summary is not None
    text = summary.get_text(" ")
    assert "first name only" in text and "5 to 240" in text and "amount in dollars" in text


def test_patient_opens_the_link_and_starts_with_prefilled_answers(
    staff_app: FastAPI, staff: Staff, client: TestClient
) -> None:
    token = make_invite(staff, service_date="2026-03-02", fee="95", codes=["97140", "97124"])
    with TestClient(staff_app, follow_redirects=False) as patient:
        welcome = patient.get(f"/i/{token}")
        assert welcome.status_code == 200
        assert "Hello Maria!" in welcome.text
        csrf = CSRF_FIELD.search(welcome.text)
        assert csrf is not None
        started = patient.post(f"/i/{token}", data={"csrf_token": csrf.group(1)})
        assert started.status_code == 303
        assert started.headers["location"].endswith("/your-link")
        case_token = started.headers["location"].split("/")[2]
        case_path = f"/c/{case_token}"
        with staff_app.state.db.connect() as conn:
            view = open_case(conn, case_token)
        assert view is not None
        assert view.data.answers == {
            "service_date": "2026-03-02",
            "session_minutes": "60",
            "main_code": "97140",
            "fee": "95.00",
        }
        # Opening the invite again in the same browser goes back to the same case.
        again = patient.get(f"/i/{token}")
        assert again.status_code == 303 and again.headers["location"] == case_path
    listing = staff.get("/staff/invites").text
    assert "opened" in listing


SAMPLES = {"number": "30", "money": "100.00", "date": "2026-01-15", "text": "sample"}


def answer_one(client: TestClient, token: str) -> bool:
    """Answer the case's current step through the API; False once the case is done."""
    case = client.get(f"/api/v1/cases/{token}").json()
    step = case["step"]
    if step is None:
        return False
    kind = step["type"]
    value: str | list[str] | None = SAMPLES.get(kind)
    if step["choices"]:
        first = step["choices"][0]["value"]
        value = [first] if kind == "multi" else first
    response = client.put(f"/api/v1/cases/{token}/answers/{step['id']}", json={"value": value})
    assert response.status_code == 200, response.text
    return True


def test_status_follows_the_case(staff_app: FastAPI, staff: Staff) -> None:
    token = make_invite(staff)
    assert ">created<" in staff.get("/staff/invites").text
    with TestClient(staff_app, follow_redirects=False) as patient:
        csrf = CSRF_FIELD.search(patient.get(f"/i/{token}").text)
        assert csrf is not None
        started = patient.post(f"/i/{token}", data={"csrf_token": csrf.group(1)})
        case_token = started.headers["location"].split("/")[2]
        assert ">opened<" in staff.get("/staff/invites").text
        assert answer_one(patient, case_token)
        assert ">in progress<" in staff.get("/staff/invites").text
        while answer_one(patient, case_token):
            pass
    listing = BeautifulSoup(staff.get("/staff/invites").text, "html.parser")
    status = listing.select_one(".status")
    assert status is not None and status.get_text() == "finished"
    assert not listing.select("form[action$='/revoke']")
    row = invite_row(staff_app)
    assert row.started_at and row.answered_at and row.finished_at


def test_revoked_invite_shows_the_friendly_page(staff_app: FastAPI, staff: Staff) -> None:
    token = make_invite(staff)
    invite_id = invite_row(staff_app).id
    staff.get("/staff/invites")
    response = staff.post(f"/staff/invites/{invite_id}/revoke")
    assert response.headers["location"] == f"/staff/invites?revoked={invite_id}"
    assert ">revoked<" in staff.get("/staff/invites").text
    with TestClient(staff_app, follow_redirects=False) as patient:
        page = patient.get(f"/i/{token}")
    assert page.status_code == 410
    soup = BeautifulSoup(page.text, "html.parser")
    assert "no longer works" in soup.h1.get_text()
    assert soup.select_one("form[action='/start'] button").get_text() == "Start over"
    actions = [row.action for row in audit_rows(staff_app)]
    assert "invite_created" in actions and "invite_revoked" in actions
    assert all("Maria" not in row.detail for row in audit_rows(staff_app))


def test_expired_invite_shows_the_friendly_page(staff_app: FastAPI, staff: Staff) -> None:
    token = make_invite(staff)
    with Session(staff_app.state.db.engine) as session:
        invite = session.exec(select(Invite)).one()
        invite.expires_at = utcnow() - timedelta(minutes=1)
        session.add(invite)
        session.commit()
    assert ">expired<" in staff.get("/staff/invites").text
    with TestClient(staff_app, follow_redirects=False) as patient:
        page = patient.get(f"/i/{token}")
        assert page.status_code == 410
        assert "has expired" in page.text
        assert "Start over" in page.text
        csrf = CSRF_FIELD.search(page.text)
        assert csrf is not None
        start = patient.post(f"/i/{token}", data={"csrf_token": csrf.group(1)})
        assert start.status_code == 410


def test_unknown_or_mangled_link_is_a_friendly_404(staff_app: FastAPI, client: TestClient) -> None:
    for token in ("A" * 43, "short", "x" * 200):
        page = client.get(f"/i/{token}")
        assert page.status_code == 404
        assert "Start over" in page.text


def test_invites_need_a_signed_in_staff_member(staff_app: FastAPI, client: TestClient) -> None:
    assert client.get("/staff/invites").status_code == 303
    assert client.get("/staff/invites/new").status_code == 303
