"""Short results in the conversation: after an answer that changes a number, we say it.

For each answer on the path (up to the step shown) that feeds a calculator, we work the
number out from the answers given so far, with and without that answer. When it changed,
the transcript shows a result bubble right after the answer, e.g. "Your appeal deadline:
Monday, August 10, 2026." A bubble depends only on answers before it, so its key stays
stable while the patient moves on (the htmx transcript sync diffs items by key).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.core.i18n import DEFAULT, SUPPORTED
from app.flows.conditions import AnswerValue
from app.flows.engine import Flow, Walk, walk
from app.present.money import estimate_extras, estimate_view, money_context
from app.present.numbers import (
    COST_STEPS,
    DenialView,
    UnitsRow,
    denial_view,
    unit_rows,
    units_summary,
)
from app.rules.deadlines import PATIENT_IDS, Deadline
from app.rules.estimate import EstimateResult
from app.rules.from_answers import (
    deadlines_from_answers,
    estimate_from_answers,
    units_from_answers,
)
from app.rules.say import N_, Say, Worded
from app.rules.sentences import Text, join

Answers = Mapping[str, AnswerValue]
# Each line a message (shown in the page's language), or words already in English.
Lines = tuple[Text, ...]

SAYINGS = {
    "timely_filing": N_("Your deadline to send the claim: %(date)s."),
    "internal_appeal": N_("Your appeal deadline: %(date)s."),
    "external_review": N_("Your deadline to ask for an outside review: %(date)s."),
    "medicare_redetermination": N_("Your deadline to ask Medicare to look again: %(date)s."),
    "second_appeal": N_("Your deadline for the second level of appeal: %(date)s."),
    "ma_reconsideration": N_("Your deadline to ask your plan to look again: %(date)s."),
    "medicaid_plan_appeal": N_("Your deadline to appeal to your Medicaid plan: %(date)s."),
    "fair_hearing": N_("Your deadline to ask for a state fair hearing: %(date)s."),
    "initial_decision": N_("Your insurer should decide by %(date)s."),
    "appeal_decision": N_("Your insurer should decide your appeal by %(date)s."),
}
# A later date shown for reference, by whose it is: the rule's, or the plan's or letter's.
LATER = {
    ("timely_filing", "_federal"): N_(
        "Medicare's rule gives a later date, %(date)s. To be safe, do not wait for it."
    ),
    ("timely_filing", "_notice"): N_(
        "Your plan gives a later date, %(date)s. To be safe, do not wait for it."
    ),
    ("", "_federal"): N_(
        "The federal rule gives a later date, %(date)s. To be safe, do not wait for it."
    ),
    ("", "_notice"): N_(
        "Your letter gives a later date, %(date)s. To be safe, do not wait for it."
    ),
}


@dataclass(frozen=True)
class Remark:
    step_id: str
    lines: Lines

    @property
    def key(self) -> str:
        english = "\n".join(map(str, self.lines))  # the same key in every language
        digest = hashlib.sha256(english.encode("utf-8")).hexdigest()[:12]
        return f"result|{self.step_id}|{digest}"


def _units_of(answers: Answers, today: date | None) -> tuple[UnitsRow, ...]:
    return unit_rows(units_from_answers(answers))


def _worded(words: Callable[[str], str]) -> Worded:
    """A sentence a presenter words with plurals, kept in every language we have."""
    return Worded(words(DEFAULT), **{lang: words(lang) for lang in SUPPORTED if lang != DEFAULT})


def _say_units(old: tuple[UnitsRow, ...], new: tuple[UnitsRow, ...], today: date | None) -> Lines:
    return (_worded(lambda lang: units_summary(new, lang)),) if new and new != old else ()


def deadline_line(d: Deadline, ids: set[str], today: date | None) -> Text:
    """One deadline as a short sentence, with the warnings that matter most."""
    plan = d.id.startswith("timely_filing")  # the plan's limit against Medicare's rule
    if not d.advised:
        later = "_federal" if d.id.endswith("_federal") else "_notice"
        return Say(LATER["timely_filing" if plan else "", later], date=d.date)
    saying = SAYINGS.get(d.id)
    first = (
        Say(saying, date=d.date)
        if saying is not None
        else Say("%(label)s %(date)s.", label=d.label, date=d.date)
    )
    less: Text = ""
    if f"{d.id}_federal" in ids:
        less = (
            Say("Your plan gives less time than Medicare's rule, so use this date.")
            if plan
            else Say("Your letter gives less time than the federal rule, so use this date.")
        )
    earlier: Text = ""
    if f"{d.id}_notice" in ids:
        earlier = (
            Say("It is earlier than the date from your plan, so use this one.")
            if plan
            else Say("It is earlier than the date from your letter, so use this one.")
        )
    last: Text = ""
    if today is not None and d.date < today:
        last = (
            Say("This date has passed. Act now, and ask your plan if it can still accept it.")
            if d.id.startswith(PATIENT_IDS)
            else Say("This date has passed. If you have no answer, call your insurer.")
        )
    elif d.send_by is not None:
        last = Say("Send it by %(date)s, one business day before.", date=d.send_by)
    return join(first, less, earlier, last)


def _deadlines_of(answers: Answers, today: date | None) -> tuple[Deadline, ...]:
    return deadlines_from_answers(answers, today=today).deadlines


def _say_deadlines(
    old: tuple[Deadline, ...], new: tuple[Deadline, ...], today: date | None
) -> Lines:
    seen = {(d.id, d.date) for d in old}
    ids = {d.id for d in new}
    return tuple(deadline_line(d, ids, today) for d in new if (d.id, d.date) not in seen)


MoneyNow = tuple[EstimateResult, str, Decimal | None] | None


def _estimate_of(answers: Answers, today: date | None) -> MoneyNow:
    result = estimate_from_answers(answers)
    return None if result is None else (result, *money_context(answers))


def _say_estimate(old: MoneyNow, new: MoneyNow, today: date | None) -> Lines:
    if new is None or (old is not None and old == new):
        return ()
    views = {lang: estimate_view(*new, lang=lang) for lang in SUPPORTED}
    count = len(estimate_extras(views[DEFAULT], new[0]))
    result = new[0]

    def extra(n: int) -> Worded:
        return _worded(lambda lang: estimate_extras(views[lang], result, lang)[n])

    return (_worded(lambda lang: views[lang].summary), *(extra(n) for n in range(count)))


def _denial_of(answers: Answers, today: date | None) -> DenialView | None:
    return denial_view(answers)


def _say_denial(old: DenialView | None, new: DenialView | None, today: date | None) -> Lines:
    return new.summary if new is not None and new != old else ()


@dataclass(frozen=True)
class Topic:
    """A number the conversation reports: how to work it out, and what to say when it changes."""

    name: str
    compute: Callable[[Answers, date | None], Any]
    say: Callable[[Any, Any, date | None], Lines]


UNITS = Topic("units", _units_of, _say_units)
DEADLINES = Topic("deadlines", _deadlines_of, _say_deadlines)
ESTIMATE = Topic("estimate", _estimate_of, _say_estimate)
DENIAL = Topic("denial", _denial_of, _say_denial)
TOPICS: dict[str, Topic] = {
    "denial_code": DENIAL,
    "main_code": UNITS,
    "session_minutes": UNITS,
    **dict.fromkeys(
        (
            "service_date",
            "filing_limit_days",
            "claim_sent_date",
            "denial_date",
            "final_denial_date",
            "notice_days",
        ),
        DEADLINES,
    ),
    **dict.fromkeys(COST_STEPS, ESTIMATE),
}


def remarks(
    flow: Flow, w: Walk, *, upto: str | None = None, today: date | None = None
) -> dict[str, Remark]:
    """Result bubbles by the step id they follow, for the transcript up to `upto`."""
    path = list(w.path)
    if upto in path:
        path = path[: path.index(upto)]
    cache: dict[tuple[str, int], Any] = {}

    def value(topic: Topic, length: int) -> Any:
        """The topic's number from the first `length` answers on the path (each once)."""
        key = (topic.name, length)
        if key not in cache:
            cache[key] = topic.compute({k: w.active[k] for k in path[:length]}, today)
        return cache[key]

    out: dict[str, Remark] = {}
    for i, step_id in enumerate(path):
        topic = TOPICS.get(step_id)
        if topic is None:
            continue
        lines = topic.say(value(topic, i), value(topic, i + 1), today)
        if lines:
            out[step_id] = Remark(step_id, lines)
    return out


def said_for(flow: Flow, today: date) -> Callable[[Answers], dict[str, list[Text]]]:
    """What the conversation says after each answer, for storing with a case's answers.

    A page view then reads it back instead of working every number out again. Like any
    message in a conversation, it is what was said when the answer was given; the results
    page always shows the numbers as of today.
    """

    def said(answers: Answers) -> dict[str, list[Text]]:
        found = remarks(flow, walk(flow, answers), today=today)
        return {step_id: list(remark.lines) for step_id, remark in found.items()}

    return said
