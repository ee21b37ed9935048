"""Logo uploads: PNG by signature, SVG rebuilt from an allowlist, size limit."""

from __future__ import annotations

import struct
import zlib

import pytest

from app.services.logo import MAX_BYTES, LogoError, check_logo


def png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x00\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_png_is_accepted() -> None:
    logo = check_logo(png())
    assert logo.content_type == "image/png"
    assert logo.content == png()


def test_oversized_file_is_refused_with_the_limit() -> None:
    with pytest.raises(LogoError, match="the limit is 200 KB"):
        check_logo(png() + b"\x00" * MAX_BYTES)


@pytest.mark.parametrize(
    "data",
    [b"GIF89a....", b"%PDF-1.7", b"<html><body>hi</body></html>", b"hello"],
)
def test_non_image_is_refused(data: bytes) -> None:
    with pytest.raises(LogoError, match="not a PNG or SVG"):
        check_logo(data)


def test_empty_file_is_refused() -> None:
    with pytest.raises(LogoError, match="empty"):
        check_logo(b"")


def test_huge_png_dimensions_are_refused() -> None:
    with pytest.raises(LogoError, match="pixels"):
        check_logo(png(width=50_000, height=1))


def test_svg_script_handlers_and_external_links_are_removed() -> None:
    svg = b"""<?xml version="1.0"?>
    <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
         viewBox="0 0 10 10" onload="alert(1)">
      <script>alert(document.cookie)</script>
      <foreignObject><body xmlns="http://www.w3.org/1999/xhtml">x</body></foreignObject>
      <style>rect { fill: url(https://evil.example/x) }</style>
      <a href="https://evil.example"><rect width="1" height="1"/></a>
      <use xlink:href="https://evil.example/sprite.svg#a"/>
      <use href="#ok"/>
      <rect id="ok" width="10" height="10" fill="#123456" onclick="steal()"
            style="background:url(https://evil.example)"/>
      <image href="https://evil.example/pixel.png"/>
    </svg>"""
    logo = check_logo(svg)
    assert logo.content_type == "image/svg+xml"
    text = logo.content.decode()
    for bad in ("script", "foreignObject", "onload", "onclick", "evil.example", "<style", "<a "):
        assert bad not in text
    assert 'fill="#123456"' in text
    assert 'href="#ok"' in text


def test_svg_with_doctype_entities_is_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>'
    with pytest.raises(LogoError, match="DOCTYPE"):
        check_logo(bomb)


def test_broken_svg_is_refused() -> None:
    with pytest.raises(LogoError, match="could not be read"):
        check_logo(b"<svg><g></svg>")
