"""The advice in the pages: visit dates in the future refused on the "had visits" paths,
and the letter-details page that asks each fact once and lists what is still blank."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import WizardClient
from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_documents_routes import csrf, make_case

from app.flows.answers import FUTURE_DATE


@pytest.fixture
def flow_path() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "steps.yaml"


def _to_visit_date(wizard: WizardClient, stage: str) -> None:
    wizard.start()
    for value in (stage, "employer"):
        wizard.answer(value)
    if "plan_funding" in wizard.url:
        wizard.answer("insured")
    wizard.answer("none")  # no other payer
    assert wizard.url.endswith("/step/service_date"), wizard.url


@pytest.mark.parametrize("stage", ["visited", "filed", "denied", "underpaid"])
def test_a_visit_date_in_the_future_is_refused_and_kept(wizard: WizardClient, stage: str) -> None:
    _to_visit_date(wizard, stage)
    future = (date.today() + timedelta(days=400)).isoformat()
    response = wizard.answer(future)
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    assert FUTURE_DATE in page.get_text(" ", strip=True)
    assert page.select_one("input[name=answer]")["value"] == future
    assert wizard.url.endswith("/step/service_date")
    past = (date.today() - timedelta(days=20)).isoformat()
    assert wizard.answer(past).status_code == 200
    assert not wizard.url.endswith("/step/service_date")


def test_the_planning_path_never_asks_for_a_visit_date(wizard: WizardClient) -> None:
    wizard.start()
    for value in ("planning", "employer", "none"):
        wizard.answer(value)
    assert "service_date" not in wizard.url


DENIED = {
    "stage": "denied",
    "plan_type": "employer",
    "plan_funding": "insured",
    "other_payer": "none",
    "main_code": "97124",
    "denial_reason": "late_filing",
    "appeal_round": "first",
    "denial_date": "2026-02-10",
    "service_date": "2026-01-12",
    "want_estimate": "no",
}


def test_letter_details_ask_each_fact_once_and_list_the_blanks(
    client: TestClient, app: FastAPI
) -> None:
    token = make_case(app, DENIED)
    page = BeautifulSoup(client.get(f"/c/{token}/letter-details").text, "html.parser")
    names = [
        f["name"] for f in page.select("input[name], textarea[name]") if f["name"] != "csrf_token"
    ]
    assert len(names) == len(set(names))
    assert {"patient_name", "patient_address", "insurer_address", "late_reason"} <= set(names)
    assert "doctor_name" not in names and "review_address" not in names
    blanks = page.select_one(".blank-list").get_text(" ", strip=True)
    assert "Appeal letter" in blanks and "Your mailing address" in blanks

    draft = client.get(f"/c/{token}/docs/appeal_letter").text
    assert "(draft)" in draft and "I could not send it sooner" not in draft

    form = {
        "csrf_token": csrf(client, f"/c/{token}/letter-details"),
        "patient_name": "Rosa Díaz",
        "patient_address": "9 Elm Street, Springfield",
        "member_id": "MBR-1",
        "insurer_name": "Example Health",
        "insurer_address": "PO Box 77, Claims City",
        "claim_number": "CLM-42",
        "late_reason": "I was in the hospital in April.",
    }
    saved = client.post(f"/c/{token}/letter-details", data=form)
    assert saved.status_code == 303
    page = BeautifulSoup(client.get(f"/c/{token}/letter-details").text, "html.parser")
    assert page.select_one(".blank-list") is None
    letter = client.get(f"/c/{token}/docs/appeal_letter").text
    assert "(draft)" not in letter and "Draft:" not in letter
    assert "I could not send it sooner. This is why: I was in the hospital in April." in letter
    assert "9 Elm Street, Springfield" in letter and "clinic-name" not in letter
