"""The wizard without JavaScript (forms, 303s, full pages) and with htmx (fragments)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import MINI_FLOW, WizardClient

from app.flows.loader import load_flow
from app.flows.paths import iter_paths

HX = {"HX-Request": "true"}


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def is_full_page(response) -> bool:
    """The page has <html> and the transcript list; the fragment has neither."""
    page = soup(response)
    return page.select_one("html") is not None and page.select_one("ol#transcript") is not None


def checklist_texts(page: BeautifulSoup) -> list[str]:
    return [label.get_text(strip=True) for label in page.select(".checklist .check-label")]


def test_start_redirects_to_the_first_question(wizard: WizardClient) -> None:
    page = soup(wizard.start())
    assert wizard.url.endswith("/step/stage")
    assert len(wizard.token) == 43
    assert page.select_one("h1#question").get_text(strip=True) == "Where are you with your care?"
    assert page.select_one("legend h1#question")
    assert page.select_one(".progress-text").get_text(strip=True) == "About 2 to 3 questions"
    assert page.select_one("#step a.back-link")["href"] == "/", "the first question goes home"
    assert (
        page.select_one("details.why")
        .get_text(" ", strip=True)
        .endswith("Your next steps depend on this.")
    )
    assert page.select("#transcript li") == []
    form = page.select_one("form.step-form")
    assert form["method"] == "post" and form["action"] == wizard.url
    assert form["hx-post"] == wizard.url and form["hx-push-url"] == "true"


def test_whole_flow_without_javascript(wizard: WizardClient) -> None:
    wizard.start()
    page = soup(wizard.answer("denied"))
    assert wizard.url.endswith("/step/denial_date")
    entries = page.select("#transcript li")
    assert [e.select_one(".answer-text").get_text() for e in entries] == ["My claim was denied."]
    assert entries[0].select_one("a.change-link")["href"] == wizard.history[0]
    page = soup(wizard.answer("03/15/2026"))
    assert page.select_one(".progress-text").get_text(strip=True) == "Last question"
    assert "March 15, 2026" in page.select_one("#transcript").get_text()
    wizard.answer("yes")
    assert wizard.url.endswith("/step/intro")
    results = wizard.answer()
    assert wizard.url.endswith("/results") and results.status_code == 200
    page = soup(results)
    assert checklist_texts(page) == [
        "Call your insurer.",
        "Read your plan booklet.",
        "File an appeal.",
    ]
    assert [h.get_text() for h in page.select(".stage-title")] == [
        "Before your visits",
        "After each visit",
        "If your claim was denied",
    ]
    assert page.select_one("textarea#note-q_wrapup")
    assert page.find("a", string="See or change your 3 answers")["href"].endswith("/check")
    answers = soup(wizard.get(f"{wizard.case_path}/check")).select(".summary dd")
    summary = [dd.select_one(".answer-text").get_text() for dd in answers]
    assert summary == ["My claim was denied.", "March 15, 2026", "Yes"]


def test_why_am_i_seeing_this_names_the_answers(wizard: WizardClient) -> None:
    wizard.start()
    wizard.answer("denied")
    wizard.answer("", skip="1")
    wizard.answer("no")
    page = soup(wizard.answer())
    appeal = page.select_one("#item-appeal details.item-more").get_text(" ", strip=True)
    assert "Where are you with your care?" in appeal and "My claim was denied." in appeal
    always = page.select_one("#item-call_insurer details.item-more").get_text(" ", strip=True)
    assert "Everyone gets this step" in always


def test_changing_an_earlier_answer_changes_the_checklist(wizard: WizardClient) -> None:
    wizard.start()
    wizard.answer("planning")
    wizard.answer("no")
    before = checklist_texts(soup(wizard.answer()))
    assert before == ["Call your insurer."]
    check = soup(wizard.get(f"{wizard.case_path}/check"))
    change = check.select(".summary a.change-link")[0]["href"]
    wizard.url = change
    page = soup(wizard.get(change))
    assert page.select_one("input[value=planning]").has_attr("checked")
    wizard.answer("denied")
    assert wizard.url.endswith("/step/denial_date")
    page = soup(wizard.answer("", skip="1"))
    assert wizard.url.endswith("/results"), "later answers are kept, so it goes straight back"
    assert checklist_texts(page) == ["Call your insurer.", "File an appeal."]


def test_missing_choice_is_an_error_beside_the_field(wizard: WizardClient) -> None:
    wizard.start()
    response = wizard.answer(None)
    assert response.status_code == 422
    page = soup(response)
    error = page.select_one("fieldset .field-error")
    assert "Please pick one answer." in error.get_text()
    assert page.select_one("fieldset")["aria-describedby"] == "error"
    assert page.select_one("input[name=answer]").has_attr("autofocus")
    assert page.title.get_text().startswith("Error: ")
    summary = page.select_one("#step .error-summary")
    assert summary.select_one("[role=alert] h2").get_text() == "There is a problem"
    link = summary.select_one("a")
    assert link["href"] == "#answer-1" and link.get_text() == "Please pick one answer."
    assert page.select("#step [role=alert]") == [summary.select_one("[role=alert]")], "said once"


def test_bad_date_keeps_what_was_typed_and_earlier_answers(wizard: WizardClient) -> None:
    wizard.start()
    wizard.answer("denied")
    response = wizard.answer("2/31/2026")
    assert response.status_code == 422
    page = soup(response)
    field = page.select_one("input#answer")
    assert field["type"] == "text", "a date input would drop February 31 and send nothing"
    assert field["value"] == "2/31/2026", "what was typed is kept"
    assert field["aria-invalid"] == "true" and field["aria-describedby"] == "hint error"
    assert page.select_one("#error").get_text(" ", strip=True) == (
        "Error: February 2026 has only 28 days. Please check the day."
    )
    assert page.select_one("#hint").get_text() == "Month, day and year, like 03/15/2026."
    assert page.select_one("#transcript .answer-text").get_text() == "My claim was denied."
    assert wizard.url.endswith("/step/denial_date")


def test_step_off_the_path_redirects_to_the_current_step(wizard: WizardClient) -> None:
    wizard.start()
    response = wizard.client.get(f"{wizard.case_path}/step/plan_type")
    assert response.status_code == 303
    assert response.headers["location"].endswith("/step/stage")
    assert wizard.client.get(f"{wizard.case_path}/step/nope").status_code == 303
    assert wizard.client.get(f"{wizard.case_path}/results").status_code == 303
    resume = wizard.client.get(wizard.case_path)
    assert resume.status_code == 303 and resume.headers["location"].endswith("/step/stage")


def test_posting_to_a_step_off_the_path_saves_nothing(wizard: WizardClient) -> None:
    wizard.start()
    response = wizard.client.post(
        f"{wizard.case_path}/step/plan_type", data={"csrf_token": wizard.csrf, "answer": "yes"}
    )
    assert response.status_code == 303 and response.headers["location"].endswith("/step/stage")


def test_htmx_gets_a_fragment_and_a_plain_get_the_page(wizard: WizardClient) -> None:
    wizard.start()
    wizard.answer("planning")
    full = wizard.client.get(wizard.url)
    fragment = wizard.client.get(wizard.url, headers=HX)
    assert is_full_page(full) and not is_full_page(fragment)
    assert "HX-Request" in full.headers["vary"] and "HX-Request" in fragment.headers["vary"]
    part = soup(fragment)
    assert part.select_one("form.step-form") and part.select_one("title")
    keys = [li["data-key"] for li in part.find("template").find_all("li")]
    assert keys == ["stage|I have not had a visit yet."]
    for header in ("HX-Boosted", "HX-History-Restore-Request"):
        again = wizard.client.get(wizard.url, headers={**HX, header: "true"})
        assert is_full_page(again)


def test_htmx_answer_redirects_like_a_form_and_errors_swap_in_place(
    wizard: WizardClient,
) -> None:
    wizard.start()
    headers = {**HX, "X-CSRF-Token": wizard.csrf}
    ok = wizard.client.post(wizard.url, data={"answer": "planning"}, headers=headers)
    assert ok.status_code == 303 and ok.headers["location"].endswith("/step/plan_type")
    url = ok.headers["location"]
    bad = wizard.client.post(url, data={"answer": "maybe"}, headers=headers)
    assert bad.status_code == 422 and bad.headers["HX-Push-Url"] == "false"
    assert not is_full_page(bad) and soup(bad).select_one("#error")
    wizard.client.post(url, data={"answer": "yes"}, headers=headers)
    last = wizard.client.post(url.replace("plan_type", "intro"), headers=headers)
    assert last.status_code == 204
    assert last.headers["HX-Redirect"].endswith("/check")


@pytest.mark.parametrize("flow_path", [MINI_FLOW], indirect=False)
def test_every_path_of_the_tree_reaches_results(wizard: WizardClient, flow_path) -> None:
    """Each complete path the engine knows, typed in through the forms."""
    flow = load_flow(flow_path)
    for path in iter_paths(flow):
        wizard.start()
        for step_id in path.steps:
            assert wizard.url.endswith(f"/step/{step_id}")
            value = path.answers[step_id]
            response = wizard.answer(value or None, **({"skip": "1"} if value == "" else {}))
            assert response.status_code == 200, response.text
        assert wizard.url.endswith("/results")
