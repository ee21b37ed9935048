"""The ask box's answer as a person reads it: the card, made personal with their own case.

The search (app/answers) picks a card, a denial code, a redirect or "not sure". Here that
becomes words and links: asked inside a case, "When is my appeal due?" gains the patient's
own date and how it was counted, "How many units is my visit?" their units, "Will I get
money back?" their estimate, and the answer offers the wizard step that would change it.
Every sentence is a card's, a rule's or a fixed one written here; nothing is generated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Protocol, cast, get_args

from app.answers.schema import Card, CardFile
from app.answers.search import Outcome
from app.flows.conditions import AnswerValue
from app.flows.engine import Flow, checklist_for, walk
from app.present.format import full_date, long_date
from app.present.numbers import Numbers, numbers_for, units_summary
from app.rules.deadlines import DeadlineInputs, PlanType, compute_deadlines
from app.rules.denial_codes import CodeInfo, UnknownDenialCode, lookup
from app.services.clinic import ClinicInfo

View = Literal["answer", "unsure", "off_topic", "redirect"]
Answers = Mapping[str, AnswerValue]
NOT_SURE = "I'm not sure I understood. These answers are the closest:"
OFF_TOPIC = "I can only help with getting paid back by your health plan for massage and pain care."
# Which deadline each card's `personal` reads (ids from app.rules.deadlines).
DEADLINE_OF = {
    "appeal_deadline": "internal_appeal",
    "external_deadline": "external_review",
    "filing_deadline": "timely_filing",
    "decision_date": "initial_decision",
    "medicare_appeal": "medicare_redetermination",
}
# The answer a deadline counts from, asked for when the case does not have it yet.
DEADLINE_STEP = {
    "internal_appeal": "denial_date",
    "external_review": "final_denial_date",
    "timely_filing": "service_date",
    "initial_decision": "claim_sent_date",
    "medicare_redetermination": "denial_date",
}
CALCULATOR_LABELS = {
    "units": "Your billing units",
    "deadlines": "Your deadlines",
    "estimate": "Your cost estimate",
    "denial_codes": "Your denial code",
}


class CaseHrefs(Protocol):
    """The case's URLs (app.web.patient.deps.CaseLinks fits)."""

    def step(self, step_id: str) -> str: ...

    @property
    def results(self) -> str: ...


@dataclass(frozen=True)
class Link:
    label: str
    href: str


@dataclass(frozen=True)
class CaseFacts:
    """What an answer may use from one patient's case (all of it optional)."""

    flow: Flow
    answers: Answers
    hrefs: CaseHrefs
    today: date
    documents: Mapping[str, Link] = field(default_factory=dict)  # the ones that apply
    call_questions: frozenset[str] = frozenset()  # insurer questions already on the sheet


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
    outcome: Outcome, *, clinic: ClinicInfo, case: CaseFacts | None, today: date
) -> AskView:
    """The words and links for what the search decided."""
    if outcome.kind == "code" and outcome.code:
        return _code_view(outcome, outcome.code, case)
    if outcome.kind == "card" and outcome.card is not None:
        return _card_view(outcome, outcome.card, clinic, case, today)
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
        question = _insurer_question(outcome, case)
        return AskView(
            "unsure",
            "",
            "",
            (NOT_SURE,),
            suggestions=outcome.suggestions,
            insurer_question=question,
            question_on_sheet=bool(question and case and question[0] in case.call_questions),
            contact=True,
            confidence=outcome.confidence,
        )
    return AskView("off_topic", "", "", (OFF_TOPIC,), contact=True)


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


def _insurer_question(outcome: Outcome, case: CaseFacts | None) -> tuple[str, str] | None:
    topic = outcome.topic
    if topic is None or topic.question is None or case is None:
        return None
    for item in case.flow.tree.questions:
        if item.id == topic.question:
            return item.id, item.text
    return None


# --- a card ------------------------------------------------------------------------------


def _card_view(
    outcome: Outcome, card: Card, clinic: ClinicInfo, case: CaseFacts | None, today: date
) -> AskView:
    personal, sources = _personal(card, outcome, clinic, case, today)
    return AskView(
        "answer",
        card.id,
        card.title,
        card.paragraphs,
        personal=personal,
        sources=_sources(card.sources, sources),
        links=_links(card, case),
        suggestions=outcome.suggestions,
        contact=card.personal == "clinic_contact",
        confidence=outcome.confidence,
    )


def _sources(own: tuple[str, ...], used: tuple[str, ...]) -> tuple[str, ...]:
    """The card's sources, then any other rule the personal part used (each rule once)."""
    cited = {source.split(" (")[0] for source in own}
    extra = [s for part in used for s in part.split("; ") if s.split(" (")[0] not in cited]
    return tuple(dict.fromkeys((*own, *extra)))


def _links(card: Card, case: CaseFacts | None) -> tuple[Link, ...]:
    """The step to answer or change (the first one on the patient's path), then the rest."""
    if case is None:
        return ()
    w = walk(case.flow, case.answers)
    out: list[Link] = []
    for step_id in card.links.steps:
        if not case.flow.tree.has_step(step_id):
            continue
        text = case.flow.step(step_id).text
        if step_id in w.active:
            out.append(Link(f"Change your answer: {text}", case.hrefs.step(step_id)))
            break
        if step_id == w.current and not w.done:
            out.append(Link(f"Answer this next: {text}", case.hrefs.step(step_id)))
            break
    if w.done:
        applies = {sel.item.id: sel.item.text for sel in checklist_for(case.flow, case.answers)}
        for item_id in card.links.checklist:
            if item_id in applies:
                out.append(
                    Link(
                        f"In your plan: {applies[item_id]}", f"{case.hrefs.results}#item-{item_id}"
                    )
                )
        for doc_id in card.links.documents:
            if doc_id in case.documents:
                out.append(case.documents[doc_id])
        for calculator in card.links.calculators[:1]:
            out.append(Link(CALCULATOR_LABELS[calculator], f"{case.hrefs.results}#numbers"))
    return tuple(out)


# --- made personal -----------------------------------------------------------------------

Personal = tuple[tuple[str, ...], tuple[str, ...]]  # (sentences, sources they use)


def _personal(
    card: Card, outcome: Outcome, clinic: ClinicInfo, case: CaseFacts | None, today: date
) -> Personal:
    kind = card.personal
    if kind is None:
        return (), ()
    if kind == "clinic_contact":
        return (f"The clinic: call {clinic.phone} or email {clinic.email}.",), ()
    if kind == "retention":
        return (
            f"This clinic deletes your answers {clinic.retention_days} days after you last "
            "use your link.",
        ), ()
    if kind == "network":
        return _network(clinic), ()
    if kind in DEADLINE_OF:
        return _deadline(DEADLINE_OF[kind], outcome, case, today)
    if case is None:
        return (), ()
    numbers = numbers_for(case.flow, case.answers, today=case.today)
    if kind == "units":
        return _units(numbers), ()
    if kind == "estimate":
        return _estimate(numbers)
    return (), ()


def _network(clinic: ClinicInfo) -> tuple[str, ...]:
    names = clinic.in_network_with
    if not names:
        return (f"{clinic.name} is not in network with any plan.",)
    return (
        f"{clinic.name} is in network with {', '.join(names)}. With any other plan it is "
        "out of network.",
    )


def _deadline(deadline_id: str, outcome: Outcome, case: CaseFacts | None, today: date) -> Personal:
    """The patient's own date and how it was counted; or from a date in the question."""
    if case is not None:
        numbers = numbers_for(case.flow, case.answers, today=case.today)
        row = next((d for d in numbers.deadlines if d.id == deadline_id and d.advised), None)
        if row is not None:
            return (f"For you: {row.label} {row.date}.", str(row.note)), (str(row.citation),)
    typed = outcome.dates()
    if typed:
        return _from_typed_date(deadline_id, typed[0], case, today)
    if case is None:
        return (), ()
    step_id = DEADLINE_STEP[deadline_id]
    if case.flow.tree.has_step(step_id):
        return (f'To see your own date, answer "{case.flow.step(step_id).text}"',), ()
    return (), ()


def _from_typed_date(deadline_id: str, day: date, case: CaseFacts | None, today: date) -> Personal:
    plan = case.answers.get("plan_type") if case is not None else None
    plan_type = cast(PlanType, plan) if plan in get_args(PlanType) else "not_sure"
    field_name = _INPUT_OF[deadline_id]
    inputs = DeadlineInputs(
        plan_type=plan_type,
        denial_date=day if field_name == "denial_date" else None,
        final_denial_date=day if field_name == "final_denial_date" else None,
        service_date=day if field_name == "service_date" else None,
        claim_received_date=day if field_name == "claim_received_date" else None,
    )
    report = compute_deadlines(inputs, today=today)
    row = next((d for d in report.deadlines if d.id == deadline_id and d.advised), None)
    if row is None:
        return (), ()
    return (
        f"Counting from {long_date(day)}: {row.label} {full_date(row.date)}.",
        str(row.note),
    ), (str(row.citation),)


_INPUT_OF = {
    "internal_appeal": "denial_date",
    "external_review": "final_denial_date",
    "timely_filing": "service_date",
    "initial_decision": "claim_received_date",
    "medicare_redetermination": "denial_date",
}


def _units(numbers: Numbers) -> tuple[str, ...]:
    if not numbers.units:
        return ()
    return (f"For you: {units_summary(numbers.units)}",)


def _estimate(numbers: Numbers) -> Personal:
    if numbers.estimate is not None:
        return (f"For you: {numbers.estimate.summary}",), tuple(
            c.source for c in numbers.citations if str(c.what).startswith("Cost estimate")
        )
    if numbers.estimate_missing:
        return ("For your own estimate, we still need " + _and(numbers.estimate_missing) + ".",), ()
    return (), ()


def _and(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- a denial code -----------------------------------------------------------------------


def _code_view(outcome: Outcome, code: str, case: CaseFacts | None) -> AskView:
    try:
        info: CodeInfo = lookup(code)
    except UnknownDenialCode as exc:  # the search only sends codes the decoder knows
        return AskView("unsure", "", "", (str(exc),), suggestions=outcome.suggestions)
    paragraphs = [f"{info.code} means: {info.plain}"]
    paragraphs.append("What to do: " + " ".join(info.next_steps))
    if info.external_review_note:
        paragraphs.append(info.external_review_note)
    links: list[Link] = []
    if case is not None:
        w = walk(case.flow, case.answers)
        if case.flow.tree.has_step("denial_code") and (
            "denial_code" in w.active or w.current == "denial_code"
        ):
            text = case.flow.step("denial_code").text
            links.append(Link(f"Add it to your answers: {text}", case.hrefs.step("denial_code")))
    return AskView(
        "answer",
        f"code_{info.carc or info.code}",
        f"What {info.code} means",
        tuple(paragraphs),
        sources=(str(info.citation),),
        links=tuple(links),
        suggestions=outcome.suggestions,
        confidence=outcome.confidence,
    )
