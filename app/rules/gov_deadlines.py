"""Appeal deadlines for Medicare Advantage and Medicaid (domain.md §10). Pure, no I/O.

Each has a federal default for when the patient skipped the day count on the letter. When
the letter gives a date, the earlier of the two is advised, as everywhere else.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from app.rules import sources as src
from app.rules.deadline_rule import Deadline, with_notice
from app.rules.holidays_us import day_note
from app.rules.say import Say
from app.rules.sentences import Text, join

MedicaidKind = Literal["managed", "state", "not_sure"]


def _rule(
    id_: str,
    start: date,
    days: int,
    label: Say,
    citation: Text,
    notice: date | None,
    *notes: Text,
) -> list[Deadline]:
    """`days` after `start`, its notes and the weekend word, weighed against the letter."""
    day = start + timedelta(days=days)
    return with_notice(Deadline(id_, day, label, citation, join(*notes, day_note(day))), notice)


def ma_deadlines(denial: date | None, decided: date | None, notice: date | None) -> list[Deadline]:
    """Reconsideration within 65 days of the plan's notice; after it, nothing to file."""
    if denial is None or decided is not None:
        # A plan that keeps its denial sends the case to the independent review entity itself.
        return []
    return _rule(
        "ma_reconsideration",
        denial,
        src.MA_RECONSIDERATION_DAYS,
        Say("Ask your plan to look again (reconsideration) by"),
        src.CITE_MA_RECONSIDERATION,
        notice,
        Say(
            "65 days from the notice. We count from the date on it, to be safe. A request for "
            "money back for past visits is never a fast (expedited) case."
        ),
    )


def medicaid_deadlines(
    kind: MedicaidKind | None, denial: date | None, decided: date | None, notice: date | None
) -> list[Deadline]:
    """Managed care: 60 days to appeal to the plan, then 120 days for a state fair hearing.

    The state's own program (fee-for-service): a fair hearing within the state's limit, at
    most 90 days. When the kind is unknown we use the managed-care clock, the earlier one.
    """
    if kind == "state":
        if denial is None:
            return []
        return _rule(
            "fair_hearing",
            denial,
            src.MEDICAID_HEARING_STATE_MAX_DAYS,
            Say("Ask for a state fair hearing by (at the latest)"),
            src.CITE_MEDICAID_HEARING_STATE,
            notice,
            Say(
                "Your state sets the limit, and it is never more than 90 days. Your notice "
                "gives your state's date. Use it if it is earlier."
            ),
        )
    if decided is not None:
        return _rule(
            "fair_hearing",
            decided,
            src.MEDICAID_HEARING_AFTER_PLAN_DAYS,
            Say("Ask for a state fair hearing by"),
            src.CITE_MEDICAID_HEARING_AFTER_PLAN,
            notice,
            Say("120 days from the plan's decision on your appeal."),
        )
    if denial is None:
        return []
    return _rule(
        "medicaid_plan_appeal",
        denial,
        src.MEDICAID_PLAN_APPEAL_DAYS,
        Say("Appeal to your Medicaid plan by"),
        src.CITE_MEDICAID_PLAN_APPEAL,
        notice,
        Say(
            "60 days from the notice. After the plan decides, you can ask the state for a "
            "fair hearing."
        ),
        Say(
            "If you are not sure your plan is a managed care plan, this earlier date keeps "
            "you safe."
        )
        if kind != "managed"
        else "",
    )
