"""No English sentence on any Spanish patient page, for every persona: each question page
(with the replies after the answers), check your answers, the plan, its print view, the
letter details and invoice check, every paper's print view and the calendar file. English
kept on purpose (the letters for a US insurer or doctor, the words to say on the phone) is
marked `lang="en"` and left out by the scan."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from personas import PERSONAS
from spanish_scan import english_left


@pytest.fixture
def flow_path() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "steps.yaml"


PARTS = 4  # the personas in four groups, so the test runners share them


@pytest.mark.parametrize("part", range(PARTS))
def test_no_english_on_any_spanish_page_of_any_persona(
    app: FastAPI, client: TestClient, part: int
) -> None:
    left = english_left(app, client, PERSONAS[part::PARTS])
    assert not left, "English on Spanish pages:\n" + "\n".join(
        f"{count} [{where}] {sentence}" for sentence, (count, where) in left.items()
    )
