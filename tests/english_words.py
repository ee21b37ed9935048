"""Find English sentences in text meant to be Spanish.

A sentence counts as English when most of its small words are English ones ("the", "your",
"to") and few are Spanish ("el", "su", "para"). Words in brackets are left out first: a
Spanish page keeps the US insurance term in English beside its Spanish name, as in
"autorización previa (prior authorization)". So are words marked `lang="en"` by the caller.
"""

from __future__ import annotations

import re

ENGLISH = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "from",
        "your",
        "you",
        "we",
        "our",
        "is",
        "are",
        "be",
        "was",
        "were",
        "will",
        "can",
        "this",
        "that",
        "it",
        "if",
        "not",
        "what",
        "when",
        "how",
        "who",
        "which",
        "do",
        "does",
        "did",
        "have",
        "has",
        "at",
        "as",
        "my",
        "me",
        "i",
        "they",
        "them",
        "their",
        "then",
        "than",
        "there",
        "here",
        "about",
        "after",
        "before",
        "ask",
        "call",
        "send",
        "get",
        "please",
        "should",
        "would",
        "could",
        "may",
        "must",
        "need",
        "yes",
        "no",
        "all",
        "any",
        "each",
    ]
)
SPANISH = frozenset(
    [
        "el",
        "la",
        "los",
        "las",
        "un",
        "una",
        "unos",
        "unas",
        "y",
        "o",
        "de",
        "del",
        "al",
        "en",
        "con",
        "por",
        "para",
        "su",
        "sus",
        "usted",
        "ustedes",
        "es",
        "son",
        "ser",
        "fue",
        "será",
        "puede",
        "que",
        "qué",
        "si",
        "no",
        "sí",
        "lo",
        "le",
        "les",
        "se",
        "me",
        "mi",
        "mis",
        "este",
        "esta",
        "estos",
        "estas",
        "ese",
        "esa",
        "eso",
        "cuando",
        "cómo",
        "como",
        "quién",
        "cuál",
        "hay",
        "tiene",
        "tienen",
        "pida",
        "llame",
        "envíe",
        "antes",
        "después",
        "pregunte",
        "debe",
    ]
)
BRACKETS = re.compile(r"\([^()]*\)|\[[^\][]*\]|https?://\S+")  # and links: a token is no word
SENTENCE = re.compile(r"(?<=[.!?:])\s+|\n+")
WORD = re.compile(r"[A-Za-zÁÉÍÓÚÑáéíóúñüÜ']+")
# An English date ("Sunday, September 6, 2026", "September 6"): English however few words.
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
ENGLISH_DATE = re.compile(rf"\b(?:{WEEKDAYS}),? (?:{MONTHS})\b|\b(?:{MONTHS}) \d{{1,2}}\b")


def english_sentences(text: str, min_words: int = 4) -> list[str]:
    """The sentences of `text` that read as English."""
    found: list[str] = []
    for sentence in SENTENCE.split(text):
        sentence = " ".join(sentence.split())
        if ENGLISH_DATE.search(BRACKETS.sub(" ", sentence)):
            found.append(sentence)
            continue
        words = [w.lower() for w in WORD.findall(BRACKETS.sub(" ", sentence))]
        if len(words) < min_words:
            continue
        english = sum(w in ENGLISH for w in words)
        spanish = sum(w in SPANISH for w in words)
        if english >= 2 and english > 2 * spanish:
            found.append(sentence)
    return found
