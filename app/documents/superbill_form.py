"""The superbill form: prefill from the clinic and the answers, and parse what was typed.

Nothing here is stored: the check runs on each submit and the page shows the flags.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from app.documents.superbill import Line, Needs, Superbill
from app.rules.say import N_

LINE_COUNT = 4
LINE_FIELDS = ("code", "units", "minutes", "charge")
TEXT_FIELDS = (
    "provider_name",
    "provider_credentials",
    "provider_address",
    "provider_phone",
    "npi",
    "tax_id",
    "date_of_service",
    "place_of_service",
    "diagnosis_codes",
    "total_charge",
    "amount_paid",
    "payment_date",
    "referring_name",
    "referring_npi",
    "prior_auth_number",
)
BOXES = ("shows_patient", "signed")
MAX_FIELD = 200


@dataclass
class Parsed:
    bill: Superbill
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # msgids: the page translates them


def line_key(name: str, n: int) -> str:
    return f"line_{name}_{n}"


def prefill(clinic: Any, active: Mapping[str, Any]) -> dict[str, str]:
    """What the clinic always prints, and what the patient already told us."""

    def text(key: str) -> str:
        value = active.get(key)
        return value if isinstance(value, str) else ""

    code = text("main_code")
    values = {
        "provider_name": getattr(clinic, "name", ""),
        "provider_address": getattr(clinic, "address", ""),
        "provider_phone": getattr(clinic, "phone", ""),
        "npi": getattr(clinic, "npi", ""),
        "tax_id": getattr(clinic, "tax_id", ""),
        "place_of_service": "11",
        "date_of_service": text("service_date"),
        line_key("code", 1): code if code.isdigit() else "",
        line_key("minutes", 1): text("session_minutes"),
        line_key("charge", 1): text("fee"),
    }
    return {k: v for k, v in values.items() if v}


def needs_from(active: Mapping[str, Any], today: date) -> Needs:
    return Needs(
        referral=active.get("referral") in ("have", "need"),
        prior_auth=active.get("preapproval") == "have",
        today=today,
    )


def _date(raw: str, name: str, errors: dict[str, str]) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    parts = re.split(r"[/.-]", raw)
    try:
        month, day, year = (int(p) for p in parts)
        return date(year if year > 99 else 2000 + year, month, day)
    except (ValueError, TypeError):
        errors[name] = N_("Please enter a date like 03/15/2026.")
        return None


def _money(raw: str, name: str, errors: dict[str, str]) -> Decimal | None:
    if not raw:
        return None
    try:
        amount = Decimal(raw.replace("$", "").replace(",", ""))
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount < 0:
        errors[name] = N_("Please enter an amount like 120.00.")
        return None
    return amount.quantize(Decimal("0.01"))


def _whole(raw: str, name: str, errors: dict[str, str]) -> int | None:
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > 1000:
        errors[name] = N_("Please enter a whole number.")
        return None
    return int(raw)


def parse(form: Mapping[str, Any]) -> Parsed:
    """Read the submitted form; fields that cannot be read get a message and count as empty."""
    values: dict[str, str] = {}
    for name in (
        *TEXT_FIELDS,
        *(line_key(f, n) for n in range(1, LINE_COUNT + 1) for f in LINE_FIELDS),
    ):
        raw = form.get(name)
        values[name] = raw.strip()[:MAX_FIELD] if isinstance(raw, str) else ""
    for name in BOXES:
        values[name] = "1" if form.get(name) == "1" else ""
    errors: dict[str, str] = {}
    lines = []
    for n in range(1, LINE_COUNT + 1):
        code = values[line_key("code", n)]
        units = _whole(values[line_key("units", n)], line_key("units", n), errors)
        minutes = _whole(values[line_key("minutes", n)], line_key("minutes", n), errors)
        charge = _money(values[line_key("charge", n)], line_key("charge", n), errors)
        if code or units is not None or minutes is not None or charge is not None:
            lines.append(Line(code, units, minutes, charge))
    bill = Superbill(
        provider_name=values["provider_name"],
        provider_credentials=values["provider_credentials"],
        provider_address=values["provider_address"],
        provider_phone=values["provider_phone"],
        npi=values["npi"],
        tax_id=values["tax_id"],
        date_of_service=_date(values["date_of_service"], "date_of_service", errors),
        place_of_service=values["place_of_service"],
        diagnosis_codes=tuple(c for c in re.split(r"[,;\s]+", values["diagnosis_codes"]) if c),
        lines=tuple(lines),
        total_charge=_money(values["total_charge"], "total_charge", errors),
        amount_paid=_money(values["amount_paid"], "amount_paid", errors),
        payment_date=_date(values["payment_date"], "payment_date", errors),
        shows_patient=bool(values["shows_patient"]),
        signed=bool(values["signed"]),
        referring_name=values["referring_name"],
        referring_npi=values["referring_npi"],
        prior_auth_number=values["prior_auth_number"],
    )
    return Parsed(bill, values, errors)
