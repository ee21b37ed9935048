"""The results page as a short plan: the next step first, the checklist as a task list,
money and the denial code in plain words, and the private link kept."""

from __future__ import annotations

import urllib.parse
from types import SimpleNamespace
from typing import Any

from bs4 import BeautifulSoup
from conftest import WizardClient
from fastapi import FastAPI

from app.flows.engine import Selected
from app.flows.schema import ChecklistItem, Stage
from app.present.plan import plan_for
from app.present.transcript import Group


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def finish(wizard: WizardClient) -> BeautifulSoup:
    wizard.start()
    wizard.answer("denied")
    wizard.answer("2026-01-15")
    wizard.answer("yes")
    return soup(wizard.answer())


def test_the_plan_opens_with_the_next_step_then_the_checklist(wizard: WizardClient) -> None:
    page = finish(wizard)
    main = page.select_one("main")
    assert main.select_one("h1").get_text() == "Your plan"
    first = main.select_one("section")
    assert "next-step" in first["class"]
    # A denied patient's next step is in "If your claim was denied", though it is listed last.
    assert first.select_one(".next-what").get_text() == "File an appeal."
    tick = first.select_one("form.check-form")
    assert tick["action"].endswith("/check/appeal") and tick.has_attr("data-autosubmit")
    assert tick.select_one("input[name=from]")["value"] == "next"
    label = tick.select_one("label[for=next-done]").get_text(" ", strip=True)
    assert label == "I have done this : File an appeal."
    sections = [s.get("id") or s.get("class")[0] for s in main.select("section")]
    assert sections.index("checklist") == 1, "the checklist comes second"
    hint = page.select_one("#checklist .hint").get_text(" ", strip=True)
    assert hint.startswith("0 of 3 steps done.")


def test_each_step_shows_its_status_and_opens_to_how_and_why(wizard: WizardClient) -> None:
    page = finish(wizard)
    items = page.select("#checklist .check-item")
    assert [i["id"] for i in items] == ["item-call_insurer", "item-work_plan", "item-appeal"]
    for item in items:
        assert [t.get_text() for t in item.select(".status .tag")] == ["To do", "Done"]
        more = item.select_one("details.item-more")
        assert more.select_one("summary").get_text(" ", strip=True).startswith("How and why")
        assert "Why am I seeing this?" in more.get_text()
    appeal = page.select_one("#item-appeal details.item-more").get_text(" ", strip=True)
    assert "Because of your answers" in appeal and "My claim was denied." in appeal


def test_ticking_the_next_step_without_javascript_shows_the_one_after(
    wizard: WizardClient,
) -> None:
    page = finish(wizard)
    form = page.select_one(".next-step form")
    data = {"csrf_token": wizard.csrf, "done": "1", "from": "next"}
    response = wizard.client.post(form["action"], data=data)
    assert response.status_code == 303
    assert response.headers["location"].endswith("/results?saved=next")
    page = soup(wizard.get(response.headers["location"]))
    assert page.select_one(".notice").get_text() == "Saved. Well done."
    assert page.select_one(".next-what").get_text() == "Call your insurer."
    assert page.select_one("#check-appeal").has_attr("checked")
    assert page.select_one("#checklist .hint").get_text().startswith("1 of 3")


def test_every_step_done_says_so(wizard: WizardClient) -> None:
    finish(wizard)
    for item in ("call_insurer", "work_plan", "appeal"):
        path = f"{wizard.case_path}/check/{item}"
        wizard.client.post(path, data={"csrf_token": wizard.csrf, "done": "1"})
    page = soup(wizard.get(f"{wizard.case_path}/results"))
    assert page.select_one(".next-what").get_text() == "You have done every step on your list."
    assert page.select_one(".next-step form") is None


def render(app: FastAPI, name: str, **context: Any) -> BeautifulSoup:
    links = SimpleNamespace(check=lambda item_id: f"/check/{item_id}", superbill="/superbill")
    full = {"links": links, "csrf_token": "t", "doc_links": {}, **context}
    return BeautifulSoup(app.state.templates.render_text(name, full), "html.parser")


def test_a_deadline_shows_its_send_by_day_when_it_has_one(app: FastAPI) -> None:
    item = ChecklistItem(id="appeal", stage=Stage.denied, text="Appeal.", why="W.", deadline="a")
    groups = [Group("If your claim was denied", [Selected(item, ())])]
    due = SimpleNamespace(
        id="a", label="Appeal by", date="Saturday, May 15, 2027", send_by="Friday, May 14, 2027"
    )
    plan = plan_for(groups, checked=set(), due_by={"a": due}, doc_ids=[], stage="denied")
    for name in ("patient/results/_next_step.html", "patient/results/_checklist.html"):
        page = render(app, name, plan=plan, reasons={"appeal": []})
        text = page.select_one(".due").get_text(" ", strip=True)
        assert text == "Do this by Saturday, May 15, 2027 . Send it by Friday, May 14, 2027."
    plain = SimpleNamespace(id="a", label="Appeal by", date="Saturday, May 15, 2027")
    plan = plan_for(groups, checked=set(), due_by={"a": plain}, doc_ids=[], stage="denied")
    text = render(app, "patient/results/_next_step.html", plan=plan, reasons={}).select_one(".due")
    assert text.get_text(" ", strip=True) == "Do this by Saturday, May 15, 2027 ."


def test_the_save_box_sends_the_link_through_the_patients_own_apps(
    wizard: WizardClient,
) -> None:
    page = finish(wizard)
    link = page.select_one("#case-link")["value"]
    assert link.endswith(f"/c/{wizard.token}")
    email = page.find("a", string="Email it to yourself")["href"]
    text = page.find("a", string="Text it to yourself")["href"]
    assert email.startswith("mailto:?subject=Your%20private%20link&body=")
    assert text.startswith("sms:?&body=")
    for href in (email, text):
        body = urllib.parse.unquote(href.split("body=", 1)[1])
        assert link in body and "Keep it safe" in body
    assert page.select_one("button[data-copy-target=case-link]").get_text() == "Copy link"
    qr = page.select_one(".qr-box img.qr")
    assert qr["src"].endswith("/qr.svg") and qr["loading"] == "lazy"
    step = soup(wizard.get(f"{wizard.case_path}/step/stage"))
    assert step.select_one(".save-later").find("a", string="Text it to yourself")
