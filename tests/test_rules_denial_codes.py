"""Denial-code decoder: the table covers domain.md §7.2 and reads codes as people type them."""

from __future__ import annotations

import pytest
import textstat

from app.rules import sources
from app.rules.denial_codes import (
    UnknownDenialCode,
    known_codes,
    load_table,
    lookup,
    parse_code,
)

# domain.md §7.2, every CARC in the table, with its official short text.
OFFICIAL = {
    "1": "Deductible Amount",
    "2": "Coinsurance Amount",
    "3": "Co-payment Amount",
    "11": "The diagnosis is inconsistent with the procedure.",
    "16": "Claim/service lacks information or has submission/billing error(s).",
    "18": "Exact duplicate claim/service",
    "22": "This care may be covered by another payer per coordination of benefits.",
    "27": "Expenses incurred after coverage terminated.",
    "29": "The time limit for filing has expired.",
    "45": "Charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement.",
    "50": "These are non-covered services because this is not deemed a 'medical necessity' "
    "by the payer.",
    "96": "Non-covered charge(s).",
    "97": "The benefit for this service is included in the payment/allowance for another "
    "service/procedure that has already been adjudicated.",
    "100": "Payment made to patient/insured/responsible party.",
    "119": "Benefit maximum for this time period or occurrence has been reached.",
    "151": "Payment adjusted because the payer deems the information submitted does not "
    "support this many/frequency of services.",
    "167": "This (these) diagnosis(es) is (are) not covered.",
    "170": "Payment is denied when performed/billed by this type of provider.",
    "189": "'Not otherwise classified' or 'unlisted' procedure code (CPT/HCPCS) was billed "
    "when there is a specific procedure code for this procedure/service",
    "197": "Precertification/authorization/notification/pre-treatment absent.",
    "204": "This service/equipment/drug is not covered under the patient's current benefit plan",
    "242": "Services not provided by network/primary care providers.",
    "288": "Referral absent",
    # domain.md §15: common on massage claims.
    "4": "The procedure code is inconsistent with the modifier used.",
    "5": "The procedure code/type of bill is inconsistent with the place of service.",
    "49": "This is a non-covered service because it is a routine/preventive exam or a "
    "diagnostic/screening procedure done in conjunction with a routine/preventive exam.",
    "55": "Procedure/treatment/drug is deemed experimental/investigational by the payer.",
    "56": "Procedure/treatment has not been deemed 'proven to be effective' by the payer.",
    "58": "Treatment was deemed by the payer to have been rendered in an inappropriate or "
    "invalid place of service.",
    "109": "Claim/service not covered by this payer/contractor. You must send the "
    "claim/service to the correct payer/contractor.",
    "150": "Payer deems the information submitted does not support this level of service.",
    "185": "The rendering provider is not eligible to perform the service billed.",
    "198": "Precertification/notification/authorization/pre-treatment exceeded.",
    "252": "An attachment/other documentation is required to adjudicate this claim/service.",
    "272": "Coverage/program guidelines were not met.",
    "B5": "Coverage/program guidelines were not met or were exceeded.",
    "B7": "This provider was not certified/eligible to be paid for this procedure/service on "
    "this date of service.",
}


@pytest.mark.parametrize(
    ("typed", "code", "words"),
    [
        ("N130", "N130", "plan papers"),
        ("n-130", "N130", "plan papers"),
        ("MA130", "MA130", "remark code"),
        ("M15", "M15", "remark code"),
    ],
)
def test_remark_codes_are_explained(typed, code, words):
    info = lookup(typed)
    assert info.code == code and words in info.plain
    assert "Remark" in info.citation


def test_co_on_a_paid_out_of_network_claim_means_no_money_back():
    info = lookup("CO-50")
    assert "will not pay this amount back" in info.plain
    assert "most often win on appeal" in info.plain
    assert info.external_review


def test_table_has_every_domain_code_with_official_text():
    assert set(known_codes()) == set(OFFICIAL)
    for code, text in OFFICIAL.items():
        assert lookup(code).meaning == text


def test_groups():
    for group, meaning in [
        ("CO", "Contractual Obligations"),
        ("PR", "Patient Responsibility"),
        ("OA", "Other Adjustments"),
        ("PI", "Payer Initiated Reductions"),
    ]:
        info = lookup(group.lower())
        assert (info.code, info.group, info.meaning) == (group, group, meaning)
        assert info.carc is None


@pytest.mark.parametrize(
    ("typed", "group", "carc"),
    [
        ("CO-50", "CO", "50"),
        ("co 50", "CO", "50"),
        ("PR50", "PR", "50"),
        ("50", None, "50"),
        (" pr-1 ", "PR", "1"),
        ("OA_18", "OA", "18"),
        ("co-050", "CO", "50"),
        ("PI:45", "PI", "45"),
        ("co", "CO", None),
    ],
)
def test_parse_what_people_type(typed, group, carc):
    assert parse_code(typed) == (group, carc)


@pytest.mark.parametrize("typed", ["", "  ", "XX-50", "CO-", "1234", "fifty", "0", "CO 50 1"])
def test_unreadable_codes(typed):
    with pytest.raises(UnknownDenialCode):
        parse_code(typed)


def test_unknown_number_has_a_helpful_message():
    with pytest.raises(UnknownDenialCode, match="999.*Call your insurer"):
        lookup("CO-999")


def test_group_and_code_together():
    info = lookup("co 50")
    assert info.code == "CO-50"
    assert info.group_meaning == "Contractual Obligations"
    assert "CO means" in info.plain
    assert info.external_review is True
    assert sources.CITE_GROUP_CODES in info.citation


# Conservative: only denials about medical judgment say yes (domain.md §2.4).
@pytest.mark.parametrize(
    ("code", "review"),
    [
        ("50", True),
        ("151", True),
        ("204", False),
        ("29", False),
        ("16", False),
        ("197", False),
        ("119", False),
        ("1", False),
    ],
)
def test_external_review_flags(code, review):
    assert lookup(code).external_review is review


def test_every_entry_has_next_steps_and_cites_x12():
    table = load_table()
    assert table.source == sources.CITE_CARC
    for code in known_codes():
        info = lookup(code)
        assert info.next_steps
        assert info.citation == sources.CITE_CARC


def test_plain_words_are_easy_to_read():
    table = load_table()
    texts = [c.plain for c in table.codes.values()]
    texts += [step for c in table.codes.values() for step in c.next_steps]
    grade = textstat.flesch_kincaid_grade(" ".join(texts))
    assert grade <= 8, grade
