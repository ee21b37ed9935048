"""What an appeal letter argues and attaches, for each denial reason.

Data, kept in one place (domain.md §7.2 for the CARC codes, §2 for appeal rules).
Plain words, short sentences: the patient signs this letter.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Argument:
    reason: str
    heading: str
    carc: str
    paragraphs: tuple[str, ...]
    attach: tuple[str, ...]


DENIAL_LETTER = "A copy of the denial letter or Explanation of Benefits (EOB)"
SUPERBILL = "The clinic's itemized invoice (superbill) for each visit"
PRESCRIPTION = "My doctor's prescription or referral (diagnosis, frequency and duration)"
NOTES = "The clinic's treatment notes (SOAP notes) for these visits"

ARGUMENTS: dict[str, Argument] = {
    "medical_necessity": Argument(
        "medical_necessity",
        "My care was medically necessary",
        "CARC 50",
        (
            "You said this care was not medically necessary. I ask you to look again.",
            "My doctor prescribed this care to treat a diagnosed condition. It is not wellness"
            " or maintenance care.",
            "The enclosed notes show the pain and limits I had before treatment, the goals"
            " set for me, and the progress I have made since.",
        ),
        (
            PRESCRIPTION,
            "A letter of medical necessity from my doctor",
            NOTES + ", showing my limits before care and my progress",
            SUPERBILL,
            DENIAL_LETTER,
        ),
    ),
    "missing_info": Argument(
        "missing_info",
        "The missing information is enclosed",
        "CARC 16",
        (
            "You said my claim was missing information. I have enclosed it.",
            "Please process the claim again with these papers. If you need anything else,"
            " please tell me exactly what it is.",
        ),
        (
            SUPERBILL + ", complete with the provider's NPI, tax ID, place of service, codes,"
            " units and diagnosis codes",
            "Proof of payment (receipt or card statement)",
            "Anything the denial letter asked for",
            DENIAL_LETTER,
        ),
    ),
    "no_preapproval": Argument(
        "no_preapproval",
        "Please review the care without pre-approval",
        "CARC 197",
        (
            "You said the care needed pre-approval and did not have it.",
            "The care was medically necessary and meets your rules for this kind of care."
            " I ask you to review it now, as you would have before the visits.",
            "If I was told on a call that pre-approval was not needed, the date and"
            " reference number of that call are written below.",
        ),
        (
            PRESCRIPTION,
            NOTES,
            "My notes from calls with you: date, name and reference number",
            SUPERBILL,
            DENIAL_LETTER,
        ),
    ),
    "late_filing": Argument(
        "late_filing",
        "Please accept my late claim",
        "CARC 29",
        (
            "You said my claim was sent after the time limit.",
            "I could not send it sooner for the reason below. Many plans accept a late"
            " claim when filing sooner was not reasonably possible. Please tell me if"
            " my plan has this rule, and apply it.",
            "If I sent the claim on time and it was lost, the enclosed proof shows when"
            " I first sent it.",
        ),
        (
            "Proof of when I first sent the claim (mail receipt or upload confirmation)",
            "Proof of why I could not file sooner, if I have it",
            SUPERBILL,
            DENIAL_LETTER,
        ),
    ),
    "visit_limit": Argument(
        "visit_limit",
        "Please check my visit count",
        "CARC 119",
        (
            "You said I reached the limit on visits for this period.",
            "Please check the count. Tell me which visits you counted, and whether other"
            " care (such as physical therapy or chiropractic) was counted too.",
            "If the limit was reached, I ask for an exception. My doctor says I need more"
            " visits to reach my treatment goals.",
        ),
        (
            "A list of my visit dates this benefit period",
            "A letter from my doctor on why I need more visits",
            NOTES + ", showing my progress",
            DENIAL_LETTER,
        ),
    ),
    "provider_type": Argument(
        "provider_type",
        "Please review the type of provider",
        "CARC 170",
        (
            "You said this kind of provider is not covered.",
            "My care was given by a licensed professional, under my doctor's prescription."
            " Please tell me which plan rule you used, and which provider types my plan"
            " covers for this care (CPT codes listed below).",
            "If my plan covers these codes from another kind of provider, please review"
            " whether this care should be paid the same way.",
        ),
        (
            PRESCRIPTION,
            "A copy of the therapist's license",
            SUPERBILL,
            DENIAL_LETTER,
        ),
    ),
    "out_of_network": Argument(
        "out_of_network",
        "Please pay under my out-of-network benefits",
        "CARC 242",
        (
            "You said the provider is not in your network.",
            "Please process the claim under my out-of-network benefits, if my plan has them.",
            "If it does not, I ask for an exception. I could not find an in-network provider"
            " who offers this care near me within a reasonable time. The providers I tried"
            " are listed in the enclosed page.",
        ),
        (
            "A list of in-network providers I tried, with dates and what they said",
            PRESCRIPTION,
            SUPERBILL,
            DENIAL_LETTER,
        ),
    ),
    "not_covered": Argument(
        "not_covered",
        "Please check whether this care is covered",
        "CARC 96 or 204",
        (
            "You said this service is not covered by my plan.",
            "This care treats a diagnosed condition. It is not for relaxation or general"
            " health. Please tell me which plan rule you used, and check whether the codes"
            " below are covered under another benefit, such as rehabilitation.",
        ),
        (PRESCRIPTION, NOTES, SUPERBILL, DENIAL_LETTER),
    ),
    "coding": Argument(
        "coding",
        "Corrected codes are enclosed",
        "CARC 11, 16 or 189",
        (
            "You said there was a problem with the codes on my claim.",
            "My clinic has checked the codes. The enclosed invoice shows codes and units"
            " that match the time of each visit, and diagnosis codes that were valid on"
            " the date of service. Please process the claim again.",
        ),
        (
            "A corrected itemized invoice (superbill) from the clinic",
            PRESCRIPTION,
            DENIAL_LETTER,
        ),
    ),
    "not_sure": Argument(
        "not_sure",
        "Please review my claim",
        "",
        (
            "I ask you to review the decision on my claim again.",
            "Please tell me the exact reason for the denial and the plan rule you used.",
        ),
        (PRESCRIPTION, NOTES, SUPERBILL, DENIAL_LETTER),
    ),
}

DOCUMENTS_REQUEST = (
    "Please also send me, free of charge, copies of the documents, records and rules"
    " used to decide my claim."
)
EXPEDITED = (
    "My situation is urgent. Waiting could seriously harm my health or my ability to get"
    " back to full function. Please treat this as an expedited (urgent) appeal. I am also"
    " asking for an expedited external review at the same time."
)


def argument_for(reason: str | None) -> Argument:
    """The argument for a denial reason; unknown or missing reasons get the general one."""
    return ARGUMENTS.get(reason or "", ARGUMENTS["not_sure"])
