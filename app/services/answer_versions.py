"""Saved answers from older versions of the flow, brought up to date when a case is opened.

Answers live inside each case's sealed blob, so they are migrated in Python when the blob is
read (and written back at the next save), never with SQL. Each step is a small pure function
from the answers of one version to the next; the blob records the version it was saved at.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from app.flows.conditions import AnswerValue

Answers = dict[str, AnswerValue]
CURRENT = 3  # the answers version this code writes
# Since version 3 the conversation's replies (`said`) are kept as messages and values, shown
# in the page's language; before, as English sentences. Those are dropped when a case is
# read: the page works the replies out again until the next answer stores them anew.
SAID_SINCE = 3


def _to_2(answers: Answers) -> Answers:
    """Version 2 asks what the appeal letter says comes next (`appeal_level`).

    A saved `appeal_round: final` meant "I appealed, and they said no again": for an employer
    plan that may have been level 1 of 2, so the level becomes "not sure" rather than final.
    """
    if answers.get("appeal_round") == "final" and "appeal_level" not in answers:
        return {**answers, "appeal_level": "not_sure"}
    return answers


def _to_3(answers: Answers) -> Answers:
    """Version 3 changed how replies are kept (SAID_SINCE), not the answers."""
    return answers


STEPS: dict[int, Callable[[Answers], Answers]] = {2: _to_2, 3: _to_3}


def said_is_current(version: object) -> bool:
    """Whether replies saved at `version` are kept as messages (else they are dropped)."""
    return isinstance(version, int) and not isinstance(version, bool) and version >= SAID_SINCE


def migrate(answers: Mapping[str, AnswerValue], version: int) -> Answers:
    """The answers saved at `version`, as the current flow reads them."""
    out = dict(answers)
    for target in range(max(version, 1) + 1, CURRENT + 1):
        out = STEPS[target](out)
    return out
