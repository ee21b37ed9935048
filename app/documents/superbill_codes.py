"""Superbill checks on codes: ICD-10 diagnoses and CPT lines with units against minutes.

Units are counted by `app.rules.units` (both methods, domain.md §1), never here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from app.documents import codes
from app.documents.flags import Flag, missing
from app.rules.say import N_, Day, Say
from app.rules.units import (
    KNOWN_CODES,
    TIMED_CODES,
    UnknownCodeError,
    units_cms,
    units_per_code,
)


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
                N_("a diagnosis code (ICD-10)"),
                N_("Please add the ICD-10 diagnosis code(s) for my visit to the invoice."),
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
                    Say(
                        "'%(code)s' does not look like an ICD-10 code (like M54.50).",
                        code=raw.strip(),
                    ),
                    N_("Please check the diagnosis code on my invoice."),
                )
            )
        elif code in codes.HEADERS:
            out.append(
                Flag(
                    "diagnosis_codes",
                    "problem",
                    Say(
                        "%(code)s is a group heading, not a code a claim can use. It needs more"
                        " characters, for example %(longer)s.",
                        code=code,
                        longer=", ".join(codes.HEADERS[code]),
                    ),
                    Say(
                        "Please replace %(code)s with the full, billable diagnosis code.", code=code
                    ),
                )
            )
        elif code in codes.RETIRED:
            out += _retired(code, codes.RETIRED[code], dos)
        else:
            out += _too_new(code, dos)
    return out


def _retired(code: str, old: codes.Retired, dos: date | None) -> list[Flag]:
    """A code that was split into longer codes (M54.5 after September 30, 2021)."""
    last = Day(old.last_day, "long")
    instead = ", ".join(old.use_instead)
    ask = Say(
        "Please replace %(code)s with %(codes)s, whichever fits.",
        code=code,
        codes=_either(old.use_instead),
    )
    if dos is None:
        return [
            Flag(
                "diagnosis_codes",
                "check",
                Say(
                    "%(code)s can only be used for visits up to %(last)s. For later visits the"
                    " codes are %(instead)s.",
                    code=code,
                    last=last,
                    instead=instead,
                ),
                ask,
            )
        ]
    if dos <= old.last_day:
        return []
    return [
        Flag(
            "diagnosis_codes",
            "problem",
            Say(
                "%(code)s is not valid on your date of service. It could only be used up to"
                " %(last)s. The new codes are %(instead)s.",
                code=code,
                last=last,
                instead=instead,
            ),
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
                    Say(
                        "%(code)s only exists from %(first)s. For a visit on %(visit)s the code"
                        " was %(parent)s.",
                        code=code,
                        first=Day(first, "long"),
                        visit=Day(dos, "long"),
                        parent=parent,
                    ),
                    Say(
                        "Please check the diagnosis code for that date:"
                        " %(parent)s was in use then.",
                        parent=parent,
                    ),
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
                N_("the treatment codes (CPT), units and charges"),
                N_("Please list each service with its CPT code, units and charge."),
            )
        ]
    out = []
    for n, line in enumerate(lines, start=1):
        code = line.code.strip()
        name = f"line_{n}"
        if not code:
            what = Say("a CPT code on line %(n)s", n=n)
            out.append(missing(name, what, N_("Please add the CPT code.")))
        if line.units is None:
            what = Say("the units on line %(n)s", n=n)
            out.append(missing(name, what, N_("Please add the units.")))
        if line.charge is None:
            what = Say("the charge on line %(n)s", n=n)
            out.append(missing(name, what, N_("Please add the charge.")))
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
    except UnknownCodeError:
        bad = next(c.strip() for c, _ in visit if c.strip() not in KNOWN_CODES)
        unknown = Say(
            "%(code)s is not a code we know. We know: %(known)s.",
            code=bad or Say("An empty code"),
            known=", ".join(KNOWN_CODES),
        )
        return [Flag("lines", "check", unknown, N_("Please confirm the CPT codes on my invoice."))]
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
            want = _units_words(sorted(expect))
            shows = Say(
                "%(code)s shows %(got)s for %(minutes)s minutes.",
                code=u.code,
                got=_units_words([got]),
                minutes=u.minutes,
            )
            makes = (
                Say("For this timed code that time makes %(want)s.", want=want)
                if u.code in TIMED_CODES
                else Say("For this untimed code that time makes %(want)s.", want=want)
            )
            out.append(
                Flag(
                    "lines",
                    "problem",
                    Say("%(shows)s %(makes)s", shows=shows, makes=makes),
                    Say(
                        "Please check the units for %(code)s: %(minutes)s minutes makes %(want)s.",
                        code=u.code,
                        minutes=u.minutes,
                        want=want,
                    ),
                )
            )
    return out or [
        Flag(
            "lines",
            "problem",
            Say(
                "The units add up to %(billed)s, but the minutes make %(cms)s (total time) or"
                " %(per_code)s (code by code).",
                billed=sum(billed.values()),
                cms=cms.total_units,
                per_code=per_code.total_units,
            ),
            N_("Please check the units against the minutes for each code."),
        )
    ]


def _units_words(counts: list[int]) -> Say:
    """ "1 unit", "2 units" or "1 or 2 units" (a unit count that either method gives)."""
    if len(counts) > 1:
        return Say("%(low)s or %(high)s units", low=counts[0], high=counts[-1])
    if counts[0] == 1:
        return Say("%(n)s unit", n=1)
    return Say("%(n)s units", n=counts[0])


def _either(choices: tuple[str, ...]) -> Say | str:
    """ "A or B or C", with "or" in the reader's language."""
    if len(choices) == 1:
        return choices[0]
    return Say("%(some)s or %(last)s", some=_either(choices[:-1]), last=choices[-1])
