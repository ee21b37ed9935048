"""Superbill check: table-driven cases over one complete invoice (domain.md §4)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.documents import superbill_form
from app.documents.superbill import Line, Needs, Superbill, check_superbill

TODAY = date(2026, 3, 20)
D = Decimal

GOOD = Superbill(
    provider_name="Example Massage & Pain Care",
    provider_credentials="LMT",
    provider_address="123 Example Street, Springfield, XX 00000",
    provider_phone="555-0100",
    npi="1234567893",
    tax_id="12-3456789",
    date_of_service=date(2026, 3, 2),
    place_of_service="11",
    diagnosis_codes=("M54.50", "M62.830"),
    lines=(Line("97124", 2, 30, D("80.00")), Line("97140", 2, 30, D("80.00"))),
    total_charge=D("160.00"),
    amount_paid=D("160.00"),
    payment_date=date(2026, 3, 2),
    shows_patient=True,
    signed=True,
)


def flags_for(bill: Superbill, needs: Needs | None = None) -> list[tuple[str, str]]:
    return [(f.field, f.severity) for f in check_superbill(bill, needs or Needs(today=TODAY))]


def test_a_complete_invoice_has_no_flags() -> None:
    assert check_superbill(GOOD, Needs(today=TODAY)) == []


CASES: list[tuple[str, dict[str, Any], tuple[str, str], str]] = [
    # ICD-10: M54.5 is valid only through 2021-09-30 (domain.md §4.4).
    (
        "m545_after_oct_2021",
        {"diagnosis_codes": ("M54.5",)},
        ("diagnosis_codes", "problem"),
        "M54.50",
    ),
    (
        "m545_on_2021_10_01",
        {
            "diagnosis_codes": ("M54.5",),
            "date_of_service": date(2021, 10, 1),
            "payment_date": date(2021, 10, 1),
        },
        ("diagnosis_codes", "problem"),
        "September 30, 2021",
    ),
    (
        "m545_typed_without_dot",
        {"diagnosis_codes": ("m545",)},
        ("diagnosis_codes", "problem"),
        "M54.59",
    ),
    (
        "m791_after_oct_2021",
        {"diagnosis_codes": ("M79.1",)},
        ("diagnosis_codes", "problem"),
        "M79.10",
    ),
    (
        "new_code_before_it_existed",
        {"diagnosis_codes": ("M54.50",), "date_of_service": date(2021, 5, 3)},
        ("diagnosis_codes", "problem"),
        "was M54.5",
    ),
    ("header_code", {"diagnosis_codes": ("M54",)}, ("diagnosis_codes", "problem"), "heading"),
    (
        "not_an_icd10_code",
        {"diagnosis_codes": ("97124",)},
        ("diagnosis_codes", "problem"),
        "does not look like",
    ),
    ("no_diagnosis", {"diagnosis_codes": ()}, ("diagnosis_codes", "missing"), "ICD-10"),
    # Units against minutes (domain.md §1).
    (
        "units_too_many",
        {"lines": (Line("97124", 3, 30, D("120.00")),), "total_charge": None},
        ("lines", "problem"),
        "30 minutes makes 2 units",
    ),
    (
        "units_for_7_minutes",
        {
            "lines": (Line("97124", 3, 38, D("90")), Line("97140", 1, 7, D("30"))),
            "total_charge": None,
        },
        ("lines", "problem"),
        "97140",
    ),
    (
        "unknown_cpt_code",
        {"lines": (Line("99999", 1, 15, D("50")),), "total_charge": None},
        ("lines", "check"),
        "99999",
    ),
    (
        "line_without_units",
        {"lines": (Line("97124", None, 30, D("80")),), "total_charge": None},
        ("line_1", "missing"),
        "units",
    ),
    ("no_lines", {"lines": ()}, ("lines", "missing"), "CPT"),
    # Provider identifiers.
    ("missing_npi", {"npi": ""}, ("npi", "missing"), "NPI"),
    ("bad_npi_check_digit", {"npi": "1234567890"}, ("npi", "problem"), "10-digit"),
    ("missing_tax_id", {"tax_id": ""}, ("tax_id", "missing"), "tax ID"),
    ("bad_tax_id", {"tax_id": "12-34"}, ("tax_id", "problem"), "9 digits"),
    (
        "missing_credentials",
        {"provider_credentials": ""},
        ("provider_credentials", "missing"),
        "license",
    ),
    # Place of service (domain.md §4.3).
    ("missing_pos", {"place_of_service": ""}, ("place_of_service", "missing"), "11"),
    (
        "telehealth_pos_on_massage",
        {"place_of_service": "02"},
        ("place_of_service", "problem"),
        "hands-on",
    ),
    ("unusual_pos", {"place_of_service": "21"}, ("place_of_service", "check"), "unusual"),
    ("pos_not_a_code", {"place_of_service": "office"}, ("place_of_service", "problem"), "2 digits"),
    # Dates, money and signatures.
    (
        "future_date",
        {"date_of_service": date(2026, 4, 1)},
        ("date_of_service", "problem"),
        "future",
    ),
    ("no_date", {"date_of_service": None}, ("date_of_service", "missing"), "date of service"),
    ("total_does_not_add_up", {"total_charge": D("150.00")}, ("total_charge", "check"), "160.00"),
    ("no_proof_of_payment", {"amount_paid": None}, ("amount_paid", "missing"), "paid"),
    ("not_signed", {"signed": False}, ("signed", "missing"), "signature"),
    ("no_patient_details", {"shows_patient": False}, ("shows_patient", "missing"), "date of birth"),
]


@pytest.mark.parametrize(
    ("changes", "expected", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_flags(changes: dict[str, Any], expected: tuple[str, str], words: str) -> None:
    flags = check_superbill(replace(GOOD, **changes), Needs(today=TODAY))
    matching = [f for f in flags if (f.field, f.severity) == expected]
    assert matching, f"expected {expected}, got {[(f.field, f.severity) for f in flags]}"
    assert any(words in f.message or words in f.ask_clinic for f in matching)
    assert all(f.ask_clinic.startswith("Please") for f in flags)


ACCEPTED: list[tuple[str, dict[str, Any]]] = [
    (
        "m545_before_oct_2021",
        {
            "diagnosis_codes": ("M54.5",),
            "date_of_service": date(2021, 9, 30),
            "payment_date": date(2021, 9, 30),
        },
    ),
    ("m545_long_before", {"diagnosis_codes": ("M54.5",), "date_of_service": date(2020, 10, 1)}),
    ("billable_myalgia", {"diagnosis_codes": ("M79.18",)}),
    ("dashless_tax_id_and_ssn_form", {"tax_id": "123-45-6789"}),
    ("home_visit", {"place_of_service": "12"}),
    (
        "telehealth_exercise",
        {"place_of_service": "10", "lines": (Line("97110", 2, 30, D("80")),), "total_charge": None},
    ),
    # CMS total-time: 24 + 23 = 47 minutes -> 3 units, 2 x 97112 and 1 x 97110.
    (
        "cms_example_1",
        {
            "lines": (Line("97112", 2, 24, D("80")), Line("97110", 1, 23, D("40"))),
            "total_charge": None,
        },
    ),
    # CMS example 2: 20 + 20 minutes -> 3 units, 2 of either code.
    (
        "cms_example_2_either_way",
        {
            "lines": (Line("97112", 1, 20, D("40")), Line("97110", 2, 20, D("80"))),
            "total_charge": None,
        },
    ),
    # Per-code method: 33 + 7 minutes -> 2 x 97110 and 0 x 97140 (CMS would say 2 + 1).
    ("per_code_method", {"lines": (Line("97110", 2, 33, D("80")),), "total_charge": None}),
    ("unlisted_97139_one_unit", {"lines": (Line("97139", 1, 25, D("60")),), "total_charge": None}),
    ("no_minutes_given", {"lines": (Line("97124", 4, None, D("160.00")),)}),
]


@pytest.mark.parametrize("changes", [c[1] for c in ACCEPTED], ids=[c[0] for c in ACCEPTED])
def test_accepted(changes: dict[str, Any]) -> None:
    assert flags_for(replace(GOOD, **changes)) == []


def test_referral_and_prior_auth_follow_the_answers() -> None:
    needs = Needs(referral=True, prior_auth=True, today=TODAY)
    fields = {f.field for f in check_superbill(GOOD, needs)}
    assert fields == {"referring", "prior_auth_number"}
    complete = replace(
        GOOD, referring_name="Dr. Rivera", referring_npi="1234567893", prior_auth_number="PA-1"
    )
    assert check_superbill(complete, needs) == []
    bad_npi = replace(complete, referring_npi="1111111111")
    assert [(f.field, f.severity) for f in check_superbill(bad_npi, needs)] == [
        ("referring", "problem")
    ]


def test_form_parses_and_reports_unreadable_fields() -> None:
    form = {
        "provider_name": " Clinic ",
        "npi": "1234567893",
        "date_of_service": "03/02/2026",
        "diagnosis_codes": "M54.5, M62.830",
        "line_code_1": "97124",
        "line_units_1": "3",
        "line_minutes_1": "30",
        "line_charge_1": "$120",
        "line_units_2": "x",
        "amount_paid": "abc",
        "signed": "1",
    }
    parsed = superbill_form.parse(form)
    assert parsed.bill.provider_name == "Clinic"
    assert parsed.bill.date_of_service == date(2026, 3, 2)
    assert parsed.bill.diagnosis_codes == ("M54.5", "M62.830")
    assert parsed.bill.lines == (Line("97124", 3, 30, D("120.00")),)
    assert parsed.bill.signed and not parsed.bill.shows_patient
    assert set(parsed.errors) == {"line_units_2", "amount_paid"}
    fields = {f.field for f in check_superbill(parsed.bill, Needs(today=TODAY))}
    assert {"diagnosis_codes", "lines", "amount_paid"} <= fields


def test_prefill_uses_clinic_settings_and_answers() -> None:
    class Clinic:
        name, address, phone, npi, tax_id = "C", "A", "P", "1234567893", "12-3456789"

    values = superbill_form.prefill(
        Clinic(),
        {
            "main_code": "97140",
            "session_minutes": "45",
            "fee": "95.00",
            "service_date": "2026-03-02",
        },
    )
    assert values["npi"] == "1234567893" and values["place_of_service"] == "11"
    assert values["line_code_1"] == "97140" and values["line_minutes_1"] == "45"
    assert superbill_form.prefill(Clinic(), {"main_code": "not_sure"}).get("line_code_1") is None
