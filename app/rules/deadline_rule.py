"""One deadline: its date, the rule behind it, and how a letter's own date is weighed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from app.rules.holidays_us import day_note

Day = date  # the field below is named `date`


@dataclass(frozen=True)
class Deadline:
    id: str
    date: date
    label: str
    citation: str
    note: str
    advised: bool = True  # False: a later date shown only for reference
    # The patient's own deadlines only: the last business day before `date`, the day to
    # send by. Each deadline keeps its own legal rule (the 180-day appeal never moves past a
    # weekend, the outside-review date does); `send_by` is the same advice for all of them.
    send_by: Day | None = None


def join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def with_notice(
    rule: Deadline, notice: date | None, show_later_rule: bool = True, what: str = "letter"
) -> list[Deadline]:
    """Pair a rule's date with the letter's date: the earlier is advised (domain.md §2)."""
    if notice is None:
        return [rule]
    if notice == rule.date:
        return [replace(rule, note=join("Your letter gives the same date.", rule.note))]
    letter = (
        f"The date printed on your letter; {rule.citation}"
        if what == "letter"
        else f"Your plan's own limit; {rule.citation}"
    )
    if notice < rule.date:
        advised = Deadline(
            rule.id,
            notice,
            rule.label,
            letter,
            join(
                f"Your {what} gives less time than the federal rule. To be safe, use the "
                f"date from your {what}. You can ask your plan about the difference.",
                day_note(notice),
            ),
        )
        if not show_later_rule:
            return [advised]
        later = replace(
            rule,
            id=f"{rule.id}_federal",
            advised=False,
            label=f"{rule.label} (federal rule, later)",
            note="For reference only. Do not wait for this date.",
        )
        return [advised, later]
    later_notice = Deadline(
        f"{rule.id}_notice",
        notice,
        f"{rule.label} (date from your {what}, later)",
        letter,
        f"Your {what} gives more time. To be safe, use the earlier date.",
        advised=False,
    )
    return [rule, later_notice]
