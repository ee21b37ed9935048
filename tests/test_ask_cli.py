"""`covnav check` and `covnav strings` for the answer cards."""

from __future__ import annotations

import re
from pathlib import Path

from test_cli import covnav

from app.answers.loader import DEFAULT_PATH as CARDS

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>AN\d{3}) (?P<msg>.+)$")


def test_checking_the_flow_also_checks_the_cards_that_link_to_it() -> None:
    result = covnav("check", "data/steps.yaml")
    assert result.returncode == 0, result.stdout
    assert result.stderr == "0 errors, 0 warnings\n"


def test_a_card_file_with_a_broken_link_fails_with_its_place(tmp_path: Path) -> None:
    text = CARDS.read_text(encoding="utf-8")
    broken = text.replace("      steps: [oon_benefits]\n", "      steps: [oon_benefit]\n", 1)
    assert broken != text
    path = tmp_path / "answers.yaml"
    path.write_text(broken, encoding="utf-8")
    result = covnav("check", path)
    assert result.returncode == 1
    lines = [LINE.match(line) for line in result.stdout.splitlines()]
    assert all(lines) and len(lines) == 1
    match = lines[0]
    assert match is not None and match["code"] == "AN111"
    assert match["msg"] == "no step has id 'oon_benefit'"
    line = int(match["line"])
    assert "oon_benefit]" in broken.splitlines()[line - 1]
    assert result.stderr == "1 error, 0 warnings\n"


def test_strings_lists_every_card_key(tmp_path: Path) -> None:
    result = covnav("strings", CARDS)
    assert result.returncode == 0
    keys = [line.split("\t", 1)[0] for line in result.stdout.splitlines()]
    assert "cards.eob.title" in keys and "cards.eob.text" in keys
    assert len(keys) == len(set(keys))
    eob = next(line for line in result.stdout.splitlines() if line.startswith("cards.eob.text\t"))
    assert "\\n\\n" in eob  # paragraphs survive as escaped newlines, one line per key
