"""Billing units for one day's visit: the CMS total-time method and the per-code method.

Pure functions, no I/O. Rules and sources: domain.md §1 and `app.rules.sources`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from app.rules import sources as src
from app.rules.say import N_, Say

Method = Literal["cms", "per_code"]

# The clinic's six codes (domain.md §1.1) and the other timed codes CMS's own examples use.
PRODUCT_CODES = ("97124", "97140", "97110", "97112", "97530", "97139")
# Names are English msgids (N_): a page shows them in its reader's language.
TIMED_CODES: dict[str, str] = {
    "97124": N_("massage"),
    "97140": N_("manual therapy"),
    "97110": N_("therapeutic exercise"),
    "97112": N_("neuromuscular reeducation"),
    "97530": N_("therapeutic activities"),
    "97116": N_("gait training"),
    "97035": N_("ultrasound"),
}
# Untimed codes: one unit per day, whatever the time, and kept out of the timed total.
UNLISTED_CODE = "97139"
UNTIMED_CODES: dict[str, str] = {
    UNLISTED_CODE: N_("unlisted therapeutic procedure"),
    "97010": N_("hot or cold packs"),
    "97014": N_("unattended electrical stimulation"),
    "97161": N_("physical therapy evaluation, low complexity"),
    "97162": N_("physical therapy evaluation, moderate complexity"),
    "97163": N_("physical therapy evaluation, high complexity"),
}
KNOWN_CODES = (*TIMED_CODES, *UNTIMED_CODES)


class UnknownCodeError(ValueError):
    """A CPT code these rules do not know; the message says which and lists the known ones."""


class VisitLine(NamedTuple):
    code: str
    minutes: int


@dataclass(frozen=True)
class UnitLine:
    code: str
    minutes: int
    units: int
    timed: bool


@dataclass(frozen=True)
class UnitsResult:
    method: Method
    total_minutes: int  # timed minutes only: untimed codes never enter the total
    total_units: int  # every line, untimed codes included
    lines: tuple[UnitLine, ...]
    notes: tuple[Say, ...]  # str() of each is the English
    citation: str

    @property
    def timed_units(self) -> int:
        """Units of timed codes only (total_units also counts untimed codes like 97139)."""
        return sum(line.units for line in self.lines if line.timed)


@dataclass(frozen=True)
class UnitsComparison:
    """Both methods side by side, for a patient who does not know which one the plan uses."""

    cms: UnitsResult
    per_code: UnitsResult
    same: bool
    notes: tuple[Say, ...]


def units_for_minutes(minutes: int) -> int:
    """Units for one span of timed minutes: floor(m/15), plus one if the rest is 8 or more."""
    if minutes < 0:
        raise ValueError("Minutes cannot be negative.")
    return (minutes + src.UNIT_MINUTES - src.UNIT_THRESHOLD) // src.UNIT_MINUTES


def check_code(code: str) -> str:
    """Return the code without spaces, or raise UnknownCodeError with a clear message."""
    clean = code.strip()
    if clean not in KNOWN_CODES:
        raise UnknownCodeError(
            f"{clean or 'An empty code'} is not a code we know. We know: {', '.join(KNOWN_CODES)}."
        )
    return clean


_message = Say  # a citation's msgid is written in sources.py, not as a literal here


def cited(citation: Say | str) -> Say:
    """A rule's citation as a message, so a page can show it in its reader's language."""
    return citation if isinstance(citation, Say) else _message(citation)


def _merge(lines: Iterable[tuple[str, int]]) -> tuple[list[VisitLine], list[Say]]:
    """Check codes and minutes; add up repeated codes, since one code goes on one line a day."""
    merged: dict[str, int] = {}
    notes: list[Say] = []
    for code, minutes in lines:
        clean = check_code(code)
        if isinstance(minutes, bool) or minutes < 0:
            raise ValueError(f"Minutes for {clean} must be a whole number, 0 or more.")
        if clean in merged:
            notes.append(
                Say(
                    "%(code)s was listed twice. We added the minutes: one line per code.",
                    code=clean,
                )
            )
        merged[clean] = merged.get(clean, 0) + minutes
    return [VisitLine(c, m) for c, m in merged.items()], notes


def _untimed_notes(lines: Sequence[VisitLine]) -> list[Say]:
    notes = []
    codes = {line.code for line in lines}
    if UNLISTED_CODE in codes:
        notes.append(
            Say(
                "97139 is an 'unlisted' code. It counts as 1 unit and is not part of the timed "
                "total. The claim needs a short written description of what was done (box 19 "
                "of the claim form). Some insurers deny it when a specific code fits (code "
                "189). Source: %(source)s.",
                source=cited(src.CITE_UNLISTED),
            )
        )
    others = sorted(codes & set(UNTIMED_CODES) - {UNLISTED_CODE})
    if others:
        notes.append(
            Say(
                "%(codes)s: billed once a day, whatever the time, so these minutes are not "
                "counted.",
                codes=", ".join(others),
            )
        )
    if {"97140", "97530"} <= codes:
        notes.append(
            Say(
                "Some insurers want a modifier (59 or X) when 97140 and 97530 are on the same "
                "day. Your clinic chooses modifiers, not you."
            )
        )
    return notes


def units_cms(lines: Iterable[tuple[str, int]]) -> UnitsResult:
    """CMS total-time method: units from all timed minutes, then shared out between codes."""
    visit, notes = _merge(lines)
    timed = [line for line in visit if line.code in TIMED_CODES]
    total = sum(line.minutes for line in timed)
    units_total = units_for_minutes(total)
    # Step 2: full 15-minute units per code. Step 3: leftover units by largest remainder;
    # ties go to the code with more minutes, then to the first listed.
    units = {line.code: line.minutes // src.UNIT_MINUTES for line in timed}
    leftover = units_total - sum(units.values())
    order = sorted(
        range(len(timed)),
        key=lambda i: (-(timed[i].minutes % src.UNIT_MINUTES), -timed[i].minutes, i),
    )
    for i in order[:leftover]:
        units[timed[i].code] += 1
    out = [
        UnitLine(line.code, line.minutes, units[line.code], True)
        if line.code in TIMED_CODES
        else UnitLine(line.code, line.minutes, 1, False)
        for line in visit
    ]
    if timed and 0 < total < src.UNIT_THRESHOLD:
        notes.append(
            Say(
                "All timed care adds up to %(minutes)s minutes. Under 8 minutes: 0 units.",
                minutes=total,
            )
        )
    if timed:
        source = cited(src.CITE_UNITS_CMS)
        notes.append(
            Say(
                "CMS way: all timed minutes together (%(minutes)s) make %(units)s unit. "
                "Source: %(source)s.",
                minutes=total,
                units=units_total,
                source=source,
            )
            if units_total == 1
            else Say(
                "CMS way: all timed minutes together (%(minutes)s) make %(units)s units. "
                "Source: %(source)s.",
                minutes=total,
                units=units_total,
                source=source,
            )
        )
    notes.extend(_untimed_notes(visit))
    return _result("cms", total, out, notes, src.CITE_UNITS_CMS)


def units_per_code(lines: Iterable[tuple[str, int]]) -> UnitsResult:
    """Per-code ("substantial portion") method: each code's own minutes make its units."""
    visit, notes = _merge(lines)
    out = [
        UnitLine(line.code, line.minutes, units_for_minutes(line.minutes), True)
        if line.code in TIMED_CODES
        else UnitLine(line.code, line.minutes, 1, False)
        for line in visit
    ]
    for line in out:
        if line.timed and 0 < line.minutes < src.UNIT_THRESHOLD:
            notes.append(
                Say(
                    "%(code)s has %(minutes)s minutes. Under 8 minutes: 0 units.",
                    code=line.code,
                    minutes=line.minutes,
                )
            )
    if any(line.timed for line in out):
        notes.append(
            Say(
                "Per-code way: each code's minutes are counted on their own. Source: %(source)s.",
                source=cited(src.CITE_UNITS_PER_CODE),
            )
        )
    notes.extend(_untimed_notes(visit))
    total = sum(line.minutes for line in out if line.timed)
    return _result("per_code", total, out, notes, src.CITE_UNITS_PER_CODE)


def compute_units(method: Method, lines: Iterable[tuple[str, int]]) -> UnitsResult:
    """Units by the named method."""
    return units_cms(lines) if method == "cms" else units_per_code(lines)


def compare_methods(lines: Iterable[tuple[str, int]]) -> UnitsComparison:
    """Both methods, and what to ask the insurer when they give different units."""
    visit = list(lines)
    cms, per_code = units_cms(visit), units_per_code(visit)
    same = [line.units for line in cms.lines] == [line.units for line in per_code.lines]
    if same:
        note = Say("Both ways of counting give the same units, so you do not need to ask about it.")
    else:
        note = Say(
            "The CMS way gives %(cms)s units and the per-code way gives %(per_code)s. Ask your "
            "insurer: \"Do you count timed units by total time, like Medicare's 8-minute rule, "
            'or code by code?"',
            cms=cms.total_units,
            per_code=per_code.total_units,
        )
    return UnitsComparison(cms=cms, per_code=per_code, same=same, notes=(note,))


def _result(
    method: Method, total: int, lines: list[UnitLine], notes: list[Say], citation: str
) -> UnitsResult:
    return UnitsResult(
        method=method,
        total_minutes=total,
        total_units=sum(line.units for line in lines),
        lines=tuple(lines),
        notes=tuple(notes),
        citation=citation,
    )
