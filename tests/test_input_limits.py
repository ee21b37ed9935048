"""Inputs have sizes: over a limit is a clear message beside the field (or the API's JSON
413), never a 500 and never a silent cut."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import WizardClient
from fastapi import FastAPI
from test_web_security import finished

from app.services.call_sheet import CALL_FIELD_MAX, NOTE_MAX
from app.services.cases import open_case


def stored(app: FastAPI, token: str):  # type: ignore[no-untyped-def]
    with app.state.db.connect() as conn:
        view = open_case(conn, token)
    assert view is not None
    return view.data


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("note_q_wrapup", "n" * (NOTE_MAX + 1), "under 2,000 characters"),
        ("rep_name", "r" * (CALL_FIELD_MAX + 1), "under 120 characters"),
        ("reference", "9" * (CALL_FIELD_MAX + 5), "under 120 characters"),
        ("call_date", "next tuesday", "like 2026-03-15"),
        ("call_time", "2pm", "like 14:30"),
    ],
)
def test_a_call_sheet_field_over_its_limit_is_said_beside_it(
    wizard: WizardClient, app: FastAPI, field: str, value: str, message: str
) -> None:
    finished(wizard)
    data = {"csrf_token": wizard.csrf, "rep_name": "Dana", field: value}
    response = wizard.client.post(f"{wizard.case_path}/call-sheet", data=data)
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    error = page.select_one(".call-sheet .field-error")
    assert error is not None and message in error.get_text()
    box = page.select_one(f"[name='{field}']")
    assert box is not None
    kept = box.get_text() if box.name == "textarea" else box.get("value")
    assert kept == value, "what was typed is still there"
    assert stored(app, wizard.token).call == {}, "nothing saved, nothing cut"

    htmx = wizard.client.post(
        f"{wizard.case_path}/call-sheet",
        data=data,
        headers={"HX-Request": "true", "X-CSRF-Token": wizard.csrf},
    )
    assert htmx.status_code == 422 and "Not saved yet" in htmx.text and message in htmx.text


def test_a_call_sheet_at_its_limits_is_saved_whole(wizard: WizardClient, app: FastAPI) -> None:
    finished(wizard)
    data = {
        "csrf_token": wizard.csrf,
        "note_q_wrapup": "n" * NOTE_MAX,
        "rep_name": "r" * CALL_FIELD_MAX,
        "call_date": "2026-03-05",
        "call_time": "14:30",
    }
    assert wizard.client.post(f"{wizard.case_path}/call-sheet", data=data).status_code == 303
    saved = stored(app, wizard.token)
    assert saved.call_notes == {"q_wrapup": "n" * NOTE_MAX}
    assert saved.call["rep_name"] == "r" * CALL_FIELD_MAX


def test_a_json_body_is_refused_as_soon_as_it_passes_the_limit() -> None:
    """The API stops reading at the limit: a 10 MB body costs it 256 KB, not 10 MB."""
    from privacy_support import run_coroutine
    from starlette.requests import Request

    from app.web.api.errors import _refuse_body

    sent = 0

    async def receive() -> dict[str, object]:
        nonlocal sent
        sent += 1
        return {"type": "http.request", "body": b" " * 65536, "more_body": sent < 160}

    class State:
        settings = None

    class App:
        state = State()

    scope = {
        "type": "http",
        "method": "PUT",
        "path": "/api/v1/cases/x/answers/y",
        "headers": [(b"content-type", b"application/json")],
        "app": App(),
    }
    refused = run_coroutine(_refuse_body(Request(scope, receive)))
    assert refused is not None and refused.status_code == 413
    assert sent <= 256_000 // 65536 + 1, f"read {sent} chunks of 64 KB"
