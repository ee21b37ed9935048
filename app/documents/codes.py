"""Small code tables and format checks for the superbill check (domain.md §4).

Every table names its source, so a yearly ICD-10-CM update is a one-place edit.
We only know a few codes well; a well-formed code that is not in a table passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.rules.say import N_
from app.services import clinic_fields

# ICD-10-CM codes: a letter, two characters, then up to four more after the dot.
_ICD10 = re.compile(r"^[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$")


@dataclass(frozen=True)
class Retired:
    """A code that was billable until `last_day`, then split into more specific codes."""

    last_day: date
    use_instead: tuple[str, ...]
    source: str


# FY2022 ICD-10-CM (effective 2021-10-01) turned these into headers (domain.md §4.4).
RETIRED: dict[str, Retired] = {
    "M54.5": Retired(
        date(2021, 9, 30),
        ("M54.50", "M54.51", "M54.59"),
        "icdlist.com/icd-10/M54.5 (valid October 1, 2020 through September 30, 2021)",
    ),
    "M79.1": Retired(
        date(2021, 9, 30),
        ("M79.10", "M79.11", "M79.12", "M79.18"),
        "rcmguide.com (FY2022 expansion of M79.1 Myalgia)",
    ),
}

# Category headers that were never billable: a claim needs one of the longer codes below them.
HEADERS: dict[str, tuple[str, ...]] = {
    "M54": ("M54.2", "M54.50", "M54.6", "M54.9"),
    "M54.1": ("M54.12", "M54.16", "M54.17"),
    "M54.3": ("M54.30", "M54.31", "M54.32"),
    "M54.4": ("M54.40", "M54.41", "M54.42"),
    "M62.8": ("M62.81", "M62.830", "M62.838"),
    "M62.83": ("M62.830", "M62.831", "M62.838"),
    "M79": ("M79.10", "M79.18", "M79.7"),
    "M79.6": ("M79.601", "M79.604", "M79.605"),
    "M25.5": ("M25.511", "M25.512", "M25.561"),
    "G89": ("G89.21", "G89.29", "G89.4"),
    "G89.2": ("G89.21", "G89.22", "G89.28", "G89.29"),
}

# Place of service codes (CMS POS code set; domain.md §4.3).
POS_OK: dict[str, str] = {"11": "office", "12": "home"}
POS_TELEHEALTH: dict[str, str] = {
    "02": N_("telehealth (not in the patient's home)"),
    "10": N_("telehealth in the patient's home"),
}
HANDS_ON_CODES = frozenset({"97124", "97140"})


def normalise_icd10(raw: str) -> str:
    """Upper-case, trim, and put the dot back if it was left out (M5450 -> M54.50)."""
    code = raw.strip().upper().replace(" ", "")
    if "." not in code and len(code) > 3:
        code = f"{code[:3]}.{code[3:]}"
    return code


def icd10_well_formed(code: str) -> bool:
    return bool(_ICD10.match(code))


def npi_valid(npi: str) -> bool:
    """A National Provider Identifier: 10 digits, last one a Luhn check over 80840 + NPI."""
    try:
        return bool(clinic_fields.npi(npi))
    except ValueError:
        return False


def tax_id_valid(tax_id: str) -> bool:
    """An EIN (12-3456789) or SSN (123-45-6789): nine digits, dashes optional."""
    try:
        return bool(clinic_fields.tax_id(tax_id))
    except ValueError:
        return False


def digits_only(value: str) -> str:
    return re.sub(r"\D", "", value)
