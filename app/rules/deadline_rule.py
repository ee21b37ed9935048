"""One deadline: its date, the rule behind it, and how a letter's own date is weighed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from app.rules.holidays_us import day_note
from app.rules.say import N_, Say
from app.rules.sentences import Text, cite, join

Day = date  # the field below is named `date`

# The later date's label, from the rule's: "... by (federal rule, later)".
FEDERAL_LATER = "%(label)s (federal rule, later)"


@dataclass(frozen=True)
class Deadline:
    id: str
    date: date
    label: Say  # "Ask your plan to look again (internal appeal) by", and the date follows
    citation: Text
    note: Text
    advised: bool = True  # False: a later date shown only for reference
    # The patient's own deadlines only: the last business day before `date`, the day to
    # send by. Each deadline keeps its own legal rule (the 180-day appeal never moves past a
    # weekend, the outside-review date does); `send_by` is the same advice for all of them.
    send_by: Day | None = None

    @property
    def name(self) -> Say:
        """The rule's name without "by" and what follows: "Ask your plan to look again
        (internal appeal)" (where "How we got this" lists its source)."""
        label = self.label
        while label.msgid not in RULE_NAMES and isinstance(label.values.get("label"), Say):
            inner = label.values["label"]
            assert isinstance(inner, Say)
            label = inner
        return Say(RULE_NAMES.get(label.msgid, label.msgid), **label.values)


def with_notice(
    rule: Deadline, notice: date | None, show_later_rule: bool = True, what: str = "letter"
) -> list[Deadline]:
    """Pair a rule's date with the letter's date: the earlier is advised (domain.md §2)."""
    if notice is None:
        return [rule]
    if notice == rule.date:
        return [replace(rule, note=join(Say("Your letter gives the same date."), rule.note))]
    letter = cite(
        Say("The date printed on your letter")
        if what == "letter"
        else Say("Your plan's own limit"),
        rule.citation,
    )
    if notice < rule.date:
        advised = Deadline(
            rule.id,
            notice,
            rule.label,
            letter,
            join(
                Say(
                    "Your letter gives less time than the federal rule. To be safe, use the "
                    "date from your letter. You can ask your plan about the difference."
                )
                if what == "letter"
                else Say(
                    "Your plan gives less time than the federal rule. To be safe, use the "
                    "date from your plan. You can ask your plan about the difference."
                ),
                day_note(notice),
            ),
        )
        if not show_later_rule:
            return [advised]
        later = replace(
            rule,
            id=f"{rule.id}_federal",
            advised=False,
            label=Say(FEDERAL_LATER, label=rule.label),
            note=Say("For reference only. Do not wait for this date."),
        )
        return [advised, later]
    later_notice = Deadline(
        f"{rule.id}_notice",
        notice,
        Say("%(label)s (date from your letter, later)", label=rule.label)
        if what == "letter"
        else Say("%(label)s (date from your plan, later)", label=rule.label),
        letter,
        Say("Your letter gives more time. To be safe, use the earlier date.")
        if what == "letter"
        else Say("Your plan gives more time. To be safe, use the earlier date."),
        advised=False,
    )
    return [rule, later_notice]


# Each label's rule name (the label without "by"), for the list of sources.
RULE_NAMES: dict[str, str] = {
    N_("Send your claim to the insurer by"): N_("Send your claim to the insurer"),
    N_("Ask your plan to look again (internal appeal) by"): N_(
        "Ask your plan to look again (internal appeal)"
    ),
    N_("Ask for an outside review (external review) by"): N_(
        "Ask for an outside review (external review)"
    ),
    N_("If this was the final decision, ask for an outside review (external review) by"): N_(
        "If this was the final decision, ask for an outside review (external review)"
    ),
    N_("Ask for the second level of appeal by"): N_("Ask for the second level of appeal"),
    N_("Your insurer should decide by"): N_("Your insurer should decide"),
    N_("Your insurer should decide your appeal by"): N_("Your insurer should decide your appeal"),
    N_("Ask Medicare to look again (redetermination) by"): N_(
        "Ask Medicare to look again (redetermination)"
    ),
    N_("Ask your plan to look again (reconsideration) by"): N_(
        "Ask your plan to look again (reconsideration)"
    ),
    N_("Appeal to your Medicaid plan by"): N_("Appeal to your Medicaid plan"),
    N_("Ask for a state fair hearing by"): N_("Ask for a state fair hearing"),
    N_("Ask for a state fair hearing by (at the latest)"): N_("Ask for a state fair hearing"),
}
