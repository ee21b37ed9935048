"""The ask box's question has a size: a longer one is refused with a message beside the box,
never cut short without a word (the API refuses it with 422 in the JSON error shape)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from conftest import WizardClient
from fastapi.testclient import TestClient
from test_ask_web import ask

LONG = "what is an eob " * 40  # 600 characters


def test_a_question_over_the_limit_is_refused_beside_the_box(wizard: WizardClient) -> None:
    wizard.start()
    where = wizard.url.rsplit("/", 1)[1]
    response = ask(wizard.client, wizard.token, LONG, where=where)
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    error = soup.select_one("#ask-error").get_text(" ", strip=True)
    assert "too long" in error and "500" in error
    assert soup.select_one("#ask-question[aria-invalid=true]") is not None
    assert soup.select_one("article.ask-exchange") is None, "no answer to a cut question"


def test_the_api_refuses_a_question_over_the_limit(client: TestClient) -> None:
    response = client.post("/api/v1/ask", json={"question": LONG, "token": None})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_body" and "question" in str(body)
