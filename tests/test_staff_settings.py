"""Clinic settings: validation, masking, taking effect at once, the logo, and embedding."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session
from test_staff_logo import png
from test_staff_support import Staff, add_staff, audit_rows, prepare

from app.services.clinic import ClinicInfo, get_clinic
from app.services.embed import snippets

VALID = {
    "clinic_name": "Harbor Massage Therapy",
    "address": "1 Pier Road\nPortsmouth",
    "phone": "(555) 010-0199",
    "email": "desk@harbor.example",
    "website": "https://harbor.example",
    "npi": "1234567893",
    "tax_id": "12-3456789",
    "default_fee": "110",
    "default_session_minutes": "60",
    "cpt_codes": ["97124", "97140"],
    "insurer_name": ["Aetna", "", ""],
    "insurer_status": ["in_network", "out_of_network", "out_of_network"],
    "accent_colour": "#1A5F7A",
    "retention_days": "60",
    "invite_days": "14",
    "embed_origins": "https://www.harbor.example\nhttps://harbor.example/",
}


@pytest.fixture
def staff_app(app: FastAPI) -> FastAPI:
    prepare(app)
    add_staff(app, "boss@clinic.example", admin=True)
    return app


@pytest.fixture
def admin(staff_app: FastAPI, client: TestClient) -> Staff:
    boss = Staff(client)
    boss.login("boss@clinic.example")
    boss.get("/staff/settings")
    return boss


def clinic(app: FastAPI) -> ClinicInfo:
    with Session(app.state.db.engine) as session:
        return get_clinic(session, app.state.settings)


def test_settings_are_saved_and_take_effect_at_once(staff_app: FastAPI, admin: Staff) -> None:
    response = admin.post("/staff/settings", VALID)
    assert response.status_code == 303, response.text
    info = clinic(staff_app)
    assert info.name == "Harbor Massage Therapy"
    assert info.default_fee == "110.00"
    assert info.in_network_with == ("Aetna",)
    assert info.embed_origins == ("https://www.harbor.example", "https://harbor.example")
    assert info.invite_days == 14
    # The next invite form already uses the new defaults; no restart.
    form = BeautifulSoup(admin.get("/staff/invites/new").text, "html.parser")
    assert form.select_one("#fee")["value"] == "110.00"  # type: ignore[index]
    assert "works for 14 days" in form.get_text()
    [event] = [e for e in audit_rows(staff_app) if e.action == "settings_changed"]
    assert "clinic_name" in event.detail and "1234567893" not in event.detail


def test_npi_and_tax_id_are_masked_and_kept(staff_app: FastAPI, admin: Staff) -> None:
    admin.post("/staff/settings", VALID)
    page = BeautifulSoup(admin.get("/staff/settings").text, "html.parser")
    npi, tax = page.select_one("#npi"), page.select_one("#tax_id")
    assert npi is not None and tax is not None
    assert npi["value"] == "••••••7893" and tax["value"] == "•••••6789"
    assert "1234567893" not in str(page)
    resubmit = {
        **VALID,
        "npi": str(npi["value"]),
        "tax_id": str(tax["value"]),
        "clinic_name": "Renamed",
    }
    assert admin.post("/staff/settings", resubmit).status_code == 303
    info = clinic(staff_app)
    assert info.npi == "1234567893" and info.tax_id == "12-3456789"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("npi", "1234567890", "last digit does not match"),
        ("tax_id", "12-34", "9 digits"),
        ("phone", "call us", "phone number"),
        ("email", "nope", "email address"),
        ("website", "harbor.example", "https://"),
        ("default_fee", "-3", "between 0 and 99,999"),
        ("default_session_minutes", "600", "5 to 240"),
        ("accent_colour", "#ffff00", "too light"),
        ("retention_days", "0", "1 to 3650"),
        ("embed_origins", "http://evil.example", "must start with https://"),
        ("embed_origins", "https://ok.example/page", "without a page path"),
    ],
)
def test_bad_values_get_clear_errors(admin: Staff, field: str, value: str, message: str) -> None:
    response = admin.post("/staff/settings", {**VALID, field: value})
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    summary = page.select_one("#error-summary")
    assert summary is not None and message in summary.get_text()
    target = page.select_one(f"#{field}")
    assert target is not None


def test_logo_png_is_stored_and_served_strictly(
    staff_app: FastAPI, admin: Staff, client: TestClient
) -> None:
    response = admin.post("/staff/settings/logo", files={"logo": ("logo.png", png(), "image/png")})
    assert response.status_code == 303
    url = clinic(staff_app).logo_url
    served = client.get(url)
    assert served.status_code == 200 and served.content == png()
    assert served.headers["content-type"] == "image/png"
    assert "sandbox" in served.headers["content-security-policy"]
    assert served.headers["x-content-type-options"] == "nosniff"


def test_oversized_logo_is_refused_with_a_clear_message(admin: Staff) -> None:
    big = png() + b"\0" * (210 * 1024)
    response = admin.post("/staff/settings/logo", files={"logo": ("big.png", big, "image/png")})
    assert response.status_code == 422
    error = BeautifulSoup(response.text, "html.parser").select_one("#logo-error")
    assert error is not None and "the limit is 200 KB" in error.get_text()


def test_far_too_large_upload_is_refused_before_reading(admin: Staff) -> None:
    huge = png() + b"\0" * (1024 * 1024)
    response = admin.post("/staff/settings/logo", files={"logo": ("huge.png", huge, "image/png")})
    assert response.status_code == 413
    assert "too much to send" in response.text


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("logo.gif", b"GIF89a\x01\x00"),
        ("logo.png", b"<html>not really</html>"),
        ("doc.pdf", b"%PDF-1.4 ..."),
    ],
)
def test_non_image_logo_is_refused(admin: Staff, name: str, data: bytes) -> None:
    response = admin.post("/staff/settings/logo", files={"logo": (name, data, "image/png")})
    assert response.status_code == 422
    error = BeautifulSoup(response.text, "html.parser").select_one("#logo-error")
    assert error is not None and "not a PNG or SVG" in error.get_text()


def test_svg_logo_loses_its_script(staff_app: FastAPI, admin: Staff, client: TestClient) -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4" onload="alert(1)">'
        b'<script>alert(2)</script><rect width="4" height="4" fill="#123"/></svg>'
    )
    admin.post("/staff/settings/logo", files={"logo": ("logo.svg", svg, "image/svg+xml")})
    served = client.get(clinic(staff_app).logo_url)
    assert served.headers["content-type"].startswith("image/svg+xml")
    assert b"script" not in served.content and b"onload" not in served.content
    assert b"<rect" in served.content


def test_logo_can_be_removed(staff_app: FastAPI, admin: Staff, client: TestClient) -> None:
    admin.post("/staff/settings/logo", files={"logo": ("logo.png", png(), "image/png")})
    admin.get("/staff/settings")
    admin.post("/staff/settings/logo", {"remove": "1"})
    assert clinic(staff_app).logo_url is None
    assert client.get("/clinic/logo").status_code == 404


def test_staff_pages_cannot_be_framed(admin: Staff) -> None:
    response = admin.get("/staff/settings")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


def test_embed_page_and_frame_ancestors(staff_app: FastAPI, admin: Staff) -> None:
    assert clinic(staff_app).frame_ancestors == "'none'"
    admin.post("/staff/settings", VALID)
    expected = "https://www.harbor.example https://harbor.example"
    assert clinic(staff_app).frame_ancestors == expected
    landing = admin.client.get("/")
    assert f"frame-ancestors {expected}" in landing.headers["content-security-policy"]
    assert "x-frame-options" not in landing.headers
    page = BeautifulSoup(admin.get("/staff/embed").text, "html.parser")
    button, frame = page.select_one("#snippet-button"), page.select_one("#snippet-frame")
    assert button is not None and frame is not None
    assert 'href="http://testserver/"' in button.get_text()
    assert "#1a5f7a" in button.get_text()
    assert "<iframe" in frame.get_text()
    assert 'event.origin !== "http://testserver"' in frame.get_text()


def test_snippet_escapes_the_clinic_name() -> None:
    info = type("Info", (), {"name": 'A "quoted" <b>clinic</b>', "button_colour": "#1a5f7a"})()
    iframe = snippets("https://help.example", info).iframe  # type: ignore[arg-type]
    assert "&quot;quoted&quot; &lt;b&gt;" in iframe


def test_theme_css_follows_the_accent_colour(
    staff_app: FastAPI, admin: Staff, client: TestClient
) -> None:
    assert client.get("/clinic/theme.css").text == ""
    admin.post("/staff/settings", VALID)
    theme = client.get(clinic(staff_app).theme_url)
    assert theme.headers["content-type"].startswith("text/css")
    assert theme.text == ":root { --brand: #1a5f7a; --brand-dark: #14475c; }\n"


def test_patient_pages_follow_the_settings_without_a_restart(
    staff_app: FastAPI, admin: Staff, client: TestClient
) -> None:
    before = client.get("/")
    assert "Harbor Massage Therapy" not in before.text
    assert "frame-ancestors 'none'" in before.headers["content-security-policy"]
    admin.post("/staff/settings", VALID)
    page = client.get("/")
    assert "Harbor Massage Therapy" in page.text
    assert "60 days after you last use your link" in " ".join(page.text.split())
    assert clinic(staff_app).theme_url in page.text
    csp = page.headers["content-security-policy"]
    assert "frame-ancestors https://www.harbor.example https://harbor.example;" in csp
    assert "x-frame-options" not in page.headers
    # Staff pages still refuse every frame.
    assert (
        "frame-ancestors 'none'" in admin.get("/staff/settings").headers["content-security-policy"]
    )
