"""'Your numbers': billing units, deadlines and the cost estimate, ready to show.

Reads only the answers on the patient's current path and hands them to the calculators'
adapters (app.rules.from_answers). No rule lives here: this module picks words, formats
dates and money, and lists the source of every rule used ("How we got this").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from app.core.i18n import DEFAULT, translator
from app.flows.conditions import AnswerValue
from app.flows.engine import Flow, Selected, checklist_for, walk
from app.present.format import format_full_date, say
from app.present.money import EstimateView, estimate_view, money_context
from app.rules import sources as src
from app.rules.deadlines import Deadline, DeadlineReport
from app.rules.denial_codes import CodeInfo, UnknownDenialCode, lookup, said
from app.rules.estimate import EstimateResult
from app.rules.from_answers import (
    deadlines_from_answers,
    estimate_from_answers,
    missing_for_estimate,
    no_payback_reason,
    units_from_answers,
)
from app.rules.say import N_, Say
from app.rules.sentences import Text, parts_of
from app.rules.units import TIMED_CODES, UNTIMED_CODES, UnitsComparison

Answers = Mapping[str, AnswerValue]
COST_STEPS = (
    "fee",
    "visits_planned",
    "deductible_remaining",
    "coinsurance_percent",
    "copay",
    "allowed_amount",
    "oop_max_remaining",
    "visit_limit_remaining",
    "amount_paid",
)
MISSING_WORDS = {
    "fee": N_("the clinic's price for one visit"),
    "deductible_remaining": N_("how much of your deductible is left"),
    "coinsurance_percent": N_("the share you pay after the deductible (coinsurance)"),
}


@dataclass(frozen=True)
class DeadlineRow:
    """One deadline as shown on the results page, in documents and in the API.

    `date` is the legal deadline with its weekday ("Sunday, August 9, 2026"); each keeps its
    own rule (the 180-day appeal does not move past a weekend, the outside-review date does).
    `send_by` is a display string of the last business day before it ("Friday, August 7,
    2026"), the day we advise sending by; None for dates that are the insurer's to meet
    (when it should decide) and for reference-only rows. Show it wherever `date` is shown.
    """

    id: str
    label: Say
    date: str
    note: Text
    citation: Text
    advised: bool
    send_by: str | None = None

    @property
    def send_by_text(self) -> str:
        """'Send it by Friday, August 7, 2026.' or ''."""
        return f"Send it by {self.send_by}." if self.send_by else ""


def deadline_row(d: Deadline, lang: str = DEFAULT) -> DeadlineRow:
    """The documents' deadline row, with the weekday in the date."""
    send_by = format_full_date(d.send_by, lang) if d.send_by is not None and d.advised else None
    when = format_full_date(d.date, lang)
    return DeadlineRow(d.id, d.label, when, d.note, d.citation, d.advised, send_by)


@dataclass(frozen=True)
class UnitsRow:
    code: str
    name: str
    minutes: int
    cms: int  # total-time way (Medicare's 8-minute rule)
    per_code: int  # code-by-code way
    timed: bool


@dataclass(frozen=True)
class DenialView:
    """The code the patient typed from their letter: what it means, or why we cannot say."""

    typed: str
    info: CodeInfo | None
    problem: Text

    @property
    def lead(self) -> Say | None:
        """The code's own plain meaning, as a message (shown in the page's language)."""
        if self.info is None:
            return None
        return said(self.info.reason_plain or self.info.plain, self.info.code)

    @property
    def summary(self) -> tuple[Text, ...]:
        """What the conversation says: the meaning, then the first thing to do."""
        if self.info is None:
            return (self.problem,)
        code = self.info.code
        plain = said(self.info.reason_plain or self.info.plain, code)
        meaning = Say("%(code)s means: %(meaning)s", code=code, meaning=plain)
        return (meaning, Say("What to do: %(step)s", step=said(self.info.next_steps[0], code)))


def denial_view(answers: Answers) -> DenialView | None:
    typed = answers.get("denial_code")
    if not isinstance(typed, str) or not typed.strip():
        return None
    try:
        return DenialView(typed.strip(), lookup(typed), "")
    except UnknownDenialCode as exc:
        return DenialView(typed.strip(), None, exc.message)


@dataclass(frozen=True)
class Citation:
    what: Text
    sources: tuple[Text, ...]

    @property
    def source(self) -> str:
        return "; ".join(map(str, self.sources))


@dataclass(frozen=True)
class Numbers:
    units: tuple[UnitsRow, ...]
    units_notes: tuple[str, ...]
    deadlines: tuple[DeadlineRow, ...]
    deadline_notes: tuple[Say, ...]
    estimate: EstimateView | None
    estimate_missing: tuple[str, ...]  # plain words for what the estimate still needs
    denial: DenialView | None
    citations: tuple[Citation, ...]
    # Why no money can come back on this path (Medicaid, Original Medicare, no benefits out
    # of network), to say in place of an estimate; None when an estimate makes sense.
    no_money: str | None = None

    @property
    def shown(self) -> bool:
        return bool(
            self.units or self.deadlines or self.estimate or self.estimate_missing or self.denial
        )

    @cached_property
    def due_by(self) -> dict[str, DeadlineRow]:
        """Advised deadlines by id, for the checklist's 'Do this by'."""
        return {row.id: row for row in self.deadlines if row.advised}

    @property
    def has_calendar(self) -> bool:
        return bool(self.due_by)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def unit_rows(units: Iterable[UnitsComparison], lang: str = DEFAULT) -> tuple[UnitsRow, ...]:
    """Each code's units by both ways of counting, the code's name in `lang`."""
    _ = translator(lang).gettext
    rows = []
    for both in units:
        for cms, per_code in zip(both.cms.lines, both.per_code.lines, strict=True):
            name = TIMED_CODES.get(cms.code) or UNTIMED_CODES.get(cms.code, "")
            rows.append(
                UnitsRow(
                    cms.code,
                    _(name) if name else "",
                    cms.minutes,
                    cms.units,
                    per_code.units,
                    cms.timed,
                )
            )
    return tuple(rows)


def units_summary(rows: tuple[UnitsRow, ...], lang: str = DEFAULT) -> str:
    """One sentence for the conversation, e.g. 'That is 4 units of 97124 (massage).'"""
    if not rows:
        return ""
    words = translator(lang)
    first = rows[0]
    if not first.timed:
        untimed = words.gettext(
            "%(code)s counts as 1 unit, whatever the time. The claim needs a short "
            "written description of the care."
        )
        return untimed % {"code": first.code}
    values = {"num": first.cms, "minutes": first.minutes, "code": first.code}
    if first.cms != first.per_code:
        two_ways = words.ngettext(
            "That is %(num)d unit counted by total time, or %(per_code)s counted code by "
            "code. Ask your insurer which way it counts.",
            "That is %(num)d units counted by total time, or %(per_code)s counted code by "
            "code. Ask your insurer which way it counts.",
            first.cms,
        )
        return two_ways % {**values, "per_code": first.per_code}
    zero = " " + words.gettext("Under 8 minutes is not billed.") if first.cms == 0 else ""
    if len(rows) > 1:
        codes = rows[0].code
        for row in rows[1:]:
            codes = words.gettext("%(one)s or %(other)s") % {"one": codes, "other": row.code}
        some = words.ngettext(
            "That is %(num)d unit of %(code)s for %(minutes)s minutes.",
            "That is %(num)d units of %(code)s for %(minutes)s minutes.",
            first.cms,
        )
        ask = words.gettext("Ask your clinic which code it uses.")
        return f"{some % {**values, 'code': codes}}{zero} {ask}"
    one = words.ngettext(
        "That is %(num)d unit of %(code)s (%(name)s) for %(minutes)s minutes.",
        "That is %(num)d units of %(code)s (%(name)s) for %(minutes)s minutes.",
        first.cms,
    )
    return f"{one % {**values, 'name': first.name}}{zero}"


COST_ESTIMATE = N_("Cost estimate: the words and the order of the math")


def citations(
    units: Iterable[UnitsComparison],
    report: DeadlineReport,
    estimate: EstimateResult | None,
    denial: DenialView | None = None,
) -> tuple[Citation, ...]:
    """Every rule used, once each, grouped by what it was used for."""
    found: dict[Text, list[Text]] = {}

    def add(what: Text, citation: Text) -> None:
        sources = found.setdefault(what, [])
        for part in parts_of(citation):
            if part not in sources:
                sources.append(part)

    for both in units:
        add(N_("Billing units, counted by total time"), both.cms.citation)
        add(N_("Billing units, counted code by code"), both.per_code.citation)
        if any(not line.timed for line in both.cms.lines):
            add(N_("Code 97139: one unit and a written description"), src.CITE_UNLISTED)
    for d in report.deadlines:
        add(d.name, d.citation)
    if estimate is not None:
        add(COST_ESTIMATE, estimate.citation)
    if denial is not None and denial.info is not None:
        add(N_("What your denial code means"), denial.info.citation)
    return tuple(Citation(what, tuple(sources)) for what, sources in found.items())


def active_answers(flow: Flow, answers: Answers) -> Answers:
    return walk(flow, answers).active


def numbers_for(
    flow: Flow, answers: Answers, *, today: date | None = None, lang: str = DEFAULT
) -> Numbers:
    """Everything the results and print pages show under 'Your numbers', in `lang`."""
    _ = translator(lang).gettext
    active = active_answers(flow, answers)
    units = units_from_answers(active)
    report = deadlines_from_answers(active, today=today)
    result = estimate_from_answers(active)
    no_money = no_payback_reason(active)
    missing: tuple[str, ...] = ()
    if result is None and no_money is None and any(key in active for key in COST_STEPS):
        missing = tuple(_(MISSING_WORDS[k]) for k in missing_for_estimate(active))
    denial = denial_view(active)
    return Numbers(
        units=unit_rows(units, lang),
        units_notes=_unique(
            say(n, lang)
            for both in units
            for n in (*both.cms.notes, *both.per_code.notes, *both.notes)
        ),
        deadlines=tuple(deadline_row(d, lang) for d in report.deadlines),
        deadline_notes=tuple(report.notes) if report.deadlines else (),
        estimate=(
            estimate_view(result, *money_context(active), lang=lang) if result is not None else None
        ),
        estimate_missing=missing,
        denial=denial,
        citations=(
            *(
                Citation(say(c.what, lang), c.sources)
                for c in citations(units, report, result, denial)
            ),
            *rule_citations(checklist_for(flow, active)),
        ),
        no_money=say(no_money, lang) if no_money is not None else None,
    )


def rule_citations(selected: Iterable[Selected]) -> tuple[Citation, ...]:
    """The rule behind each checklist item shown (its `source` key), for "How we got this"."""
    out: dict[str, Citation] = {}
    for sel in selected:
        key = sel.item.source
        if key and key in src.RULES and key not in out:
            out[key] = Citation(sel.item.text.rstrip("."), (src.RULES[key],))
    return tuple(out.values())
