"""Words put into templates when they are compiled read exactly as run-time gettext would:
translated, values escaped and formatted, "%%" a single percent sign, plurals untouched."""

from __future__ import annotations

import jinja2
import pytest

from app.core.template_words import WordsEnvironment

CATALOG = {"Hello": "Hola", "Pay %(amount)s": "Pague %(amount)s", "100%% yours": "100%% suyo"}


def render(source: str, autoescape: bool = True, **values: object) -> str:
    env = WordsEnvironment(
        lambda m: CATALOG.get(m, m), autoescape=autoescape, extensions=["jinja2.ext.i18n"]
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda m: "RUN TIME", lambda s, p, n: "RUN TIME", newstyle=True
    )
    return env.from_string(source).render(**values)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('{{ _("Hello") }}', "Hola"),
        ('{{ gettext("Hello") }}', "Hola"),
        ("{% trans %}Hello{% endtrans %}", "Hola"),
        ('{{ _("Pay %(amount)s", amount=x) }}', "Pague &lt;b&gt;"),
        ("{% trans amount=x %}Pay {{ amount }}{% endtrans %}", "Pague &lt;b&gt;"),
        ('{{ _("100%% yours") }}', "100% suyo"),
        ('{{ _("Not in the catalog") }}', "Not in the catalog"),
        ('{{ _("Hello") | urlencode }}', "Hola"),
    ],
)
def test_words_are_put_in_when_compiled(source: str, expected: str) -> None:
    assert render(source, x="<b>") == expected


def test_a_message_known_only_at_run_time_is_still_a_call() -> None:
    assert render("{{ _(name) }}", name="Hello") == "RUN TIME"
    assert render('{{ ngettext("%(num)d visit", "%(num)d visits", n) }}', n=2) == "RUN TIME"


def test_without_autoescape_values_are_not_escaped() -> None:
    assert render('{{ _("Pay %(amount)s", amount=x) }}', autoescape=False, x="<b>") == "Pague <b>"


def test_translated_text_is_safe_markup_like_new_style_gettext() -> None:
    env = WordsEnvironment(lambda m: "<em>Hola</em>", autoescape=True)
    assert env.from_string('{{ _("Hello") }}').render() == "<em>Hola</em>"
    assert isinstance(env, jinja2.Environment)


def test_a_plural_with_a_fixed_count_is_put_in_and_a_counted_one_stays_a_call() -> None:
    env = WordsEnvironment(
        lambda m: m,
        lambda one, many, n: "1 respuesta" if n == 1 else "%(num)d respuestas",
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda m: m, lambda s, p, n: "RUN TIME", newstyle=True
    )
    assert env.from_string('{{ ngettext("%(num)d answer", "%(num)d answers", 3) }}').render() == (
        "3 respuestas"
    )
    assert env.from_string('{{ ngettext("%(num)d answer", "%(num)d answers", n) }}').render(
        n=3
    ) == ("RUN TIME")
