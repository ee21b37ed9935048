"""Spanish for the words the rules hand up: deadline labels and notes, rule sources, denial-code
meanings, the calendar file's events and the replies in the conversation.

The pages, papers and calendar file of the personas with deadlines and denials are read in
Spanish (tests/spanish_scan.py), and none may show an English sentence of these parts, found
either by the English detector or verbatim from the English messages and denial table. A few
tests pin specific Spanish, the English that must stay as it was, the denial table's Spanish
file checker (fixtures in tests/fixtures/denial_codes_es/) and replies stored by older cases.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from english_words import english_sentences
from fastapi import FastAPI
from fastapi.testclient import TestClient
from personas import PERSONAS
from samples import auto_answers
from spanish_readability import assert_plain_spanish
from spanish_scan import calendar_text, pages_of, spanish_case, visible

from app.core.crypto import open_sealed, parse_token, seal
from app.present.format import say
from app.present.remarks import said_for
from app.rules import denial_codes
from app.rules import sources as src
from app.rules.deadlines import DeadlineInputs, compute_deadlines
from app.rules.holidays_us import day_note, roll_note
from app.rules.say import Cash, Day, Say
from app.services import said_json
from app.services.cases import CASES, create_case, open_case, save_answer

ROOT = Path(__file__).resolve().parents[1]
POT = ROOT / "app" / "translations" / "messages.pot"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "denial_codes_es"
# The files whose messages are this part's (deadlines, sources, denial codes, replies).
AREA = (
    "app/rules/deadlines.py",
    "app/rules/deadline_rule.py",
    "app/rules/gov_deadlines.py",
    "app/rules/holidays_us.py",
    "app/rules/sources.py",
    "app/rules/denial_codes.py",
    "app/present/remarks.py",
    "app/documents/calendar_words.py",
)
# Every kind of deadline, a denial code, passed dates and the plan kinds' notes.
NAMES = (
    "employer_visited_hsa_paid_with_card",
    "employer_filed",
    "employer_first_denial_not_necessary",
    "employer_lost_final_internal_decision",
    "employer_second_level_offered",
    "employer_unsure_about_the_level",
    "denied_provider_type",
    "denied_not_sure_why",
    "medicare_denied",
    "medicare_visited_with_second_plan",
    "medicare_advantage_first_denial",
    "medicaid_managed_care_denial",
    "medicaid_state_program_denial",
    "medicaid_plan_kept_its_no",
    "car_accident",
    "work_injury",
    "preapproval_denied_step_therapy",
)
PERSONAS_HERE = [p for p in PERSONAS if p.name in NAMES]
TODAY = date(2026, 3, 20)


@pytest.fixture
def flow_path() -> Path:
    return ROOT / "data" / "steps.yaml"


def _pieces(text: str) -> list[str]:
    """The English words of a message without its placeholders, sentence by sentence."""
    out = []
    for part in re.split(r"%\(\w+\)s", text):
        for sentence in re.split(r"(?<=[.:;])\s+", part):
            sentence = sentence.strip(" ().;:")
            if len(sentence.split()) >= 4:
                out.append(sentence)
    return out


def area_english() -> list[str]:
    """Every English sentence this part can show: its catalog messages and the denial table."""
    with POT.open("rb") as file:
        catalog = read_po(file)
    # The units' and estimate's sources are listed here but also quoted in their notes,
    # which are the money and units text's (app/rules/units.py, estimate.py).
    theirs = {src.CITE_UNITS_CMS, src.CITE_UNITS_PER_CODE, src.CITE_UNLISTED, src.CITE_ESTIMATE}
    texts = [
        str(m.id)
        for m in catalog
        if m.id
        and isinstance(m.id, str)
        and m.id not in theirs
        and any(loc in AREA for loc, _ in m.locations)
    ]
    table = denial_codes.load_table()
    for entry in [*table.groups.values(), *table.codes.values(), *table.remarks.values()]:
        texts.append(entry.plain)
        texts += getattr(entry, "next_steps", [])
        texts.append(getattr(entry, "external_review_note", ""))
    return sorted({piece for text in texts for piece in _pieces(text)})


def test_area_english_is_found() -> None:
    pieces = area_english()
    assert "Ask your plan to look again (internal appeal) by" in pieces
    assert "The insurer says you did not need this care for medical reasons" in pieces
    assert "Your plan's step-therapy rules and its exception process" in pieces
    assert len(pieces) > 150


def test_no_english_from_rules_on_spanish_pages(app: FastAPI, client: TestClient) -> None:
    """Results, print, check, each question page (replies), papers and the calendar file."""
    assert len(PERSONAS_HERE) == len(NAMES)
    pieces = area_english()
    left: dict[str, str] = {}
    for persona in PERSONAS_HERE:
        token = spanish_case(app, persona)
        for path, text in pages_of(client, token):
            if path.startswith(("letter-details", "superbill")):
                continue
            flat = " ".join(text.split())
            for piece in pieces:
                if piece in flat:
                    left.setdefault(piece, f"{persona.name} {path}")
            for sentence in english_sentences(text):
                if any(sentence in p or p in sentence for p in pieces):
                    left.setdefault(sentence, f"{persona.name} {path}")
    assert left == {}


# --- Specific Spanish, and the English as it was ---------------------------------------------


def test_weekend_and_holiday_notes_in_spanish() -> None:
    note = day_note(date(2026, 5, 31))  # a Sunday
    assert str(note) == "This is a Sunday. Offices may be closed: file by Friday, May 29."
    assert say(note, "es") == (
        "Ese día es un domingo. Las oficinas pueden estar cerradas: mándelo a más tardar el "
        "viernes, 29 de mayo."
    )
    rolled = roll_note(date(2026, 7, 12), date(2026, 7, 13))
    assert str(rolled) == (
        "July 12 is a Sunday, so the deadline moves to the next working day, Monday, July 13."
    )
    assert say(rolled, "es").startswith("El 12 de julio es un domingo.")
    july4 = say(day_note(date(2026, 7, 3)), "es")  # Independence Day observed on Friday
    assert "el día libre federal por el Día de la Independencia" in july4


def test_deadline_label_note_and_citation_in_spanish() -> None:
    report = compute_deadlines(
        DeadlineInputs(plan_type="employer", denial_date=date(2026, 3, 10)),
        today=date(2026, 3, 20),
    )
    (appeal,) = report.deadlines
    assert str(appeal.label) == "Ask your plan to look again (internal appeal) by"
    assert say(appeal.label, "es").startswith("Pida a su plan que revise otra vez")
    assert say(appeal.note, "es").startswith(
        "Tiene por lo menos 180 días desde que le llega la carta de rechazo."
    )
    assert say(src.CITE_INTERNAL_APPEAL, "es") == (
        "29 CFR 2560.503-1(h)(3)(i) (por lo menos 180 días para apelar)"
    )
    assert say(src.CITE_LEVELS_GROUP, "es") == (
        "29 CFR 2560.503-1(c)(2)(ii) (planes de grupo: dos niveles de apelación como máximo)"
    )
    assert [say(n, "es") for n in report.notes] == [
        "La ley de su estado le puede dar más tiempo. Los papeles de su plan lo explican."
    ]


def test_sources_read_as_they_did_in_english() -> None:
    assert str(src.RULES["hsa_tax"]) == (
        "IRC §223(d)(2)(A) (HSA money is tax-free only for costs not paid by insurance); "
        "IRC §223(f)(4) (20% extra tax); IRS Notice 2004-50, Q&A-37 (mistaken payments)"
    )
    assert say(src.RULES["hsa_tax"], "es").startswith("IRC §223(d)(2)(A) (el dinero de la HSA")
    assert "20% de impuesto extra" in say(src.RULES["hsa_tax"], "es")
    assert say(src.RULES["auto_first"], "es") == (
        "Su póliza de auto (PIP o MedPay) y la ley de seguros de auto de su estado"
    )


def test_spanish_results_page_explains_the_denial_code(app: FastAPI, client: TestClient) -> None:
    persona = next(p for p in PERSONAS if p.name == "employer_first_denial_not_necessary")
    token = spanish_case(app, persona)
    page = BeautifulSoup(client.get(f"/c/{token}/results?lang=es").text, "html.parser")
    numbers = page.select_one("#numbers")
    assert numbers is not None
    plain = numbers.select_one(".denial-plain")
    assert plain is not None
    assert plain.get_text(strip=True).startswith(
        "La aseguradora dice que usted no necesitaba esta atención por razones médicas."
    )
    raw = numbers.select_one(".denial-raw")
    assert raw is not None and raw.select_one('[lang="en"]') is not None
    assert raw.get_text().startswith("Las palabras oficiales")
    assert "no deemed" not in visible(str(raw))
    steps = [li.get_text(strip=True) for li in numbers.select(".number-notes li")]
    assert "Apele. Mande la receta de su médico y las notas de sus visitas." in steps
    cited = numbers.select_one("#how-we-got-this")
    assert cited is not None and "Qué quiere decir su código de rechazo:" in cited.get_text()
    assert "Lista de X12 de códigos de razón" in cited.get_text()


def test_spanish_calendar_events(app: FastAPI, client: TestClient) -> None:
    persona = next(p for p in PERSONAS if p.name == "employer_first_denial_not_necessary")
    token = spanish_case(app, persona)
    text = calendar_text(client.get(f"/c/{token}/deadlines.ics?lang=es").content)
    assert "Pida a su plan que revise otra vez (apelación interna, internal appeal)" in text
    assert "Regla: 29 CFR 2560.503-1(h)(3)(i) (por lo menos 180 días para apelar)" in text
    english = calendar_text(client.get(f"/c/{token}/deadlines.ics?lang=en").content)
    assert "Ask your plan to look again (internal appeal) by today" in english


def test_denial_texts_in_spanish_are_plain() -> None:
    data = yaml.safe_load((ROOT / "data" / "denial_codes.es.yaml").read_text(encoding="utf-8"))
    texts: list[tuple[str, str]] = []
    for section in ("groups", "codes", "remarks"):
        for code, entry in data[section].items():
            texts.append((f"{section}.{code}.plain", entry["plain"]))
            texts += [(f"{section}.{code}.step", s) for s in entry.get("next_steps", [])]
            if entry.get("external_review_note"):
                texts.append((f"{section}.{code}.note", entry["external_review_note"]))
    assert_plain_spanish(texts)


# --- The Spanish file of the denial table is checked ---------------------------------------


def _table_with(tmp_path: Path, fixture: str) -> Path:
    table = tmp_path / "denial_codes.yaml"
    shutil.copy(ROOT / "data" / "denial_codes.yaml", table)
    shutil.copy(FIXTURES / fixture, tmp_path / "denial_codes.es.yaml")
    return table


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("missing.yaml", r"denial_codes\.es\.yaml:\d+: codes: code 50 is missing"),
        ("stale.yaml", r"denial_codes\.es\.yaml:\d+: codes: code 999 is not in the table"),
        ("steps.yaml", r"denial_codes\.es\.yaml:\d+: 50 has 1 next steps; the English has 3"),
        ("note.yaml", r"denial_codes\.es\.yaml:\d+: 96 external_review_note"),
    ],
)
def test_denial_translation_out_of_step_names_file_and_line(
    tmp_path: Path, fixture: str, message: str
) -> None:
    with pytest.raises(denial_codes.DenialTranslationError, match=message) as caught:
        denial_codes.translations("es", _table_with(tmp_path, fixture))
    where = re.search(r"denial_codes\.es\.yaml:(\d+)", str(caught.value))
    assert where is not None
    line = int(where.group(1))
    lines = (FIXTURES / fixture).read_text(encoding="utf-8").splitlines()
    expected = {"missing.yaml": "codes:", "stale.yaml": '"999":', "steps.yaml": '"50":'}
    expected["note.yaml"] = '"96":'
    assert lines[line - 1].strip() == expected[fixture]


def test_an_unknown_remark_code_is_explained_in_spanish() -> None:
    info = denial_codes.lookup("N999")
    text = denial_codes.said(info.plain, info.code)
    assert str(text) == info.plain
    assert say(text, "es").startswith("N999 es un código de nota (remark code).")


def test_the_real_spanish_file_is_in_step() -> None:
    words = denial_codes.translations("es")
    info = denial_codes.lookup("CO-50")
    assert words[info.reason_plain].startswith("La aseguradora dice que usted no necesitaba")
    assert all(step in words for step in info.next_steps)


# --- Replies kept with the case ---------------------------------------------------------------


def test_replies_are_stored_as_messages_and_read_back() -> None:
    reply = Say(
        "%(label)s %(date)s.",
        label=Say("Send your claim to the insurer by"),
        date=Day(date(2026, 5, 29), "short"),
    )
    money = Say("You pay %(amount)s.", amount=Cash(Decimal("35.00"), whole=True))
    for text in (reply, money, "Plain English words", Say("x %(n)s", n=3)):
        assert said_json.decode(said_json.encode(text)) == text
    with pytest.raises(ValueError):
        said_json.decode({"nothing": 1})


def test_stored_replies_are_read_back_one_at_a_time() -> None:
    good = said_json.encode(Say("You pay %(amount)s.", amount=Cash(Decimal("35.00"))))
    raw = {"fee": [good], "damaged": [{"nothing": 1}], "plain": ["Plain English words"]}
    stored = said_json.StoredSaid(raw)
    assert list(stored) == ["fee", "damaged", "plain"] and "damaged" in stored
    assert stored["fee"] == [Say("You pay %(amount)s.", amount=Cash(Decimal("35.00")))]
    assert stored["damaged"] == []  # nothing said; the answers around it still show
    assert stored["plain"] == ["Plain English words"]
    # Saving again writes back what was stored, read or not, without wording anything.
    assert said_json.encode_all(stored) == raw
    assert said_json.encode_all({"fee": list(stored["fee"])}) == {"fee": [good]}


def test_a_case_saved_with_english_replies_opens_in_spanish(
    app: FastAPI, client: TestClient
) -> None:
    persona = next(p for p in PERSONAS if p.name == "employer_first_denial_not_necessary")
    flow = app.state.flow
    with app.state.db.connect() as session:  # saved as the pages save: replies kept
        token = create_case(session).token.text
        view = open_case(session, token)
        assert view is not None
        for step_id, value in auto_answers(flow, persona.prefs).items():
            view = save_answer(session, view, flow, step_id, value, said=said_for(flow, TODAY))
    # The reply after the letter's date shows on the question pages after it.
    path = list(
        dict.fromkeys(
            re.findall(rf"/c/{token}/step/(\w+)", client.get(f"/c/{token}/check?lang=es").text)
        )
    )
    after_date = path[path.index("denial_date") + 1]
    step = f"/c/{token}/step/{after_date}?lang=es"
    before = visible(client.get(step).text)
    assert "Su fecha límite para apelar:" in before
    # Rewrite the stored blob as the previous version kept it: English sentences.
    link = parse_token(token)
    assert link is not None
    with app.state.db.engine.begin() as conn:
        row = conn.execute(CASES.select()).mappings().all()
        mine = next(r for r in row if r["lookup_hash"] == link.lookup_hash)
        data = open_sealed(link, mine["blob"])
        assert isinstance(data["said"]["denial_date"][0], dict)  # stored as a message
        data["answers_version"] = 2
        data["said"] = {k: [str(said_json.decode(x)) for x in v] for k, v in data["said"].items()}
        conn.execute(CASES.update().where(CASES.c.id == mine["id"]).values(blob=seal(link, data)))
    after = visible(client.get(step).text)
    assert "Your appeal deadline" not in after
    assert "Su fecha límite para apelar:" in after
    response = client.get(f"/c/{token}/step/{after_date}?lang=en")
    english = BeautifulSoup(response.text, "html.parser").get_text(" ")
    assert "Your appeal deadline:" in english
