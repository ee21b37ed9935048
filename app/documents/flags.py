"""A superbill flag: what is wrong or missing, and the sentence to ask the clinic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["missing", "problem", "check"]


@dataclass(frozen=True)
class Flag:
    field: str
    severity: Severity
    message: str
    ask_clinic: str


def missing(name: str, what: str, ask: str) -> Flag:
    return Flag(name, "missing", f"The invoice does not show {what}.", ask)
