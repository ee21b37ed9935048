"""The results page: ticks, the call sheet, the save-link box and the print view."""

from __future__ import annotations

from bs4 import BeautifulSoup
from conftest import WizardClient

HX = {"HX-Request": "true"}


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def finish(wizard: WizardClient) -> BeautifulSoup:
    wizard.start()
    wizard.answer("denied")
    wizard.answer("2026-01-15")
    wizard.answer("yes")
    return soup(wizard.answer())


def test_ticking_without_javascript_saves_and_redirects(wizard: WizardClient) -> None:
    page = finish(wizard)
    form = page.select_one("#item-appeal form")
    assert form["hx-trigger"] == "change" and form.select_one("button.nojs-only")
    response = wizard.client.post(form["action"], data={"csrf_token": wizard.csrf, "done": "1"})
    assert response.status_code == 303
    assert response.headers["location"].endswith("/results#item-appeal")
    page = soup(wizard.get(f"{wizard.case_path}/results"))
    assert page.select_one("#check-appeal").has_attr("checked")
    assert not page.select_one("#check-call_insurer").has_attr("checked")
    wizard.client.post(form["action"], data={"csrf_token": wizard.csrf})
    page = soup(wizard.get(f"{wizard.case_path}/results"))
    assert not page.select_one("#check-appeal").has_attr("checked"), "unticking saves too"


def test_ticking_with_htmx_answers_with_a_status_line(wizard: WizardClient) -> None:
    finish(wizard)
    response = wizard.client.post(
        f"{wizard.case_path}/check/call_insurer",
        data={"done": "1"},
        headers={**HX, "X-CSRF-Token": wizard.csrf},
    )
    assert response.status_code == 200
    assert response.text.startswith("Saved: done.")
    page = soup(wizard.get(f"{wizard.case_path}/results"))
    assert page.select_one("#check-call_insurer").has_attr("checked")
    assert page.select_one("#save-status")["role"] == "status"


def test_unknown_item_changes_nothing(wizard: WizardClient) -> None:
    finish(wizard)
    response = wizard.client.post(
        f"{wizard.case_path}/check/nope", data={"csrf_token": wizard.csrf, "done": "1"}
    )
    assert response.status_code == 303


def test_call_sheet_saves_on_submit_and_in_the_background(wizard: WizardClient) -> None:
    page = finish(wizard)
    form = page.select_one("form.call-sheet")
    assert form["method"] == "post" and "delay:" in form["hx-trigger"]
    names = {field["name"] for field in form.select("textarea, input")}
    assert {"note_q_wrapup", "rep_name", "call_date", "call_time", "reference"} <= names
    data = {
        "csrf_token": wizard.csrf,
        "note_q_wrapup": "They said yes <b>twice</b>",
        "rep_name": "Dana",
        "call_date": "2026-02-01",
        "call_time": "14:30",
        "reference": "REF-1",
    }
    response = wizard.client.post(form["action"], data=data)
    assert response.status_code == 303 and "saved=call" in response.headers["location"]
    page = soup(wizard.get(response.headers["location"].split("#")[0]))
    assert page.select_one("#note-q_wrapup").get_text() == "They said yes <b>twice</b>"
    assert page.select_one("#rep_name")["value"] == "Dana"
    assert page.select_one("#call_time")["value"] == "14:30"
    assert "Your call notes are saved." in page.select_one(".notice").get_text()

    quick = wizard.client.post(
        form["action"],
        data={"reference": "REF-2"},
        headers={**HX, "X-CSRF-Token": wizard.csrf},
    )
    assert quick.status_code == 200 and "saved" in quick.text
    page = soup(wizard.get(f"{wizard.case_path}/results"))
    assert page.select_one("#reference")["value"] == "REF-2"
    assert page.select_one("#rep_name")["value"] == "Dana", "fields not sent are kept"


def test_results_page_offers_the_link_with_copy_and_qr(wizard: WizardClient) -> None:
    page = finish(wizard)
    link = page.select_one("#case-link")
    assert link["value"] == f"http://testserver/c/{wizard.token}"
    assert link.has_attr("readonly")
    assert page.select_one("[data-copy-target=case-link]")
    qr = page.select_one("img.qr")
    assert qr is not None and qr["alt"] and qr["loading"] == "lazy"
    image = wizard.client.get(str(qr["src"]))
    assert image.headers["content-type"].startswith("image/svg+xml")
    assert 'role="img"' in image.text and "private" in image.headers["cache-control"]
    assert page.select_one("a[href$='/print']")
    assert page.select_one("#numbers-title"), "the denial date gives an appeal deadline"


def test_print_view_has_clinic_date_link_and_qr_but_no_forms(wizard: WizardClient) -> None:
    finish(wizard)
    wizard.client.post(
        f"{wizard.case_path}/check/appeal", data={"csrf_token": wizard.csrf, "done": "1"}
    )
    page = soup(wizard.get(f"{wizard.case_path}/print"))
    assert "print-view" in page.body["class"]
    assert page.select_one(".print-clinic").get_text().startswith("Example Massage")
    assert page.select_one(".print-date").get_text().startswith("Printed ")
    assert page.select_one(".print-link").get_text() == f"http://testserver/c/{wizard.token}"
    assert page.select_one(".print-qr svg.qr")
    assert len(page.select(".print-section")) == 4, "checklist, numbers, questions, answers"
    assert page.select("main form") == []
    done = [li.get_text(" ", strip=True) for li in page.select(".print-checklist li.is-done")]
    assert len(done) == 1 and "File an appeal." in done[0]


def test_unfinished_cases_have_no_results_yet(wizard: WizardClient) -> None:
    wizard.start()
    for path in ("results", "print"):
        response = wizard.client.get(f"{wizard.case_path}/{path}")
        assert response.status_code == 303
        assert response.headers["location"].endswith("/step/stage")
