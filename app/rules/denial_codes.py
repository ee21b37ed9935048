"""Decode denial codes from an EOB or letter: group codes (CO, PR...) and reason codes (CARC).

The table is data: `data/denial_codes.yaml`, with its source at the top. This module reads
it, checks it and accepts codes the way people type them: "CO-50", "co 50", "PR50", "50".

Its plain words in another language are data too (`data/denial_codes.es.yaml`), keyed by the
same codes and checked against the table when read (`translations`): a code missing or
left over, or next steps that do not match, is an error naming the file and line. The
lookup stays in English; the present layer shows each text in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from app.rules import sources as src
from app.rules.say import N_, Say
from app.rules.sentences import Text, cite

TRANSLATED = ("es",)

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "denial_codes.yaml"
_PATTERN = re.compile(r"^(?:(CO|PR|OA|PI|CR)[\s\-_:/.]*)?(?:0*([1-9]\d{0,2})|([AB]\d{1,2}))?$")
# Remark codes (RARC): N, M or MA and a number, e.g. N130, M15, MA130.
_REMARK = re.compile(r"^(MA|M|N)[\s\-_]*0*(\d{1,4})$")


class UnknownDenialCode(LookupError):
    """A code we cannot read or do not have; the message (a `Say`) says what to do."""

    def __init__(self, message: Say) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class DenialTranslationError(ValueError):
    """A translation file out of step with the table: "path:line: what is wrong"."""


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
    group_plain: str = ""  # the group's plain words, when a reason code came with a group


# Words this module writes itself (not from the table); the catalog translates them.
REMARK_UNKNOWN = N_(
    "%(code)s is a remark code. It explains the reason code next to it (like CO-50)."
)
REMARK_STEP = N_("Look up the reason code next to it, and ask your plan what this remark means.")
GROUP_ONLY_STEP = N_("Find the number after the letters (like CO-50) and look that up.")


@lru_cache(maxsize=4)
def load_table(path: Path = DEFAULT_PATH) -> DenialTable:
    """Read and check the denial-code table (cached)."""
    return DenialTable.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def parse_code(text: str) -> tuple[str | None, str | None]:
    """Split what was typed into (group, reason code); raise UnknownDenialCode if unreadable."""
    match = _PATTERN.match(text.strip().upper())
    if not text.strip() or match is None or not any(match.groups()):
        raise UnknownDenialCode(
            Say(
                "'%(typed)s' does not look like a denial code. Codes look like CO-50, PR 1 or 50.",
                typed=text.strip()[:20],
            )
        )
    group, number, lettered = match.groups()
    if number is None and lettered is None and text.strip().upper() != group:
        raise UnknownDenialCode(Say("Please add the number after the letters, like CO-50."))
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
        plain = REMARK_UNKNOWN % {"code": code}
        steps: tuple[str, ...] = (REMARK_STEP,)
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
            next_steps=(GROUP_ONLY_STEP,),
            external_review=False,
            external_review_note="",
            group_meaning=group_info.meaning,
            citation=citation,
        )
    info = table.codes.get(carc)
    if info is None:
        raise UnknownDenialCode(
            Say(
                "We don't have code %(code)s in our list yet. Call your insurer and ask what it "
                "means, or look it up on the X12 reason code list.",
                code=carc,
            )
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
        group_plain=group_info.plain if group_info is not None else "",
    )


_text = Say  # a table's text as a message: not a catalog message, so not written as Say(...)


def said(text: str, code: str) -> Say:
    """One of a code's plain texts as a message, rendered in the reader's language (the
    translation file's words for a table text, the catalog's for this module's own)."""
    if text == REMARK_UNKNOWN % {"code": code}:
        return Say(REMARK_UNKNOWN, code=code)
    return _text(text)


def known_codes(table: DenialTable | None = None) -> list[str]:
    """The reason codes in the table, numbers first in number order, then lettered ones."""
    codes = (table or load_table()).codes
    return sorted(codes, key=lambda c: (not c.isdigit(), int(c) if c.isdigit() else 0, c))


# --- The plain words in another language ----------------------------------------------------


class _TGroup(_Strict):
    plain: str


class _TCode(_Strict):
    plain: str
    next_steps: list[str] = Field(min_length=1)
    external_review_note: str = ""


class _TRemark(_Strict):
    plain: str
    next_steps: list[str] = Field(min_length=1)


class _Translation(_Strict):
    source: str
    remarks_source: str
    groups: dict[str, _TGroup]
    codes: dict[str, _TCode]
    remarks: dict[str, _TRemark]


def translation_path(lang: str, path: Path = DEFAULT_PATH) -> Path:
    """data/denial_codes.es.yaml for "es"."""
    return path.with_suffix(f".{lang}.yaml")


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line of each key of the file's top two levels: ("codes",) and ("codes", "50")."""
    lines: dict[tuple[str, ...], int] = {}
    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key, value in root.value:
        lines[(key.value,)] = key.start_mark.line + 1
        if isinstance(value, yaml.MappingNode):
            for code, _ in value.value:
                lines[(key.value, str(code.value))] = code.start_mark.line + 1
    return lines


def _pairs(
    english: _Group | _Code | _Remark, words: _TGroup | _TCode | _TRemark
) -> tuple[list[tuple[str, str]], str]:
    """(English, translated) for each text of one code; or what does not match."""
    pairs = [(english.plain, words.plain)]
    if isinstance(english, _Code | _Remark) and isinstance(words, _TCode | _TRemark):
        if len(english.next_steps) != len(words.next_steps):
            return [], (
                f"has {len(words.next_steps)} next steps; the English has {len(english.next_steps)}"
            )
        pairs += zip(english.next_steps, words.next_steps, strict=True)
    if isinstance(english, _Code) and isinstance(words, _TCode):
        if bool(english.external_review_note) != bool(words.external_review_note):
            return [], "external_review_note: give one exactly where the English has one"
        if english.external_review_note:
            pairs.append((english.external_review_note, words.external_review_note))
    return pairs, ""


@lru_cache(maxsize=4)
def translations(lang: str, path: Path = DEFAULT_PATH) -> dict[str, str]:
    """Each plain text of the table (English) and its words in `lang`, from the table's
    translation file; DenialTranslationError ("path:line: ...") when it is out of step."""
    where = translation_path(lang, path)
    text = where.read_text(encoding="utf-8")
    lines = _key_lines(text)
    try:
        words = _Translation.model_validate(yaml.safe_load(text))
    except ValueError as exc:
        raise DenialTranslationError(f"{where}:1: {exc}") from None
    table = load_table(path)
    out = {table.source: words.source, table.remarks_source: words.remarks_source}
    errors: list[str] = []
    Entry = _Group | _Code | _Remark
    Words = _TGroup | _TCode | _TRemark
    sections: list[tuple[str, Mapping[str, Entry], Mapping[str, Words]]] = [
        ("groups", table.groups, words.groups),
        ("codes", table.codes, words.codes),
        ("remarks", table.remarks, words.remarks),
    ]
    for section, english, given in sections:
        for code in english.keys() - given.keys():
            errors.append(f"{where}:{lines.get((section,), 1)}: {section}: code {code} is missing")
        for code in given.keys() - english.keys():
            line = lines.get((section, code), 1)
            errors.append(f"{where}:{line}: {section}: code {code} is not in the table (stale)")
        for code in sorted(english.keys() & given.keys()):
            pairs, problem = _pairs(english[code], given[code])
            if problem:
                errors.append(f"{where}:{lines.get((section, code), 1)}: {code} {problem}")
            out.update(pairs)
    if errors:
        raise DenialTranslationError("\n".join(sorted(errors)))
    return out
