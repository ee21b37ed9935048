"""The ask box on the pages and in the API, in process: plain forms, htmx, the case, privacy,
the call sheet, the counters and the staff stats page."""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import REAL_FLOW, WizardClient
from fastapi import FastAPI
from fastapi.testclient import TestClient
from samples import auto_answers
from sqlalchemy import func, select
from test_staff_support import Staff, add_staff, prepare
from test_web_privacy import raw_database_bytes, variants

from app.core.clock import local_today
from app.models import FunnelCount, table_of
from app.present.format import full_date
from app.services.cases import create_case, open_case, save_answer
from app.services.stats import SMALL_TEXT, Bump, Kind, bump

COUNTS = table_of(FunnelCount)
SECRET = "Zanzibar Quokka 4471 appeal"
# A case with a cost estimate, and one with a denial (the Spanish tests ask them too).
ESTIMATE_CASE = {
    "stage": "planning",
    "plan_type": "employer",
    "main_code": "97124",
    "session_minutes": "60",
    "oon_benefits": "yes",
    "want_estimate": "yes",
    "fee": "120.00",
    "visits_planned": "1",
    "deductible_remaining": "0.00",
    "coinsurance_percent": "50",
    "allowed_amount": "100.00",
}
DENIED_CASE = {
    "stage": "denied",
    "plan_type": "employer",
    "service_date": "2026-01-10",
    "denial_date": "2026-02-01",
}


@pytest.fixture
def flow_path() -> Path:
    """The ask box's cards link into the real tree."""
    return REAL_FLOW


def make_case(app: FastAPI, prefs: dict[str, Any], *, finish: bool = True) -> str:
    flow = app.state.flow
    answers = auto_answers(flow, prefs) if finish else prefs
    with app.state.db.connect() as conn:
        view = create_case(conn)
        token = view.token.text
        for step_id, value in answers.items():
            opened = open_case(conn, token)
            assert opened is not None
            save_answer(conn, opened, flow, step_id, value)
    return token


def csrf_of(client: TestClient, url: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)
    assert match
    return match.group(1)


def ask(
    client: TestClient, token: str, question: str, *, where: str, htmx: bool = False, **extra: str
) -> Any:
    url = f"/c/{token}/step/{where}" if where != "results" else f"/c/{token}/results"
    csrf = csrf_of(client, url)
    headers = {"HX-Request": "true", "X-CSRF-Token": csrf} if htmx else {}
    data = {"csrf_token": csrf, "question": question, "from": where, **extra}
    return client.post(f"/c/{token}/ask", data=data, headers=headers)


def counts(app: FastAPI) -> dict[tuple[str, str], int]:
    with app.state.db.connect() as conn:
        rows = conn.execute(
            select(COUNTS.c.kind, COUNTS.c.step_id, func.sum(COUNTS.c.n)).group_by(
                COUNTS.c.kind, COUNTS.c.step_id
            )
        )
        return {(k, s): int(n) for k, s, n in rows}


def test_every_question_page_has_a_plain_ask_form(wizard: WizardClient) -> None:
    page = BeautifulSoup(wizard.start().text, "html.parser")
    form = page.select_one("#ask form.ask-form")
    assert form is not None and form["method"] == "post"
    assert form["action"] == f"{wizard.case_path}/ask"
    assert form["hx-post"] == f"{wizard.case_path}/ask" and form["hx-target"] == "#ask-log"
    assert form.select_one("textarea[name=question][required]") is not None
    assert form.select_one("input[name=from]")["value"] == wizard.url.rsplit("/", 1)[1]
    log = page.select_one("#ask-log[role=log][aria-live=polite]")
    assert log is not None and not log.select("article")
    # The question's own form comes first and is untouched.
    assert page.select("form")[0].get("action") == wizard.url


def test_a_page_view_does_no_search_and_no_write(
    app: FastAPI, wizard: WizardClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard.start()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the search ran on a page view")

    # The built search is shared by the apps of this process: patch it for this test only.
    monkeypatch.setattr(app.state.answers, "ask", refuse)
    before = counts(app)
    assert wizard.get(wizard.url).status_code == 200
    assert counts(app) == before


def test_without_javascript_the_post_shows_the_answer_on_the_same_page(
    app: FastAPI, client: TestClient
) -> None:
    token = make_case(app, {"stage": "denied", "plan_type": "employer"}, finish=False)
    page = client.get(f"/c/{token}")
    step_url = page.headers["location"]
    response = ask(client, token, "whats an eob", where=step_url.rsplit("/", 1)[1])
    assert response.status_code == 200  # the answer itself, never a redirect
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("body.wizard #step") is not None  # the whole question page
    answer = soup.select_one("#ask-answer article.ask-exchange[autofocus]")
    assert answer is not None
    assert "whats an eob" in answer.select_one(".ask-asked").get_text()
    assert answer.select_one(".ask-title").get_text() == "The EOB: your plan's statement"
    assert soup.select("form")[0]["action"] == step_url  # the same question, in its place
    assert soup.select_one("#ask-question").get_text() == ""


def test_with_htmx_only_the_answer_and_an_empty_form_come_back(
    app: FastAPI, wizard: WizardClient
) -> None:
    wizard.start()
    where = wizard.url.rsplit("/", 1)[1]
    response = ask(wizard.client, wizard.token, "wat is a deductable", where=where, htmx=True)
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("article.ask-exchange[autofocus][tabindex='-1']") is not None
    assert soup.select_one("form#ask-form[hx-swap-oob=true]") is not None
    assert soup.select_one("#step") is None and soup.select_one("html") is None


def test_an_empty_question_gets_a_message_beside_the_box(wizard: WizardClient) -> None:
    wizard.start()
    where = wizard.url.rsplit("/", 1)[1]
    response = ask(wizard.client, wizard.token, "   ", where=where)
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("#ask-error").get_text(strip=True).startswith("Error:")
    assert soup.select_one("#ask-question[aria-invalid=true]") is not None


def test_the_appeal_date_is_the_patients_own_and_says_how_it_was_counted(
    app: FastAPI, client: TestClient
) -> None:
    token = make_case(app, DENIED_CASE)
    response = ask(client, token, "when is my appeal due", where="results", htmx=True)
    soup = BeautifulSoup(response.text, "html.parser")
    personal = soup.select_one(".ask-personal").get_text(" ", strip=True)
    due = full_date(date(2026, 2, 1) + timedelta(days=180))
    assert f"For you: Ask your plan to look again (internal appeal) by {due}" in personal
    assert "We count from the date on the letter" in personal
    links = [a.get_text() for a in soup.select(".ask-links a")]
    assert any(text.startswith("Change your answer: What date is on the letter") for text in links)
    sources = soup.select_one(".ask-sources").get_text()
    assert "29 CFR 2560.503-1(h)(3)(i)" in sources


def test_units_and_the_estimate_are_the_patients_own(app: FastAPI, client: TestClient) -> None:
    token = make_case(app, ESTIMATE_CASE)
    units = ask(client, token, "how many units is my visit", where="results", htmx=True)
    text = BeautifulSoup(units.text, "html.parser").select_one(".ask-personal").get_text()
    assert "That is 4 units of 97124 (massage) for 60 minutes." in text
    money = ask(client, token, "will i get money back", where="results", htmx=True)
    soup = BeautifulSoup(money.text, "html.parser")
    assert "your plan pays you back $50.00" in soup.select_one(".ask-personal").get_text()
    assert any(a["href"].endswith("/results#numbers") for a in soup.select(".ask-links a"))


def test_on_the_plan_page_without_javascript_the_plan_comes_back_with_the_answer(
    app: FastAPI, client: TestClient
) -> None:
    token = make_case(app, {"stage": "visited"})
    response = ask(client, token, "what is a superbill", where="results")
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("body.results") is not None
    assert soup.select_one("#ask-answer .ask-title") is not None
    assert soup.select_one("#checklist-title") is not None


def test_not_sure_offers_the_closest_cards_the_insurer_question_and_the_clinic(
    app: FastAPI, client: TestClient
) -> None:
    token = make_case(app, {"stage": "visited"})
    response = ask(
        client, token, "how much does the thing cost with my plan maybe", where="results"
    )
    soup = BeautifulSoup(response.text, "html.parser")
    reply = soup.select_one("#ask-answer")
    assert "not sure" in reply.get_text()
    assert len(reply.select(".ask-picks button")) == 3
    assert reply.select_one(".ask-contact a[href^='tel:']") is not None
    add = reply.select_one("form.ask-add")
    question_id = add.select_one("input[name=question_id]")["value"]
    question = app.state.flow.tree.questions
    text = next(q.text for q in question if q.id == question_id)
    assert text in reply.get_text()
    # One tap: the question is on the call sheet, the page and the printable one.
    csrf = csrf_of(client, f"/c/{token}/results")
    done = client.post(
        f"/c/{token}/ask/call-sheet",
        data={"csrf_token": csrf, "question_id": question_id},
        headers={"HX-Request": "true", "X-CSRF-Token": csrf},
    )
    assert "Added to your call sheet" in done.text
    plan = BeautifulSoup(client.get(f"/c/{token}/results").text, "html.parser")
    sheet = plan.select_one("#call-sheet").get_text()
    assert text in sheet
    assert f"note_{question_id}" in str(plan.select_one("#call-sheet"))
    printed = client.get(f"/c/{token}/docs/call_sheet")
    assert printed.status_code == 200 and text in printed.text
    again = ask(client, token, "how much does the thing cost with my plan maybe", where="results")
    assert "This question is on your call sheet." in again.text


def test_a_suggestion_opens_its_card(app: FastAPI, client: TestClient) -> None:
    token = make_case(app, {"stage": "visited"})
    response = ask(client, token, "", where="results", card="box13")
    soup = BeautifulSoup(response.text, "html.parser")
    assert "box 13 unsigned" in soup.select_one("#ask-answer").get_text()


def test_the_question_is_never_stored_logged_or_counted_as_text(
    app: FastAPI, client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    token = make_case(app, {"stage": "visited"})
    before = counts(app)
    with caplog.at_level(logging.DEBUG):
        ask(client, token, SECRET, where="results")
        ask(client, token, "whats an eob", where="results")
        response = client.post("/api/v1/ask", json={"question": SECRET, "token": token})
    assert response.status_code == 200
    assert SECRET not in caplog.text
    raw = raw_database_bytes(app.state.settings)
    for word in SECRET.split():
        for form in variants(word):
            assert form not in raw, word
    after = counts(app)
    added = {key: n - before.get(key, 0) for key, n in after.items() if n != before.get(key, 0)}
    kinds = {kind for kind, _ in added}
    assert kinds <= {Kind.asked, Kind.unanswered}
    assert sum(added.values()) == 3  # one count per question asked, none for the pages
    assert added.get((Kind.asked, "eob")) == 1


def test_the_staff_page_shows_unanswered_topics_as_counts(app: FastAPI, client: TestClient) -> None:
    prepare(app)
    add_staff(app, "owner@clinic.example", admin=True)
    today = local_today(app.state.settings.clinic_timezone)
    with app.state.db.connect() as conn:
        bump(
            conn,
            [Bump(Kind.unanswered, "hsa_fsa")] * 7
            + [Bump(Kind.unanswered, "off_topic")] * 2
            + [Bump(Kind.asked, "eob")] * 6,
            day=today,
        )
        conn.commit()
    owner = Staff(client)
    owner.login("owner@clinic.example")
    page = BeautifulSoup(owner.get("/staff/stats?days=7").text, "html.parser")
    rows = [
        [cell.get_text() for cell in row.select("th, td")]
        for row in page.select(".ask-unanswered-table tbody tr")
    ]
    assert rows == [["HSA and FSA", "7"], ["Not about paying for care", SMALL_TEXT]]
    answered = [row.get_text(" ") for row in page.select(".ask-answered-table tbody tr")]
    assert answered == ["The EOB: your plan's statement 6"]


def test_the_api_answers_in_the_documented_shape(app: FastAPI, client: TestClient) -> None:
    body = client.post("/api/v1/ask", json={"question": "they said CO-50, what now?"}).json()
    assert set(body) == {"answer", "confidence", "suggestions"}
    assert set(body["answer"]) == {"id", "title", "text", "sources", "links"}
    assert body["answer"]["id"] == "code_50" and body["confidence"] == 1.0
    assert body["answer"]["links"] == [] and body["answer"]["sources"]
    assert all(set(s) == {"id", "title"} for s in body["suggestions"])
    unsure = client.post("/api/v1/ask", json={"question": "weather in paris", "token": None})
    assert unsure.json()["answer"] is None


def test_the_api_uses_the_case_when_given_a_token(app: FastAPI, client: TestClient) -> None:
    token = make_case(app, {"stage": "visited", "main_code": "97124", "session_minutes": "60"})
    body = client.post(
        "/api/v1/ask", json={"question": "how many units is my visit", "token": token}
    ).json()
    assert "That is 4 units of 97124" in body["answer"]["text"]
    assert any(link["href"].startswith(f"/c/{token}/") for link in body["answer"]["links"])


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"json": {"question": "what is an eob", "token": "nope"}}, 404, "case_not_found"),
        ({"json": {"question": "  "}}, 422, "invalid_body"),
        ({"json": {"question": "x" * 501}}, 422, "invalid_body"),
        ({"json": {"question": "eob", "extra": 1}}, 422, "invalid_body"),
        ({"content": "question=eob", "headers": {"Content-Type": "text/plain"}}, 415, None),
        ({"content": "{not json", "headers": {"Content-Type": "application/json"}}, 400, None),
    ],
)
def test_api_errors_follow_the_api_contract(
    client: TestClient, kwargs: dict[str, Any], status: int, code: str | None
) -> None:
    response = client.post("/api/v1/ask", **kwargs)
    assert response.status_code == status
    body = response.json()
    assert set(body) >= {"code", "message"} and body["message"]
    if code:
        assert body["code"] == code
    assert response.headers["cache-control"] == "no-store"


def test_the_openapi_schema_documents_ask(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    post = spec["paths"]["/api/v1/ask"]["post"]
    assert {"200", "404", "413", "415", "422"} <= set(post["responses"])
    schemas = spec["components"]["schemas"]
    assert set(schemas["AskIn"]["properties"]) == {"question", "token"}
    assert set(schemas["AskOut"]["properties"]) == {"answer", "confidence", "suggestions"}
    answer = {"id", "title", "text", "sources", "links"}
    assert set(schemas["AskAnswerOut"]["properties"]) == answer
    assert set(schemas["AskLinkOut"]["properties"]) == {"label", "href"}
    assert set(schemas["AskSuggestionOut"]["properties"]) == {"id", "title"}
