"""The Spanish flow, data/steps.es.yaml: complete, clean through the checker, plain, and
saying what the English says (same numbers, codes and form names; the words printed on US
insurance papers kept in English in brackets on each screen that uses them)."""

from __future__ import annotations

import contextlib
import io
import re
from collections import Counter, defaultdict

import pytest
from spanish_readability import assert_plain_spanish, yaml_texts

from app import cli
from app.flows.engine import walk
from app.flows.loader import DEFAULT_PATH, check_files, load_flow, load_translated
from app.flows.strings import patient_strings
from app.flows.translations import translation_path
from app.flows.yaml_positions import read_yaml

STEPS_ES = translation_path(DEFAULT_PATH, "es")

# Spanish words for terms a patient finds in English on a plan's letters, statements and
# website, with the English that must stand in brackets (or quotes) on the same screen.
GLOSSARY: dict[str, str] = {
    r"\breclamos?\b": "claim",
    r"explicación de beneficios": "EOB",
    r"\bdeducibles?\b": "deductible",
    r"\bcoseguro\b": "coinsurance",
    r"\bcopagos?\b": "copay",
    r"monto permitido": "allowed amount",
    r"\bapel(?:ación|aciones|ar|a|an|e|en|ó|é)\b": "appeal",
    r"\bpermiso\b": "prior authorization",
    r"revisión externa|revisión de afuera": "external review",
    r"audiencia imparcial": "fair hearing",
    r"\bred\b": "network",
    r"máximo de gastos": "out-of-pocket maximum",
}
NUMBER = re.compile(r"\$?\d+(?:[.,]\d+)*%?")
CAPITALS = re.compile(r"\b[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*\b")  # CMS-1500, EOB, HSA, ERISA
GIVEN = re.compile(r"\(([^)]*)\)|\"([^\"]*)\"")  # (claim), "plan paid"
FAMILIAR = re.compile(r"\b(?:tú|tu|tus|te|ti|contigo|tienes|puedes|necesitas|quieres|eres)\b")


def english() -> dict[str, str]:
    return {e.key: e.text for e in patient_strings(load_flow(DEFAULT_PATH).tree)}


def spanish() -> dict[str, str]:
    data = read_yaml(STEPS_ES.read_text(encoding="utf-8")).data
    assert isinstance(data, dict)
    return {str(key): str(value) for key, value in data.items()}


def screens(texts: dict[str, str]) -> dict[str, list[str]]:
    """Texts a patient reads together: one step's page, one checklist item, one insurer
    question. Checklist items and questions show up in different sets on each path, so each
    carries its own English words."""
    out: dict[str, list[str]] = defaultdict(list)
    for key, text in texts.items():
        out[".".join(key.split(".")[:2])].append(text)
    return out


def test_every_string_has_its_spanish_and_no_other() -> None:
    keys = english().keys()
    assert len(keys) >= 400
    assert list(spanish()) == list(keys)  # same keys, in the flow file's order


def test_the_checker_finds_nothing_at_all() -> None:
    assert check_files(DEFAULT_PATH, [STEPS_ES]) == []  # no error, no warning
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli.main(["check", str(DEFAULT_PATH), "--translation", str(STEPS_ES)])
    assert (code, out.getvalue()) == (0, "")


def test_plain_spanish_on_average_and_in_every_text() -> None:
    report = assert_plain_spanish(yaml_texts(STEPS_ES))
    assert len(report.scored) == len(english())
    print(f"\n{report}")


def test_no_text_is_left_in_english() -> None:
    en, es = english(), spanish()
    assert [key for key in en if en[key] == es[key]] == []


def test_numbers_codes_and_form_names_are_unchanged() -> None:
    en, es = english(), spanish()
    for key, text in en.items():
        assert Counter(NUMBER.findall(es[key])) == Counter(NUMBER.findall(text)), key
        names = set(CAPITALS.findall(text)) - {"OK"}  # the English plain word for approval
        assert names <= set(CAPITALS.findall(es[key])), key


def english_missing(texts: dict[str, str]) -> list[str]:
    """Each screen that uses a glossary word without its English in brackets or quotes."""
    missing = []
    for screen, parts in screens(texts).items():
        text = " ".join(parts)
        given = " ".join(a or b for a, b in GIVEN.findall(text)).lower()
        for pattern, term in GLOSSARY.items():
            if re.search(pattern, text, re.IGNORECASE) and term.lower() not in given:
                missing.append(f"{screen}: {term}")
    return missing


def test_insurance_words_are_given_in_english_on_each_screen() -> None:
    assert english_missing(spanish()) == []


def test_the_glossary_check_finds_a_missing_english_word() -> None:
    texts = {
        "steps.a.text": "¿Mandó el reclamo?",
        "steps.b.text": "¿Mandó el reclamo (claim)?",
        "steps.b.why": 'Busque "EOB" en la explicación de beneficios.',
        "checklist.c.text": "Apele.",
    }
    assert english_missing(texts) == ["steps.a: claim", "checklist.c: appeal"]


def test_usted_form_throughout() -> None:
    familiar = {key: FAMILIAR.findall(text.lower()) for key, text in spanish().items()}
    assert {key: words for key, words in familiar.items() if words} == {}


@pytest.mark.parametrize(
    "answers",
    [
        {"stage": "denied", "plan_type": "employer", "plan_funding": "self_funded"},
        {"stage": "planning", "plan_type": "medicare"},
        {"stage": "visited", "plan_type": "medicaid"},
    ],
)
def test_the_spanish_flow_takes_the_same_path(answers: dict[str, str]) -> None:
    flow = load_flow(DEFAULT_PATH)
    loaded = load_translated(DEFAULT_PATH, flow, "es")
    assert loaded is not None
    assert walk(loaded.flow, answers) == walk(flow, answers)
    es = spanish()
    assert loaded.flow.step("stage").text == es["steps.stage.text"]
