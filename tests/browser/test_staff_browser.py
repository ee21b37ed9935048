"""End-to-end, staff side: an admin made with the real CLI signs in, names the clinic, invites
a patient; the patient (another browser context) sees the prefilled answers and finishes; the
invite list then says "finished". axe checks the staff pages."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import no_axe_violations, past_check_answers
from conftest import TEST_SECRET, LiveServer, start_live_server, stop_live_server
from playwright.sync_api import Browser, BrowserContext, Page, expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
REAL_FLOW = ROOT / "data" / "steps.yaml"
COVNAV = Path(sys.executable).with_name("covnav")
EMAIL = "owner@harbor.example"
PASSWORD = "tide pools and sea glass"
SAMPLES = ["30", "1", "10", "100", "0"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Its own server: this test renames the clinic, which other tests must not see."""
    live = start_live_server(tmp_path_factory.mktemp("staff_live"), REAL_FLOW)
    yield live
    stop_live_server(live)


def covnav(server: LiveServer, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    """The real command line, on the live server's database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVNAV_")}
    env.pop("DATABASE_URL", None)
    env.update(
        COVNAV_ENV="test",
        COVNAV_SECRET_KEY=TEST_SECRET,
        COVNAV_DATA_DIR=str(server.log_path.parent),
    )
    return subprocess.run(
        [str(COVNAV), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def answer_until_results(page: Page, limit: int = 80) -> None:
    """Keep what is filled in (the prefilled answers), else pick the first choice or a sample."""
    for _ in range(limit):
        past_check_answers(page)
        if page.url.endswith("/results"):
            return
        before = page.url
        for attempt, sample in enumerate(SAMPLES):
            step = page.locator("#step")
            radios, boxes, field = (
                step.locator("input[type=radio]"),
                step.locator("input[type=checkbox]"),
                step.locator("#answer"),
            )
            if radios.count() and not step.locator("input[type=radio]:checked").count():
                radios.nth(min(attempt, radios.count() - 1)).check()
            elif boxes.count() and not step.locator("input[type=checkbox]:checked").count():
                boxes.first.check()
            elif field.count() and (attempt or not field.input_value()):
                date = field.get_attribute("data-kind") == "date"
                field.fill("2026-01-15" if date else sample)
            step.get_by_role("button", name="Continue").click()
            page.wait_for_load_state()
            page.wait_for_timeout(150)
            if page.url != before:
                break
        else:
            raise AssertionError(f"stuck on {page.url}")
    raise AssertionError("the flow did not end")


def test_admin_invites_a_patient_who_finishes(server: LiveServer, browser: Browser) -> None:
    made = covnav(server, "create-staff", EMAIL, "--admin", stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    assert PASSWORD not in made.stdout + made.stderr

    desk: BrowserContext = browser.new_context()
    patient: BrowserContext = browser.new_context()
    try:
        page = desk.new_page()
        page.goto(server.url + "/staff/login")
        no_axe_violations(page)
        page.get_by_label("Email").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/staff/invites")
        no_axe_violations(page)

        page.get_by_role("link", name="Clinic settings").click()
        page.wait_for_url("**/staff/settings")
        no_axe_violations(page)
        page.get_by_label("Clinic name").fill("Harbor Massage Therapy")
        page.get_by_role("button", name="Save settings").click()
        expect(page.locator(".notice")).to_contain_text("Saved")

        page.get_by_role("link", name="Invites").click()
        page.get_by_role("link", name="New invite").click()
        page.get_by_label("Patient's first name").fill("Maria")
        page.get_by_label("Planned session length, in minutes").fill("50")
        page.get_by_role("button", name="Create link").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("The invite for Maria is ready")
        no_axe_violations(page)
        link = page.locator("#invite-link").input_value()
        assert "/i/" in link
        sms = page.get_by_role("link", name="Write a text message").get_attribute("href") or ""
        assert sms.startswith("sms:") and "Harbor%20Massage%20Therapy" in sms

        visit = patient.new_page()
        visit.goto(link)
        expect(visit.get_by_role("heading", level=1)).to_contain_text("Hello Maria!")
        expect(visit.locator(".eyebrow")).to_contain_text("Harbor Massage Therapy")
        visit.get_by_role("button", name="Start").click()
        visit.wait_for_url("**/your-link")
        expect(visit.get_by_role("heading", level=1)).to_have_text("First, save your private link")
        assert "/c/" in visit.locator("#case-link").input_value()
        no_axe_violations(visit)
        visit.get_by_role("link", name="I saved it. Go to the first question").click()
        visit.wait_for_url("**/step/**")
        answer_until_results(visit)
        stranger = browser.new_page()
        stranger.goto(link)
        expect(stranger.get_by_role("heading", level=1)).to_have_text(
            "This invitation was already used"
        )
        no_axe_violations(stranger)
        stranger.close()
        plan = visit.locator("main").inner_text()
        assert "One visit of 50 minutes" in plan, "the prefilled session length is shown and kept"
        visit.goto(visit.url.replace("/results", "/check"))  # the answers live on this page now
        summary = visit.locator(".summary").inner_text()
        assert "50" in summary, "the prefilled session length is shown and kept"

        page.goto(server.url + "/staff/invites")
        row = page.locator("tbody tr", has_text="Maria")
        expect(row.locator(".status")).to_have_text("finished")
        no_axe_violations(page)

        page.goto(server.url + "/staff/stats?days=7")
        no_axe_violations(page)
    finally:
        desk.close()
        patient.close()
