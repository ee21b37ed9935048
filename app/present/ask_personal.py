"""The ask box's answer made personal: the patient's own date, units, estimate, clinic.

Asked inside a case, "When is my appeal due?" gains the patient's own date and how it was
counted (or, with a date in the question, that date counted from), "How many units is my
visit?" their units and "Will I get money back?" their estimate; in the page's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, cast, get_args

from app.answers.schema import Card
from app.answers.search import Outcome
from app.core.i18n import N_, translator
from app.flows.conditions import AnswerValue
from app.flows.engine import Flow
from app.present.format import format_full_date, format_long_date, say
from app.present.numbers import COST_ESTIMATE, Numbers, numbers_for, units_summary
from app.rules.deadlines import DeadlineInputs, PlanType, compute_deadlines
from app.services.clinic import ClinicInfo

Answers = Mapping[str, AnswerValue]
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


def personal(
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
    what = units_summary(numbers.units, lang)
    return (translator(lang).gettext(FOR_YOU) % {"what": what},)


def _estimate(numbers: Numbers, lang: str) -> Personal:
    _ = translator(lang).gettext
    if numbers.estimate is not None:
        what = say(numbers.estimate.summary, lang)
        return (_(FOR_YOU) % {"what": what},), tuple(
            c.source for c in numbers.citations if c.what == say(COST_ESTIMATE, lang)
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
