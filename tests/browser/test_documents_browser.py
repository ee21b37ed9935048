"""In a real browser: answer the wizard down a denial path, then download the checklist PDF
and the appeal letter from the results page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser_support import past_check_answers
from playwright.sync_api import Page, expect
from samples import auto_answers

from app.flows.loader import load_flow
from app.flows.schema import StepType

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DENIAL = {
    "stage": "denied",
    "plan_type": "employer",
    "service_date": "2026-01-12",
    "denial_date": "2026-02-10",
    "denial_reason": "medical_necessity",
    "denial_code": "CO-50",
    "appeal_round": "first",
    "plan_funding": "insured",
    "other_payer": "none",
    "want_estimate": "no",
}


def pdftotext() -> str:
    path = shutil.which("pdftotext")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext is missing: install poppler-utils")
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    return path


def moved_from(old: str) -> Callable[[str], bool]:
    return lambda url: url != old


def answer_wizard(page: Page, answers: dict[str, Any]) -> None:
    """Answer each question the page shows, using the value planned for its step id."""
    flow = load_flow(ROOT / "data" / "steps.yaml")
    for _ in range(len(answers) + 2):
        page.wait_for_load_state()
        past_check_answers(page)
        if page.url.endswith("/results"):
            return
        match = re.search(r"/step/([a-z0-9_]+)", page.url)
        assert match, f"unexpected page {page.url}"
        step = flow.step(match.group(1))
        value = answers.get(step.id, "")
        form = page.locator("form.step-form")
        if step.type in (StepType.single, StepType.yesno):
            form.locator(f'input[name="answer"][value="{value}"]').check()
        elif step.type == StepType.multi:
            for each in value:
                form.locator(f'input[name="answer"][value="{each}"]').check()
        elif step.type != StepType.info:
            if value == "" and step.optional:
                old = page.url
                form.get_by_role("button", name="Skip this question").click()
                page.wait_for_url(moved_from(old))
                continue
            form.locator('input[name="answer"]').fill(value)
        old = page.url
        form.get_by_role("button", name="Continue").click()
        page.wait_for_url(moved_from(old))
    raise AssertionError("the wizard did not reach the results page")


def download(page: Page, name: str, tmp_path: Path) -> str:
    link = re.compile(rf"^Download PDF\s*:\s*{re.escape(name)}$")
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")
    out = subprocess.run([pdftotext(), str(path), "-"], check=True, capture_output=True)
    return " ".join(out.stdout.decode("utf-8").split())


def test_download_checklist_and_appeal_letter(page: Page, live_server: Any, tmp_path: Path) -> None:
    answers = auto_answers(load_flow(ROOT / "data" / "steps.yaml"), DENIAL)
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Start").click()
    answer_wizard(page, answers)

    panel = page.locator("#documents")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading", name="Appeal letter", exact=True)).to_be_visible()

    checklist = download(page, "Your checklist", tmp_path)
    assert "Your checklist" in checklist and "Page 1 of" in checklist
    assert "August 9, 2026" in checklist  # 180 days after the letter of February 10, 2026

    appeal = download(page, "Appeal letter", tmp_path)
    assert "This care is needed for my health" in appeal
    # A claim for visits already had is never urgent, whatever was answered before.
    assert "CO-50" in appeal and "This is urgent" not in appeal
    assert "It is not legal advice" in appeal and "None" not in appeal
