"""The patient's language on the real app: chosen once per request (`?lang=`, the case, the
invite, Accept-Language, English), kept in the case across devices, shown in `<html lang>`
and offered as a plain switch link on every patient page; the flow in that language, with
answers saved as the same values; a broken translation stops start-up."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import MINI_FLOW, WizardClient, make_settings
from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_staff_support import Staff, add_staff, prepare

from app.core.clock import local_today
from app.core.i18n import translator
from app.flows.answers import AnswerError
from app.flows.loader import FlowFileError
from app.flows.types.entry import DateKind
from app.flows.types.typed_date import EXAMPLE, NOT_A_DATE, read_date
from app.main import create_app
from app.services.cases import open_case
from app.services.stats import SMALL_TEXT, Bump, Kind, bump

TRANSLATIONS = Path(__file__).parent / "fixtures" / "translations"
SPANISH_START = "¿En qué punto está con su tratamiento?"
ENGLISH_START = "Where are you with your care?"
INVITE_LINK = re.compile(r"http://testserver/i/([A-Za-z0-9_-]{43})")


def flow_with(tmp_path: Path, translation: str) -> Path:
    """The mini flow with a Spanish file beside it, as data/steps.es.yaml sits by steps.yaml."""
    folder = tmp_path / "flow"
    folder.mkdir(exist_ok=True)
    shutil.copy(MINI_FLOW, folder / "mini.yaml")
    shutil.copy(TRANSLATIONS / translation, folder / "mini.es.yaml")
    return folder / "mini.yaml"


@pytest.fixture
def flow_path(tmp_path: Path) -> Path:
    return flow_with(tmp_path, "good.es.yaml")


def soup(response: object) -> BeautifulSoup:
    return BeautifulSoup(getattr(response, "text", ""), "html.parser")


def html_lang(response: object) -> str:
    return str(soup(response).html["lang"])


def switch(response: object) -> tuple[str, str, str]:
    """The language switch: (its text, the lang of that text, where it goes)."""
    link = soup(response).select_one(".language-switch a[href]")
    assert link is not None, "no language switch on the page"
    return link.get_text(strip=True), str(link["lang"]), str(link["href"])


def question(response: object) -> str:
    heading = soup(response).select_one("h1#question")
    assert heading is not None
    return heading.get_text(strip=True)


def start(wizard: WizardClient, *, lang: str | None = None, **headers: str) -> str:
    """Start a case from the landing page as a browser would; the first question's URL."""
    wizard.get("/", headers=headers)
    data = {"csrf_token": wizard.csrf, **({"lang": lang} if lang else {})}
    response = wizard.client.post("/start", data=data, headers=headers)
    assert response.status_code == 303
    wizard.url = response.headers["location"]
    wizard.token = wizard.url.split("/")[2]
    return wizard.url


def case_lang(app: FastAPI, token: str) -> str:
    with app.state.db.connect() as conn:
        view = open_case(conn, token)
    assert view is not None
    return view.data.lang


# --- Choosing -----------------------------------------------------------------------------


def test_first_visit_follows_accept_language(client: TestClient) -> None:
    spanish = client.get("/", headers={"Accept-Language": "es-US,es;q=0.9,en;q=0.5"})
    assert html_lang(spanish) == "es"
    assert soup(spanish).h1.get_text() == (
        "Que su seguro le devuelva lo que pagó por masajes y tratamiento del dolor"
    )
    assert switch(spanish) == ("English", "en", "/?lang=en")
    english = client.get("/", headers={"Accept-Language": "fr-FR,en;q=0.5"})
    assert html_lang(english) == "en" and switch(english) == ("Español", "es", "/?lang=es")
    assert html_lang(client.get("/")) == "en"  # no header: English


def test_the_query_wins_over_the_browser(client: TestClient) -> None:
    page = client.get("/?lang=es", headers={"Accept-Language": "en-US"})
    assert html_lang(page) == "es"
    assert html_lang(client.get("/?lang=en", headers={"Accept-Language": "es"})) == "en"
    assert html_lang(client.get("/?lang=xx", headers={"Accept-Language": "es"})) == "es"


def test_the_switch_keeps_the_rest_of_the_query(client: TestClient) -> None:
    _, _, href = switch(client.get("/?a=1&lang=en&b=2"))
    assert href == "/?a=1&b=2&lang=es"


def test_a_case_starts_in_the_page_language_and_asks_in_it(
    app: FastAPI, wizard: WizardClient
) -> None:
    url = start(wizard, lang="es", **{"Accept-Language": "en-US"})
    assert case_lang(app, wizard.token) == "es"
    page = wizard.get(url)
    assert html_lang(page) == "es" and question(page) == SPANISH_START
    labels = [label.get_text(strip=True) for label in soup(page).select("label")]
    assert "Me negaron el reclamo (claim)." in labels
    text, lang, href = switch(page)
    assert (text, lang, href) == ("English", "en", f"{url}?lang=en")


def test_a_case_started_without_a_choice_follows_the_browser(
    app: FastAPI, wizard: WizardClient
) -> None:
    start(wizard, **{"Accept-Language": "es"})
    assert case_lang(app, wizard.token) == "es"


def test_the_case_language_opens_on_a_new_device(app: FastAPI, wizard: WizardClient) -> None:
    url = start(wizard, lang="es")
    with TestClient(app, follow_redirects=False) as other_device:
        page = other_device.get(url, headers={"Accept-Language": "en-US,en"})
        assert html_lang(page) == "es" and question(page) == SPANISH_START
        resumed = other_device.get(f"/c/{wizard.token}", headers={"Accept-Language": "en"})
        assert resumed.headers["location"] == url


def test_lang_in_the_link_is_saved_in_the_case(app: FastAPI, wizard: WizardClient) -> None:
    url = start(wizard, lang="es")
    assert html_lang(wizard.get(f"{url}?lang=en")) == "en"
    assert case_lang(app, wizard.token) == "en"
    with TestClient(app, follow_redirects=False) as other_device:
        page = other_device.get(url, headers={"Accept-Language": "es"})
        assert html_lang(page) == "en" and question(page) == ENGLISH_START


def test_a_page_view_in_the_case_language_writes_nothing(
    app: FastAPI, wizard: WizardClient
) -> None:
    url = start(wizard, lang="es")
    with app.state.db.connect() as conn:
        before = open_case(conn, wizard.token)
    wizard.get(url)
    wizard.get(f"{url}?lang=es")  # already Spanish: no write
    with app.state.db.connect() as conn:
        after = open_case(conn, wizard.token)
    assert before is not None and after is not None and after.revision == before.revision


def test_answers_are_saved_as_the_same_values_in_any_language(
    app: FastAPI, wizard: WizardClient
) -> None:
    start(wizard, lang="es")
    wizard.get(wizard.url)
    wizard.answer("denied")
    assert html_lang(wizard.get(wizard.url)) == "es"
    with app.state.db.connect() as conn:
        view = open_case(conn, wizard.token)
    assert view is not None and view.data.answers == {"stage": "denied"}
    said = " ".join(line for lines in (view.data.said or {}).values() for line in lines)
    assert "¿" not in said and "reclamo" not in said  # what is stored holds no Spanish


def test_a_bad_answer_in_spanish_keeps_the_page_spanish(wizard: WizardClient) -> None:
    start(wizard, lang="es")
    wizard.get(wizard.url)
    refused = wizard.answer("not-a-choice")
    assert refused.status_code == 422
    assert html_lang(refused) == "es" and question(refused) == SPANISH_START


def test_an_unknown_link_shows_its_page_in_the_browser_language(client: TestClient) -> None:
    missing = client.get("/c/" + "x" * 43 + "/step/stage", headers={"Accept-Language": "es"})
    assert missing.status_code == 404 and html_lang(missing) == "es"
    assert soup(missing).h1.get_text() == "No pudimos abrir este enlace"
    assert switch(missing)[:2] == ("English", "en")
    nowhere = client.get("/nowhere?lang=es")
    assert nowhere.status_code == 404 and html_lang(nowhere) == "es"
    assert soup(nowhere).h1.get_text() == "No encontramos esta página"


# --- Invites ---------------------------------------------------------------------------------


def invite(app: FastAPI, language: str) -> str:
    """An invite made on the staff form with `language` chosen; its link token."""
    prepare(app)
    email = f"desk-{language}@clinic.example"
    add_staff(app, email)
    with TestClient(app, follow_redirects=False) as staff_client:
        desk = Staff(staff_client)
        desk.login(email)
        desk.get("/staff/invites/new")
        fields = {"first_name": "Ana", "session_minutes": "60", "language": language}
        created = desk.post("/staff/invites", fields)
    match = INVITE_LINK.search(created.text)
    assert match is not None, created.text
    return match.group(1)


def test_an_invite_opens_the_wizard_in_its_language(app: FastAPI, client: TestClient) -> None:
    token = invite(app, "es")
    welcome = client.get(f"/i/{token}", headers={"Accept-Language": "en-US"})
    assert html_lang(welcome) == "es"
    assert soup(welcome).select_one("button[type=submit]").get_text() == "Empezar ya"
    form = soup(welcome).select_one("form.start-form")
    assert form is not None
    fields = {str(i["name"]): str(i["value"]) for i in form.select("input[type=hidden]")}
    started = client.post(f"/i/{token}", data=fields, headers={"Accept-Language": "en-US"})
    assert started.status_code == 303
    your_link = client.get(started.headers["location"], headers={"Accept-Language": "en"})
    assert html_lang(your_link) == "es" and switch(your_link)[:2] == ("English", "en")
    case_token = started.headers["location"].split("/")[2]
    assert case_lang(app, case_token) == "es"
    first = client.get(f"/c/{case_token}", headers={"Accept-Language": "en"})
    assert html_lang(client.get(first.headers["location"])) == "es"
    used = TestClient(app).get(f"/i/{token}")
    assert used.status_code == 410 and html_lang(used) == "es"


def test_the_query_wins_over_the_invite(app: FastAPI, client: TestClient) -> None:
    token = invite(app, "es")
    assert html_lang(client.get(f"/i/{token}?lang=en")) == "en"


# --- Every patient page ---------------------------------------------------------------------


def finished(wizard: WizardClient, lang: str) -> WizardClient:
    start(wizard, lang=lang)
    wizard.get(wizard.url)
    for value in ("planning", "yes", None):
        wizard.answer(value)
    assert wizard.url.endswith("/results")
    return wizard


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_patient_page_has_html_lang_and_the_switch(
    app: FastAPI, wizard: WizardClient, lang: str
) -> None:
    other = {"en": ("Español", "es"), "es": ("English", "en")}[lang]
    finished(wizard, lang)
    case = wizard.case_path
    token = invite(app, lang)
    pages = {
        "landing": f"/?lang={lang}",
        "question": f"{case}/step/stage",
        "check": f"{case}/check",
        "results": f"{case}/results",
        "letter details": f"{case}/letter-details",
        "invite": f"/i/{token}",
        "bad invite": f"/i/{'y' * 43}?lang={lang}",
        "bad case link": f"/c/{'x' * 43}?lang={lang}",
        "not found": f"/nowhere?lang={lang}",
    }
    for name, url in pages.items():
        response = wizard.client.get(url)
        assert response.status_code in (200, 404), (name, response.status_code)
        assert html_lang(response) == lang, name
        text, link_lang, href = switch(response)
        assert (text, link_lang) == other, name
        assert href.startswith(url.split("?")[0]) and href.endswith(f"lang={other[1]}"), name


def test_the_switch_is_a_plain_link_that_changes_the_page(
    app: FastAPI, wizard: WizardClient
) -> None:
    finished(wizard, "en")
    _, _, href = switch(wizard.get(f"{wizard.case_path}/results"))
    spanish = wizard.get(href)
    assert spanish.status_code == 200 and html_lang(spanish) == "es"
    assert case_lang(app, wizard.token) == "es"


def test_staff_pages_have_no_patient_switch(app: FastAPI, client: TestClient) -> None:
    login = client.get("/staff/login", headers={"Accept-Language": "es"})
    assert html_lang(login) == "en"
    assert soup(login).select_one(".language-switch") is None


# --- Start-up -------------------------------------------------------------------------------


def test_the_app_has_one_flow_per_language(app: FastAPI) -> None:
    flows = app.state.flows
    assert set(flows) == {"en", "es"} and flows["en"] is app.state.flow
    assert [s.id for s in flows["es"].tree.steps] == [s.id for s in flows["en"].tree.steps]
    assert flows["es"].step("stage").text == SPANISH_START


def test_no_translation_file_means_english_only(tmp_path: Path, migrated_db: Path) -> None:
    shutil.copy(migrated_db, tmp_path / "covnav.db")
    app = create_app(make_settings(tmp_path, MINI_FLOW))
    try:
        assert set(app.state.flows) == {"en"}
        with TestClient(app) as client:
            page = client.get("/", headers={"Accept-Language": "es"})
            assert html_lang(page) == "es"  # the pages are Spanish; the questions stay English
    finally:
        app.state.db.engine.dispose()


@pytest.mark.parametrize(
    ("fixture", "code"),
    [("tr112_placeholder.es.yaml", "TR112"), ("tr100_not_a_mapping.es.yaml", "TR100")],
)
def test_a_broken_translation_stops_start_up(
    tmp_path: Path, migrated_db: Path, fixture: str, code: str
) -> None:
    shutil.copy(migrated_db, tmp_path / "covnav.db")
    flow = flow_with(tmp_path, fixture)
    with pytest.raises(FlowFileError) as failed:
        create_app(make_settings(tmp_path, flow))
    assert re.search(rf"mini\.es\.yaml:\d+:\d+: {code} ", str(failed.value)), str(failed.value)


def test_a_missing_string_stops_start_up_except_in_development(
    tmp_path: Path, migrated_db: Path
) -> None:
    shutil.copy(migrated_db, tmp_path / "covnav.db")
    flow = flow_with(tmp_path, "tr110_missing.es.yaml")
    with pytest.raises(
        FlowFileError, match=r"mini\.es\.yaml:\d+:\d+: TR110|mini\.yaml:\d+:\d+: TR110"
    ):
        create_app(make_settings(tmp_path, flow))
    app = create_app(make_settings(tmp_path, flow, env="development", password_hashing="standard"))
    try:
        assert "es" in app.state.flows
    finally:
        app.state.db.engine.dispose()


# --- Staff ------------------------------------------------------------------------------------


@pytest.fixture
def owner(app: FastAPI, client: TestClient) -> Iterator[Staff]:
    prepare(app)
    add_staff(app, "owner@clinic.example", admin=True)
    staff = Staff(client)
    staff.login("owner@clinic.example")
    yield staff


def language_table(staff: Staff) -> dict[str, list[str]]:
    page = soup(staff.get("/staff/stats?days=7"))
    head = [th.get_text() for th in page.select(".language-table thead th")]
    assert head == ["Count", "English", "Español"]
    return {
        row.th.get_text(): [td.get_text() for td in row.select("td")]
        for row in page.select(".language-table tbody tr")
    }


def test_stats_split_by_language_with_small_counts_hidden(app: FastAPI, owner: Staff) -> None:
    today = local_today(app.state.settings.clinic_timezone)
    with app.state.db.connect() as conn:
        bump(conn, [Bump(Kind.started)] * 9 + [Bump(Kind.results)] * 7, day=today, lang="en")
        bump(conn, [Bump(Kind.started)] * 6 + [Bump(Kind.results)] * 3, day=today, lang="es")
        bump(conn, [Bump(Kind.printed)] * 3 + [Bump(Kind.downloaded)] * 3, day=today, lang="es")
        conn.commit()
    rows = language_table(owner)
    assert rows["Started"] == ["9", "6"]
    # 3 in Spanish is hidden, and so is English: 10 reached results - 7 would give it away.
    assert rows["Reached their results"] == [SMALL_TEXT, SMALL_TEXT]
    # None in English: 0 is small, and the 6 beside it would give it away.
    assert rows["Documents printed or downloaded"] == [SMALL_TEXT, SMALL_TEXT]


def test_the_wizard_counts_in_the_case_language(app: FastAPI, wizard: WizardClient) -> None:
    finished(wizard, "es")
    with app.state.db.connect() as conn:
        rows = conn.exec_driver_sql(
            "select kind, lang, sum(n) from funnel_count group by kind, lang"
        )
        found = {(kind, lang): n for kind, lang, n in rows}
    assert found[("started", "es")] == 1 and found[("results", "es")] == 1
    assert not any(lang == "en" for _, lang in found)


# --- Messages from Python -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "typed", "shown"),
    [
        ("es", "02/30/2026", "Revise el día: el mes de febrero de 2026 tiene solo 28 días."),
        ("en", "02/30/2026", "February 2026 has only 28 days. Please check the day."),
        ("es", "soon", "Escriba una fecha que exista, con el mes primero, como 03/15/2026."),
        ("en", "soon", "Please enter a real date, like 03/15/2026."),
    ],
)
def test_a_refused_answer_says_why_in_the_case_language(
    wizard: WizardClient, lang: str, typed: str, shown: str
) -> None:
    start(wizard, lang=lang)
    wizard.get(wizard.url)
    wizard.answer("denied")
    assert wizard.url.endswith("/step/denial_date")
    refused = wizard.answer(typed)
    assert refused.status_code == 422 and html_lang(refused) == lang
    assert shown in soup(refused).get_text(" ", strip=True)


def test_answer_errors_keep_their_english_and_translate_with_their_values() -> None:
    error = AnswerError("Please enter %(number)s or more.", number="2")
    assert str(error) == "Please enter 2 or more."
    assert error.text(translator("es").gettext) == "Escriba 2 o más."
    assert error.text(translator("en").gettext) == "Please enter 2 or more."
    plain = AnswerError("Please pick from the list.")
    assert plain.text(translator("es").gettext) == "Elija de la lista, por favor."


def test_the_date_example_in_messages_is_the_one_the_reader_reads() -> None:
    # The messages are literals so `make messages` can extract them; they name EXAMPLE.
    assert EXAMPLE in NOT_A_DATE and EXAMPLE in DateKind.hint
    assert read_date(EXAMPLE).isoformat() == "2026-03-15"


def test_the_typing_hint_is_in_the_case_language(wizard: WizardClient) -> None:
    start(wizard, lang="es")
    wizard.get(wizard.url)
    page = wizard.answer("denied")
    hint = soup(page).select_one("#hint")
    assert hint is not None and hint.get_text() == "Mes, día y año, como 03/15/2026."
