"""The printed papers in the patient's language, read back from the real PDFs.

A Spanish case gets its checklist and call sheet in Spanish (the call sheet with the English
words to say beside each question, and the free interpreter); a letter to a US insurer stays
English, marked `lang="en"`, with a Spanish copy after it. An English case is unchanged.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import test_documents_routes as routes
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient
from icalendar import Calendar
from pdf_support import pdf_text

from app.web.staff.invites import share_message


@pytest.fixture
def flow_path() -> Path:
    """The real tree and its Spanish file (conftest's `app` and `client` read this fixture)."""
    return Path(__file__).resolve().parents[1] / "data" / "steps.yaml"


def paper(client: TestClient, token: str, doc: str, lang: str, tmp_path: Path) -> tuple[str, str]:
    """(the print page's HTML, the PDF's text) of one paper in `lang`."""
    page = client.get(f"/c/{token}/docs/{doc}?lang={lang}")
    assert page.status_code == 200
    pdf = client.get(f"/c/{token}/docs/{doc}.pdf?lang={lang}")
    assert pdf.status_code == 200
    return page.text, pdf_text(pdf.content, tmp_path)


def html_lang(page: str) -> str:
    tag = BeautifulSoup(page, "html.parser").html
    assert tag is not None
    return str(tag.get("lang"))


def test_spanish_checklist_has_spanish_headings_and_items(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    token = routes.make_case(app, routes.DENIED)
    spanish = app.state.flows["es"]
    page, text = paper(client, token, "checklist", "es", tmp_path)
    assert html_lang(page) == "es"
    for heading in ("Su lista de pasos", "Sus fechas límite"):  # no cost part without an estimate
        assert heading in text
    assert "Your deadlines" not in text and "Made on" not in text
    items = [i.text for i in spanish.tree.checklist if " ".join(i.text.split())[:30] in text]
    assert items, "the checklist's items come from the Spanish flow"
    english = {i.id: i.text for i in app.state.flow.tree.checklist}
    assert not any(" ".join(t.split())[:30] in text for t in english.values())


def test_spanish_call_sheet_says_each_question_in_both_languages(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    token = routes.make_case(app, routes.DENIED)
    page, text = paper(client, token, "call_sheet", "es", tmp_path)
    assert html_lang(page) == "es"
    assert "Preguntas para hacer" in text
    assert "Usted puede pedirle al seguro un intérprete. Es gratis." in text
    assert '"I need a Spanish interpreter, please."' in text
    soup = BeautifulSoup(page, "html.parser")
    questions = soup.select("li.question")
    assert questions
    english = {q.text for q in app.state.flow.tree.questions}
    spanish = {q.text for q in app.state.flows["es"].tree.questions}
    for item in questions:
        said = item.select_one(".say-in-english strong[lang=en]")
        assert said is not None, "every question has the English words to say"
        assert said.get_text() in english
        assert item.strong is not None and item.strong.get_text() in spanish
        assert " ".join(said.get_text().split())[:25] in text
    assert text.count("Diga en inglés:") == len(questions)


def test_spanish_case_keeps_the_appeal_letter_english_with_a_spanish_copy(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    token = routes.make_case(app, routes.DENIED)
    page, text = paper(client, token, "appeal_letter", "es", tmp_path)
    soup = BeautifulSoup(page, "html.parser")
    letter = soup.select_one("div.letter")
    assert letter is not None and letter.get("lang") == "en"
    assert "Dear Appeals Reviewer" in text and "Sincerely" in text
    copy = soup.select_one("section.translation[lang=es]")
    assert copy is not None
    assert "Su carta de apelación, en español" in text
    assert "Notas para usted (no mande esta hoja)" in text
    assert text.index("Sincerely") < text.index("Su carta de apelación, en español")


def test_english_case_papers_are_unchanged(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    token = routes.make_case(app, routes.DENIED)
    page, text = paper(client, token, "call_sheet", "en", tmp_path)
    assert html_lang(page) == "en"
    assert "Questions to ask" in text and "Say in English" not in text
    assert "interpreter" not in text
    page, text = paper(client, token, "appeal_letter", "en", tmp_path)
    assert "Notes for you (do not send this page)" in text and "español" not in text
    page, text = paper(client, token, "checklist", "en", tmp_path)
    assert html_lang(page) == "en" and "Your deadlines" in text


def calendar_events(client: TestClient, token: str, lang: str) -> list[Any]:
    response = client.get(f"/c/{token}/deadlines.ics?lang={lang}")
    assert response.status_code == 200
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_calendar_file_speaks_the_case_language(client: TestClient, app: FastAPI) -> None:
    token = routes.make_case(app, routes.DENIED)
    spanish = calendar_events(client, token, "es")
    assert spanish
    for event in spanish:
        assert str(event["summary"]).startswith("Hoy vence: ")
        assert "Regla: " in str(event["description"])
        alarm = event.subcomponents[0]
        assert str(alarm["description"]).startswith("En una semana vence: ")
        assert " de " in str(alarm["description"])  # "12 de marzo"
    english = calendar_events(client, token, "en")
    assert english and all(" today" in str(e["summary"]) for e in english)
    assert all("Rule: " in str(e["description"]) for e in english)


def test_invite_message_is_in_the_invite_language() -> None:
    url = "https://clinic.example/i/abc"
    expires = datetime(2026, 3, 5, 17, 0, tzinfo=UTC)
    spanish = share_message("Example Massage", "María", url, expires, "es")
    assert spanish.startswith("Hola, María: le escribe Example Massage.")
    assert url in spanish and "Sirve hasta el 5 de marzo de 2026." in spanish
    assert share_message("Example Massage", "", url, expires, "es").startswith("Hola: ")
    english = share_message("Example Massage", "Maria", url, expires, "en")
    assert english == (
        "Hi Maria, this is Example Massage. This private link helps you get paid back by your "
        f"insurance for your visits, one simple question at a time: {url} "
        "It works until March 5, 2026."
    )
