"""Embedding the wizard on the clinic's own site: the snippets to paste.

A patient page may be framed only by the sites an admin listed: the clinic's
`frame_ancestors` (app.services.clinic) goes into each patient page's
Content-Security-Policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from app.services.clinic import ClinicInfo

FRAME_ID = "covnav-frame"
MESSAGE_TYPE = "covnav:height"


@dataclass(frozen=True)
class Snippets:
    button: str
    iframe: str
    start_url: str


def snippets(base_url: str, clinic: ClinicInfo) -> Snippets:
    """Copy-paste HTML for the clinic's site: a styled link button, or a self-sizing frame."""
    start = base_url.rstrip("/") + "/"
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(start))
    name = _attr(clinic.name)
    button = (
        f'<a href="{start}" target="_blank" rel="noopener" '
        f'style="display:inline-block;padding:12px 20px;border-radius:6px;'
        f"background:{clinic.button_colour};color:#fff;font:600 16px/1.3 system-ui,sans-serif;"
        f'text-decoration:none">Get help with your insurance claim</a>'
    )
    iframe = (
        f'<iframe id="{FRAME_ID}" src="{start}" title="Insurance claim helper from {name}" '
        f'style="width:100%;min-height:560px;border:0" loading="lazy"></iframe>\n'
        f'<p><a href="{start}" target="_blank" rel="noopener">Open the insurance helper in a '
        "new tab</a> (if the box above stays empty or will not go on).</p>\n"
        "<script>\n"
        'addEventListener("message", function (event) {\n'
        f'  if (event.origin !== "{origin}" || !event.data || '
        f'event.data.type !== "{MESSAGE_TYPE}") return;\n'
        f'  var frame = document.getElementById("{FRAME_ID}");\n'
        "  var height = Math.min(Math.max(Number(event.data.height) || 0, 300), 20000);\n"
        '  if (frame) frame.style.height = height + "px";\n'
        "});\n"
        "</script>"
    )
    return Snippets(button=button, iframe=iframe, start_url=start)


def _attr(value: str) -> str:
    return (
        value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )
