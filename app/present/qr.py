"""QR codes for links (a patient's private link, a staff invite), as inline SVG."""

from __future__ import annotations

import io
from functools import lru_cache

import segno
from markupsafe import Markup

QR_LABEL = "QR code for your private link"


@lru_cache(maxsize=256)
def qr_svg(url: str, label: str = QR_LABEL) -> Markup:
    """An inline SVG QR code (no style attributes, so the CSP holds).

    Kept for the last few hundred links: a patient sees it on every page, and drawing it
    was the largest cost of a page. Derived data only; a restart or another instance simply
    draws it again.
    """
    buffer = io.BytesIO()
    # A fixed mask: any mask is valid, and scoring all eight was most of a page's CPU time.
    segno.make(url, error="m", mask=0).save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=4,
        border=2,
        omitsize=True,
        svgclass="qr",
        lineclass="qr-line",
        title=label,
    )
    svg = buffer.getvalue().decode("utf-8")
    labelled = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return Markup(labelled)  # segno output only; nothing the patient typed
