"""A superbill flag: what is wrong or missing, and the sentence to ask the clinic.

The words are `Say` messages (or msgids): the page shows them in the patient's language,
and `str()` gives the English sentence (the words to say to an English-speaking clinic).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.rules.say import Say

Severity = Literal["missing", "problem", "check"]
Words = Say | str  # a message with values, or a msgid marked with N_


@dataclass(frozen=True)
class Flag:
    field: str
    severity: Severity
    says: Words  # what is wrong or missing
    asks: Words  # what to ask the clinic

    @property
    def message(self) -> str:
        return str(self.says)

    @property
    def ask_clinic(self) -> str:
        return str(self.asks)


def missing(name: str, what: Words, ask: Words) -> Flag:
    what_say = what if isinstance(what, Say) else Say(what)
    return Flag(name, "missing", Say("The invoice does not show %(what)s.", what=what_say), ask)
