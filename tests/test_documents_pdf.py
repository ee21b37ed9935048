"""Every document renders to a real PDF: text we can extract, the right argument, dates,
attachments and the patient's details; pages rasterise; never "None" anywhere."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pdf_support import pdf_text, tool
from samples import ANSWER_SETS, HEADER, LETTER, TODAY, denied, sample_flow

from app.documents.appeal import ARGUMENTS
from app.documents.assemble import doc_inputs
from app.documents.catalog import BY_ID, DocSpec, documents_for
from app.documents.context import DocInputs
from app.documents.render import document_pdf, render_html
from app.flows.engine import walk
from app.services.letters import LetterDetails


def inputs(answers: dict[str, Any], letter: LetterDetails = LETTER, **more: Any) -> DocInputs:
    return doc_inputs(sample_flow(), answers, HEADER, letter=letter, today=TODAY, **more)


def render_text(doc_id: str, answers: dict[str, Any], tmp_path: Path, **more: Any) -> str:
    return pdf_text(document_pdf(BY_ID[doc_id], inputs(answers, **more)), tmp_path)


SETS = [
    (name, doc.id)
    for name, answers in ANSWER_SETS.items()
    for doc in documents_for(walk(sample_flow(), answers).active)
]


@pytest.mark.parametrize(("set_name", "doc_id"), SETS, ids=[f"{s}-{d}" for s, d in SETS])
def test_every_document_carries_header_date_pages_and_details(
    set_name: str, doc_id: str, tmp_path: Path
) -> None:
    pdf = document_pdf(BY_ID[doc_id], inputs(ANSWER_SETS[set_name]))
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    assert re.search(r"Page 1 of \d", text)
    assert "None" not in text and "[" not in text
    if BY_ID[doc_id].letter:
        # A letter the patient sends: no clinic letterhead, dated, signed by the patient,
        # and no "draft" mark once every required detail is filled in.
        assert "Made on" not in text and HEADER.address not in text
        assert "March 20, 2026" in text
        assert "draft" not in text.lower()
    else:
        assert HEADER.name in text
        assert "Made on March 20, 2026" in text
    if doc_id != "claim_packet":
        assert "Zoë Ångström" in text


@pytest.mark.parametrize("reason", sorted(ARGUMENTS))
def test_appeal_letter_argues_the_denial_reason(reason: str, tmp_path: Path) -> None:
    text = " ".join(render_text("appeal_letter", denied(reason), tmp_path).split())
    argument = ARGUMENTS[reason]
    assert argument.heading in text
    assert argument.paragraphs[0].text in text
    for item in argument.enclosed({}):
        assert item in text
    others = {a.heading for r, a in ARGUMENTS.items() if r != reason}
    assert not any(heading in text for heading in others)
    # Internal appeal: 180 days from the letter dated February 10, 2026 (a Sunday, kept as
    # is); send by the Friday before.
    assert "Deadline: Sunday, August 9, 2026" in text
    assert "Send it by Friday, August 7, 2026" in text
    for detail in ("XQZ123456789", "CLM-2026-000417", "GRP-7781", "Zoë Ångström"):
        assert detail in text
    assert "CPT 97124 (massage)" in text and " or CPT" not in text
    assert "It is not legal advice" in text
    assert "This is urgent" not in text


@pytest.mark.parametrize(
    ("reason", "detail", "sentence"),
    [
        ("late_filing", "late_reason", "I could not send it sooner."),
        ("no_preapproval", "call_note", "I was told no OK was needed."),
        ("out_of_network", "providers_tried", "These are the ones I tried:"),
        ("step_therapy", "treatments_tried", "This is what I tried:"),
        ("medical_necessity", "has_prescription", "My doctor prescribed this care"),
    ],
)
def test_letters_only_say_what_the_patient_said(
    reason: str, detail: str, sentence: str, tmp_path: Path
) -> None:
    """A fact the case does not hold is left out, never printed as a blank to sign."""
    without = " ".join(render_text("appeal_letter", denied(reason), tmp_path).split())
    assert sentence not in without
    assert "My doctor" not in without.split("Notes for you")[0]
    value = "yes" if detail == "has_prescription" else "Dr. Lee's office, March 3"
    letter = LetterDetails(**{**LETTER.to_mapping(), detail: value})
    with_it = " ".join(
        render_text("appeal_letter", denied(reason), tmp_path, letter=letter).split()
    )
    assert sentence in with_it
    if detail != "has_prescription":
        assert value in with_it


def test_a_refund_appeal_is_never_urgent(tmp_path: Path) -> None:
    text = render_text("appeal_letter", ANSWER_SETS["denied_necessity"], tmp_path)
    assert "This is urgent" not in text and "expedited" not in text
    assert "never a fast (urgent) appeal" in " ".join(text.split())
    assert "CO-50" in text


def test_urgent_appeal_for_care_still_to_come(tmp_path: Path) -> None:
    text = " ".join(
        render_text("appeal_letter", ANSWER_SETS["preapproval_urgent"], tmp_path).split()
    )
    assert "This is urgent" in text
    assert "fast outside review at the same time" in text
    assert "72 hours" in text
    assert "Date(s) of service" not in text


def test_final_denial_gets_an_outside_review_request(tmp_path: Path) -> None:
    text = " ".join(
        render_text("external_review", ANSWER_SETS["denied_necessity_final"], tmp_path).split()
    )
    assert "Request for an outside review" in text
    assert "Dear Independent Reviewer" in text
    assert "not needed for my health" in text
    # Four months after January 31, 2026 has no May 31... May 31 is a Sunday: June 1.
    assert "Deadline: Monday, June 1, 2026" in text
    assert "Send it by Friday, May 29, 2026" in text


def test_administrative_final_denial_gets_no_outside_review_letter() -> None:
    answers = {**ANSWER_SETS["denied_necessity_final"], "denial_reason": "late_filing"}
    ids = [d.id for d in documents_for(walk(sample_flow(), answers).active)]
    assert "external_review" not in ids and "appeal_letter" not in ids


def test_second_level_gets_a_second_appeal_letter() -> None:
    answers = {
        **ANSWER_SETS["denied_necessity_final"],
        "plan_type": "employer",
        "appeal_level": "second_level",
    }
    ids = [d.id for d in documents_for(walk(sample_flow(), answers).active)]
    assert "appeal_letter" in ids and "external_review" not in ids


def test_letter_without_details_is_a_draft_that_lists_its_blanks(tmp_path: Path) -> None:
    answers = denied("visit_limit", denial_date="")
    html = render_html(BY_ID["appeal_letter"], inputs(answers, LetterDetails()), "pdf")
    assert "None" not in html
    assert html.count('class="blank') >= 5
    text = pdf_text(
        document_pdf(BY_ID["appeal_letter"], inputs(answers, LetterDetails())), tmp_path
    )
    assert "None" not in text and "Zoë" not in text
    assert "Appeal (draft)" in text
    assert "Draft: fill in these details" in text and "Your mailing address" in text


def test_pricing_letter_asks_for_the_method_and_shows_the_gap(tmp_path: Path) -> None:
    text = " ".join(render_text("pricing_letter", ANSWER_SETS["underpaid"], tmp_path).split())
    for words in (
        "Which method",
        "data set",
        "percentile",
        "claim file",
        "process the claim again",
    ):
        assert words in text
    # Allowed $100, $50 deductible, 30% of the other $50: the plan owes $35; it paid $20.
    assert "payment of $20.00" in text and "would be $35.00" in text and "$15.00 more" in text


@pytest.mark.parametrize(
    ("plan", "form"),
    [
        ("employer", "Your plan's member claim form"),
        ("individual", "member claim form"),
        ("medicare", "CMS-1490S"),
        ("medicare_advantage", "Medicare Advantage plan's member claim"),
    ],
)
def test_claim_packet_names_the_form_where_and_when(plan: str, form: str, tmp_path: Path) -> None:
    answers = {**ANSWER_SETS["visited"], "plan_type": plan, "preapproval": "have"}
    text = render_text("claim_packet", answers, tmp_path)
    assert form in text
    for item in (
        "itemized invoice (superbill)",
        "Proof that you paid",
        "SOAP notes",
        "prescription or referral",
        "prior-authorization number",
        "PA-55821",
    ):
        assert item in text
    assert "PO Box 1000, Claims City" in text
    # Timely filing: 90 days after March 2, 2026 (Medicare: 12 months, March 2, 2027).
    assert ("March 2, 2027" if plan == "medicare" else "May 31, 2026") in text


def test_claim_packet_without_dates_or_referral(tmp_path: Path) -> None:
    answers = {**ANSWER_SETS["planning"], "referral": "not_needed", "preapproval": "not_needed"}
    text = render_text("claim_packet", answers, tmp_path, letter=LetterDetails())
    assert "Send it by:" in text and "within 90 days" in text
    assert "prior-authorization" not in text
    assert "prescription or referral" not in text


def test_doctor_letter_lists_what_a_prescription_must_contain(tmp_path: Path) -> None:
    text = render_text("doctor_letter", ANSWER_SETS["planning"], tmp_path)
    for words in (
        "Dear Dr. Rivera",
        "ICD-10",
        "M54.50",
        "CPT 97124 (massage)",
        "How often and for how long",
        "goals",
        "signature, your credentials",
        "NPI",
        "pre-approval",
        "not legal advice",
    ):
        assert words in text
    assert "I plan to get" in text and "will only help pay" in text
    necessity = render_text("doctor_letter", ANSWER_SETS["denied_necessity"], tmp_path)
    assert "not medically necessary" in necessity


def test_lmn_request_lists_the_elements_and_account_notes(tmp_path: Path) -> None:
    text = render_text("lmn_request", ANSWER_SETS["planning"], tmp_path)
    assert "Health Savings Account (HSA)" in text
    for words in (
        "diagnosis",
        "frequency",
        "duration",
        "How the treatment helps",
        "signature, your credentials and the date",
        "Publication 502",
        "20%",
    ):
        assert words in text
    fsa = render_text("lmn_request", ANSWER_SETS["visited"], tmp_path)
    assert "FSA administrator" in fsa and "20%" not in fsa


def test_no_claim_packet_for_medicaid() -> None:
    answers = {**ANSWER_SETS["visited"], "plan_type": "medicaid"}
    assert "claim_packet" not in [d.id for d in documents_for(walk(sample_flow(), answers).active)]


def test_checklist_shows_deadlines_estimate_and_items(tmp_path: Path) -> None:
    text = render_text("checklist", ANSWER_SETS["visited"], tmp_path, checked=["call_insurer"])
    assert "Send your claim to the insurer by Sunday, May 31, 2026" in text
    assert "Send your claim." in text and "By Sunday, May 31, 2026" in text
    # The 90-day filing date is a Sunday: the same send-by Friday everywhere.
    assert "Send it by Friday, May 29, 2026" in " ".join(text.split())
    assert "The clinic's price $720.00" in text
    assert "Your plan may pay you back" in text
    assert "Your billing codes and units" in text and "97124 50 3 3" in text
    assert text.index("Before your visits") < text.index("After each visit")


def test_call_sheet_shows_questions_and_what_they_wrote(tmp_path: Path) -> None:
    text = render_text(
        "call_sheet",
        ANSWER_SETS["planning"],
        tmp_path,
        call_notes={"q_covered": "Yes, under the rehab benefit."},
        call={"rep_name": "Sam", "reference": "REF-991"},
    )
    assert "Is massage therapy covered on my plan?" in text
    assert "Yes, under the rehab benefit." in text
    assert "What must the referral say?" in text
    assert "You told us: Do you need a referral? I need one" in text
    assert "Sam" in text and "REF-991" in text and "XQZ123456789" in text


@pytest.mark.parametrize(("size", "points"), [("letter", "612 x 792"), ("a4", "595.276 x 841.89")])
def test_page_size(size: Any, points: str, tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(document_pdf(BY_ID["checklist"], inputs(ANSWER_SETS["visited"]), size))
    info = subprocess.run([tool("pdfinfo"), str(path)], check=True, capture_output=True).stdout
    assert points in info.decode()


def _one_set_per_document() -> list[tuple[DocSpec, str]]:
    seen: dict[str, tuple[DocSpec, str]] = {}
    for set_name, doc_id in SETS:
        seen.setdefault(doc_id, (BY_ID[doc_id], set_name))
    return list(seen.values())


@pytest.mark.parametrize(("doc", "set_name"), _one_set_per_document(), ids=lambda v: str(v)[:20])
def test_first_page_rasterises(doc: DocSpec, set_name: str, tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "doc.pdf"
    path.write_bytes(document_pdf(doc, inputs(ANSWER_SETS[set_name])))
    subprocess.run(
        [
            tool("pdftoppm"),
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(path),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    with Image.open(tmp_path / "page.png") as image:
        assert image.size == (425, 550)  # US Letter at 50 dpi
        dark = sum(image.convert("L").histogram()[:128])
    assert dark > 1000, "the page should have visible text"


def test_the_same_template_serves_print_page_and_pdf() -> None:
    html_page = render_html(
        BY_ID["appeal_letter"],
        inputs(ANSWER_SETS["denied_necessity"]),
        "html",
        css_href="/static/css/documents.css",
        pdf_href="/x.pdf",
        back_href="/results",
    )
    pdf_page = render_html(BY_ID["appeal_letter"], inputs(ANSWER_SETS["denied_necessity"]), "pdf")
    assert 'href="/static/css/documents.css"' in html_page and "doc-toolbar" in html_page
    assert "doc-toolbar" not in pdf_page and "<link" not in pdf_page
    strip = re.compile(r'<nav class="doc-toolbar".*?</nav>|<link[^>]*>', re.S)
    assert strip.sub("", html_page).split() == strip.sub("", pdf_page).split()
    assert " style=" not in html_page


def test_send_it_by_names_the_same_business_day_as_the_plan(tmp_path: Path) -> None:
    """Before: the letters' notes said "Send it by: Sunday, ..." and the claim packet "Send it by
    Sunday, May 31", while the plan, the checklist and the calendar said the Friday before."""
    packet = " ".join(render_text("claim_packet", ANSWER_SETS["visited"], tmp_path).split())
    assert "Your deadline is Sunday, May 31, 2026. Send it by Friday, May 29, 2026." in packet
    appeal = " ".join(render_text("appeal_letter", denied("medical_necessity"), tmp_path).split())
    assert "Deadline: Sunday, August 9, 2026. Send it by Friday, August 7, 2026" in appeal
    for text in (packet, appeal):
        assert not re.search(r"Send it by:? (Saturday|Sunday)", text), text
