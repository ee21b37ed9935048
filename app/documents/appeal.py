"""What an appeal letter argues and attaches, for each denial reason.

Data, kept in one place (domain.md §7, §10, §15). The patient signs this letter, so every
factual sentence is there because an answer or a letter detail supports it: a line with
`needs` is printed only when that letter detail (app.services.letters) is filled in, and
the detail itself follows it in the patient's own words. Plain words, whole sentences.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.i18n import N_


@dataclass(frozen=True)
class Line:
    text: str
    needs: str | None = None  # a letter detail that must be filled in, or None


@dataclass(frozen=True)
class Argument:
    reason: str
    heading: str  # a msgid: the Spanish copy of the letter says it in Spanish
    carc: str
    paragraphs: tuple[Line, ...]
    attach: tuple[Line, ...]

    def lines(self, details: Mapping[str, str]) -> list[str]:
        """The paragraphs this patient's details support, each with its detail after it."""
        out = []
        for line in self.paragraphs:
            if line.needs is None:
                out.append(line.text)
            elif value := details.get(line.needs):
                checkbox = line.needs == "has_prescription"
                out.append(line.text if checkbox else f"{line.text} {value}")
        return out

    def enclosed(self, details: Mapping[str, str]) -> list[str]:
        return [a.text for a in self.attach if a.needs is None or details.get(a.needs)]


DENIAL_LETTER = Line(N_("A copy of the letter or statement (EOB) that said no"))
INVOICE = Line(N_("The clinic's itemized invoice (superbill) for each visit"))
PRESCRIPTION = Line(N_("My doctor's prescription or referral"), "has_prescription")
NOTES = Line(N_("The clinic's treatment notes (SOAP notes) for these visits"))
RX = "My doctor prescribed this care for a health problem that my doctor diagnosed."

ARGUMENTS: dict[str, Argument] = {
    "medical_necessity": Argument(
        "medical_necessity",
        N_("This care is needed for my health"),
        "CARC 50",
        (
            Line("You said this care was not needed for my health (not medically necessary)."),
            Line(RX, "has_prescription"),
            Line("Please look at the enclosed papers about my pain, my limits and my goals."),
            Line("I ask you to review your decision and pay for this care."),
        ),
        (
            PRESCRIPTION,
            Line(N_("A letter from my doctor about why I need this care, if I have one")),
            NOTES,
            INVOICE,
            DENIAL_LETTER,
        ),
    ),
    "missing_info": Argument(
        "missing_info",
        N_("The missing papers are enclosed"),
        "CARC 16",
        (
            Line("You said my claim was missing some information or papers."),
            Line("I have put what was asked for with this letter."),
            Line("Please process the claim again, and tell me exactly what else you need."),
        ),
        (INVOICE, Line(N_("Proof that I paid (a receipt or card statement)")), DENIAL_LETTER),
    ),
    "no_preapproval": Argument(
        "no_preapproval",
        N_("Please review the visits without an earlier OK"),
        "CARC 197",
        (
            Line("You said these visits needed an OK from you first (prior authorization)."),
            Line("Please look at my visits now, just as you would have done before I had them."),
            Line(
                "When I called you, I was told no OK was needed. My notes of that call:",
                "call_note",
            ),
        ),
        (PRESCRIPTION, NOTES, INVOICE, DENIAL_LETTER),
    ),
    "late_filing": Argument(
        "late_filing",
        N_("Please accept my claim"),
        "CARC 29",
        (
            Line("You said my claim was sent after your time limit."),
            Line("I could not send it sooner. This is why:", "late_reason"),
            Line("Please accept the claim if your plan allows a late claim with a good reason."),
        ),
        (
            Line(N_("Proof of when I first sent the claim, if I have it")),
            INVOICE,
            DENIAL_LETTER,
        ),
    ),
    "visit_limit": Argument(
        "visit_limit",
        N_("Please check my visit count"),
        "CARC 119",
        (
            Line("You said I used up the visits my plan allows for this time."),
            Line("Please send me the list of visits you counted, with their dates."),
            Line(
                "Please tell me if visits for other care, like physical therapy, were counted too.",
            ),
            Line("If I did reach the limit, I ask for more visits so I can reach my care goals."),
        ),
        (PRESCRIPTION, NOTES, DENIAL_LETTER),
    ),
    "provider_type": Argument(
        "provider_type",
        N_("Please review the kind of provider"),
        "CARC 170",
        (
            Line("You said my plan does not pay this kind of provider."),
            Line(
                "Please tell me which rule you used, and "
                "which providers my plan pays for this care.",
            ),
            Line(RX, "has_prescription"),
        ),
        (PRESCRIPTION, INVOICE, DENIAL_LETTER),
    ),
    "out_of_network": Argument(
        "out_of_network",
        N_("Please pay under my out-of-network benefits"),
        "CARC 242",
        (
            Line("You said the clinic is not in your network."),
            Line(
                "Please process the claim under my benefits for "
                "care out of network, if I have them.",
            ),
            Line(
                "I could not find a network provider for this care. These are the ones I tried:",
                "providers_tried",
            ),
        ),
        (PRESCRIPTION, INVOICE, DENIAL_LETTER),
    ),
    "not_covered": Argument(
        "not_covered",
        N_("Please check if this care is covered"),
        "CARC 96 or 204",
        (
            Line("You said my plan does not cover this care."),
            Line(RX, "has_prescription"),
            Line("Please tell me which rule in my plan papers you used."),
            Line("Please also check if this care is covered under another benefit, like therapy."),
        ),
        (PRESCRIPTION, NOTES, INVOICE, DENIAL_LETTER),
    ),
    "coding": Argument(
        "coding",
        N_("A corrected invoice is enclosed"),
        "CARC 11, 16 or 189",
        (
            Line("You said there was a problem with the billing codes on my claim."),
            Line("Please process the claim again with the corrected invoice from my clinic."),
        ),
        (Line(N_("The corrected itemized invoice (superbill) from the clinic")), DENIAL_LETTER),
    ),
    "step_therapy": Argument(
        "step_therapy",
        N_("Please make an exception to the step rule"),
        "",
        (
            Line("You said I must try other care first (step therapy)."),
            Line("I have already tried other care. This is what I tried:", "treatments_tried"),
            Line("I ask you to make an exception and approve this care."),
        ),
        (PRESCRIPTION, Line(N_("A letter from my doctor about the care I tried")), DENIAL_LETTER),
    ),
    "not_sure": Argument(
        "not_sure",
        N_("Please review my claim"),
        "",
        (
            Line("I ask you to review your decision on my claim."),
            Line("Please tell me the exact reason for it, and which plan rule you used."),
        ),
        (PRESCRIPTION, NOTES, INVOICE, DENIAL_LETTER),
    ),
}

# What the plan said, in the patient's words to an outside reviewer.
PLAN_SAID: dict[str, str] = {
    "medical_necessity": N_(
        "My plan said this care was not needed for my health (not medically necessary)."
    ),
    "step_therapy": N_("My plan said I must try other care first (step therapy)."),
    "not_covered": N_("My plan said it does not cover this care."),
    "visit_limit": N_("My plan said I used up the visits it allows."),
    "not_sure": N_("My plan did not make its reason clear to me."),
}

# What the patient tells an outside reviewer, by reason (only reasons a review can take).
FOR_REVIEWER: dict[str, tuple[Line, ...]] = {
    "medical_necessity": (
        Line(RX, "has_prescription"),
        Line("The enclosed papers show my pain, my limits and my goals."),
    ),
    "step_therapy": (
        Line("I have already tried other care. This is what I tried:", "treatments_tried"),
    ),
    "not_covered": (
        Line(RX, "has_prescription"),
        Line("I believe the plan's rule turns on whether this care is needed for my health."),
    ),
    "visit_limit": (Line("I ask for more visits so that I can reach my care goals."),),
    "not_sure": (),
}

DOCUMENTS_REQUEST = (
    "Please also send me a free copy of the papers, records and rules you used to decide."
)
EXPEDITED = (
    "This is about care I have not had yet, and waiting could seriously harm my health. "
    "Please treat this as a fast (expedited) appeal, decided within 72 hours. I am also "
    "asking for a fast outside review at the same time."
)


def reviewer_lines(reason: str, details: Mapping[str, str]) -> list[str]:
    """The paragraphs for an outside reviewer that this patient's details support."""
    lines = Argument(reason, "", "", FOR_REVIEWER.get(reason, ()), ())
    return lines.lines(details)


def argument_for(reason: str | None) -> Argument:
    """The argument for a denial reason; unknown or missing reasons get the general one."""
    return ARGUMENTS.get(reason or "", ARGUMENTS["not_sure"])
