"""One formatting module: the same answer reads the same on the page, in the PDF and in the API.

The case is answered through the real web forms; the outputs are read as a person or a
program reads them (the parsed page, pdftotext, the JSON), never by calling the formatter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import REAL_FLOW, WizardClient
from pdf_support import pdf_text
from samples import auto_answers

from app.flows.loader import load_flow
from app.flows.schema import StepType

MONEY = "$1,200.00"  # the fee typed as "1200"
NOT_SURE = "I'm not sure"
ESTIMATE = {  # a fee typed as "1200", to see how money reads
    "stage": "planning",
    "plan_type": "employer",
    "oon_benefits": "yes",
    "want_estimate": "yes",
    "fee": "1200",
    "deductible_remaining": "0",
    "coinsurance_percent": "40",
}
UNSURE = {"stage": "planning", "plan_type": "employer", "oon_benefits": "not_sure"}


@pytest.fixture
def flow_path() -> Path:
    return REAL_FLOW


def answer_everything(wizard: WizardClient, prefs: dict[str, str]) -> None:
    """Walk the real tree through its forms, typing `prefs` where they are asked."""
    flow = load_flow(REAL_FLOW)
    chosen = auto_answers(flow, prefs)
    wizard.start()
    while "/step/" in wizard.url:
        step_id = wizard.url.rsplit("/", 1)[1]
        step = flow.step(step_id)
        value: Any = None if step.type == StepType.info else chosen[step_id]
        if step_id in prefs:
            value = prefs[step_id]  # as typed, before the wizard cleans it
        response = wizard.answer(value)
        assert response.status_code == 200, response.text


def outputs(wizard: WizardClient, doc_id: str, tmp_path: Path) -> tuple[str, dict[str, str], str]:
    """The results page's text, the API's answers by step, and a document's PDF text."""
    client = wizard.client
    page = BeautifulSoup(client.get(f"{wizard.case_path}/results").text, "html.parser")
    api = client.get(f"/api/v1/cases/{wizard.token}").json()
    pdf = client.get(f"{wizard.case_path}/docs/{doc_id}.pdf")
    assert pdf.status_code == 200
    answers = {a["step_id"]: a["answer"] for a in api["answers"]}
    return " ".join(page.get_text(" ").split()), answers, pdf_text(pdf.content, tmp_path)


def test_money_reads_the_same_on_the_page_in_the_pdf_and_in_the_api(
    wizard: WizardClient, tmp_path: Path
) -> None:
    answer_everything(wizard, ESTIMATE)
    page, api, checklist = outputs(wizard, "checklist", tmp_path)
    assert api["fee"] == MONEY
    assert f"{MONEY}" in page and MONEY in checklist
    assert "$1200.00" not in page + checklist


def test_an_answer_label_reads_the_same_on_the_page_in_the_pdf_and_in_the_api(
    wizard: WizardClient, tmp_path: Path
) -> None:
    answer_everything(wizard, UNSURE)
    page, api, call_sheet = outputs(wizard, "call_sheet", tmp_path)
    assert api["oon_benefits"] == NOT_SURE
    assert NOT_SURE in page and NOT_SURE in call_sheet
    assert "Not sure" not in call_sheet
