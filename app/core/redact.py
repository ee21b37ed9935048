"""What a log may show of a patient URL: never the link's token, and nothing after it but the
kind of page (a step id such as `denial_info` would tell a plan type or a denial)."""

from __future__ import annotations

import re

TOKEN_IN_PATH = re.compile(
    r"(/c/|/i/|/api/v1/cases/)[^/?#\s\"']+(/[^/?#\s\"']+)?(/[^?#\s\"']*)?(\?[^#\s\"']*)?"
)


def _hide(match: re.Match[str]) -> str:
    page = match.group(2) or ""
    rest = "/[redacted]" if match.group(3) else ""
    return f"{match.group(1)}[redacted]{page}{rest}"


def redact(text: str) -> str:
    """Replace the token of a case link (/c/, /api/v1/cases/) or an invite link (/i/) by
    [redacted], keep the kind of page after it, and hide what follows (step, item, query)."""
    return TOKEN_IN_PATH.sub(_hide, text)
