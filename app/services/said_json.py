"""The conversation's replies as stored with a case: messages and their values, not words.

A reply is a `Say` (a msgid and values) or plain English words (from a part that does not
yet hand up messages). Stored as JSON, it reads back the same and is shown in the page's
language: {"m": msgid, "v": {name: value}}, a date as {"day": "2026-05-29", "style": "full"},
money as {"cash": "35.00", "whole": false}; a number or a name as it is. A sentence worded
in each language already (`Worded`) is {"m": english, "w": {lang: words}}.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, get_args

from app.rules.say import Cash, Day, DayStyle, Say, Worded
from app.rules.sentences import Text


def _value(value: object) -> Any:
    if isinstance(value, Say):
        return encode(value)
    if isinstance(value, Day):
        return {"day": value.day.isoformat(), "style": value.style}
    if isinstance(value, date):
        return {"day": value.isoformat(), "style": "full"}
    if isinstance(value, Cash):
        return {"cash": str(value.amount), "whole": value.whole}
    if isinstance(value, Decimal):
        return {"cash": str(value), "whole": False}
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return str(value)


def encode(text: Text) -> Any:
    """A reply as JSON."""
    if isinstance(text, str):
        return text
    if isinstance(text, Worded):
        return {"m": text.msgid, "w": dict(text.others)}
    return {"m": text.msgid, "v": {name: _value(v) for name, v in text.values.items()}}


def _read(raw: Any) -> object:
    if isinstance(raw, dict):
        if "m" in raw:
            return decode(raw)
        if "day" in raw:
            style = raw.get("style")
            day = date.fromisoformat(str(raw["day"]))
            styles: tuple[DayStyle, ...] = get_args(DayStyle)
            return next((Day(day, s) for s in styles if s == style), Day(day))
        if "cash" in raw:
            return Cash(Decimal(str(raw["cash"])), whole=bool(raw.get("whole")))
        raise ValueError("unknown value")
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    return str(raw)


def decode(raw: Any) -> Text:
    """A stored reply; ValueError when it is not one (a damaged or foreign blob)."""
    if isinstance(raw, str):
        return raw
    if not isinstance(raw, dict) or not isinstance(raw.get("m"), str):
        raise ValueError("not a stored reply")
    worded = raw.get("w")
    if isinstance(worded, dict):
        return Worded(raw["m"], **{str(k): str(v) for k, v in worded.items()})
    values = raw.get("v") or {}
    if not isinstance(values, dict):
        raise ValueError("not a stored reply")
    try:
        return Say(raw["m"], **{str(k): _read(v) for k, v in values.items()})
    except (InvalidOperation, TypeError) as exc:
        raise ValueError("not a stored reply") from exc


class StoredSaid(Mapping[str, list[Text]]):
    """A case's stored replies, each read back when first asked for: a question page
    shows one or two of them. A reply that cannot be read back reads as no lines (the
    page shows the answer without it), as no reply is better than a wrong one."""

    def __init__(self, raw: Mapping[str, list[Any]]) -> None:
        self._raw = raw
        self._read: dict[str, list[Text]] = {}

    def __getitem__(self, key: str) -> list[Text]:
        lines = self._read.get(key)
        if lines is None:
            stored = self._raw[key]
            try:
                lines = [decode(line) for line in stored]
            except ValueError:
                lines = []
            self._read[key] = lines
        return lines

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def stored(self) -> dict[str, list[Any]]:
        """The replies as stored (saving the case again costs no decoding)."""
        return {key: list(lines) for key, lines in self._raw.items()}


def encode_all(said: Mapping[str, list[Text]]) -> dict[str, list[Any]]:
    """The replies as JSON, for saving with the case."""
    if isinstance(said, StoredSaid):
        return said.stored()
    return {key: [encode(line) for line in lines] for key, lines in said.items()}
