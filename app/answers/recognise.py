"""What patients paste into a question: codes, amounts and dates, found before the search.

Billing codes (97124), denial codes (CO-50, PR 204, "reason code 29"), remark codes (N130,
MA130), diagnosis codes (M54.50), place-of-service codes (POS 11), dollar amounts and dates,
in English or in Spanish ("código 50", "$120", "120 dólares", "el 5 de marzo").
Each is taken out of the text, so "CO-50" is not searched as the words "co" and "50", and
handed to the search as what it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# Spanish month names (no abbreviations: "ago" is English too).
MONTHS |= {
    name: number
    for number, name in enumerate(
        (
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ),
        start=1,
    )
} | {"setiembre": 9}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

# Order matters: each pattern sees the text with earlier finds blanked out.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date", re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")),
    ("date", re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?\b")),
    (
        "date",
        re.compile(rf"\b(\d{{1,2}})\s+de\s+({_MONTH_NAMES})\b(?:\s+del?\s+(\d{{4}}))?", re.I),
    ),
    (
        "date",
        re.compile(
            rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I
        ),
    ),
    (
        "money",
        re.compile(
            r"\$\s?(\d[\d,]*(?:\.\d{1,2})?)|\b(\d[\d,]*(?:\.\d{2})?)\s?"
            r"(?:dollars|bucks|usd|d[oó]lares)\b",
            re.I,
        ),
    ),
    (
        "pos",
        re.compile(
            r"\b(?:pos|place\s+of\s+service|lugar\s+del?\s+servicio)(?:\s+code)?\s*#?\s*"
            r"(\d{1,2})\b",
            re.I,
        ),
    ),
    ("cpt", re.compile(r"\b(97\d{3})\b|\b(?:cpt|procedure)\s*(?:code)?\s*#?\s*(\d{5})\b", re.I)),
    ("icd", re.compile(r"\b([A-TV-Z]\d{2}\.[0-9A-Z]{1,4})\b", re.I)),
    ("icd", re.compile(r"\b(M[5-7]\d{2,4})\b", re.I)),
    ("rarc", re.compile(r"\b(MA\d{2,3}|N\d{1,3}|M\d{1,3})\b", re.I)),
    (
        "carc",
        re.compile(r"\b(CO|PR|OA|PI|CR)\s*[-–—:/.]?\s*(\d{1,3}|[A-Z]\d{1,2})\b", re.I),
    ),
    (
        "carc",
        re.compile(
            r"\b(?:(?:denial|reason|adjustment|rejection|carc)\s*(?:code)?|code"
            r"|c[oó]digo(?:\s+de\s+(?:rechazo|negaci[oó]n|ajuste|raz[oó]n))?)\s*#?\s*"
            r"(\d{1,3}|[A-Z]\d{1,2})\b",
            re.I,
        ),
    ),
)
RARC_CONTEXT = re.compile(r"\b(?:remark|rarc)", re.I)


@dataclass(frozen=True)
class Found:
    kind: str  # date, money, pos, cpt, icd, rarc, carc
    value: str  # normalised: "CO-50", "50", "97124", "M54.50", "N130", "11", "120.00"
    day: date | None = None  # for dates

    @property
    def term(self) -> str:
        """The search term that stands for it in the index (codes only)."""
        return f"{self.kind}{re_word(self.value)}"


def re_word(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", value.lower())


@dataclass
class Recognised:
    text: str  # the question with every find blanked out
    found: list[Found] = field(default_factory=list)

    def of(self, kind: str) -> list[Found]:
        return [f for f in self.found if f.kind == kind]

    @property
    def codes(self) -> list[Found]:
        return [f for f in self.found if f.kind not in ("date", "money")]


def recognise(question: str, *, today: date) -> Recognised:
    """Find every code, amount and date; dates without a year are the latest past one."""
    text = question
    found: list[Found] = []
    remark_words = bool(RARC_CONTEXT.search(question))
    for kind, pattern in PATTERNS:
        for match in list(pattern.finditer(text)):
            item = _read(kind, match, today, remark_words)
            if item is None:
                continue
            found.append(item)
            start, end = match.span()
            text = text[:start] + " " * (end - start) + text[end:]
    return Recognised(" ".join(text.split()), found)


def _read(kind: str, match: re.Match[str], today: date, remark_words: bool) -> Found | None:
    groups = [g for g in match.groups() if g]
    if kind == "date":
        day = _date(match, today)
        return Found("date", day.isoformat(), day) if day else None
    if kind == "money":
        return Found("money", f"{float(groups[0].replace(',', '')):.2f}")
    if kind == "icd":
        code = groups[0].upper()
        if remark_words and "." not in code:
            return None  # "remark code M127" is a remark code, read next
        return Found("icd", code)
    if kind == "rarc":
        return Found("rarc", groups[0].upper())
    if kind == "carc" and len(groups) == 2:
        return Found("carc", f"{groups[0].upper()}-{groups[1].upper().lstrip('0') or '0'}")
    if kind == "carc":
        return Found("carc", groups[0].upper().lstrip("0") or "0")
    return Found(kind, groups[0])


def _date(match: re.Match[str], today: date) -> date | None:
    parts = match.groups()
    try:
        if match.re.pattern.startswith(r"\b(\d{4})"):
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        if parts[0].isdigit() and not parts[1].isdigit():  # "5 de marzo"
            month, day, year = MONTHS[parts[1].lower()], int(parts[0]), parts[2]
        elif parts[0].isdigit():
            month, day, year = int(parts[0]), int(parts[1]), parts[2]
        else:
            month, day, year = MONTHS[parts[0].lower()], int(parts[1]), parts[2]
        if year is None:
            guess = date(today.year, month, day)
            return guess if guess <= today else date(today.year - 1, month, day)
        full = int(year) + (2000 if len(year) == 2 else 0)
        return date(full, month, day)
    except ValueError:
        return None


def card_codes(code: str) -> list[Found]:
    """A code as a card lists it ("97124", "M54.5", "N130", "POS 11"), read as typed."""
    return recognise(code, today=date.min).codes
