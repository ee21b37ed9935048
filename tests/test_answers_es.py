"""The Spanish answer cards, data/answers.es.yaml: every title and text translated, clean
through the checker, plain, saying what the English says (same numbers, codes, citations and
form names; the words on US insurance papers given in English on each card), and at least
five Spanish ways of asking each card, written the way Spanish speakers type them."""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from spanish_readability import assert_plain_spanish
from test_steps_es import CAPITALS, FAMILIAR, NUMBER, english_missing

from app import cli
from app.answers.checker import Known
from app.answers.loader import DEFAULT_PATH, check_cards_file
from app.answers.schema import CardFile
from app.answers.strings import card_strings, check_card_translations
from app.flows.translations import translation_path
from app.flows.yaml_positions import read_yaml

ANSWERS_ES = translation_path(DEFAULT_PATH, "es")
ASKED = re.compile(r"((?:cards|redirects)\.[a-z0-9_]+)\.asked\.\d+")


def cards() -> CardFile:
    found = check_cards_file(DEFAULT_PATH, Known()).cards
    assert found is not None
    return found


def english() -> dict[str, str]:
    """Titles, texts, topics and redirects: what a translation must translate."""
    return {e.key: e.text for e in card_strings(cards()) if not ASKED.fullmatch(e.key)}


def spanish() -> dict[str, str]:
    data = read_yaml(ANSWERS_ES.read_text(encoding="utf-8")).data
    assert isinstance(data, dict)
    return {str(key): str(value) for key, value in data.items()}


def read() -> dict[str, str]:
    """The Spanish a patient reads (the ways of asking are search data)."""
    return {key: text for key, text in spanish().items() if not ASKED.fullmatch(key)}


def asked() -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for key, text in spanish().items():
        if match := ASKED.fullmatch(key):
            out[match.group(1)].append(text)
    return out


def test_every_title_and_text_has_its_spanish_in_the_cards_order() -> None:
    keys = list(english())
    assert len(keys) >= 300
    assert list(read()) == keys


def test_the_checker_finds_nothing_at_all() -> None:
    assert check_card_translations(DEFAULT_PATH, cards(), [ANSWERS_ES]) == []
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli.main(["check", str(DEFAULT_PATH), "--translation", str(ANSWERS_ES)])
    assert (code, out.getvalue()) == (0, "")


def test_the_card_file_check_finds_the_translation_beside_it() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert cli.main(["check", str(DEFAULT_PATH)]) == 0
    assert out.getvalue() == ""


def _check(tmp_path: Path, text: str) -> list[str]:
    file = tmp_path / "answers.es.yaml"
    file.write_text(text, encoding="utf-8")
    problems = check_card_translations(DEFAULT_PATH, cards(), [file])
    return [f"{p.code} {p.message}" for p in problems if p.is_error]


def test_a_missing_title_is_an_error_and_spanish_ways_of_asking_are_free(
    tmp_path: Path,
) -> None:
    lines = [f"{key}: {json.dumps(text)}" for key, text in read().items()]
    dropped = lines.pop(lines.index(next(x for x in lines if x.startswith("cards.eob.title"))))
    extra = ["cards.eob.asked.40: que es la carta EOB", "cards.no_such_card.asked.0: hola"]
    errors = _check(tmp_path, "\n".join(lines + extra) + "\n")
    assert dropped
    assert [e[:5] for e in errors] == ["TR110", "TR111"]
    assert "'cards.eob.title'" in errors[0]
    assert "'cards.no_such_card.asked.0'" in errors[1]


def test_an_empty_way_of_asking_is_an_error(tmp_path: Path) -> None:
    lines = [f"{key}: {json.dumps(text)}" for key, text in read().items()]
    errors = _check(tmp_path, "\n".join([*lines, "cards.eob.asked.0: ''"]) + "\n")
    assert errors == ["TR101 the Spanish for 'cards.eob.asked.0' must be text"]


def test_plain_spanish_on_average_and_in_every_title_and_text() -> None:
    report = assert_plain_spanish(read().items())
    assert len(report.scored) == len(english())
    print(f"\n{report}")


def test_no_title_or_text_is_left_in_english() -> None:
    es = read()
    assert sorted(key for key, text in english().items() if es[key] == text) == []


def facts(text: str) -> tuple[Counter[str], set[str]]:
    """Its numbers, amounts and percents, and its codes, form names and citations."""
    return Counter(NUMBER.findall(text)), set(CAPITALS.findall(text)) - {"OK"}


def test_numbers_codes_and_citations_are_unchanged() -> None:
    es = read()
    changed = {}
    for key, text in english().items():
        (en_numbers, en_names), (es_numbers, es_names) = facts(text), facts(es[key])
        if en_numbers != es_numbers or not en_names <= es_names:
            changed[key] = (en_numbers - es_numbers, es_numbers - en_numbers, en_names - es_names)
    assert changed == {}  # key: (numbers lost, numbers added, names lost)


def test_insurance_words_are_given_in_english_on_each_card() -> None:
    assert english_missing(read()) == []


def test_usted_form_throughout() -> None:
    familiar = {key: FAMILIAR.findall(text.lower()) for key, text in read().items()}
    assert {key: words for key, words in familiar.items() if words} == {}


def test_each_card_has_five_spanish_ways_of_asking() -> None:
    ways = asked()
    short = {card.id: len(ways[f"cards.{card.id}"]) for card in cards().cards}
    assert {card: n for card, n in short.items() if n < 5} == {}
    assert set(ways) <= {f"cards.{card.id}" for card in cards().cards} | {
        f"redirects.{redirect.id}" for redirect in cards().redirects
    }


def test_ways_of_asking_are_spanish_not_copies_of_the_english() -> None:
    ours = {" ".join(phrase.lower().split()) for card in cards().cards for phrase in card.asked}
    theirs = [" ".join(p.lower().split()) for phrases in asked().values() for p in phrases]
    assert [p for p in theirs if p in ours] == []
    assert [p for p, n in Counter(theirs).items() if n > 1] == []  # one card per phrasing


@pytest.mark.parametrize(
    "phrase",
    ["que es un deducible", "me negaron el reclamo", "la carta EOB", "puedo usar mi HSA"],
)
def test_patients_own_words_are_among_the_ways_of_asking(phrase: str) -> None:
    theirs = [p.lower() for phrases in asked().values() for p in phrases]
    assert any(phrase.lower() in p for p in theirs), phrase
