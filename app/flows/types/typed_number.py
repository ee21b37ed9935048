"""Read a number as a person types it: "1,200", "$120", "40%", "12,50", "1.200.000".

The text is bounded before anything parses it (length and digits; no exponents, no "NaN"),
so nothing typed can grow into a huge stored value. A number that reads two ways ("1.200":
one point two, or twelve hundred) gives both readings; the step type asks which was meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from app.flows.types.base import N_, AnswerError

MAX_TYPED = 30  # characters, before any parsing
MAX_DIGITS = 12  # digits in one number: a million dollars has 9 with its cents

NOT_A_NUMBER = N_("Please enter a number, like 45.")
TOO_LONG = N_("That number is too long. Please check it.")

_PERCENT = re.compile(r"\s*(%|percent|per\s*cent)$", re.IGNORECASE)
_PLAIN = re.compile(r"\d+")
_POINT = re.compile(r"\d*\.\d+|\d+\.")  # 45.5, .5, 45.
_POINT_OR_THOUSANDS = re.compile(r"[1-9]\d{0,2}\.\d{3}")  # 1.200: 1.2 or 1200
_US_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")  # 1,200 and 1,200.50
_DOT_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?")  # 1.200,50 and 1.200.000
_COMMA_DECIMAL = re.compile(r"\d+,\d{1,2}")  # 12,50 and 1,5
_SPACE_THOUSANDS = re.compile(r"\d{1,3}( \d{3})+([.,]\d+)?")  # 1 200


@dataclass(frozen=True)
class TypedNumber:
    """What was typed: its possible readings (one, or two when unclear) and its signs."""

    readings: tuple[Decimal, ...]
    percent: bool  # ended with "%" or "percent"
    dollars: bool  # started with "$"

    @property
    def unclear(self) -> bool:
        return len(self.readings) > 1


def read_number(text: str) -> TypedNumber:
    """The readings of a typed number; AnswerError in plain words when it is not one."""
    body = text.strip()
    if len(body) > MAX_TYPED:
        raise AnswerError(TOO_LONG)
    percent = bool(_PERCENT.search(body))
    body = _PERCENT.sub("", body)
    negative = body.startswith("-")
    body = body.removeprefix("-").strip()
    dollars = body.startswith("$")
    body = body.removeprefix("$").strip()
    if not negative and body.startswith("-"):  # "$-5"
        negative, body = True, body[1:].strip()
    if not body or any(c not in "0123456789,. " for c in body):
        raise AnswerError(NOT_A_NUMBER)
    if sum(c.isdigit() for c in body) > MAX_DIGITS:
        raise AnswerError(TOO_LONG)
    readings = tuple(-r if negative else r for r in _readings(body))
    return TypedNumber(readings, percent, dollars)


def _readings(body: str) -> tuple[Decimal, ...]:
    if _SPACE_THOUSANDS.fullmatch(body):
        body = body.replace(" ", "")
    if _PLAIN.fullmatch(body):
        return (Decimal(body),)
    if _POINT_OR_THOUSANDS.fullmatch(body):
        return Decimal(body), Decimal(body.replace(".", ""))
    if _POINT.fullmatch(body):
        return (Decimal(body),)
    if _US_THOUSANDS.fullmatch(body):
        return (Decimal(body.replace(",", "")),)
    if _DOT_THOUSANDS.fullmatch(body):
        return (Decimal(body.replace(".", "").replace(",", ".")),)
    if _COMMA_DECIMAL.fullmatch(body):
        return (Decimal(body.replace(",", ".")),)
    if " " in body:
        raise AnswerError(NOT_A_NUMBER)
    raise AnswerError(N_("Please check the commas and points, like 1,200 or 45.50."))


def plain(number: Decimal) -> str:
    """A decimal without exponent or trailing zeros, e.g. "45.5" (bounded input only)."""
    return format(number.normalize(), "f")
