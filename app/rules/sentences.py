"""Sentences made of messages: notes and citations joined from parts, each part a `Say`.

A rule's note is several sentences, some of them only sometimes there; a citation is several
rules joined by "; ". Joined here, each part stays a message of its own, so the present layer
renders every part in the reader's language, and `str()` is the English as it always was.
The joining message ("%(p0)s %(p1)s") is not a catalog message: gettext gives it back as it
is, and only the parts are translated.
"""

from __future__ import annotations

import re

from app.rules.say import Say

Text = Say | str  # a message, or words that are never translated (a code, a rule's number)

_message = Say  # built msgids are not for the catalog, so not written as Say(...) literals
_JOINED = re.compile(r"^%\(p0\)s(?:(?: |; )%\(p\d+\)s)+$")


def join(*parts: Text, sep: str = " ") -> Text:
    """The parts that are not empty, in order, with `sep` between them."""
    kept = [p for p in parts if p]
    if len(kept) < 2:
        return kept[0] if kept else ""
    msgid = sep.join(f"%(p{i})s" for i in range(len(kept)))
    return _message(msgid, **{f"p{i}": part for i, part in enumerate(kept)})


def cite(*parts: Text) -> Text:
    """Rules cited together: "29 CFR ... (...); 5 U.S.C. 6103 (federal holidays)"."""
    return join(*parts, sep="; ")


def parts_of(text: Text) -> tuple[Text, ...]:
    """The parts a citation was joined from (nested joins flattened), or the text alone."""
    if isinstance(text, Say) and _JOINED.match(text.msgid) and "; " in text.msgid:
        out: list[Text] = []
        for i in range(len(text.values)):
            part = text.values[f"p{i}"]
            assert isinstance(part, Say | str)
            out += parts_of(part)
        return tuple(out)
    if isinstance(text, str):
        return tuple(p.strip() for p in text.split("; ") if p.strip())
    return (text,)
