"""The papers and document pages a Spanish patient sees, read back from the real pages and
PDFs (pdftotext).

Each letter to a US insurer or doctor stays English (marked `lang="en"`) and is followed by a
Spanish copy that says part by part what it says and what to fill in; everything around it
(the note for the patient, the draft marks, the notes page) is Spanish. The claim packet
cover sheet, the letter-details page, the invoice check and the list of papers on the results
page are Spanish. An English case reads exactly as before.

The only English left on these papers may be text that other layers make (deadline and
estimate notes from app.rules and app.present): `others_words` lists it for each case.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import test_documents_routes as routes
from bs4 import BeautifulSoup
from english_words import english_sentences
from fastapi import FastAPI
from fastapi.testclient import TestClient
from personas import PERSONAS, Persona
from spanish_readability import assert_plain_spanish, page_texts
from spanish_scan import spanish_case, visible
from test_i18n_documents import paper

from app.core.clock import local_today
from app.documents.assemble import doc_inputs
from app.documents.catalog import BY_ID, documents_for
from app.documents.context import Header, build_context
from app.flows.engine import walk
from app.services.cases import open_case
from app.services.letters import LETTER_FIELDS

LETTERS = ("appeal_letter", "doctor_letter", "lmn_request", "external_review", "pricing_letter")
COPY_TITLES = {
    "appeal_letter": "Su carta de apelación, en español",
    "doctor_letter": "Su carta para el médico, en español",
    "lmn_request": "Su carta para pedir la carta de necesidad médica, en español",
    "external_review": "Su pedido de revisión externa, en español",
    "pricing_letter": "Su carta sobre un pago bajo, en español",
}
NOT_ADVICE_ES = "Hicimos esta carta con sus respuestas para ayudarle. No es un consejo legal."
NOT_ADVICE_EN = "We wrote this letter from your answers to help you. It is not legal advice."


@pytest.fixture
def flow_path() -> Path:
    """The real tree and its Spanish file (conftest's `app` and `client` read this fixture)."""
    return Path(__file__).resolve().parents[1] / "data" / "steps.yaml"


def flat(text: str) -> str:
    return " ".join(text.split())


def persona_with(doc_id: str) -> Persona:
    return next(p for p in PERSONAS if doc_id in p.docs)


def others_words(app: FastAPI, token: str) -> str:
    """The English that other layers put on this case's papers (deadline and estimate notes),
    which this area does not translate."""
    flow = app.state.flow
    with app.state.db.connect() as session:
        view = open_case(session, token)
        assert view is not None
        answers = view.data.answers
    today = local_today(app.state.settings.clinic_timezone)
    inputs = doc_inputs(flow, answers, Header("Clinic"), today=today, lang="es")
    words: list[str] = [*inputs.deadline_notes]
    for doc in documents_for(walk(flow, answers).active):
        ctx = build_context(doc, inputs, "pdf")
        for row in ctx["deadlines"]:
            words += [row.label, row.note, row.citation, row.date, row.send_by or ""]
    if inputs.estimate is not None:
        words += [str(n) for n in inputs.estimate.notes]
    for comparison in inputs.units:
        words += [str(n) for n in comparison.notes]
    return flat("\n".join(str(w) for w in words))


def english_of_ours(text: str, others: str) -> list[str]:
    """English sentences in `text` that are not the other layers' words."""
    return [s for s in english_sentences(text) if flat(s).strip(".:;) ") not in others]


@pytest.mark.parametrize("doc_id", LETTERS)
def test_each_letter_stays_english_with_a_spanish_copy_after_it(
    client: TestClient, app: FastAPI, tmp_path: Path, doc_id: str
) -> None:
    token = spanish_case(app, persona_with(doc_id))
    page, text = paper(client, token, doc_id, "es", tmp_path)
    soup = BeautifulSoup(page, "html.parser")
    letter = soup.select_one("div.letter")
    assert letter is not None and letter.get("lang") == "en"
    copy = soup.select_one("section.translation[lang=es]")
    assert copy is not None and copy.h2 is not None
    assert copy.h2.get_text() == COPY_TITLES[doc_id]
    assert "Sincerely" in text and COPY_TITLES[doc_id] in text
    assert text.index("Sincerely") < text.index(COPY_TITLES[doc_id]), "the copy follows"
    assert "No mande esta hoja." in text
    assert len(copy.select("ol > li")) >= 5, "the copy goes part by part"
    assert_plain_spanish(page_texts(str(copy), doc_id))  # written for the patient: plain
    # The patient's note is Spanish; the draft marks too (no details filled in yet).
    assert NOT_ADVICE_ES in text and NOT_ADVICE_EN not in text
    assert "Borrador: llene estos datos antes de mandarlo." in text
    assert "Su nombre completo" in text and "Your full name" not in text
    english = english_of_ours(visible(page), others_words(app, token))
    assert english == [], english
    # A blank inside the English letter is read out in English, like the letter around it.
    blanks = [b.get_text() for b in letter.select(".blank .sr-only")]
    assert blanks and all(b.startswith(("(blank: ", "(space to write)")) for b in blanks), blanks


def test_spanish_copy_says_what_to_fill_in_and_what_the_headings_mean(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    token = routes.make_case(app, routes.DENIED)
    page, text = paper(client, token, "appeal_letter", "es", tmp_path)
    assert "Escriba su nombre y su dirección en las líneas." in text
    # The English heading stays as the letter says it, with its meaning in Spanish.
    assert "«This care is needed for my health» (en español: «Necesito esta atención" in text
    assert "Hoja 1 de " in text and "Page 1 of" not in text  # the page numbers too
    heading = BeautifulSoup(page, "html.parser").select_one("section.translation span[lang=en]")
    assert heading is not None
    _, doctor = paper(client, token, "doctor_letter", "es", tmp_path)
    assert "Escriba el nombre de su médico en la línea." in doctor
    assert "Notas para usted" not in doctor  # the doctor letter has no notes page


def test_notes_pages_for_the_patient_are_spanish(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    notes = {
        "lmn_request": "El masaje cuenta como gasto médico solo si trata un problema de salud",
        "external_review": "Mándelo a donde dice su carta final.",
        "pricing_letter": "Cada plan fija el monto permitido (allowed amount) fuera de la red",
    }
    for doc_id, words in notes.items():
        token = spanish_case(app, persona_with(doc_id))
        page, text = paper(client, token, doc_id, "es", tmp_path)
        assert "Notas para usted (no mande esta hoja)" in text and words in text
        section = BeautifulSoup(page, "html.parser").select_one("section.for-you")
        assert section is not None and section.get("lang") is None  # the page's own: Spanish


def test_claim_packet_cover_sheet_is_spanish(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    persona = persona_with("claim_packet")
    token = spanish_case(app, persona)
    page, text = paper(client, token, "claim_packet", "es", tmp_path)
    for words in (
        "Ponga esta hoja encima de los papeles de su reclamo.",
        "Qué mandar",
        "A dónde mandarlo",
        "Debe tener los códigos, las unidades, los precios, los códigos de diagnóstico",
        "No firme la casilla 13, para que el cheque llegue a usted.",
        "Su seguro, en el área de reclamos (claims department):",
        "Su tratamiento (CPT) CPT 97124 (massage)",
        "Antes de mandarlo",
    ):
        assert words in text, words
    for words in ("Put this sheet on top", "It must show codes", "box 13", "Before you send it"):
        assert words not in text, words
    assert english_of_ours(visible(page), others_words(app, token)) == []


def test_no_english_of_ours_on_any_spanish_paper_or_document_page(
    client: TestClient, app: FastAPI
) -> None:
    """Every persona, every paper (print view) and the document pages, in Spanish."""
    left: dict[str, str] = {}
    for persona in PERSONAS:
        token = spanish_case(app, persona)
        others = others_words(app, token)
        base = f"/c/{token}"
        results = client.get(f"{base}/results?lang=es")
        soup = BeautifulSoup(results.text, "html.parser")
        documents = soup.select_one("#documents")
        pages = [("results#documents", str(documents) if documents else "")]
        for doc in sorted(set(re.findall(rf"{base}/docs/(\w+)", results.text))):
            pages.append((f"docs/{doc}", client.get(f"{base}/docs/{doc}?lang=es").text))
        for path in ("letter-details", "superbill"):
            pages.append((path, client.get(f"{base}/{path}?lang=es").text))
        for path, html in pages:
            for sentence in english_of_ours(visible(html), others):
                left.setdefault(sentence, f"{persona.name} {path}")
    assert left == {}


def test_results_list_names_each_paper_in_spanish(client: TestClient, app: FastAPI) -> None:
    token = routes.make_case(app, routes.DENIED)
    page = client.get(f"/c/{token}/results?lang=es").text
    documents = BeautifulSoup(page, "html.parser").select_one("#documents")
    assert documents is not None
    titles = [h.get_text() for h in documents.select(".document-title")]
    assert "Carta para su médico" in titles
    assert "Letter to your doctor" not in documents.get_text()
    english = client.get(f"/c/{token}/results?lang=en").text
    assert "Letter to your doctor" in english
    assert "A letter asking your plan to look at its decision again." in english


def letter_details(client: TestClient, token: str, lang: str) -> BeautifulSoup:
    response = client.get(f"/c/{token}/letter-details?lang={lang}")
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def test_letter_details_page_is_spanish(client: TestClient, app: FastAPI) -> None:
    token = routes.make_case(app, routes.DENIED)
    soup = letter_details(client, token, "es")
    assert soup.h1 is not None and soup.h1.get_text() == "Datos para sus cartas"
    labels = {label.get_text(" ", strip=True) for label in soup.select("form label")}
    assert "Su fecha de nacimiento" in labels
    assert "A dónde mandar reclamos o apelaciones (la dirección de su carta)" in labels
    blanks = soup.select_one(".blank-list")
    assert blanks is not None
    assert "Carta de apelación" in blanks.get_text() or "Apelación" in blanks.get_text()
    assert "Su nombre completo" in blanks.get_text()
    assert english_sentences(visible(str(soup))) == []
    english = letter_details(client, token, "en")
    assert english.h1 is not None and english.h1.get_text() == "Details for your letters"
    assert "Your date of birth" in {
        label.get_text(" ", strip=True) for label in english.select("label")
    }


def post_superbill(client: TestClient, token: str, lang: str, form: dict[str, str]) -> str:
    url = f"/c/{token}/superbill?lang={lang}"
    response = client.post(url, data={"csrf_token": routes.csrf(client, url), **form})
    assert response.status_code == 200
    return response.text


BAD_INVOICE = {
    "provider_name": "Example Massage",
    "npi": "1234567890",
    "tax_id": "12-34",
    "date_of_service": "13/45/2026",
    "place_of_service": "02",
    "diagnosis_codes": "M54.5, M54",
    "line_code_1": "97124",
    "line_minutes_1": "38",
    "line_units_1": "1",
    "line_charge_1": "abc",
    "total_charge": "50",
}


def test_invoice_check_speaks_spanish_with_the_english_words_for_the_clinic(
    client: TestClient, app: FastAPI
) -> None:
    token = routes.make_case(app, routes.DENIED)
    html = post_superbill(client, token, "es", BAD_INVOICE)
    soup = BeautifulSoup(html, "html.parser")
    text = flat(visible(html))
    assert english_sentences(text) == [], english_sentences(text)
    title = soup.select_one("#flags-title")
    assert title is not None and re.fullmatch(r"\d+ cosas para arreglar", title.get_text())
    assert "La factura no tiene el teléfono de la clínica." in text
    assert "M54 es el nombre de un grupo." in text
    assert "97124 tiene 1 unidad por 38 minutos." in text
    assert (
        "Pídale a la clínica: “Por favor, ponga el teléfono de la clínica en mi factura.”" in text
    )
    # Field errors beside the field, in Spanish.
    error = soup.select_one("#date_of_service-error")
    assert error is not None
    assert "Escriba una fecha así: 03/15/2026 (mes/día/año)." in error.get_text()
    charge = soup.select_one("#line_charge_1-error")
    assert charge is not None and "Escriba una cantidad así: 120.00." in charge.get_text()
    # The words to say to the clinic in English stay beside each request, marked English.
    said = [s.get_text() for s in soup.select(".say-in-english span[lang=en]")]
    assert "“Please add the clinic's phone number to my invoice.”" in said
    assert len(said) == len(soup.select(".flag"))


def test_invoice_check_in_english_is_unchanged(client: TestClient, app: FastAPI) -> None:
    token = routes.make_case(app, routes.DENIED)
    html = post_superbill(client, token, "en", BAD_INVOICE)
    text = flat(BeautifulSoup(html, "html.parser").get_text(" "))
    assert "The invoice does not show the clinic's phone number." in text
    assert "97124 shows 1 unit for 38 minutes. For this timed code that time makes 3 units." in text
    assert "Please enter a date like 03/15/2026." in text
    assert "Say in English" not in text
    assert "Ask the clinic: “Please add the clinic's phone number to my invoice.”" in text


def test_english_letters_and_packet_are_unchanged(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    token = spanish_case(app, persona_with("claim_packet"))
    page, text = paper(client, token, "claim_packet", "en", tmp_path)
    for words in (
        "Put this sheet on top of your claim papers. Tick each box as you add the paper.",
        "The clinic's itemized invoice (superbill) for each visit It must show codes, units,"
        " charges, diagnosis codes, NPI and tax ID.",
        "leave its box 13 unsigned, so the check comes to you. Fill in every part about you,"
        " and sign it.",
        "Treatment CPT 97124 (massage)",
        "Your insurer, claims department:",
    ):
        assert words in text, words
    for doc_id in LETTERS:
        token = spanish_case(app, persona_with(doc_id))
        page, text = paper(client, token, doc_id, "en", tmp_path)
        assert "en español" not in text and "translation" not in page
        assert NOT_ADVICE_EN in text
        assert "Draft: fill in these details before you send it." in text
        assert "Your full name" in text
    # The doctor letter kept two words apart that the template had run together ("payfor").
    _, text = paper(
        client, spanish_case(app, persona_with("doctor_letter")), "doctor_letter", "en", tmp_path
    )
    assert "help pay for it if I have a prescription or referral from you." in text


def test_every_letter_field_label_has_its_spanish() -> None:
    from app.core.i18n import translator

    spanish = translator("es")
    untranslated = [label for label in LETTER_FIELDS.values() if spanish.gettext(label) == label]
    assert untranslated == []
    assert all(BY_ID[doc].letter for doc in LETTERS)


def test_scripts_hold_no_sentence_and_take_their_words_from_the_page(
    client: TestClient, app: FastAPI
) -> None:
    """Status messages of the scripts come from data attributes the server renders."""
    static = Path(__file__).resolve().parents[1] / "app" / "static" / "js"
    for name in ("app.js", "staff.js"):
        code = re.sub(r"//[^\n]*|/\*.*?\*/", "", (static / name).read_text(), flags=re.S)
        strings = re.findall(r'"([^"\\]*)"', code)
        sentences = [s for s in strings if re.match(r"[A-Z][a-z]+[,:]?( [A-Za-z,.':]+){2,}", s)]
        assert sentences == [], (name, sentences)
    token = routes.make_case(app, routes.DENIED)
    page = client.get(f"/c/{token}/results?lang=es").text
    script = BeautifulSoup(page, "html.parser").find("script", attrs={"data-copied": True})
    assert script is not None
    words: dict[str, Any] = dict(script.attrs)
    assert (
        words["data-save-failed"].startswith("Lo sentimos") or "guard" in words["data-save-failed"]
    )
    assert "1" in words["data-earlier-one"] and "2" in words["data-earlier-many"]
    assert (
        english_sentences(" . ".join(str(v) for k, v in words.items() if k.startswith("data-")))
        == []
    )


def test_what_to_put_with_the_appeal_is_in_spanish_with_the_letters_words(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    token = spanish_case(app, persona_with("appeal_letter"))
    page, text = paper(client, token, "appeal_letter", "es", tmp_path)
    notes = BeautifulSoup(page, "html.parser").select_one("section.for-you .checklist-items")
    assert notes is not None
    items = notes.select("li")
    assert items and all(li.select_one('span[lang="en"]') for li in items)
    assert "Una copia de la carta o de la explicación de beneficios (EOB) que dijo que no" in text
    # The patient's own deadline reads as Spanish dates, the letter's date stays English.
    assert re.search(r"Fecha límite: \w+, \d+ de \w+ de \d{4}", text), text
