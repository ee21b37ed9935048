"""Render a document's HTML from its template: the one path for the print page and the PDF."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.core.i18n import DEFAULT, translator
from app.core.templating import language_context
from app.documents.catalog import DocSpec
from app.documents.context import DocInputs, Mode, build_context
from app.documents.pdf import PageSize, render_pdf, render_pdf_async
from app.present.format import FILTERS

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"


def _finalize(value: Any) -> Any:
    """A safety net: a missing value prints nothing, never "None" (templates draw blanks)."""
    return "" if value is None else value


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(("html",), default_for_string=True),
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        extensions=["jinja2.ext.i18n"],
    )
    english = translator(DEFAULT)
    cast(Any, env).install_gettext_callables(english.gettext, english.ngettext, newstyle=True)
    env.globals["lang"] = DEFAULT
    env.filters.update(FILTERS)
    return env


def render_html(doc: DocSpec, inputs: DocInputs, mode: Mode, **links: str | None) -> str:
    """The document as a full HTML page.

    `links` (html mode only): css_href, pdf_href, back_href, details_href. The texts around
    the patient's own words are in the case's language (`inputs.lang`); a letter to an
    insurer or doctor stays English, with a copy in the patient's language after it.
    """
    ctx = {**language_context(inputs.lang), **build_context(doc, inputs, mode)}
    ctx.update({"css_href": "", "pdf_href": "", "back_href": None, "details_href": None, **links})
    return environment().get_template(doc.template).render(ctx)


def document_pdf(doc: DocSpec, inputs: DocInputs, size: PageSize = "letter") -> bytes:
    return render_pdf(render_html(doc, inputs, "pdf"), size=size, lang=inputs.lang)


async def document_pdf_async(doc: DocSpec, inputs: DocInputs, size: PageSize = "letter") -> bytes:
    """Build the HTML (fast) here, and render the PDF (slow) in a worker thread."""
    return await render_pdf_async(render_html(doc, inputs, "pdf"), size=size, lang=inputs.lang)
