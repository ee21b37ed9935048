"""A Spanish reader from the landing page to the printed checklist, on a 390 x 844 phone
with JavaScript on and off, on the real tree: every page they see, the papers' PDFs
(read with pdftotext) and the calendar file hold no English sentence, except the English
letters meant for a US insurer or doctor (inside `lang="en"`) and the English words the
call sheet gives to say on the phone."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import PHONE, WATCH_CSP, wait_settled
from conftest import LiveServer
from english_words import english_sentences
from pdf_support import pdf_text
from personas import MONEY, QUIET
from playwright.sync_api import Browser, BrowserContext, Page, expect
from samples import auto_answers
from spanish_scan import calendar_text, visible

from app.flows.loader import load_flow

pytestmark = pytest.mark.browser
FOUND: list[str] = []

FLOW = load_flow(Path(__file__).parents[2] / "data" / "steps.yaml")
JOURNEYS: dict[str, dict[str, Any]] = {
    # A denied claim: deadlines, the denial code's meaning, letters and their Spanish copies.
    "denied": {
        **QUIET,
        **MONEY,
        "stage": "denied",
        "plan_type": "employer",
        "denial_reason": "medical_necessity",
        "denial_code": "CO-50",
    },
    # Visits to file for: the claim deadline, the estimate, units and the claim packet.
    "visited": {**QUIET, **MONEY, "stage": "visited", "plan_type": "employer", "hsa_fsa": "hsa"},
}


@pytest.fixture
def reader(browser: Browser, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    js = request.param
    context = browser.new_context(viewport=PHONE, java_script_enabled=js, locale="es-US")
    if js:
        context.add_init_script(WATCH_CSP)
    yield context
    context.close()


def no_english(where: str, html: str) -> None:
    report(where, english_sentences(visible(html)))


def report(where: str, left: list[str]) -> None:
    if os.environ.get("SPANISH_COLLECT"):  # while translating: list everything, fail at the end
        FOUND.extend(f"{where}: {s}" for s in left)
        return
    assert not left, f"English on {where}:\n" + "\n".join(left)


def answer(page: Page, value: Any) -> None:
    """Give the current question the journey's answer, as a patient would."""
    values = value if isinstance(value, list) else [value]
    choices = page.locator(
        "#step input[name=answer][type=radio], #step input[name=answer][type=checkbox]"
    )
    if choices.count():
        for item in values:
            page.locator(f"#step input[name=answer][value='{item}']").check()
    elif page.locator("#step input#answer").count():
        page.locator("#step input#answer").fill("" if value is None else str(value))


def through_the_questions(page: Page, answers: dict[str, Any], js: bool) -> None:
    """From the first question to the plan, checking each page (replies included)."""
    for _ in range(len(answers) + 5):
        if page.url.endswith("/check"):
            no_english("check your answers", page.content())
            page.locator("main a[href$='/results']").first.click()
            page.wait_for_url("**/results")
            return
        if page.url.endswith("/results"):
            return
        step_id = page.url.split("/step/")[1].split("?")[0]
        no_english(f"question {step_id}", page.content())
        answer(page, answers.get(step_id))
        before = page.url
        if js:
            page.evaluate(
                "window.__settled = false; document.body.addEventListener("
                "'htmx:afterSettle', () => { window.__settled = true; }, {once: true})"
            )
        page.locator("#step form button[type=submit]").first.click()
        if js:
            wait_settled(page)
        else:
            page.wait_for_load_state()
        assert page.url != before, f"{step_id} was not accepted:\n{visible(page.content())[:800]}"
    raise AssertionError("the questions did not end")


@pytest.mark.parametrize(
    ("reader", "journey"),
    [(True, "denied"), (False, "visited")],
    indirect=["reader"],
    ids=["js-denied", "nojs-visited"],
)
def test_a_spanish_reader_goes_from_the_landing_page_to_the_printed_checklist(
    live_server: LiveServer, reader: BrowserContext, journey: str, tmp_path: Path
) -> None:
    page = reader.new_page()
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    no_english("the landing page", page.content())
    page.get_by_role("button", name="Empezar ya").click()
    page.wait_for_url("**/step/**")
    answers = auto_answers(FLOW, JOURNEYS[journey])
    through_the_questions(page, answers, js=journey == "denied")
    case = page.url.rsplit("/results", 1)[0]
    no_english("the plan", page.content())
    papers = dict.fromkeys(
        href.split("?")[0]
        for href in page.locator("a[href*='/docs/']").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        if not href.split("?")[0].endswith(".pdf")
    )
    assert any(p.endswith("/docs/checklist") for p in papers)
    for path in ("/print", "/letter-details", "/superbill"):
        page.goto(case + path)
        no_english(path, page.content())
    # The call sheet's English words to say: each question, and asking for an interpreter.
    to_say = frozenset(
        [q.text for q in FLOW.tree.questions] + ["I need a Spanish interpreter, please."]
    )
    for href in papers:
        page.goto(live_server.url + href)
        expect(page.locator("html")).to_have_attribute("lang", "es")
        no_english(href, page.content())
        name = href.rsplit("/", 1)[1]
        if name in ("checklist", "call_sheet", "claim_packet"):  # the patient's own papers
            pdf = page.request.get(live_server.url + href + ".pdf")
            assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
            text = pdf_text(pdf.body(), tmp_path)
            said = [s for s in english_sentences(text) if not any(s in e for e in to_say)]
            report(f"{name}.pdf", said)
    ics = page.request.get(case + "/deadlines.ics")
    assert ics.ok
    report("the calendar file", english_sentences(calendar_text(ics.body())))
    if journey == "denied":
        assert page.evaluate("window.__csp") == []
    assert not FOUND, "English left:\n" + "\n".join(dict.fromkeys(FOUND))
