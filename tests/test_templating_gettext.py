"""The remembered new-style gettext gives exactly what Jinja's own gives: Markup when the
template autoescapes, %% read as %, values escaped, and the same text the second time."""

from __future__ import annotations

from typing import Any, cast

import jinja2
import pytest

from app.core.i18n import translator
from app.core.templating import remembered_gettext

SOURCE = (
    '{{ _("Save") }}|{{ _("Please enter a number without the %% sign.") }}|'
    '{{ _("Send it by %(date)s.", date=when) }}|{% trans %}Save{% endtrans %}'
)


def rendered(gettext: Any, autoescape: bool, lang: str) -> str:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)
    chosen = translator(lang)
    cast(Any, env).install_gettext_callables(chosen.gettext, chosen.ngettext, newstyle=True)
    template = env.from_string(SOURCE)
    context = {"when": "<b>May 1</b>"}
    if gettext is not None:
        context |= {"gettext": gettext, "_": gettext}
    return template.render(context)


@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_remembered_gettext_reads_as_jinjas_own(autoescape: bool, lang: str) -> None:
    ours = remembered_gettext(translator(lang).gettext)
    expected = rendered(None, autoescape, lang)
    assert rendered(ours, autoescape, lang) == expected
    assert rendered(ours, autoescape, lang) == expected, "the second time, from memory"
    assert ("&lt;b&gt;" in expected) is autoescape
