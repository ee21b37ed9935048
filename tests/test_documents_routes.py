"""The document routes: print pages, PDFs, the superbill check and the letter details form."""

from __future__ import annotations

import re
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import anyio
import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pdf_support import tool
from samples import auto_answers
from sqlmodel import Session, select

from app.documents import pdf
from app.models import PatientCase
from app.services.cases import create_case, open_case, save_answer
from app.web.patient import documents

DENIED = {
    "stage": "denied",
    "plan_type": "employer",
    "denial_reason": "medical_necessity",
    "appeal_round": "first",
    "urgent": "yes",
    "denial_date": "2026-02-10",
    "hsa_fsa": "hsa",
    "service_date": "2026-01-12",
}


@pytest.fixture
def flow_path() -> Path:
    """These tests walk the real tree (conftest's `app` and `client` read this fixture)."""
    return Path(__file__).resolve().parents[1] / "data" / "steps.yaml"


@pytest.fixture
def docs_app(app: FastAPI) -> FastAPI:
    names = {getattr(r, "name", "") for r in app.routes}
    if "show_document" not in names:  # until app/main.py includes the documents router
        app.include_router(documents.router)
    return app


def make_case(application: FastAPI, prefs: dict[str, Any], finish: bool = True) -> str:
    flow = application.state.flow
    answers = auto_answers(flow, prefs)
    with application.state.db.connect() as session:
        token = create_case(session).token.text
        view = open_case(session, token)
        assert view is not None
        for step_id, value in list(answers.items())[: None if finish else 1]:
            view = save_answer(session, view, flow, step_id, value)
    return token


def csrf(client: TestClient, url: str) -> str:
    page = client.get(url)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, "the form must carry a CSRF token"
    return match.group(1)


def test_pdf_download_is_an_attachment_never_stored(
    client: TestClient, docs_app: FastAPI, tmp_path: Path
) -> None:
    token = make_case(docs_app, DENIED)
    response = client.get(f"/c/{token}/docs/appeal_letter.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    assert re.fullmatch(
        r'attachment; filename="appeal-letter-\d{4}-\d\d-\d\d\.pdf"',
        response.headers["content-disposition"],
    )
    assert response.content.startswith(b"%PDF-")
    for size, points in (("a4", "595.276 x 841.89"), ("bogus", "612 x 792")):
        path = tmp_path / f"{size}.pdf"
        path.write_bytes(client.get(f"/c/{token}/docs/checklist.pdf?size={size}").content)
        info = subprocess.run([tool("pdfinfo"), str(path)], capture_output=True, check=True)
        assert points in info.stdout.decode()


def test_a_clinic_can_make_a4_the_default_paper(
    client: TestClient, docs_app: FastAPI, tmp_path: Path
) -> None:
    docs_app.state.settings = docs_app.state.settings.model_copy(update={"pdf_page_size": "a4"})
    token = make_case(docs_app, DENIED)
    for query, points in (("", "595.276 x 841.89"), ("?size=letter", "612 x 792")):
        path = tmp_path / "doc.pdf"
        path.write_bytes(client.get(f"/c/{token}/docs/checklist.pdf{query}").content)
        info = subprocess.run([tool("pdfinfo"), str(path)], capture_output=True, check=True)
        assert points in info.stdout.decode()


def test_print_page_uses_the_document_template(client: TestClient, docs_app: FastAPI) -> None:
    token = make_case(docs_app, DENIED)
    page = client.get(f"/c/{token}/docs/appeal_letter")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "This care is needed for my health" in page.text
    assert "/static/css/documents.css" in page.text
    assert f'href="/c/{token}/docs/appeal_letter.pdf?size=a4"' in page.text
    assert "None" not in page.text and " style=" not in page.text


def test_documents_that_do_not_apply_are_not_found(client: TestClient, docs_app: FastAPI) -> None:
    token = make_case(docs_app, {**DENIED, "hsa_fsa": "none"})
    for path in ("docs/lmn_request", "docs/lmn_request.pdf", "docs/claim_packet", "docs/nope"):
        response = client.get(f"/c/{token}/{path}")
        assert response.status_code == 404
        assert "%PDF" not in response.text


def test_unknown_link_and_unfinished_case(client: TestClient, docs_app: FastAPI) -> None:
    assert client.get("/c/not-a-real-token/docs/checklist.pdf").status_code == 404
    token = make_case(docs_app, DENIED, finish=False)
    response = client.get(f"/c/{token}/docs/checklist.pdf")
    assert response.status_code == 303
    assert f"/c/{token}/step/" in response.headers["location"]


def test_results_links_list_only_what_applies(client: TestClient, docs_app: FastAPI) -> None:
    def ids(prefs: dict[str, Any]) -> list[str]:
        token = make_case(docs_app, prefs)
        page = BeautifulSoup(client.get(f"/c/{token}/results").text, "html.parser")
        hrefs = [str(a["href"]) for a in page.select("#documents a[download]")]
        assert hrefs[0] == f"/c/{token}/docs/checklist.pdf"
        return [href.rsplit("/", 1)[1].removesuffix(".pdf") for href in hrefs]

    assert ids(DENIED) == ["checklist", "call_sheet", "doctor_letter", "appeal_letter"]
    filed = {"stage": "filed", "plan_type": "employer", "hsa_fsa": "fsa"}
    assert ids(filed) == ["checklist", "call_sheet", "lmn_request"]


def test_superbill_prefills_and_flags(client: TestClient, docs_app: FastAPI) -> None:
    token = make_case(docs_app, DENIED)
    url = f"/c/{token}/superbill"
    page = client.get(url)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert 'name="place_of_service" type="text" maxlength="200" value="11"' in page.text
    assert 'value="2026-01-12"' in page.text  # the date of service they gave
    form = {
        "csrf_token": csrf(client, url),
        "date_of_service": "2022-01-05",
        "diagnosis_codes": "M54.5",
        "line_code_1": "97124",
        "line_minutes_1": "30",
        "line_units_1": "3",
        "line_charge_1": "120",
        "npi": "1234567890",
    }
    result = client.post(url, data=form)
    assert result.status_code == 200
    text = " ".join(result.text.split())
    assert "M54.5 is not valid on your date of service" in text
    assert "97124 shows 3 units for 30 minutes" in text
    assert "Please check the NPI on my invoice" in text
    assert "Ask the clinic" in text


def test_letter_details_are_sealed_with_the_case(client: TestClient, docs_app: FastAPI) -> None:
    token = make_case(docs_app, DENIED)
    url = f"/c/{token}/letter-details"
    form = {
        "csrf_token": csrf(client, url),
        "patient_name": "Zoë Ångström",
        "member_id": "XQZ123456789",
        "claim_number": "CLM-1",
        "bogus": "x",
    }
    assert client.post(url, data=form).status_code == 303
    with Session(docs_app.state.db.engine) as session:
        raw = session.exec(select(PatientCase)).first()
    assert raw is not None and b"XQZ123456789" not in raw.blob
    page = client.get(f"/c/{token}/docs/appeal_letter").text
    assert "XQZ123456789" in page and "CLM-1" in page and "Zoë Ångström" in page


def test_pdf_rendering_leaves_the_event_loop_free(monkeypatch: pytest.MonkeyPatch) -> None:
    html = "<html><body>" + "<p>Line of text for the PDF.</p>" * 400 + "</body></html>"
    ticks = 0
    render_thread: list[int] = []
    original = pdf.render_pdf

    def spy(*args: Any) -> bytes:
        render_thread.append(threading.get_ident())
        return original(*args)

    monkeypatch.setattr(pdf, "render_pdf", spy)

    async def main() -> None:
        nonlocal ticks
        done = anyio.Event()

        async def ticker() -> None:
            nonlocal ticks
            while not done.is_set():
                ticks += 1
                await anyio.sleep(0.002)

        async with anyio.create_task_group() as tg:
            tg.start_soon(ticker)
            started = time.perf_counter()
            out = await pdf.render_pdf_async(html)
            elapsed = time.perf_counter() - started
            done.set()
        assert out.startswith(b"%PDF-")
        # The loop kept running while the PDF was drawn (the thread check below is the proof;
        # no share of ticks is asserted, as a loaded machine says nothing about the code).
        assert ticks >= 3, (ticks, elapsed)

    # A thread of its own: Playwright's sync API may already run a loop in this one.
    loop_thread: list[int] = []
    failures: list[BaseException] = []

    def run() -> None:
        loop_thread.append(threading.get_ident())
        try:
            anyio.run(main)
        except BaseException as exc:  # re-raised below, in the test's thread
            failures.append(exc)

    runner = threading.Thread(target=run)
    runner.start()
    runner.join()
    if failures:
        raise failures[0]
    assert render_thread and render_thread[0] != loop_thread[0]
