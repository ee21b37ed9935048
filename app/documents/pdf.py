"""HTML to PDF with WeasyPrint: real text, US Letter by default, A4 on request.

Rendering is CPU-bound (50-150 ms for a page or two), so the web app calls
`render_pdf_async`, which runs it in a worker thread and never blocks the event loop.
Nothing is written to disk: the bytes go straight into the response.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Literal

from starlette.concurrency import run_in_threadpool

from app.core.i18n import DEFAULT, N_, translator

PageSize = Literal["letter", "a4"]
PAGE_SIZES: tuple[PageSize, ...] = ("letter", "a4")
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
DOCUMENT_CSS = STATIC_DIR / "css" / "documents.css"

PAGE_OF = N_("Page %(page)s of %(pages)s")  # the page number at the foot of each page

# WeasyPrint shares font caches between calls; one render at a time per process keeps it
# safe and still leaves the event loop free.
_lock = threading.Lock()


def page_size(value: str | None, default: PageSize = "letter") -> PageSize:
    """Read `?size=` leniently: anything unknown falls back to the default."""
    text = (value or "").strip().lower()
    if text == "a4":
        return "a4"
    if text in ("letter", "us", "us-letter"):
        return "letter"
    return default


@lru_cache(maxsize=1)
def _fonts() -> object:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def page_numbers(lang: str) -> str:
    """The CSS `content` of the page number in `lang`: "Page " counter(page) " of "..."""
    words = translator(lang).gettext(PAGE_OF).replace("\\", "").replace('"', "")
    counters = {"page": '" counter(page) "', "pages": '" counter(pages) "'}
    return f'"{words % counters}"'


@lru_cache(maxsize=8)
def _stylesheets(size: PageSize, lang: str, css_mtime: float) -> tuple[object, ...]:
    """Parse the document stylesheet once (and again only when the file changes)."""
    from weasyprint import CSS

    fonts = _fonts()
    page = f"@page {{ size: {size}; @bottom-right {{ content: {page_numbers(lang)}; }} }}"
    return (
        CSS(filename=str(DOCUMENT_CSS), font_config=fonts),
        CSS(string=page, font_config=fonts),
    )


def render_pdf(
    html: str, base_url: str | None = None, size: PageSize = "letter", lang: str = DEFAULT
) -> bytes:
    """Render a document page to PDF bytes with the document stylesheet and page size; the
    page numbers are in `lang`."""
    from weasyprint import HTML

    sheets = _stylesheets(size, lang, DOCUMENT_CSS.stat().st_mtime)
    with _lock:
        pdf = HTML(string=html, base_url=base_url or str(STATIC_DIR)).write_pdf(
            stylesheets=list(sheets), font_config=_fonts()
        )
    assert pdf is not None
    return bytes(pdf)


async def render_pdf_async(
    html: str, base_url: str | None = None, size: PageSize = "letter", lang: str = DEFAULT
) -> bytes:
    """`render_pdf` in a worker thread, for use inside async route handlers."""
    return await run_in_threadpool(render_pdf, html, base_url, size, lang)
