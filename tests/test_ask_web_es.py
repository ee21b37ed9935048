"""The ask box on a Spanish page: the question is searched in the Spanish cards and every
word of the answer is Spanish (except what is marked English on purpose: the words to say
to the insurer, and the rules' citations), with JavaScript (htmx) and without."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import REAL_FLOW
from english_words import english_sentences
from fastapi import FastAPI
from fastapi.testclient import TestClient
from spanish_scan import visible
from test_ask_web import DENIED_CASE, ESTIMATE_CASE, make_case

from app.present.format import format_full_date


@pytest.fixture
def flow_path() -> Path:
    return REAL_FLOW


def ask_es(
    client: TestClient, token: str, question: str, *, where: str = "results", htmx: bool = False
) -> BeautifulSoup:
    """Ask on the page in Spanish (`?lang=es`, kept in the case); the reply, read."""
    page = f"/c/{token}/step/{where}" if where != "results" else f"/c/{token}/results"
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(f"{page}?lang=es").text)
    assert match
    headers = {"HX-Request": "true", "X-CSRF-Token": match.group(1)} if htmx else {}
    data = {"csrf_token": match.group(1), "question": question, "from": where}
    response = client.post(f"/c/{token}/ask", data=data, headers=headers)
    assert response.status_code in (200, 422)
    return BeautifulSoup(response.text, "html.parser")


def reply_of(soup: BeautifulSoup) -> Any:
    found = soup.select_one("article.ask-exchange")
    assert found is not None
    return found


def no_english(soup: BeautifulSoup) -> list[str]:
    """English sentences a Spanish reader would meet in the answer and the form."""
    parts = [reply_of(soup), soup.select_one("#ask-form")]
    return [s for part in parts if part for s in english_sentences(visible(str(part)))]


def test_a_spanish_question_gets_the_spanish_card(app: FastAPI, client: TestClient) -> None:
    token = make_case(app, {"stage": "visited"})
    soup = ask_es(client, token, "q es el deductible", htmx=True)
    reply = reply_of(soup)
    assert reply.select_one(".ask-title").get_text() == "El deducible, en palabras simples"
    assert "deducible (deductible)" in reply.get_text()
    assert soup.select_one("#ask-form label").get_text() == "Escriba su pregunta con sus palabras"
    assert no_english(soup) == []


def test_without_javascript_the_page_comes_back_in_spanish_with_the_answer(
    app: FastAPI, client: TestClient
) -> None:
    token = make_case(app, {"stage": "planning"}, finish=False)
    soup = ask_es(client, token, "cuanto me van a devolver", where="stage")
    assert soup.html is not None and soup.html["lang"] == "es"
    reply = soup.select_one("#ask-answer article.ask-exchange")
    assert reply is not None
    assert reply.select_one(".ask-title").get_text() == "¿Me van a devolver dinero? ¿Cuánto?"
    assert no_english(soup) == []


def test_not_sure_in_spanish_with_the_insurer_question_and_its_english_words(
    app: FastAPI, client: TestClient
) -> None:
    token = make_case(app, {"stage": "visited"})
    soup = ask_es(client, token, "todavia no llego a mi deductible me van a pagar algo", htmx=True)
    reply = reply_of(soup)
    text = reply.get_text(" ", strip=True)
    assert "No estoy seguro de entender. Estas respuestas son las más cercanas:" in text
    assert len(reply.select(".ask-picks button")) == 3
    picks = [b.get_text() for b in reply.select(".ask-picks button")]
    assert all(english_sentences(p) == [] for p in picks), picks
    insurer = reply.select_one(".ask-insurer")
    assert insurer is not None and "O pregunte a su seguro:" in insurer.get_text()
    said = insurer.select_one('.say-in-english [lang="en"]')
    assert said is not None and english_sentences(said.get_text(), min_words=3) != []
    assert english_sentences(insurer.select_one("button").get_text(), min_words=2) == []
    assert no_english(soup) == []


def test_off_topic_and_booking_are_redirected_in_spanish(app: FastAPI, client: TestClient) -> None:
    token = make_case(app, {"stage": "visited"})
    off = reply_of(ask_es(client, token, "como hago tamales", htmx=True)).get_text()
    assert "Solo puedo ayudarle a que su plan de salud le devuelva dinero" in off
    booking = ask_es(client, token, "quiero cambiar mi cita para el viernes", htmx=True)
    assert "Aquí no podemos hacer, mover ni cancelar citas." in reply_of(booking).get_text()
    assert no_english(booking) == []


def test_a_denial_code_in_a_spanish_question(app: FastAPI, client: TestClient) -> None:
    token = make_case(app, {"stage": "visited"})
    soup = ask_es(client, token, "me negaron con código CO-50", htmx=True)
    reply = reply_of(soup)
    assert reply.select_one(".ask-title").get_text() == "Qué quiere decir CO-50"
    assert reply.get_text(" ", strip=True).count("CO-50 quiere decir:") == 1


def test_the_appeal_date_is_the_patients_own_in_spanish(app: FastAPI, client: TestClient) -> None:
    token = make_case(app, DENIED_CASE)
    soup = ask_es(client, token, "hasta cuando puedo apelar", htmx=True)
    personal = reply_of(soup).select_one(".ask-personal").get_text(" ", strip=True)
    due = format_full_date(date(2026, 2, 1) + timedelta(days=180), "es")
    assert personal.startswith("Para usted: ") and due in personal
    links = [a.get_text() for a in reply_of(soup).select(".ask-links a")]
    assert any(text.startswith("Cambie su respuesta: ") for text in links), links


def test_a_date_in_a_spanish_question_is_counted_from(app: FastAPI, client: TestClient) -> None:
    token = make_case(app, {"stage": "denied"}, finish=False)
    question = "me negaron el 5 de marzo, hasta cuando puedo apelar"
    soup = ask_es(client, token, question, where="stage", htmx=True)
    personal = reply_of(soup).select_one(".ask-personal")
    assert personal is not None
    assert personal.get_text(" ", strip=True).startswith("Contando desde el ")


def test_an_empty_question_is_told_in_spanish(app: FastAPI, client: TestClient) -> None:
    token = make_case(app, {"stage": "visited"})
    soup = ask_es(client, token, "   ")
    error = soup.select_one("#ask-error")
    assert error is not None
    assert "Escriba su pregunta en el cuadro." in error.get_text()


def test_units_and_the_estimate_in_spanish(app: FastAPI, client: TestClient) -> None:
    token = make_case(app, ESTIMATE_CASE)
    units = reply_of(ask_es(client, token, "cuantas unidades es mi cita", htmx=True))
    money = reply_of(ask_es(client, token, "cuanto me van a devolver", htmx=True))
    for reply in (units, money):
        personal = reply.select_one(".ask-personal")
        assert personal is not None
        said = personal.get_text(" ", strip=True)
        assert said.startswith("Para usted: ")
        assert english_sentences(said, min_words=3) == [], said  # the numbers' own words too
    sources = " ".join(li.get_text() for li in money.select(".ask-sources li"))
    assert "HealthCare.gov glossary" in sources, "the estimate's rule is named in Spanish too"
