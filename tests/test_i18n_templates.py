"""Gettext in templates: each language's compiled template (its words put in when it is
compiled), picked per request by that request's language (the real app, its middleware
and its template environments)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import jinja2
import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from app.core.i18n import pick_language
from app.core.templating import PageResponse, Templates, language_context, render

PROBE = """<html lang="{{ lang }}"><body>
<p id="yes">{{ _("Yes") }}</p>
<p id="trans">{% trans %}Skipped{% endtrans %}</p>
<p id="gettext">{{ gettext("What to do") }}</p>
<p id="range">{{ _("%(low)s to %(high)s", low=low, high=fee|money) }}</p>
<p id="plural">{{ ngettext("%(num)d visit", "%(num)d visits", 3) }}</p>
<p id="fee">{{ fee|money }}</p>
<p id="day">{{ day|full_date }}</p>
<p id="untranslated">{{ _("A sentence no catalog has") }}</p>
</body></html>"""


def probe(request: Request) -> PageResponse:
    request.state.lang = pick_language(
        request.query_params.get("lang"), accept_language=request.headers.get("accept-language")
    )
    context = {"fee": Decimal("1200"), "day": date(2026, 3, 5), "low": "<b>"}
    return render(request, "test/probe.html", context)


@pytest.fixture
def probe_client(app: FastAPI) -> TestClient:
    templates: Templates = app.state.templates
    for env in templates.envs.values():
        assert env.loader is not None
        env.loader = jinja2.ChoiceLoader(
            [jinja2.DictLoader({"test/probe.html": PROBE}), env.loader]
        )
    app.add_api_route("/test/probe", probe, methods=["GET"])
    return TestClient(app)


def lines(html: str) -> dict[str, str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return {"lang": str(soup.html["lang"])} | {  # type: ignore[index]
        str(p["id"]): p.decode_contents() for p in soup.find_all("p")
    }


def test_each_language_compiles_a_template_once_with_its_words(
    app: FastAPI, probe_client: TestClient
) -> None:
    envs = app.state.templates.envs
    english = lines(probe_client.get("/test/probe").text)
    spanish = lines(probe_client.get("/test/probe?lang=es").text)
    compiled = {lang: env.get_template("test/probe.html") for lang, env in envs.items()}
    lines(probe_client.get("/test/probe?lang=es").text)
    lines(probe_client.get("/test/probe").text)
    assert all(envs[lang].get_template("test/probe.html") is t for lang, t in compiled.items())
    code = envs["es"].compile(PROBE, raw=True)
    assert "Sin contestar" in code and "'Skipped'" not in code, "words put in at compile time"
    assert english == {
        "lang": "en",
        "yes": "Yes",
        "trans": "Skipped",
        "gettext": "What to do",
        "range": "&lt;b&gt; to $1,200.00",
        "plural": "3 visits",
        "fee": "$1,200.00",
        "day": "Thursday, March 5, 2026",
        "untranslated": "A sentence no catalog has",
    }
    assert spanish == {
        "lang": "es",
        "yes": "Sí",
        "trans": "Sin contestar",
        "gettext": "Qué hacer",
        "range": "&lt;b&gt; a $1,200.00",  # the value is escaped, the translation is not
        "plural": "3 visits",  # no Spanish for it in the catalog: the English stands
        "fee": "$1,200.00",
        "day": "jueves, 5 de marzo de 2026",
        "untranslated": "A sentence no catalog has",
    }
    again = lines(probe_client.get("/test/probe", headers={"accept-language": "es-MX,es"}).text)
    assert again == spanish
    assert lines(probe_client.get("/test/probe").text) == english  # nothing leaks over


def test_render_text_takes_a_language(app: FastAPI, probe_client: TestClient) -> None:
    templates: Templates = app.state.templates
    context = {"fee": Decimal("5"), "day": date(2026, 3, 5), "low": "1"}
    assert '<p id="yes">Sí</p>' in templates.render_text("test/probe.html", context, lang="es")
    assert '<p id="yes">Yes</p>' in templates.render_text("test/probe.html", context)
    assert '<p id="day">Thursday, March 5, 2026</p>' in templates.render_text(
        "test/probe.html", context, lang="fr"
    )


def test_language_context_is_made_once_per_language() -> None:
    assert language_context("es") is language_context("es")
    assert language_context("es")["lang"] == "es"
    assert language_context("xx")["lang"] == "en"
