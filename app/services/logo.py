"""Logo uploads: PNG checked by its signature, SVG rebuilt from an allowlist.

An SVG keeps only drawing elements and presentation attributes: no script, no
foreignObject, no style sheets, no event handlers, no links outside the file.
The logo is served with its own strict CSP as well (see routes), so this is belt and braces.
"""

from __future__ import annotations

import math
import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass

MAX_BYTES = 200 * 1024
MAX_SIDE = 4000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

ALLOWED_ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "defs",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "mask",
        "title",
        "desc",
        "symbol",
        "use",
    }
)
ALLOWED_ATTRIBUTES = frozenset(
    {
        "id",
        "class",
        "viewBox",
        "width",
        "height",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "d",
        "points",
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-dasharray",
        "stroke-dashoffset",
        "opacity",
        "transform",
        "offset",
        "stop-color",
        "stop-opacity",
        "gradientUnits",
        "gradientTransform",
        "clip-path",
        "clip-rule",
        "mask",
        "font-family",
        "font-size",
        "font-weight",
        "text-anchor",
        "dominant-baseline",
        "preserveAspectRatio",
        "role",
        "aria-label",
        "aria-hidden",
        "href",
        "version",
        "fx",
        "fy",
        "spreadMethod",
        "letter-spacing",
    }
)
_URL_REF = re.compile(r"url\(\s*(?!#)", re.IGNORECASE)


class LogoError(ValueError):
    """An upload we will not use; the message is shown on the settings page."""


@dataclass(frozen=True)
class Logo:
    content: bytes
    content_type: str


def check_logo(data: bytes, filename: str = "") -> Logo:
    """Return a safe logo, or raise LogoError with a message an admin can act on."""
    if not data:
        raise LogoError("The file is empty. Please choose a PNG or SVG image.")
    if len(data) > MAX_BYTES:
        raise LogoError(
            f"The logo is {math.ceil(len(data) / 1024)} KB; the limit is {MAX_BYTES // 1024} KB. "
            "Please upload a smaller PNG or SVG."
        )
    if data.startswith(PNG_SIGNATURE):
        return Logo(_check_png(data), "image/png")
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data.lower():
        return Logo(sanitise_svg(data), "image/svg+xml")
    raise LogoError("That file is not a PNG or SVG image. Please upload a PNG or SVG logo.")


def _check_png(data: bytes) -> bytes:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise LogoError("That PNG file looks damaged. Please export it again.")
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise LogoError(f"The logo must be at most {MAX_SIDE} pixels on each side.")
    return data


def sanitise_svg(data: bytes) -> bytes:
    """Parse, keep only allowed elements and attributes, and serialise again."""
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise LogoError("SVG files with a DOCTYPE or entities are not accepted.")
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        raise LogoError("That SVG file could not be read. Please export it again.") from None
    if _local(root.tag) != "svg" or _namespace(root.tag) not in ("", SVG_NS):
        raise LogoError("That file is not an SVG image. Please upload a PNG or SVG logo.")
    _clean(root)
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    cleaned: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return cleaned


def _clean(element: ET.Element) -> None:
    if not element.tag.startswith("{"):
        element.tag = f"{{{SVG_NS}}}{element.tag}"
    for child in list(element):
        if _namespace(child.tag) not in ("", SVG_NS) or _local(child.tag) not in ALLOWED_ELEMENTS:
            element.remove(child)
        else:
            _clean(child)
    for name in list(element.attrib):
        value = element.attrib[name]
        local, namespace = _local(name), _namespace(name)
        allowed = local in ALLOWED_ATTRIBUTES and namespace in ("", XLINK_NS)
        if namespace == XLINK_NS and local != "href":
            allowed = False
        if local == "href" and not value.strip().startswith("#"):
            allowed = False
        if _URL_REF.search(value) or "javascript:" in value.lower():
            allowed = False
        if not allowed:
            del element.attrib[name]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
