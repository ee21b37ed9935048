"""Documents: print pages and PDFs, the letter details form and the superbill check.

PDFs are made on request and never stored; every response here is `no-store`. The PDF
handler is async and renders in a worker thread, so question pages never wait for it.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from app.core import htmx
from app.core.config import Settings
from app.core.db import SessionDep, request_session
from app.core.templating import render, static_url
from app.documents import superbill_form
from app.documents.assemble import doc_inputs
from app.documents.catalog import BY_ID, DocSpec, applies, documents_for
from app.documents.context import DocInputs, Header
from app.documents.pdf import page_size
from app.documents.render import document_pdf_async, render_html
from app.documents.superbill import check_superbill
from app.flows.engine import Flow, walk
from app.services import letters as letter_store
from app.services.cases import CaseView
from app.services.clinic import get_clinic, load_logo
from app.services.letters import LETTER_FIELDS, LetterDetails
from app.web.patient.deps import (
    CaseDep,
    CaseLinks,
    FlowDep,
    FormDep,
    RetentionDep,
    SettingsDep,
    track_case,
    unfinished,
)

router = APIRouter(prefix="/c/{token}", tags=["documents"])
NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


@dataclass(frozen=True)
class DocumentLink:
    doc: DocSpec
    view_href: str
    pdf_href: str


def document_links(request: Request, token: str, answers: Any, flow: Flow) -> list[DocumentLink]:
    """The documents that apply to this patient, with their URLs (for the results page)."""
    active = walk(flow, answers).active
    app = request.app
    return [
        DocumentLink(
            doc,
            str(app.url_path_for("show_document", token=token, doc_id=doc.id)),
            str(app.url_path_for("download_document", token=token, doc_id=doc.id)),
        )
        for doc in documents_for(active)
    ]


def clinic_header(session: Session, settings: Settings) -> tuple[Header, Any]:
    """The clinic's details (settings page first, then the environment) and its logo."""
    try:
        clinic: Any = get_clinic(session, settings)
        logo = load_logo(session)
    except SQLAlchemyError:  # staff tables not migrated yet: the environment still works
        session.rollback()
        clinic = Header(settings.clinic_name, settings.clinic_address, settings.clinic_phone,
                        settings.clinic_email)
        logo = None
    logo_src = None
    if logo is not None:
        content, kind, _ = logo
        logo_src = f"data:{kind};base64,{base64.b64encode(content).decode('ascii')}"
    return Header.from_clinic(clinic, logo_src), clinic


def _track(request: Request, case: CaseView, kind: str) -> None:
    """Count a print or download for the drop-off stats (its own short session)."""
    with request_session(request) as session:
        track_case(request, session, case, "", kind)


def get_doc_inputs(
    case: CaseDep, flow: FlowDep, session: SessionDep, settings: SettingsDep
) -> DocInputs:
    """Runs in the thread pool (a sync dependency), so async handlers stay free."""
    header, _ = clinic_header(session, settings)
    data = case.data
    return doc_inputs(
        flow, data.answers, header,
        letter=letter_store.load(case),
        checked=data.checked, call_notes=data.call_notes, call=data.call,
    )


InputsDep = Annotated[DocInputs, Depends(get_doc_inputs)]


def _doc(doc_id: str, inputs: DocInputs) -> DocSpec:
    doc = BY_ID.get(doc_id)
    if doc is None or not applies(doc.id, walk(inputs.flow, inputs.answers).active):
        raise HTTPException(status_code=404)
    return doc


@router.get("/docs/{doc_id}.pdf", name="download_document")
async def download_document(
    request: Request, token: str, doc_id: str, case: CaseDep, flow: FlowDep, inputs: InputsDep,
    settings: SettingsDep,
) -> Response:
    if (redirect := unfinished(request, token, case, flow)) is not None:
        return redirect
    doc = _doc(doc_id, inputs)
    size = page_size(request.query_params.get("size"), settings.pdf_page_size)
    pdf = await document_pdf_async(doc, inputs, size)
    await run_in_threadpool(_track, request, case, "downloaded")
    filename = f"{doc.filename}-{inputs.today.isoformat()}.pdf"
    headers = {**NO_STORE, "Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.get("/docs/{doc_id}", name="show_document")
def show_document(
    request: Request, token: str, doc_id: str, case: CaseDep, flow: FlowDep, inputs: InputsDep
) -> Response:
    if (redirect := unfinished(request, token, case, flow)) is not None:
        return redirect
    doc = _doc(doc_id, inputs)
    _track(request, case, "printed")
    links = CaseLinks(request, token)
    html = render_html(
        doc, inputs, "html",
        css_href=static_url("css/documents.css"),
        pdf_href=str(request.app.url_path_for("download_document", token=token, doc_id=doc.id)),
        back_href=links.results,
        details_href=str(request.app.url_path_for("show_letter_details", token=token)),
    )
    return HTMLResponse(html, headers=NO_STORE)


@router.get("/letter-details", name="show_letter_details")
def show_letter_details(request: Request, token: str, case: CaseDep) -> Response:
    return _letter_page(request, token, letter_store.load(case), saved=False)


@router.post("/letter-details", name="save_letter_details")
def save_letter_details(
    request: Request, token: str, case: CaseDep, form: FormDep, session: SessionDep,
    retention: RetentionDep,
) -> Response:
    typed = {k: v for k in LETTER_FIELDS if isinstance(v := form.get(k), str)}
    details = LetterDetails.from_mapping(typed)
    letter_store.save(session, case, details, retention_days=retention)
    target = str(request.app.url_path_for("show_letter_details", token=token)) + "?saved=1"
    return htmx.see_other(request, target)


def _letter_page(request: Request, token: str, details: LetterDetails, saved: bool) -> Response:
    context = {
        "links": CaseLinks(request, token),
        "fields": [(k, label, getattr(details, k) or "") for k, label in LETTER_FIELDS.items()],
        "saved": saved or request.query_params.get("saved") == "1",
    }
    return render(request, "patient/documents/letter_details.html", context, headers=NO_STORE)


@router.get("/superbill", name="show_superbill")
def show_superbill(
    request: Request, token: str, case: CaseDep, flow: FlowDep, session: SessionDep,
    settings: SettingsDep,
) -> Response:
    _, clinic = clinic_header(session, settings)
    active = walk(flow, case.data.answers).active
    values = superbill_form.prefill(clinic, active)
    return _superbill_page(request, token, values, {}, None)


@router.post("/superbill", name="check_superbill")
def check_superbill_form(
    request: Request, token: str, case: CaseDep, flow: FlowDep, form: FormDep
) -> Response:
    parsed = superbill_form.parse(form)
    active = walk(flow, case.data.answers).active
    flags = check_superbill(parsed.bill, superbill_form.needs_from(active, date.today()))
    return _superbill_page(request, token, parsed.values, parsed.errors, flags)


def _superbill_page(
    request: Request, token: str, values: dict[str, str], errors: dict[str, str],
    flags: list[Any] | None,
) -> Response:
    context = {
        "links": CaseLinks(request, token),
        "values": values,
        "errors": errors,
        "flags": flags,
        "line_numbers": range(1, superbill_form.LINE_COUNT + 1),
    }
    return render(request, "patient/documents/superbill.html", context, headers=NO_STORE)
