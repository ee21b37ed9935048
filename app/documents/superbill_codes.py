"""Superbill checks on codes: ICD-10 diagnoses and CPT lines with units against minutes.

Units are counted by `app.rules.units` (both methods, domain.md §1), never here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from app.documents import codes
from app.documents.flags import Flag, missing
from app.rules.units import TIMED_CODES, UnknownCodeError, units_cms, units_per_code


@dataclass(frozen=True)
class Line:
    code: str = ""
    units: int | None = None
    minutes: int | None = None
    charge: Decimal | None = None
    modifiers: str = ""


def check_diagnoses(diagnosis_codes: tuple[str, ...], dos: date | None) -> list[Flag]:
    """Format, billable (not a heading), and valid on the date of service (domain.md §4.4)."""
    if not diagnosis_codes:
        return [
            missing(
                "diagnosis_codes",
                "a diagnosis code (ICD-10)",
                "Please add the ICD-10 diagnosis code(s) for my visit to the invoice.",
            )
        ]
    out = []
    for raw in diagnosis_codes:
        code = codes.normalise_icd10(raw)
        if not codes.icd10_well_formed(code):
            out.append(
                Flag(
                    "diagnosis_codes",
                    "problem",
                    f"'{raw.strip()}' does not look like an ICD-10 code (like M54.50).",
                    "Please check the diagnosis code on my invoice.",
                )
            )
        elif code in codes.HEADERS:
            out.append(
                Flag(
                    "diagnosis_codes",
                    "problem",
                    f"{code} is a group heading, not a code a claim can use. It needs more"
                    f" characters, for example {', '.join(codes.HEADERS[code])}.",
                    f"Please replace {code} with the full, billable diagnosis code.",
                )
            )
        elif code in codes.RETIRED:
            out += _retired(code, codes.RETIRED[code], dos)
        else:
            out += _too_new(code, dos)
    return out


def _retired(code: str, old: codes.Retired, dos: date | None) -> list[Flag]:
    """A code that was split into longer codes (M54.5 after September 30, 2021)."""
    last = f"{old.last_day:%B %-d, %Y}"
    instead = ", ".join(old.use_instead)
    ask = f"Please replace {code} with {' or '.join(old.use_instead)}, whichever fits."
    if dos is None:
        return [
            Flag(
                "diagnosis_codes",
                "check",
                f"{code} can only be used for visits up to {last}. For later visits the codes"
                f" are {instead}.",
                ask,
            )
        ]
    if dos <= old.last_day:
        return []
    return [
        Flag(
            "diagnosis_codes",
            "problem",
            f"{code} is not valid on your date of service. It could only be used up to {last}."
            f" The new codes are {instead}.",
            ask,
        )
    ]


def _too_new(code: str, dos: date | None) -> list[Flag]:
    """A replacement code used for a visit before it existed (M54.50 in 2020)."""
    for parent, old in codes.RETIRED.items():
        if code in old.use_instead and dos is not None and dos <= old.last_day:
            first = old.last_day + timedelta(days=1)
            return [
                Flag(
                    "diagnosis_codes",
                    "problem",
                    f"{code} only exists from {first:%B %-d, %Y}. For a visit on"
                    f" {dos:%B %-d, %Y} the code was {parent}.",
                    f"Please check the diagnosis code for that date: {parent} was in use then.",
                )
            ]
    return []


def check_lines(all_lines: tuple[Line, ...]) -> list[Flag]:
    """Each service line has a code, units and a charge, and units fit the minutes."""
    lines = [line for line in all_lines if line.code.strip() or line.units or line.charge]
    if not lines:
        return [
            missing(
                "lines",
                "the treatment codes (CPT), units and charges",
                "Please list each service with its CPT code, units and charge.",
            )
        ]
    out = []
    for n, line in enumerate(lines, start=1):
        code = line.code.strip()
        name = f"line_{n}"
        if not code:
            out.append(missing(name, f"a CPT code on line {n}", "Please add the CPT code."))
        if line.units is None:
            out.append(missing(name, f"the units on line {n}", "Please add the units."))
        if line.charge is None:
            out.append(missing(name, f"the charge on line {n}", "Please add the charge."))
    out += _units(lines)
    return out


def _units(lines: list[Line]) -> list[Flag]:
    """Billed units against the minutes, accepting either counting method (domain.md §1)."""
    timed = [ln for ln in lines if ln.minutes is not None and ln.units is not None]
    if not timed:
        return []
    visit = [(ln.code.strip(), ln.minutes or 0) for ln in timed]
    try:
        cms, per_code = units_cms(visit), units_per_code(visit)
    except UnknownCodeError as exc:
        return [Flag("lines", "check", str(exc), "Please confirm the CPT codes on my invoice.")]
    billed = {ln.code.strip(): ln.units or 0 for ln in timed}
    if all(billed.get(u.code) == u.units for u in per_code.lines):
        return []
    timed_billed = [(u, billed.get(u.code, 0)) for u in cms.lines if u.timed]
    cms_total_ok = sum(b for _, b in timed_billed) == cms.total_units
    cms_each_ok = all(b - u.minutes // 15 in (0, 1) for u, b in timed_billed)
    untimed_ok = all(billed.get(u.code) == 1 for u in cms.lines if not u.timed)
    if cms_total_ok and cms_each_ok and untimed_ok:
        return []
    out = []
    for u in per_code.lines:
        got = billed.get(u.code, 0)
        expect = {u.units} | {x.units for x in cms.lines if x.code == u.code}
        if got not in expect:
            kind = "timed" if u.code in TIMED_CODES else "untimed"
            want = " or ".join(str(e) for e in sorted(expect))
            want += " unit" if expect == {1} else " units"
            out.append(
                Flag(
                    "lines",
                    "problem",
                    f"{u.code} shows {got} unit{'s' if got != 1 else ''} for {u.minutes} minutes."
                    f" For this {kind} code that time makes {want}.",
                    f"Please check the units for {u.code}: {u.minutes} minutes makes {want}.",
                )
            )
    return out or [
        Flag(
            "lines",
            "problem",
            f"The units add up to {sum(billed.values())}, but the minutes make"
            f" {cms.total_units} (total time) or {per_code.total_units} (code by code).",
            "Please check the units against the minutes for each code.",
        )
    ]
