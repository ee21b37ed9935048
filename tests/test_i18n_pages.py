"""The patient's question, check-your-answers and plan pages in Spanish: every sentence the
templates and the answer checks say has its Spanish, and English stays as it was.

The request's language is forced here by a small middleware (the way `request.state.lang`
is set by the app is tested where it is chosen); `?lang=es` is sent too, so the pages read
the same once the app picks the language itself.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import MINI_FLOW, WizardClient
from fastapi import FastAPI, Request, Response
from fastapi.testclient import TestClient

from app.core.i18n import TRANSLATIONS_DIR
from app.flows.types.base import AnswerError
from app.present.transcript import Position

PO = TRANSLATIONS_DIR / "es" / "LC_MESSAGES" / "messages.po"
OWN = (  # the patient pages and messages this catalog part covers
    "app/templates/patient/wizard/",
    "app/templates/patient/results/",
    "app/templates/patient/ask/",
    "app/flows/types/",
    "app/flows/answers.py",
    "app/present/transcript.py",
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
ES = {"lang": "es"}


def own_messages() -> list[Message]:
    with PO.open("rb") as file:
        catalog = read_po(file)
    return [m for m in catalog if m.id and any(path.startswith(OWN) for path, _ in m.locations)]


def english_sentences() -> list[str]:
    """The English a Spanish page must not show: each message's words between
    placeholders and markup, where they are at least three words long."""
    found: set[str] = set()
    for message in own_messages():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for msgid in ids:
            for part in re.split(r"%\(\w+\)[sd]|<[^>]+>|%%", msgid):
                part = part.strip(' .,:“”"')
                if len(part.split()) >= 3:
                    found.add(part)
    return sorted(found)


@pytest.fixture
def spanish_client(app: FastAPI) -> Iterator[TestClient]:
    """The app, with `request.state.lang` set to Spanish when the URL asks for it."""

    async def choose(request: Request, call_next: Callable[[Request], Awaitable[Response]]):
        if request.query_params.get("lang") == "es" or request.headers.get("x-test-lang"):
            request.state.lang = "es"
        return await call_next(request)

    app.middleware("http")(choose)
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def both(spanish_client: TestClient) -> WizardClient:
    return WizardClient(spanish_client)


def visible(html: str) -> str:
    """What a person (or a screen reader) gets: text, labels and alternative text."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    said = [soup.get_text(" ")]
    for tag in soup.find_all(True):
        said += [str(tag[a]) for a in ("aria-label", "alt", "title") if tag.has_attr(a)]
    return " ".join(" ".join(said).split())


def english_left(html: str) -> list[str]:
    """Template and message English on the page. The flow's own words (the test tree is
    English only; the flow's Spanish comes from its own file) are left out."""
    text = visible(html)
    flow = MINI_FLOW.read_text(encoding="utf-8")
    return [s for s in english_sentences() if s in text and s not in flow]


def in_spanish(wizard: WizardClient, path: str) -> str:
    response = wizard.get(f"{path}?lang=es", headers={"X-Test-Lang": "es"})
    assert response.status_code == 200, response.text
    return response.text


def test_every_own_message_has_spanish_with_the_same_placeholders() -> None:
    messages = own_messages()
    assert len(messages) > 150
    for message in messages:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"no Spanish for {ids[0]!r}"
        assert not message.fuzzy, f"the Spanish for {ids[0]!r} is a guess (fuzzy)"
        wanted = sorted(set(PLACEHOLDER.findall(ids[-1])))
        for string in strings:
            assert sorted(set(PLACEHOLDER.findall(string))) == wanted, ids[0]
            assert string.count("%%") == ids[0].count("%%"), ids[0]


def test_the_sentence_list_is_real() -> None:
    sentences = english_sentences()
    assert "Why do we ask this?" in sentences
    assert "Tick each step when you have done it. We save your ticks right away" in sentences
    assert len(sentences) > 100


def test_question_page_in_spanish(both: WizardClient) -> None:
    both.start()
    english = both.get(both.url).text
    assert "Why do we ask this?" in english or "Continue" in english
    html = in_spanish(both, both.url)
    assert '<html lang="es"' in html or "lang=" in html
    text = visible(html)
    assert "Seguir" in text and "Haga una pregunta" in text
    assert "Guarde su lugar para terminar después" in text
    assert english_left(html) == []
    # An answer that cannot be used is explained in Spanish, beside the field.
    response = both.client.post(
        f"{both.url}?lang=es",
        data={"csrf_token": both.csrf, "shown_at": both.shown_at},
        headers={"X-Test-Lang": "es"},
    )
    assert response.status_code == 422
    error = BeautifulSoup(response.text, "html.parser").select_one("#error")
    assert error is not None and "Error:" in error.get_text()
    assert "Please" not in error.get_text()
    assert english_left(response.text) == []


def test_check_answers_and_plan_in_spanish(both: WizardClient) -> None:
    both.start()
    both.answer("denied")
    both.answer("2026-01-15")
    both.answer("yes")
    both.answer()
    check = in_spanish(both, f"{both.case_path}/check")
    assert "Revise sus respuestas" in visible(check)
    said = [
        a.get_text(strip=True) for a in BeautifulSoup(check, "html.parser").select(".answer-text")
    ]
    assert "Sí" in said and "15 de enero de 2026" in said, said  # answers worded in Spanish
    assert english_left(check) == []
    results = in_spanish(both, f"{both.case_path}/results")
    text = visible(results)
    for words in ("Su plan", "Su próximo paso", "Su lista de pasos", "Guarde su enlace"):
        assert words in text
    assert english_left(results) == []
    assert "martes, 14 de julio de 2026" in text  # the appeal deadline, dated in Spanish
    assert "Tuesday" not in text
    assert "Antes de sus citas" in text and "Before your visits" not in text
    printed = in_spanish(both, f"{both.case_path}/print")
    assert "Su plan para que le devuelvan el dinero" in visible(printed)
    assert english_left(printed) == []


def test_english_is_unchanged_by_default(both: WizardClient) -> None:
    both.start()
    question = visible(both.get(both.url).text)
    assert "Save your place to finish later" in question and "Ask a question" in question
    both.answer("denied")
    both.answer("2026-01-15")
    both.answer("yes")
    both.answer()
    results = both.get(f"{both.case_path}/results")
    text = visible(results.text)
    assert "Your next step" in text and "Tick each step when you have done it." in text
    assert "Su plan" not in text
    check = both.get(f"{both.case_path}/check").text
    said = [
        a.get_text(strip=True) for a in BeautifulSoup(check, "html.parser").select(".answer-text")
    ]
    assert "Yes" in said and "January 15, 2026" in said, said
    assert "Tuesday, July 14, 2026" in text


def test_answer_errors_read_in_both_languages() -> None:
    from app.core.i18n import translator

    spanish = translator("es").gettext
    cases = [
        (AnswerError("Please enter %(number)s or less.", number="90"), "Escriba 90 o menos."),
        (
            AnswerError("Please enter a number without the %% sign."),
            "Escriba el número sin el signo %.",
        ),
        (
            AnswerError(
                "%(month)s %(year)s has only %(days)s days. Please check the day.",
                month="February",
                year=2026,
                days=28,
            ),
            "Revise el día: el mes de febrero de 2026 tiene solo 28 días.",
        ),
    ]
    assert str(cases[1][0]) == "Please enter a number without the % sign."
    assert str(cases[2][0]) == "February 2026 has only 28 days. Please check the day."
    for error, words in cases:
        assert error.text(spanish) == words


def test_progress_words_in_spanish() -> None:
    assert Position(3, 5, 9, False).text_in("es") == "2 preguntas hechas, faltan unas 3 a 7"
    assert Position(3, 5, 9, True).text_in("es") == "Pregunta 3 de unas 5 a 9"
    assert Position(1, 1, 1, True).text_in("es") == "1 pregunta"
    assert Position(3, 5, 9, False).text == "2 questions done, about 3 to 7 to go"


def test_catalog_file_is_where_the_app_reads_it() -> None:
    assert Path(PO).exists() and PO.with_suffix(".mo").exists()
