"""The Spanish search: accents and capitals folded, Spanish stems, stop words, synonyms and
the English words on US papers, typos fixed from the Spanish cards' words, and the codes,
amounts and dates read in Spanish questions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.answers.loader import (
    DEFAULT_PATH,
    AnswersFileError,
    load_answerer,
    load_answerers,
    read_synonyms,
    synonyms_path,
)
from app.answers.recognise import recognise
from app.answers.search import Answerer
from app.answers.stem_es import stem_es
from app.answers.text import surface

TODAY = date(2026, 3, 10)


@pytest.fixture(scope="module")
def es() -> Answerer:
    return load_answerer(lang="es")


def stems(answerer: Answerer, text: str) -> list[str]:
    return [t.stem for t in answerer.analyser.terms(text, fix_typos=True)]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("reembolso", "reembolsó"),
        ("que es un deducible", "¿Qué es un DEDUCIBLE?"),
        ("año", "ano"),
        ("apelación", "apelacion"),
        ("unidades", "unidad"),
        ("negaron", "negado"),
        ("pague", "pagar"),
        ("las citas", "la cita"),
    ],
)
def test_spanish_forms_meet(es: Answerer, a: str, b: str) -> None:
    assert stems(es, a) == stems(es, b) != []


def test_the_snowball_stems() -> None:
    got = {w: stem_es(w) for w in ("negaron", "pedirle", "masajista", "autorizacion", "97124")}
    assert got == {
        "negaron": "neg",
        "pedirle": "ped",
        "masajista": "masaj",
        "autorizacion": "autoriz",
        "97124": "97124",
    }


def test_stop_words_go_and_question_words_stay(es: Answerer) -> None:
    assert stems(es, "el de la que por para mi") == []
    assert stems(es, "cuando") and stems(es, "cuanto")


@pytest.mark.parametrize(
    ("said", "means"),
    [
        ("el deductible", "el deducible"),
        ("me mandaron un EOB", "me mandaron una explicación de beneficios"),
        ("el claim", "el reclamo"),
        ("la aseguranza", "el seguro"),
        ("prior authorization", "autorización previa"),
        ("me negaron", "me rechazaron"),
        ("cuanto me van a devolver", "cuanto me van a reembolsar"),
        ("out of network", "fuera de la red"),
    ],
)
def test_spanglish_and_spanish_synonyms_meet(es: Answerer, said: str, means: str) -> None:
    assert stems(es, said) == stems(es, means) != []


def test_medicaid_medicare_and_the_doctor_stay_apart(es: Answerer) -> None:
    found = [stems(es, word) for word in ("medicaid", "medicare", "medico")]
    assert len({tuple(s) for s in found}) == 3


def test_typos_are_fixed_from_the_spanish_words(es: Answerer) -> None:
    terms = es.analyser.terms("facturra masajsta", fix_typos=True)
    assert [t.stem for t in terms] == stems(es, "factura masajista")
    assert all(t.corrected for t in terms)


def test_codes_amounts_and_dates_in_spanish() -> None:
    seen = recognise("me negaron con código CO-50 el 5 de marzo, pagué $120", today=TODAY)
    assert [(f.kind, f.value) for f in seen.found] == [
        ("date", "2026-03-05"),
        ("money", "120.00"),
        ("carc", "CO-50"),
    ]
    assert [(f.kind, f.value) for f in recognise("código de rechazo 97", today=TODAY).found] == [
        ("carc", "97")
    ]
    assert recognise("120 dólares", today=TODAY).found[0].value == "120.00"
    assert recognise("el 12 de enero de 2025", today=TODAY).found[0].day == date(2025, 1, 12)


@pytest.mark.parametrize(
    ("question", "kind", "key"),
    [
        ("me negaron con código CO-50", "code", "CO-50"),
        ("que es el 97124", "card", "cpt_97124"),
        ("que es el deductible", "card", "deductible"),
        ("cual es la capital de francia", "off_topic", None),
        ("quiero cambiar mi cita para el viernes", "redirect", "booking"),
    ],
)
def test_spanish_questions(es: Answerer, question: str, kind: str, key: str | None) -> None:
    outcome = es.ask(question, today=TODAY)
    assert outcome.kind == kind
    got = outcome.code or (outcome.card and outcome.card.id)
    got = got or (outcome.redirect and outcome.redirect.id) or None
    assert got == key


def test_the_spanish_cards_are_spanish_with_the_same_ids(es: Answerer) -> None:
    english = load_answerer()
    assert [c.id for c in es.cards.cards] == [c.id for c in english.cards.cards]
    assert es.cards.card("deductible").title == "El deducible, en palabras simples"
    assert all(
        c.asked and not set(c.asked) & set(english.cards.card(c.id).asked) for c in es.cards.cards
    )
    assert english.cards.card("deductible").title.startswith("The deductible")


def test_built_once_per_process_for_unchanged_files(es: Answerer) -> None:
    assert load_answerer(lang="es") is es
    both = load_answerers()
    assert both["es"] is es and both["en"] is load_answerer()


def test_a_broken_translation_stops_the_load(tmp_path: Path) -> None:
    cards = tmp_path / "answers.yaml"
    cards.write_text(DEFAULT_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    spanish = DEFAULT_PATH.with_name("answers.es.yaml").read_text(encoding="utf-8")
    broken = spanish.replace("cards.eob.title:", "cards.eob.titel:", 1)
    (tmp_path / "answers.es.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(AnswersFileError) as caught:
        load_answerer(cards, synonyms_path("es"), lang="es")
    assert any("TR110" in p or "TR111" in p for p in caught.value.problems)


def test_the_spanish_synonym_file_reads(tmp_path: Path) -> None:
    words = read_synonyms(synonyms_path("es"))
    assert words.rounds == 2 and "medicaid" in words.kept
    assert surface("¿Aseguranza?") == "aseguranza"
