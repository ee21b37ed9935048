"""A Flesch-Kincaid grade for card text, with no dependency, for `covnav check`.

FK grade = 0.39 x words per sentence + 11.8 x syllables per word - 15.59. Syllables are
counted from vowel groups with the usual English corrections (a silent final "e", "-le",
"-ed"). It tracks textstat's figure closely (tests/test_ask_cards.py compares them), and
the checker only needs it to flag a card that reads far above grade 6.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
SENTENCE = re.compile(r"[^.!?]+[.!?]*")
VOWEL_GROUP = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 1  # a number reads as one word
    if len(w) <= 3:
        return 1
    count = len(VOWEL_GROUP.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if w.endswith("ed") and not w.endswith(("ted", "ded")) and count > 1:
        count -= 1
    if re.search(r"[^aeiou]le$", w):
        count += 0 if count > 1 else 1
    return max(count, 1)


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of a text (0.0 for an empty one)."""
    words = WORD.findall(text)
    if not words:
        return 0.0
    sentences = [s for s in SENTENCE.findall(text) if len(WORD.findall(s)) > 2]
    per_sentence = len(words) / max(1, len(sentences))
    per_word = sum(syllables(w) for w in words) / len(words)
    return round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)
