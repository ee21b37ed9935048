"""The numbers in Spanish: the estimate, its arithmetic, the units and the reasons for no
money back, on the results page, the print view and the printed checklist; English as it was,
and the JSON API in English whatever the browser asks for."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import REAL_FLOW
from english_words import SENTENCE
from fastapi import FastAPI
from fastapi.testclient import TestClient
from personas import MONEY, PERSONAS, Persona
from spanish_scan import spanish_case, visible

from app.present.money import estimate_extras, estimate_view
from app.present.numbers import unit_rows, units_summary
from app.present.plan import money_words
from app.rules.estimate import PlanTerms, Visit, estimate
from app.rules.from_answers import NO_OUT_OF_NETWORK, NO_PAYBACK, units_from_answers

ROOT = Path(__file__).resolve().parents[1]
POT = ROOT / "app" / "translations" / "messages.pot"
AREA = (
    "app/rules/estimate.py",
    "app/rules/units.py",
    "app/rules/from_answers.py",
    "app/present/money.py",
    "app/present/plan.py",
    "app/present/numbers.py",
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
MONEY_PERSONAS = [p for p in PERSONAS if MONEY.items() <= p.answers.items()]
NO_MONEY_PERSONAS = [
    p
    for p in PERSONAS
    if p.name in ("medicare_planning", "medicaid_planning", "individual_planning_no_out_of_network")
]
PAGES = ("results", "print", "docs/checklist")


@pytest.fixture
def flow_path() -> Path:
    return REAL_FLOW


def english_pieces() -> list[str]:
    """The English words of this area's messages: each sentence, or run of a sentence between
    placeholders, of three words or more ("goes to your deductible", "This is an estimate,
    not a promise to pay")."""
    with POT.open("rb") as file:
        catalog = read_po(file)
    pieces: set[str] = set()
    for message in catalog:
        if not message.id or not any(path in AREA for path, _ in message.locations):
            continue
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            for run in PLACEHOLDER.split(msgid):
                for part in SENTENCE.split(run):
                    part = part.strip(" .,:;")
                    if len(part.split()) >= 3:
                        pieces.add(part)
    return sorted(pieces)


PIECES = english_pieces()


def spanish_pages(app: FastAPI, client: TestClient, persona: Persona) -> dict[str, str]:
    token = spanish_case(app, persona)
    out = {}
    for path in PAGES:
        response = client.get(f"/c/{token}/{path}?lang=es")
        assert response.status_code == 200, path
        out[path] = " ".join(visible(response.text).split())
    return out


def test_the_pieces_cover_the_estimate_units_and_reasons() -> None:
    for piece in (
        "goes to your deductible",
        "This is an estimate, not a promise to pay",
        "Both ways of counting give the same units, so you do not need to ask about it",
        "Original Medicare has no benefit for massage from a massage therapist",
        "In all, you pay",
        "You should get back",
        "What your plan allows",
        "Your share after the deductible (coinsurance)",
    ):
        assert piece in PIECES


@pytest.mark.parametrize("persona", MONEY_PERSONAS + NO_MONEY_PERSONAS, ids=lambda p: p.name)
def test_no_english_from_the_numbers_on_spanish_pages(
    app: FastAPI, client: TestClient, persona: Persona
) -> None:
    for path, text in spanish_pages(app, client, persona).items():
        left = [piece for piece in PIECES if piece in text]
        assert left == [], f"{persona.name} {path}"


SPANISH: dict[str, tuple[str, ...]] = {
    "employer_planning_needs_note_and_ok": (
        "Le deben devolver unos $64 por cita.",
        "Por 6 citas, le devuelven unos $385. Usted paga unos $335 en total.",
        "Nuestro cálculo para 6 citas: su plan le devuelve $385.00. Usted paga $335.00 en total.",
        "Va a su deducible (deductible) $50.00 $50.00",
        "Su plan le devuelve $35.00 $385.00",
        "Cita 1: el plan permite $100.00. $50.00 van a su deducible (deductible). De los otros "
        "$50.00, usted paga el 30%: $15.00. El plan le devuelve $35.00. El precio es $20.00 más "
        "que el monto permitido, y eso también lo paga usted. En total, usted paga $85.00.",
        "Esto es un cálculo, no una promesa de pago.",
        "Las dos formas de contar dan las mismas unidades. No tiene que preguntar por esto.",
        "97124 (el masaje)",
    ),
    "employer_visited_hsa_paid_with_card": (
        "Le deben devolver unos $35 por cita.",
        "Usted paga unos $85 en total.",
    ),
    "employer_first_denial_not_necessary": (
        "Si gana la apelación, le deben devolver unos $35.00 por esta cita.",
    ),
    "employer_underpaid": (
        "Con las cifras de su plan, debió pagar $35.00 por esta cita. Pagó $20.00. "
        "Puede que le deba $15.00.",
    ),
    "medicare_planning": (
        "No mostramos dinero de vuelta: Medicare Original no paga masajes de un masajista.",
    ),
    "medicaid_planning": (
        "No mostramos dinero de vuelta: Medicaid les paga a los proveedores que se inscriben "
        "con Medicaid. Casi nunca le devuelve dinero a usted.",
    ),
    "individual_planning_no_out_of_network": (
        "No mostramos dinero de vuelta: usted dijo que su plan no paga atención fuera de su red "
        "(out of network), salvo que le den una excepción.",
    ),
}


@pytest.mark.parametrize("name", SPANISH)
def test_the_numbers_read_in_spanish(app: FastAPI, client: TestClient, name: str) -> None:
    persona = next(p for p in PERSONAS if p.name == name)
    pages = spanish_pages(app, client, persona)
    for sentence in SPANISH[name]:
        assert sentence in pages["results"]
        assert sentence in pages["print"]


def test_the_printed_checklist_explains_the_estimate_in_spanish(
    app: FastAPI, client: TestClient
) -> None:
    persona = next(p for p in PERSONAS if p.name == "employer_planning_needs_note_and_ok")
    paper = spanish_pages(app, client, persona)["docs/checklist"]
    assert "De los otros $50.00, usted paga el 30%: $15.00." in paper
    assert "Las dos formas de contar dan las mismas unidades." in paper


def test_english_pages_read_as_before(app: FastAPI, client: TestClient) -> None:
    persona = next(p for p in PERSONAS if p.name == "employer_planning_needs_note_and_ok")
    token = spanish_case(app, persona)
    page = client.get(f"/c/{token}/results?lang=en", follow_redirects=True)
    text = " ".join(BeautifulSoup(page.text, "html.parser").get_text(" ").split())
    for sentence in (
        "You should get back about $64 a visit.",
        "For 6 visits, that is about $385 back. You pay about $335 in all.",
        "Our estimate for 6 visits: your plan pays you back $385.00. You pay $335.00 in all.",
        "Goes to your deductible $50.00 $50.00",
        "Visit 1: the plan allows $100.00. $50.00 goes to your deductible. You pay 30% of the "
        "other $50.00: $15.00. The plan pays you $35.00. The price is $20.00 more than the "
        "allowed amount, and you pay that too. In all, you pay $85.00.",
        "Both ways of counting give the same units, so you do not need to ask about it.",
        "97124 (massage)",
    ):
        assert sentence in text


def big_plan(allowed: Decimal | None) -> tuple[PlanTerms, list[Visit]]:
    terms = PlanTerms("out", Decimal(0), Decimal("0.2"))
    return terms, [Visit(Decimal(1500), allowed)] * 10


def test_spanish_money_is_written_as_on_us_papers() -> None:
    view = estimate_view(estimate(*big_plan(Decimal(1500))), lang="es")
    assert view.summary == (
        "Nuestro cálculo para 10 citas: su plan le devuelve $12,000.00. "
        "Usted paga $3,000.00 en total."
    )
    assert money_words(view, lang="es") == (
        "Le deben devolver unos $1,200 por cita.",
        "Por 10 citas, le devuelven unos $12,000. Usted paga unos $3,000 en total.",
    )
    rows = {line.key: line for line in view.lines}
    assert rows["billed"].label == "El precio de la clínica"
    assert rows["billed"].total == "$15,000.00"


def test_a_range_reads_in_spanish() -> None:
    view = estimate_view(estimate(*big_plan(None)), lang="es")
    assert view.summary.startswith("Nuestro cálculo aproximado para 10 citas")
    rows = {line.key: line for line in view.lines}
    assert rows["plan_pays"].first_visit == "$600.00 a $1,200.00"
    assert money_words(view, lang="es")[0] == "Le deben devolver entre $600 y $1,200 por cita."
    assert view.explanation[0].startswith(
        "No sabemos cuánto permite su plan por cita, por eso mostramos un rango. Pensamos que "
        "permite entre el 50% y el 100% del precio de la clínica."
    )


def test_the_conversation_words_come_in_either_language() -> None:
    """remarks.py calls these: English by default, as before; Spanish when asked."""
    terms = PlanTerms("out", Decimal(0), Decimal("0.2"), visit_limit_remaining=1)
    result = estimate(terms, [Visit(Decimal(100), Decimal(0))] * 3)
    view = estimate_view(result)
    assert estimate_extras(view, result) == (
        "Visit 2 and later are past your visit limit. They will likely be denied.",
        "When the plan pays $0, the visit still counts toward your deductible. "
        "File the claim anyway.",
    )
    assert estimate_extras(view, result, "es") == (
        "La cita 2 y las que siguen pasan su límite de citas. Es probable que las nieguen.",
        "Aunque el plan pague $0, la cita cuenta para su deducible. "
        "Mande el reclamo (claim) de todos modos.",
    )
    units = units_from_answers({"main_code": "97124", "session_minutes": "50"})
    assert units_summary(unit_rows(units)) == "That is 3 units of 97124 (massage) for 50 minutes."
    assert units_summary(unit_rows(units, "es"), "es") == (
        "Son 3 unidades de 97124 (el masaje) por 50 minutos."
    )
    both = units_from_answers({"main_code": "not_sure", "session_minutes": "5"})
    assert units_summary(unit_rows(both, "es"), "es") == (
        "Son 0 unidades de 97124 o 97140 por 5 minutos. Menos de 8 minutos no se cobra. "
        "Pregunte a su clínica qué código usa."
    )


def test_no_money_back_reasons_keep_their_english() -> None:
    assert str(NO_PAYBACK["medicare"]) == (
        "We do not show money back: Original Medicare has no benefit for massage from a "
        "massage therapist."
    )
    assert str(NO_PAYBACK["medicaid"]).startswith("We do not show money back: Medicaid pays")
    assert str(NO_OUT_OF_NETWORK).endswith("unless it grants an exception.")


def test_the_api_stays_english(client: TestClient) -> None:
    spanish = {"Accept-Language": "es"}
    body = {
        "network": "out",
        "deductible_remaining": "50.00",
        "coinsurance": "0.3",
        "visits": [{"billed": "120.00", "allowed": "100.00"}],
    }
    notes = client.post("/api/v1/calc/estimate", json=body, headers=spanish).json()["notes"]
    assert notes[0] == (
        "Visit 1: the plan allows $100.00. $50.00 goes to your deductible. You pay 30% of the "
        "other $50.00: $15.00. The plan pays you $35.00. The price is $20.00 more than the "
        "allowed amount, and you pay that too. In all, you pay $85.00."
    )
    assert notes[-1].endswith("This is an estimate, not a promise to pay.")
    units = {"method": "cms", "lines": [{"code": "97124", "minutes": 50}]}
    notes = client.post("/api/v1/calc/units", json=units, headers=spanish).json()["notes"]
    assert notes[-1] == (
        "Both ways of counting give the same units, so you do not need to ask about it."
    )
