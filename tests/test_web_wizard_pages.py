"""The wizard's pages around the question: Back, progress, folded answers, info steps,
fields that forgive, and "Check your answers" before the plan."""

from __future__ import annotations

from types import SimpleNamespace

from bs4 import BeautifulSoup
from conftest import REAL_FLOW, WizardClient
from fastapi import FastAPI

from app.flows.engine import progress
from app.flows.loader import load_flow
from app.present.transcript import Position

HX = {"HX-Request": "true"}


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


# --- Progress, Back and the folded transcript ------------------------------------------------


def test_progress_is_worded_from_the_fewest_and_most_questions() -> None:
    assert Position(1, 4, 10, True).text == "About 4 to 10 questions"
    assert Position(1, 5, 5, True).text == "5 questions"
    assert Position(3, 5, 9, True).text == "Question 3 of about 5 to 9"
    assert Position(3, 6, 6, True).text == "Question 3 of 6"
    assert Position(6, 6, 6, True).text == "Last question"
    assert Position(3, 5, 9, False).text == "2 questions done, about 3 to 7 to go"
    assert Position(1, 4, 10, False).text == "About 4 to 10 questions"


def test_the_first_question_of_the_real_tree_gives_the_engine_range(
    wizard: WizardClient, app: FastAPI
) -> None:
    flow = app.state.flow
    p = progress(flow, {})
    page = soup(wizard.start())
    text = page.select_one(".progress-text").get_text(strip=True)
    assert text == f"About {p.min_remaining} to {p.max_remaining} questions"
    assert "of about" not in text


def test_every_question_has_a_back_link_to_the_one_before(wizard: WizardClient) -> None:
    page = soup(wizard.start())
    assert page.select_one("#step a.back-link")["href"] == "/"
    for value in ("denied", "03/15/2026", "yes"):
        before = wizard.url
        page = soup(wizard.answer(value))
        back = page.select_one("#step a.back-link")
        assert back["href"] == before and back["hx-get"] == before
        assert back["hx-target"] == "#step" and back["hx-push-url"] == "true"
    assert wizard.url.endswith("/step/intro"), "the info step has one too"


def test_a_full_page_draws_the_latest_answer_and_links_to_the_rest(wizard: WizardClient) -> None:
    wizard.start()
    wizard.answer("denied")
    page = soup(wizard.answer("03/15/2026"))
    earlier = page.select_one(".transcript #transcript-earlier a")
    assert earlier.get_text() == "See your 1 earlier answer"
    assert earlier["href"] == f"{wizard.case_path}/check"
    latest = page.select("#transcript > li")
    assert latest[0]["data-key"] == "denial_date|March 15, 2026"
    assert [li["class"] for li in latest[1:]] == [["entry", "entry-result"]], "its result stays"
    transcript = page.select_one("#transcript")
    assert transcript["aria-live"] == "polite" and transcript["data-from"] == "1"
    fragment = soup(wizard.client.get(wizard.url, headers=HX))
    keys = [li["data-key"] for li in fragment.find("template").find_all("li", recursive=False)]
    assert keys[:2] == ["stage|My claim was denied.", "denial_date|March 15, 2026"]
    answers = soup(wizard.get(earlier["href"]))
    assert answers.select_one("h1").get_text() == "Your answers so far"
    rows = [dt.get_text() for dt in answers.select(".summary dt")]
    assert rows == ["Where are you with your care?", "What date is on the denial letter?"]
    go_on = answers.select_one("a.button-primary")
    assert go_on.get_text() == "Go on to your question" and go_on["href"] == wizard.url


def test_the_first_question_has_no_earlier_answers(wizard: WizardClient) -> None:
    page = soup(wizard.start())
    assert page.select_one("#transcript-earlier") is None
    assert page.select("#transcript li") == []


# --- Info steps ------------------------------------------------------------------------------


def test_an_info_step_has_a_short_heading_and_its_text_below(wizard: WizardClient) -> None:
    """Before: the whole paragraph was the h1 and the page title."""
    wizard.start()
    wizard.answer("planning")
    page = soup(wizard.answer("yes"))
    assert wizard.url.endswith("/step/intro")
    assert page.select_one("h1#question").get_text(strip=True) == "Nearly done"
    assert page.select_one("p.info-text").get_text(strip=True) == "Good. Let us make your plan."
    assert page.title.get_text().startswith("Nearly done · ")


def test_the_real_info_steps_never_make_a_paragraph_the_heading(
    wizard: WizardClient, app: FastAPI
) -> None:
    flow = load_flow(REAL_FLOW)
    infos = [s for s in flow.tree.steps if s.type == "info"]
    assert infos
    templates = app.state.templates
    for info in infos:
        html = templates.render_text("patient/wizard/types/_info.html", {"step": info})
        heading = BeautifulSoup(html, "html.parser").select_one("h1").get_text(strip=True)
        assert len(heading.split()) <= 8, heading


def test_an_info_step_title_is_its_heading_when_the_flow_gives_one(app: FastAPI) -> None:
    templates = app.state.templates
    info = SimpleNamespace(
        title="What massage costs", text="A long paragraph about costs.", help=None
    )
    html = BeautifulSoup(
        templates.render_text("patient/wizard/types/_info.html", {"step": info}), "html.parser"
    )
    assert html.select_one("h1").get_text(strip=True) == "What massage costs"
    assert html.select_one("p.info-text").get_text(strip=True) == "A long paragraph about costs."
    kind = SimpleNamespace(is_question=False)
    title = templates.render_text(
        "patient/wizard/_title.html",
        {"step": SimpleNamespace(kind=kind, **vars(info)), "error": None},
    )
    assert title.strip() == "What massage costs"


# --- Check your answers ----------------------------------------------------------------------


def test_check_your_answers_comes_before_the_plan(wizard: WizardClient) -> None:
    wizard.confirm = False
    wizard.start()
    wizard.answer("denied")
    wizard.answer("03/15/2026")
    wizard.answer("yes")
    page = soup(wizard.answer())
    assert wizard.url.endswith("/check")
    assert page.select_one("h1").get_text() == "Check your answers"
    assert page.title.get_text().startswith("Check your answers")
    rows = page.select(".summary .summary-row")
    assert [r.select_one("dt").get_text() for r in rows] == [
        "Where are you with your care?",
        "What date is on the denial letter?",
        "Do you get your plan through work?",
    ]
    change = rows[0].select_one("a.change-link")
    assert change["href"].endswith("/step/stage")
    assert "your answer to: Where are you with your care?" in change.get_text()
    see = page.select_one("a.button-primary")
    assert see.get_text() == "See your plan" and see["href"].endswith("/results")
    assert page.select_one("a.back-link")["href"].endswith("/step/intro")


def test_a_change_from_check_answers_comes_back_to_it(wizard: WizardClient) -> None:
    wizard.confirm = False
    wizard.start()
    wizard.answer("denied")
    wizard.answer("03/15/2026")
    wizard.answer("yes")
    page = soup(wizard.answer())
    wizard.url = page.select(".summary a.change-link")[0]["href"]
    wizard.get(wizard.url)
    wizard.answer("planning")  # another branch: the denial date is kept, just not asked
    assert wizard.url.endswith("/check")
    wizard.url = wizard.url.replace("/check", "/step/stage")
    wizard.get(wizard.url)
    wizard.answer("denied")
    page = soup(wizard.client.get(wizard.case_path + "/check"))
    answers = [dd.get_text() for dd in page.select(".summary .answer-text")]
    assert answers == ["My claim was denied.", "March 15, 2026", "Yes"], "nothing is lost"


# --- Fields that forgive ---------------------------------------------------------------------


def to_fee(w: WizardClient) -> None:
    w.start()
    w.answer(["massage"])
    w.answer("Acme Health")
    assert w.url.endswith("/step/fee")


def test_an_amount_that_reads_two_ways_is_confirmed(types_wizard: WizardClient) -> None:
    w = types_wizard
    to_fee(w)
    response = w.answer("1.200")
    assert response.status_code == 422
    page = soup(response)
    assert page.select_one("#error").get_text(" ", strip=True) == (
        "Error: Please check this. Did you mean $1.20 or $1,200.00?"
    )
    options = page.select("input[name=confirmed]")
    assert [o["value"] for o in options] == ["1.20", "1200.00"]
    labels = [page.select_one(f"label[for={o['id']}]").get_text() for o in options]
    assert labels == ["I meant $1.20", "I meant $1,200.00"]
    assert page.select_one("#answer")["value"] == "1.200", "what was typed is kept"
    stored = w.client.get(f"/api/v1/cases/{w.token}").json()["answers"]
    assert all(a["step_id"] != "fee" for a in stored), "nothing is stored until confirmed"
    w.answer("1.200", confirmed="1200.00")
    assert w.url.endswith("/step/minutes")
    assert "$1,200.00" in soup(w.get(w.url)).select_one("#transcript").get_text()


def test_an_unclear_amount_is_confirmed_under_htmx_too(types_wizard: WizardClient) -> None:
    w = types_wizard
    to_fee(w)
    headers = {**HX, "X-CSRF-Token": w.csrf}
    bad = w.client.post(w.url, data={"answer": "1.200"}, headers=headers)
    assert bad.status_code == 422 and bad.headers["HX-Push-Url"] == "false"
    assert len(soup(bad).select("input[name=confirmed]")) == 2


def test_amounts_and_counts_are_read_as_meant(types_wizard: WizardClient) -> None:
    w = types_wizard
    to_fee(w)
    w.answer("$1,200")
    assert w.url.endswith("/step/minutes")
    for typed, message in (
        ("2.5", "Please enter a whole number, like 4."),
        ("1e-999999", "Please enter a number, like 45."),
        ("40%", "Please enter a number without the % sign."),
    ):
        page = soup(w.answer(typed))
        assert page.select_one("#error").get_text(" ", strip=True) == f"Error: {message}"
        assert page.select_one("#answer")["value"] == typed
    w.answer("45")
    answers = {
        a["step_id"]: a["value"] for a in w.client.get(f"/api/v1/cases/{w.token}").json()["answers"]
    }
    assert answers["fee"] == "1200.00" and answers["minutes"] == "45"


def test_a_stored_date_shows_as_the_field_asks_for_it(types_wizard: WizardClient) -> None:
    w = types_wizard
    to_fee(w)
    w.answer("100")
    w.answer("45")
    w.answer("March 5, 2026")
    page = soup(w.get(f"{w.case_path}/step/visit_date"))
    assert page.select_one("#answer")["value"] == "3/5/2026"
