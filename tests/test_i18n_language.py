"""Which language a patient gets: `?lang=`, then the case's choice, then the invite's
language, then Accept-Language; and the case keeping its language on any device."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from app.core.i18n import from_accept_language, language_of, pick_language
from app.services.cases import CaseData, create_case, open_case, save_answer, set_language


@pytest.mark.parametrize(
    ("query", "case", "invite", "header", "chosen"),
    [
        (None, None, None, None, "en"),  # nothing known: English
        ("es", "en", "en", "en-US", "es"),  # the link's ?lang= wins over everything
        ("en", "es", "es", "es", "en"),
        ("ES", None, None, None, "es"),  # any case, a region tag
        ("es-MX", None, None, None, "es"),
        ("fr", "es", None, None, "es"),  # an unknown ?lang= is ignored
        ("", "es", None, None, "es"),
        (None, "es", "en", "en", "es"),  # the case's choice, on any device
        (None, "en", "es", "es", "en"),
        (None, None, "es", "en-US,en", "es"),  # then the invite's language
        (None, None, "xx", "es-419,es;q=0.9", "es"),  # then the browser
        (None, None, None, "fr-FR,fr;q=0.9", "en"),  # a browser we cannot serve: English
    ],
)
def test_pick_language_order(
    query: str | None, case: str | None, invite: str | None, header: str | None, chosen: str
) -> None:
    assert pick_language(query, case, invite, header) == chosen


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("es", "es"),
        ("es-US,es;q=0.9,en-US;q=0.8,en;q=0.7", "es"),
        ("en-US,en;q=0.9,es;q=0.8", "en"),
        ("fr-CA, es;q=0.5, en;q=0.4", "es"),  # the first we have, by quality
        ("en;q=0.5, es;q=0.6", "es"),
        ("es;q=0.8, en;q=0.8", "es"),  # equal quality: the order given
        ("es;q=0, en;q=0.1", "en"),  # q=0 means "not this one"
        ("es;Q=1.0", "es"),
        ("es;level=1;q=0.9, en;q=0.5", "es"),  # other parameters are ignored
        ("es;q=2, en;q=0.3", "en"),  # an invalid quality is not wanted
        ("es;q=nan, en;q=0.3", "en"),
        ("*", None),
        ("*, es;q=0.1", "es"),
        ("", None),
        (";;;,,,", None),
        ("e" * 600 + ",es", None),  # only the start of a huge header is read
        (",".join(["fr"] * 30) + ",es", None),
    ],
)
def test_accept_language(header: str, chosen: str | None) -> None:
    assert from_accept_language(header) == chosen


def test_language_codes() -> None:
    assert [language_of(v) for v in ("es", "ES", "es_US", "es-419", "en-GB")] == [
        "es",
        "es",
        "es",
        "es",
        "en",
    ]
    assert [language_of(v) for v in (None, "", "spanish", "e", "es-", "es/x", "--")] == [None] * 7


def test_case_data_keeps_its_language() -> None:
    assert CaseData().lang == "en"
    assert CaseData().to_json()["lang"] == "en"
    spanish = CaseData(answers={"stage": "denied"}, lang="es")
    assert CaseData.from_json(spanish.to_json()) == spanish


@pytest.mark.parametrize("stored", [None, "", "fr", "ES", "es-MX", 5, ["es"], {"es": 1}])
def test_unknown_stored_languages_read_as_english(stored: Any) -> None:
    raw = {**CaseData(answers={"a": "b"}).to_json(), "lang": stored}
    assert CaseData.from_json(raw).lang == "en"
    assert CaseData.from_json(raw).answers == {"a": "b"}


def test_a_case_saved_before_languages_opens_in_english() -> None:
    old = {k: v for k, v in CaseData(answers={"a": "b"}).to_json().items() if k != "lang"}
    assert CaseData.from_json(old) == CaseData(answers={"a": "b"})


def test_case_language_is_sealed_kept_and_changed_only_when_it_differs(app: FastAPI) -> None:
    with app.state.db.connect() as conn:
        view = create_case(conn, lang="es")
        token = view.token.text
        opened = open_case(conn, token)
        assert opened is not None and opened.data.lang == "es"
        same = set_language(conn, opened, "es")
        assert same is opened  # no write
        english = set_language(conn, opened, "en")
        assert english.revision == opened.revision + 1
        reopened = open_case(conn, token)
        assert reopened is not None and reopened.data.lang == "en"
        answered = save_answer(conn, reopened, app.state.flow, app.state.flow.tree.start, "denied")
        assert answered.data.lang == "en"  # other saves keep it
        with pytest.raises(ValueError, match="unsupported language 'fr'"):
            set_language(conn, reopened, "fr")
        assert create_case(conn, lang="klingon").data.lang == "en"
