"""Sentences, and fragments found by their form: no verb, or a clause cut short.

A fragment is not found by a low score but by its shape (US grade 6 text can still be
choppy): a statement needs a verb from the list below, must not end on a word that starts a
phrase ("the", "and", "your"...), and must not be a bare "If ..." or "Because ..." clause with
no main clause after it. Questions and choice labels may be short, so callers leave them out.
A new verb in the content is added to BASES (its -s, -ed and -ing forms come with it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

ABBREVIATIONS = ("U.S.", "e.g.", "i.e.", "Dr.", "No.", "Pub.", "Reg.", "Prop.", "Treas.", "St.")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_WORD = re.compile(r"[A-Za-z0-9$][A-Za-z0-9'.,$%-]*[A-Za-z0-9%]|[A-Za-z0-9]")

BASES = [
    "ask",
    "use",
    "send",
    "look",
    "call",
    "find",
    "check",
    "write",
    "follow",
    "file",
    "read",
    "keep",
    "get",
    "know",
    "add",
    "watch",
    "search",
    "put",
    "include",
    "compare",
    "claim",
    "type",
    "skip",
    "take",
    "tell",
    "give",
    "leave",
    "mail",
    "wait",
    "circle",
    "say",
    "quote",
    "appeal",
    "pay",
    "make",
    "cover",
    "need",
    "help",
    "show",
    "treat",
    "count",
    "decide",
    "start",
    "limit",
    "set",
    "change",
    "plan",
    "try",
    "see",
    "come",
    "go",
    "mean",
    "let",
    "work",
    "apply",
    "list",
    "fill",
    "sign",
    "open",
    "buy",
    "cost",
    "lower",
    "reach",
    "owe",
    "return",
    "mark",
    "match",
    "miss",
    "lose",
    "win",
    "fix",
    "allow",
    "want",
    "sue",
    "review",
    "name",
    "charge",
    "counsel",
    "run",
    "sell",
    "save",
    "spend",
    "price",
    "process",
    "deny",
    "approve",
    "refuse",
    "lead",
    "end",
    "qualify",
    "differ",
    "depend",
    "offer",
    "share",
    "cap",
    "vary",
    "protect",
    "handle",
    "learn",
    "turn",
    "stay",
    "seem",
    "happen",
    "move",
    "hold",
    "bring",
    "lift",
    "sleep",
    "drive",
    "hurt",
    "feel",
    "expect",
    "note",
    "print",
    "cut",
    "tick",
    "pick",
    "understand",
    "overturn",
    "speak",
    "agree",
    "repeat",
    "hang",
    "submit",
    "attach",
    "enclose",
    "request",
    "require",
    "exclude",
    "base",
    "expire",
    "upload",
    "track",
    "reset",
    "bill",
    "balance",
    "split",
    "join",
    "report",
    "believe",
    "thank",
    "hope",
    "enclose",
    "receive",
    "treat",
    "visit",
    "ask",
]
AUXILIARIES = {
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "am",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "can",
    "could",
    "will",
    "would",
    "may",
    "might",
    "must",
    "should",
    "shall",
    "isn't",
    "aren't",
    "don't",
    "doesn't",
    "didn't",
    "can't",
    "won't",
    "it's",
    "that's",
}
IRREGULAR = {
    "got",
    "gave",
    "told",
    "said",
    "took",
    "found",
    "left",
    "kept",
    "paid",
    "made",
    "sent",
    "put",
    "read",
    "set",
    "let",
    "meant",
    "sold",
    "spent",
    "ran",
    "won",
    "lost",
    "held",
    "brought",
    "sought",
    "bought",
    "came",
    "went",
    "saw",
    "knew",
}
# A statement that ends on one of these was cut short.
DANGLING = {"a", "an", "the", "and", "or", "but", "if", "because", "your", "my", "our", "their"}
SUBORDINATORS = ("if ", "because ", "when ", "although ", "unless ", "while ", "since ")


def _forms(base: str) -> set[str]:
    out = {base}
    if base.endswith("y") and base[-2] not in "aeiou":
        out |= {base[:-1] + "ies", base[:-1] + "ied"}
    elif base.endswith(("s", "sh", "ch", "x", "z")):
        out |= {base + "es", base + "ed"}
    else:
        out |= {base + "s", base + ("d" if base.endswith("e") else "ed")}
    out.add((base[:-1] if base.endswith("e") else base) + "ing")
    return out


VERBS = AUXILIARIES | IRREGULAR | {form for base in BASES for form in _forms(base)}


def sentences(text: str) -> Iterator[str]:
    """Split text into sentences, keeping abbreviations like "U.S." whole."""
    protected = text
    for i, abbreviation in enumerate(ABBREVIATIONS):
        protected = protected.replace(abbreviation, f"\x00{i}\x00")
    for part in _SENTENCE_END.split(" ".join(protected.split())):
        for i, abbreviation in enumerate(ABBREVIATIONS):
            part = part.replace(f"\x00{i}\x00", abbreviation)
        if part.strip():
            yield part.strip()


def words(sentence: str) -> list[str]:
    return _WORD.findall(sentence)


def fragment_problem(sentence: str) -> str | None:
    """Why a statement is a fragment by its form, or None when it is a whole sentence."""
    lowered = [w.lower() for w in words(sentence)]
    if not lowered:
        return None
    if not set(lowered) & VERBS:
        return "no verb"
    if lowered[-1] in DANGLING and not sentence.rstrip().endswith(":"):
        return f"ends on {lowered[-1]!r}"
    head = sentence.lower()
    if head.startswith(SUBORDINATORS) and "," not in sentence and " then " not in head:
        return "a dependent clause with no main clause"
    return None
