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
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Protocol, cast, get_args

from app.answers.schema import Card, CardFile
from app.answers.search import Outcome
from app.core.i18n import DEFAULT, N_, translator
from app.flows.conditions import AnswerValue
from app.flows.engine import Flow, checklist_for, walk
from app.present.format import format_full_date, format_long_date, say
from app.present.numbers import Numbers, numbers_for, units_summary
from app.rules.deadlines import DeadlineInputs, PlanType, compute_deadlines
from app.rules.denial_codes import CodeInfo, UnknownDenialCode, lookup
from app.services.clinic import ClinicInfo

View = Literal["answer", "unsure", "off_topic", "redirect"]
Answers = Mapping[str, AnswerValue]
NOT_SURE = N_("I'm not sure I understood. These answers are the closest:")
OFF_TOPIC = N_(
    "I can only help with getting paid back by your health plan for massage and pain care."
)
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
    "units": N_("Your billing units"),
    "deadlines": N_("Your deadlines"),
    "estimate": N_("Your cost estimate"),
    "denial_codes": N_("Your denial code"),
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
    english_flow: Flow | None = None  # the flow in English, when `flow` is a translation


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
    personal, sources = _personal(card, outcome, clinic, case, today, lang)
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


# --- made personal -----------------------------------------------------------------------

Personal = tuple[tuple[str, ...], tuple[str, ...]]  # (sentences, sources they use)
CLINIC_CONTACT = N_("The clinic: call %(phone)s or email %(email)s.")
RETENTION = N_("This clinic deletes your answers %(days)s days after you last use your link.")
NO_NETWORK = N_("%(clinic)s is not in network with any plan.")
NETWORK = N_("%(clinic)s is in network with %(names)s. With any other plan it is out of network.")
FOR_YOU = N_("For you: %(what)s")
FOR_YOU_DATE = N_("For you: %(what)s %(date)s.")
ANSWER_FOR_DATE = N_('To see your own date, answer "%(step)s"')
COUNTING_FROM = N_("Counting from %(day)s: %(what)s %(date)s.")
AND = N_("%(items)s and %(last)s")
ESTIMATE_NEEDS = N_("For your own estimate, we still need %(missing)s.")


def _personal(
    card: Card,
    outcome: Outcome,
    clinic: ClinicInfo,
    case: CaseFacts | None,
    today: date,
    lang: str,
) -> Personal:
    kind = card.personal
    _ = translator(lang).gettext
    if kind is None:
        return (), ()
    if kind == "clinic_contact":
        return (_(CLINIC_CONTACT) % {"phone": clinic.phone, "email": clinic.email},), ()
    if kind == "retention":
        return (_(RETENTION) % {"days": clinic.retention_days},), ()
    if kind == "network":
        return _network(clinic, lang), ()
    if kind in DEADLINE_OF:
        return _deadline(DEADLINE_OF[kind], outcome, case, today, lang)
    if case is None:
        return (), ()
    numbers = numbers_for(case.flow, case.answers, today=case.today, lang=lang)
    if kind == "units":
        return _units(numbers, lang), ()
    if kind == "estimate":
        return _estimate(numbers, lang)
    return (), ()


def _network(clinic: ClinicInfo, lang: str) -> tuple[str, ...]:
    _ = translator(lang).gettext
    names = clinic.in_network_with
    if not names:
        return (_(NO_NETWORK) % {"clinic": clinic.name},)
    return (_(NETWORK) % {"clinic": clinic.name, "names": ", ".join(names)},)


def _deadline(
    deadline_id: str, outcome: Outcome, case: CaseFacts | None, today: date, lang: str
) -> Personal:
    """The patient's own date and how it was counted; or from a date in the question."""
    _ = translator(lang).gettext
    if case is not None:
        numbers = numbers_for(case.flow, case.answers, today=case.today, lang=lang)
        row = next((d for d in numbers.deadlines if d.id == deadline_id and d.advised), None)
        if row is not None:
            what = say(row.label, lang)
            return (
                _(FOR_YOU_DATE) % {"what": what, "date": row.date},
                say(row.note, lang),
            ), (say(row.citation, lang),)
    typed = outcome.dates()
    if typed:
        return _from_typed_date(deadline_id, typed[0], case, today, lang)
    if case is None:
        return (), ()
    step_id = DEADLINE_STEP[deadline_id]
    if case.flow.tree.has_step(step_id):
        return (_(ANSWER_FOR_DATE) % {"step": case.flow.step(step_id).text},), ()
    return (), ()


def _from_typed_date(
    deadline_id: str, day: date, case: CaseFacts | None, today: date, lang: str
) -> Personal:
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
    words = {
        "day": format_long_date(day, lang),
        "what": say(row.label, lang),
        "date": format_full_date(row.date, lang),
    }
    return (
        translator(lang).gettext(COUNTING_FROM) % words,
        say(row.note, lang),
    ), (say(row.citation, lang),)


_INPUT_OF = {
    "internal_appeal": "denial_date",
    "external_review": "final_denial_date",
    "timely_filing": "service_date",
    "initial_decision": "claim_received_date",
    "medicare_redetermination": "denial_date",
}


def _units(numbers: Numbers, lang: str) -> tuple[str, ...]:
    if not numbers.units:
        return ()
    what = say(units_summary(numbers.units), lang)
    return (translator(lang).gettext(FOR_YOU) % {"what": what},)


def _estimate(numbers: Numbers, lang: str) -> Personal:
    _ = translator(lang).gettext
    if numbers.estimate is not None:
        what = say(numbers.estimate.summary, lang)
        return (_(FOR_YOU) % {"what": what},), tuple(
            c.source for c in numbers.citations if str(c.what).startswith("Cost estimate")
        )
    if numbers.estimate_missing:
        missing = _and(tuple(say(m, lang) for m in numbers.estimate_missing), lang)
        return (_(ESTIMATE_NEEDS) % {"missing": missing},), ()
    return (), ()


def _and(items: tuple[str, ...], lang: str) -> str:
    if len(items) == 1:
        return items[0]
    last = translator(lang).gettext(AND)
    return last % {"items": ", ".join(items[:-1]), "last": items[-1]}


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
