"""Documents: print pages and PDFs, the letter details form and the superbill check.

PDFs are made on request and never stored; every response here is `no-store`. The PDF
renders in a worker thread, so question pages never wait for it.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Response
from fastapi.responses import HTMLResponse

from app.core import htmx
from app.core.templating import static_url
from app.documents import letter_fields, superbill_form
from app.documents.assemble import doc_inputs
from app.documents.catalog import BY_ID, DocSpec, applies, documents_for
from app.documents.context import DocInputs, Header
from app.documents.pdf import page_size
from app.documents.render import document_pdf_async, render_html
from app.documents.superbill import check_superbill
from app.services import letters as letter_store
from app.services.clinic import read_logo
from app.services.letters import CHECKBOX_FIELDS, LETTER_FIELDS, LetterDetails
from app.services.stats import Kind, count
from app.web.deps import FormDep
from app.web.patient.deps import CaseContext, CaseDep, case_page

router = APIRouter(prefix="/c/{token}", tags=["documents"])
NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


@dataclass(frozen=True)
class DocumentLink:
    doc: DocSpec
    view_href: str
    pdf_href: str


def document_links(ctx: CaseContext) -> list[DocumentLink]:
    """The documents that apply to this patient, with their URLs (for the results page)."""
    return [
        DocumentLink(doc, ctx.links.document(doc.id), ctx.links.document_pdf(doc.id))
        for doc in documents_for(ctx.walk.active)
    ]


async def _inputs(ctx: CaseContext) -> DocInputs:
    logo = await ctx.db.run(read_logo)
    logo_src = None
    if logo is not None:
        content, kind, _ = logo
        logo_src = f"data:{kind};base64,{base64.b64encode(content).decode('ascii')}"
    data = ctx.case.data
    return doc_inputs(
        ctx.flow,
        data.answers,
        Header.from_clinic(ctx.clinic, logo_src),
        letter=letter_store.load(ctx.case),
        checked=data.checked,
        call_notes=data.call_notes,
        call_added=data.call_added,
        call=data.call,
        today=ctx.today,
        lang=ctx.lang,
        english_flow=ctx.source_flow,
    )


def _doc(ctx: CaseContext, doc_id: str) -> DocSpec:
    doc = BY_ID.get(doc_id)
    if doc is None or not applies(doc.id, ctx.walk.active):
        raise HTTPException(status_code=404)
    return doc


async def _count(ctx: CaseContext, kind: Kind) -> None:
    """Count a print or download for the drop-off stats (a counter, never the case)."""
    await ctx.db.run(count, kind, day=ctx.today)


@case_page(router, "/docs/{doc_id}.pdf", name="download_document")
async def download_document(ctx: CaseContext, doc_id: str) -> Response:
    if (redirect := ctx.unfinished()) is not None:
        return redirect
    doc = _doc(ctx, doc_id)
    inputs = await _inputs(ctx)
    size = page_size(ctx.request.query_params.get("size"), ctx.settings.pdf_page_size)
    pdf = await document_pdf_async(doc, inputs, size)
    await _count(ctx, Kind.downloaded)
    filename = f"{doc.filename}-{inputs.today.isoformat()}.pdf"
    headers = {**NO_STORE, "Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


@case_page(router, "/docs/{doc_id}", name="show_document")
async def show_document(ctx: CaseContext, doc_id: str) -> Response:
    if (redirect := ctx.unfinished()) is not None:
        return redirect
    doc = _doc(ctx, doc_id)
    inputs = await _inputs(ctx)
    await _count(ctx, Kind.printed)
    html = render_html(
        doc,
        inputs,
        "html",
        css_href=static_url("css/documents.css"),
        pdf_href=ctx.links.document_pdf(doc.id),
        back_href=ctx.links.results,
        details_href=ctx.links.letter_details,
    )
    return HTMLResponse(html, headers=NO_STORE)


@case_page(router, "/letter-details", name="show_letter_details")
async def show_letter_details(ctx: CaseContext) -> Response:
    return _letter_page(ctx, letter_store.load(ctx.case))


@router.post("/letter-details", name="save_letter_details")
async def save_letter_details(ctx: CaseDep, form: FormDep) -> Response:
    shown = letter_fields.fields_for(ctx.walk.active)
    kept = letter_store.load(ctx.case).to_mapping()  # fields of other branches stay saved
    typed = {k: v for k in shown if isinstance(v := form.get(k), str)}
    details = LetterDetails.from_mapping(
        {**{k: v for k, v in kept.items() if k not in shown}, **typed}
    )
    await ctx.db.run(letter_store.save, ctx.case, details, retention_days=ctx.clinic.retention_days)
    return htmx.see_other(ctx.request, ctx.links.letter_details + "?saved=1")


def _letter_page(ctx: CaseContext, details: LetterDetails) -> Response:
    active = ctx.walk.active
    context = {
        "links": ctx.links,
        "fields": [
            (k, LETTER_FIELDS[k], getattr(details, k) or "", k in CHECKBOX_FIELDS)
            for k in letter_fields.fields_for(active)
        ],
        "blanks": letter_fields.blanks_by_letter(documents_for(active), active, details),
        "saved": ctx.request.query_params.get("saved") == "1",
    }
    return ctx.render("patient/documents/letter_details.html", context, headers=NO_STORE)


@case_page(router, "/superbill", name="show_superbill")
async def show_superbill(ctx: CaseContext) -> Response:
    values = superbill_form.prefill(ctx.clinic, ctx.walk.active)
    return _superbill_page(ctx, values, {}, None)


@router.post("/superbill", name="check_superbill")
async def check_superbill_form(ctx: CaseDep, form: FormDep) -> Response:
    parsed = superbill_form.parse(form)
    flags = check_superbill(parsed.bill, superbill_form.needs_from(ctx.walk.active, ctx.today))
    return _superbill_page(ctx, parsed.values, parsed.errors, flags)


def _superbill_page(
    ctx: CaseContext, values: dict[str, str], errors: dict[str, str], flags: list[Any] | None
) -> Response:
    context = {
        "links": ctx.links,
        "values": values,
        "errors": errors,
        "flags": flags,
        "line_numbers": range(1, superbill_form.LINE_COUNT + 1),
    }
    return ctx.render("patient/documents/superbill.html", context, headers=NO_STORE)
