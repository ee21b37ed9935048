"""Decode denial codes from an EOB or letter: group codes (CO, PR...) and reason codes (CARC).

The table is data: `data/denial_codes.yaml`, with its source at the top. This module reads
it, checks it and accepts codes the way people type them: "CO-50", "co 50", "PR50", "50".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from app.rules import sources as src
from app.rules.sentences import Text, cite

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "denial_codes.yaml"
_PATTERN = re.compile(r"^(?:(CO|PR|OA|PI|CR)[\s\-_:/.]*)?(?:0*([1-9]\d{0,2})|([AB]\d{1,2}))?$")
# Remark codes (RARC): N, M or MA and a number, e.g. N130, M15, MA130.
_REMARK = re.compile(r"^(MA|M|N)[\s\-_]*0*(\d{1,4})$")


class UnknownDenialCode(LookupError):
    """A code we cannot read or do not have; the message says what to do."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Group(_Strict):
    meaning: str
    plain: str


class _Code(_Strict):
    meaning: str
    plain: str
    next_steps: list[str] = Field(min_length=1)
    external_review: bool
    external_review_note: str = ""


class _Remark(_Strict):
    meaning: str
    plain: str
    next_steps: list[str] = Field(min_length=1)


class DenialTable(_Strict):
    source: str
    groups: dict[str, _Group]
    codes: dict[str, _Code]
    remarks_source: str
    remarks: dict[str, _Remark]


@dataclass(frozen=True)
class CodeInfo:
    code: str  # normalised: "CO-50", "50" or "CO"
    group: str | None
    carc: str | None
    meaning: str
    plain: str
    next_steps: tuple[str, ...]
    external_review: bool
    external_review_note: str
    group_meaning: str | None
    citation: Text
    reason_plain: str = ""  # the reason code's own plain words, without the group's


@lru_cache(maxsize=4)
def load_table(path: Path = DEFAULT_PATH) -> DenialTable:
    """Read and check the denial-code table (cached)."""
    return DenialTable.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def parse_code(text: str) -> tuple[str | None, str | None]:
    """Split what was typed into (group, reason code); raise UnknownDenialCode if unreadable."""
    match = _PATTERN.match(text.strip().upper())
    if not text.strip() or match is None or not any(match.groups()):
        raise UnknownDenialCode(
            f"'{text.strip()[:20]}' does not look like a denial code. "
            "Codes look like CO-50, PR 1 or 50."
        )
    group, number, lettered = match.groups()
    if number is None and lettered is None and text.strip().upper() != group:
        raise UnknownDenialCode("Please add the number after the letters, like CO-50.")
    if lettered is not None:
        return group, lettered
    return group, (str(int(number)) if number is not None else None)


def _remark(text: str, table: DenialTable) -> CodeInfo | None:
    """A remark code (N130, MA130...): what it means, or a plain word on what to do."""
    match = _REMARK.match(text.strip().upper())
    if match is None:
        return None
    code = f"{match.group(1)}{int(match.group(2))}"
    info = table.remarks.get(code)
    if info is None:
        plain = f"{code} is a remark code. It explains the reason code next to it (like CO-50)."
        steps: tuple[str, ...] = (
            "Look up the reason code next to it, and ask your plan what this remark means.",
        )
        meaning = "Remittance advice remark code"
    else:
        plain, steps, meaning = info.plain, tuple(info.next_steps), info.meaning
    return CodeInfo(
        code=code,
        group=None,
        carc=None,
        meaning=meaning,
        plain=plain,
        next_steps=steps,
        external_review=False,
        external_review_note="",
        group_meaning=None,
        citation=table.remarks_source,
        reason_plain=plain,
    )


def lookup(text: str, table: DenialTable | None = None) -> CodeInfo:
    """Everything we know about a typed code, or UnknownDenialCode with a helpful message."""
    table = table or load_table()
    remark = _remark(text, table)
    if remark is not None:
        return remark
    group, carc = parse_code(text)
    group_info = table.groups.get(group) if group else None
    citation = cite(table.source, src.CITE_GROUP_CODES) if group else table.source
    if carc is None:
        assert group_info is not None  # the pattern only allows known groups
        return CodeInfo(
            code=group or "",
            group=group,
            carc=None,
            meaning=group_info.meaning,
            plain=group_info.plain,
            next_steps=("Find the number after the letters (like CO-50) and look that up.",),
            external_review=False,
            external_review_note="",
            group_meaning=group_info.meaning,
            citation=citation,
        )
    info = table.codes.get(carc)
    if info is None:
        raise UnknownDenialCode(
            f"We don't have code {carc} in our list yet. Call your insurer and ask what it "
            "means, or look it up on the X12 reason code list."
        )
    plain = info.plain
    if group_info is not None:
        plain = f"{plain} {group} means: {group_info.plain}"
    return CodeInfo(
        code=f"{group}-{carc}" if group else carc,
        group=group,
        carc=carc,
        meaning=info.meaning,
        plain=plain,
        next_steps=tuple(info.next_steps),
        external_review=info.external_review,
        external_review_note=info.external_review_note,
        group_meaning=group_info.meaning if group_info else None,
        citation=citation,
        reason_plain=info.plain,
    )


def known_codes(table: DenialTable | None = None) -> list[str]:
    """The reason codes in the table, numbers first in number order, then lettered ones."""
    codes = (table or load_table()).codes
    return sorted(codes, key=lambda c: (not c.isdigit(), int(c) if c.isdigit() else 0, c))
