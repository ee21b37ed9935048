"""Superbill check: what a member claim needs that the clinic's invoice lacks (domain.md §4).

Pure: the patient copies the invoice into a form (or the clinic's settings prefill what the
clinic always prints), and this returns flags, each saying what to ask the clinic for.
Units are counted by `app.rules.units`, never here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.documents import codes
from app.documents.flags import Flag, missing
from app.documents.superbill_codes import Line, check_diagnoses, check_lines
from app.rules.say import N_, Say

__all__ = ["Flag", "Line", "Needs", "Superbill", "check_superbill"]


@dataclass(frozen=True)
class Superbill:
    provider_name: str = ""
    provider_credentials: str = ""
    provider_address: str = ""
    provider_phone: str = ""
    npi: str = ""
    tax_id: str = ""
    date_of_service: date | None = None
    place_of_service: str = ""
    diagnosis_codes: tuple[str, ...] = ()
    lines: tuple[Line, ...] = ()
    total_charge: Decimal | None = None
    amount_paid: Decimal | None = None
    payment_date: date | None = None
    shows_patient: bool = False
    signed: bool = False
    referring_name: str = ""
    referring_npi: str = ""
    prior_auth_number: str = ""


@dataclass(frozen=True)
class Needs:
    """What this patient's plan asks for, from their answers (referral, pre-approval)."""

    today: date  # the clinic's date (app.core.clock): a visit after it is flagged
    referral: bool = False
    prior_auth: bool = False


def check_superbill(bill: Superbill, needs: Needs) -> list[Flag]:
    """Every flag for this invoice, in the order the fields appear on a claim form."""
    flags: list[Flag] = []
    flags += _provider(bill)
    flags += _identifiers(bill)
    flags += _date_and_place(bill, needs.today)
    flags += check_diagnoses(bill.diagnosis_codes, bill.date_of_service)
    flags += check_lines(bill.lines)
    flags += _money(bill)
    flags += _extras(bill, needs)
    return flags


def _provider(bill: Superbill) -> list[Flag]:
    out = []
    wanted = (
        ("provider_name", bill.provider_name, N_("the provider's name")),
        ("provider_credentials", bill.provider_credentials, N_("the provider's license or title")),
        ("provider_address", bill.provider_address, N_("the clinic's address")),
        ("provider_phone", bill.provider_phone, N_("the clinic's phone number")),
    )
    for name, value, what in wanted:
        if not value.strip():
            out.append(
                missing(name, what, Say("Please add %(what)s to my invoice.", what=Say(what)))
            )
    return out


def _identifiers(bill: Superbill) -> list[Flag]:
    out = []
    npi = codes.digits_only(bill.npi)
    if not bill.npi.strip():
        out.append(
            missing(
                "npi",
                N_("the provider's NPI (National Provider Identifier)"),
                N_("Please add the treating provider's 10-digit NPI to my invoice."),
            )
        )
    elif not codes.npi_valid(npi):
        out.append(
            Flag(
                "npi",
                "problem",
                Say(
                    "The NPI %(npi)s is not a valid 10-digit NPI. Check for a typo.",
                    npi=bill.npi.strip(),
                ),
                N_("Please check the NPI on my invoice. It should be 10 digits."),
            )
        )
    if not bill.tax_id.strip():
        out.append(
            missing(
                "tax_id",
                N_("the clinic's tax ID (EIN)"),
                N_("Please add the clinic's tax ID (EIN) to my invoice."),
            )
        )
    elif not codes.tax_id_valid(bill.tax_id):
        out.append(
            Flag(
                "tax_id",
                "problem",
                N_("A tax ID has 9 digits, like 12-3456789. This one does not look right."),
                N_("Please check the tax ID (EIN) on my invoice."),
            )
        )
    if not bill.shows_patient:
        out.append(
            missing(
                "shows_patient",
                N_("your name and date of birth"),
                N_("Please put my full name and date of birth on the invoice."),
            )
        )
    return out


def _date_and_place(bill: Superbill, today: date) -> list[Flag]:
    out = []
    if bill.date_of_service is None:
        out.append(
            missing(
                "date_of_service",
                N_("the date of service"),
                N_("Please add the date of each visit to my invoice."),
            )
        )
    elif bill.date_of_service > today:
        out.append(
            Flag(
                "date_of_service",
                "problem",
                N_(
                    "The date of service is in the future."
                    " A claim can only be sent after the visit."
                ),
                N_("Please check the date of service on my invoice."),
            )
        )
    pos = bill.place_of_service.strip()
    codes_on_bill = {line.code.strip() for line in bill.lines}
    if not pos:
        out.append(
            missing(
                "place_of_service",
                N_("the place of service code (11 means office)"),
                N_("Please add the place of service code to my invoice (11 for your office)."),
            )
        )
    elif len(pos) != 2 or not pos.isdigit():
        out.append(
            Flag(
                "place_of_service",
                "problem",
                Say(
                    "'%(pos)s' is not a place of service code. These are 2 digits, like 11.",
                    pos=pos,
                ),
                N_("Please check the place of service code on my invoice."),
            )
        )
    elif pos in codes.POS_TELEHEALTH and codes_on_bill & codes.HANDS_ON_CODES:
        out.append(
            Flag(
                "place_of_service",
                "problem",
                Say(
                    "Code %(pos)s means %(place)s, but massage and manual therapy"
                    " are hands-on care.",
                    pos=pos,
                    place=Say(codes.POS_TELEHEALTH[pos]),
                ),
                N_("Please check the place of service: 11 for the office, 12 for my home."),
            )
        )
    elif pos not in codes.POS_OK and pos not in codes.POS_TELEHEALTH:
        out.append(
            Flag(
                "place_of_service",
                "check",
                Say(
                    "Place of service %(pos)s is unusual for this care. Most visits use 11 (office)"
                    " or 12 (home).",
                    pos=pos,
                ),
                N_("Please confirm the place of service code on my invoice."),
            )
        )
    return out


def _money(bill: Superbill) -> list[Flag]:
    out = []
    charges = [ln.charge for ln in bill.lines if ln.charge is not None]
    if bill.total_charge is not None and charges and sum(charges) != bill.total_charge:
        out.append(
            Flag(
                "total_charge",
                "check",
                Say(
                    "The line charges add up to %(lines)s, but the total says %(total)s.",
                    lines=sum(charges, Decimal(0)),
                    total=bill.total_charge,
                ),
                N_("Please check the total on my invoice."),
            )
        )
    if bill.amount_paid is None or bill.payment_date is None:
        out.append(
            missing(
                "amount_paid",
                N_("what you paid and when (proof of payment)"),
                N_("Please mark my invoice paid, with the amount, the date and how I paid."),
            )
        )
    return out


def _extras(bill: Superbill, needs: Needs) -> list[Flag]:
    out = []
    if not bill.signed:
        out.append(
            missing(
                "signed",
                N_("the provider's signature and date"),
                N_("Please sign and date my invoice."),
            )
        )
    if needs.referral and not (bill.referring_name.strip() and bill.referring_npi.strip()):
        out.append(
            missing(
                "referring",
                N_("the name and NPI of the doctor who referred you"),
                N_("Please add my referring doctor's name and NPI (box 17 of the claim form)."),
            )
        )
    elif needs.referral and not codes.npi_valid(codes.digits_only(bill.referring_npi)):
        out.append(
            Flag(
                "referring",
                "problem",
                N_("The referring doctor's NPI is not a valid 10-digit NPI."),
                N_("Please check my referring doctor's NPI."),
            )
        )
    if needs.prior_auth and not bill.prior_auth_number.strip():
        out.append(
            missing(
                "prior_auth_number",
                N_("your prior-authorization number"),
                N_("Please add my prior-authorization number to the invoice (box 23)."),
            )
        )
    return out
