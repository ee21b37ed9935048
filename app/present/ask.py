"""The ask box's answer as a person reads it: the card, made personal with their own case.

The search (app/answers) picks a card, a denial code, a redirect or "not sure". Here that
becomes words and links: asked inside a case, "When is my appeal due?" gains the patient's
own date and how it was counted, "How many units is my visit?" their units, "Will I get
money back?" their estimate, and the answer offers the wizard step that would change it.
Every sentence is a card's, a rule's or a fixed one written here; nothing is generated.

All of it in the page's language (`lang`): the search in that language picked a card in it,
the case's flow is in it, our own sentences go through the catalog, and what a rule says
(a deadline's label and note, a denial code's meaning) through `say`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from app.answers.schema import Card, CardFile
from app.answers.search import Outcome
from app.core.i18n import DEFAULT, N_, translator
from app.flows.conditions import AnswerValue
from app.flows.engine import Flow, checklist_for, walk
from app.present.ask_personal import CaseFacts, Link
from app.present.ask_personal import personal as personal_sentences
from app.present.format import say
from app.rules.denial_codes import CodeInfo, UnknownDenialCode, lookup
from app.services.clinic import ClinicInfo

View = Literal["answer", "unsure", "off_topic", "redirect"]
Answers = Mapping[str, AnswerValue]
NOT_SURE = N_("I'm not sure I understood. These answers are the closest:")
OFF_TOPIC = N_(
    "I can only help with getting paid back by your health plan for massage and pain care."
)
CALCULATOR_LABELS = {
    "units": N_("Your billing units"),
    "deadlines": N_("Your deadlines"),
    "estimate": N_("Your cost estimate"),
    "denial_codes": N_("Your denial code"),
}


@dataclass(frozen=True)
class AskView:
    kind: View
    id: str  # the card's id, "code_50" for a denial code, "" when there is no answer
    title: str
    paragraphs: tuple[str, ...]
    personal: tuple[str, ...] = ()  # sentences from the patient's own case
    sources: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    suggestions: tuple[Card, ...] = ()
    insurer_question: tuple[str, str] | None = None  # (id, text) to add to the call sheet
    insurer_english: str = ""  # the same question's English words, when the page is not
    question_on_sheet: bool = False
    contact: bool = False  # show the clinic's phone and email
    confidence: float = 0.0

    @property
    def answered(self) -> bool:
        return self.kind == "answer"

    @property
    def text(self) -> str:
        """The whole answer as plain text (the JSON API's `text`)."""
        return "\n\n".join((*self.paragraphs, *self.personal))


def ask_view(
    outcome: Outcome,
    *,
    clinic: ClinicInfo,
    case: CaseFacts | None,
    today: date,
    lang: str = DEFAULT,
) -> AskView:
    """The words and links for what the search decided, in `lang`."""
    _ = translator(lang).gettext
    if outcome.kind == "code" and outcome.code:
        return _code_view(outcome, outcome.code, case, lang)
    if outcome.kind == "card" and outcome.card is not None:
        return _card_view(outcome, outcome.card, clinic, case, today, lang)
    if outcome.kind == "redirect" and outcome.redirect is not None:
        return AskView(
            "redirect",
            "",
            "",
            (outcome.redirect.text,),
            contact=outcome.redirect.contact,
            confidence=outcome.confidence,
        )
    if outcome.kind == "unsure":
        question = _insurer_question(outcome, case, case.flow if case else None)
        english = _insurer_question(outcome, case, case.english_flow if case else None)
        return AskView(
            "unsure",
            "",
            "",
            (_(NOT_SURE),),
            suggestions=outcome.suggestions,
            insurer_question=question,
            insurer_english=english[1] if english and question and english != question else "",
            question_on_sheet=bool(question and case and question[0] in case.call_questions),
            contact=True,
            confidence=outcome.confidence,
        )
    return AskView("off_topic", "", "", (_(OFF_TOPIC),), contact=True)


def stat_key(outcome: Outcome, view: AskView) -> str:
    """What is counted: the answer's id, or the topic (or kind) of a question left open.
    Never the question itself."""
    if view.answered:
        return view.id
    if outcome.kind == "redirect" and outcome.redirect is not None:
        return outcome.redirect.id
    if outcome.topic is not None:
        return outcome.topic.id
    return "off_topic"


STAT_NAMES = {
    "off_topic": "Not about paying for care",
    "booking": "Booking a visit (sent to the clinic)",
    "health": "Health advice (sent to a doctor)",
}


def stat_label(key: str, cards: CardFile) -> str:
    """A counter's key in words for the staff page: a card's title, a topic, a code."""
    card = cards.card(key)
    if card is not None:
        return card.title
    topic = cards.topic(key)
    if topic is not None:
        return topic.title
    if key.startswith("code_"):
        return f"Denial code {key.removeprefix('code_')}"
    return STAT_NAMES.get(key, key)


def _insurer_question(
    outcome: Outcome, case: CaseFacts | None, flow: Flow | None
) -> tuple[str, str] | None:
    """The topic's question for the insurer (id, text), as `flow` words it."""
    topic = outcome.topic
    if topic is None or topic.question is None or case is None or flow is None:
        return None
    for item in flow.tree.questions:
        if item.id == topic.question:
            return item.id, item.text
    return None


# --- a card ------------------------------------------------------------------------------


def _card_view(
    outcome: Outcome,
    card: Card,
    clinic: ClinicInfo,
    case: CaseFacts | None,
    today: date,
    lang: str,
) -> AskView:
    personal, sources = personal_sentences(card, outcome, clinic, case, today, lang)
    return AskView(
        "answer",
        card.id,
        card.title,
        card.paragraphs,
        personal=personal,
        sources=_sources(card.sources, sources),
        links=_links(card, case, lang),
        suggestions=outcome.suggestions,
        contact=card.personal == "clinic_contact",
        confidence=outcome.confidence,
    )


def _sources(own: tuple[str, ...], used: tuple[str, ...]) -> tuple[str, ...]:
    """The card's sources, then any other rule the personal part used (each rule once)."""
    cited = {source.split(" (")[0] for source in own}
    extra = [s for part in used for s in part.split("; ") if s.split(" (")[0] not in cited]
    return tuple(dict.fromkeys((*own, *extra)))


def _links(card: Card, case: CaseFacts | None, lang: str) -> tuple[Link, ...]:
    """The step to answer or change (the first one on the patient's path), then the rest."""
    if case is None:
        return ()
    _ = translator(lang).gettext
    w = walk(case.flow, case.answers)
    out: list[Link] = []
    for step_id in card.links.steps:
        if not case.flow.tree.has_step(step_id):
            continue
        text = case.flow.step(step_id).text
        if step_id in w.active:
            out.append(
                Link(_("Change your answer: %(step)s") % {"step": text}, case.hrefs.step(step_id))
            )
            break
        if step_id == w.current and not w.done:
            out.append(
                Link(_("Answer this next: %(step)s") % {"step": text}, case.hrefs.step(step_id))
            )
            break
    if w.done:
        applies = {sel.item.id: sel.item.text for sel in checklist_for(case.flow, case.answers)}
        for item_id in card.links.checklist:
            if item_id in applies:
                label = _("In your plan: %(item)s") % {"item": applies[item_id]}
                out.append(Link(label, f"{case.hrefs.results}#item-{item_id}"))
        for doc_id in card.links.documents:
            if doc_id in case.documents:
                out.append(case.documents[doc_id])
        for calculator in card.links.calculators[:1]:
            out.append(Link(_(CALCULATOR_LABELS[calculator]), f"{case.hrefs.results}#numbers"))
    return tuple(out)


# --- a denial code -----------------------------------------------------------------------

CODE_MEANS = N_("%(code)s means: %(plain)s")
WHAT_TO_DO = N_("What to do: %(steps)s")
CODE_TITLE = N_("What %(code)s means")
ADD_CODE = N_("Add it to your answers: %(step)s")


def _code_view(outcome: Outcome, code: str, case: CaseFacts | None, lang: str) -> AskView:
    _ = translator(lang).gettext
    try:
        info: CodeInfo = lookup(code)
    except UnknownDenialCode as exc:  # the search only sends codes the decoder knows
        return AskView("unsure", "", "", (str(exc),), suggestions=outcome.suggestions)
    paragraphs = [_(CODE_MEANS) % {"code": info.code, "plain": say(info.plain, lang)}]
    steps = " ".join(say(step, lang) for step in info.next_steps)
    paragraphs.append(_(WHAT_TO_DO) % {"steps": steps})
    if info.external_review_note:
        paragraphs.append(say(info.external_review_note, lang))
    links: list[Link] = []
    if case is not None:
        w = walk(case.flow, case.answers)
        if case.flow.tree.has_step("denial_code") and (
            "denial_code" in w.active or w.current == "denial_code"
        ):
            text = case.flow.step("denial_code").text
            links.append(Link(_(ADD_CODE) % {"step": text}, case.hrefs.step("denial_code")))
    return AskView(
        "answer",
        f"code_{info.carc or info.code}",
        _(CODE_TITLE) % {"code": info.code},
        tuple(paragraphs),
        sources=(str(info.citation),),
        links=tuple(links),
        suggestions=outcome.suggestions,
        confidence=outcome.confidence,
    )
