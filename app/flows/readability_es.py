"""Plain Spanish, measured: syllables by the spelling rules, and Fernández-Huerta's reading ease.

textstat 0.7.4 scores Spanish with Fernández-Huerta's formula but counts syllables with
Pyphen's hyphenation patterns, which never split one letter off a word's edge and keep most
hiatus together: "día", "agua", "idea", "creía", "economía" come out one or two syllables
short (tests/test_i18n_readability.py has the hand-counted sample). Fewer syllables read as
easier text, so it scores Spanish too kindly. This module counts syllables by the rules of
Spanish spelling instead and computes the same formula on top:

    206.84 - 60 x (syllables per word) - 1.02 x (words per sentence)

Words and sentences are counted exactly as textstat counts them (punctuation removed, then
split on spaces; sentences end at . ! ?, and one of two words or fewer is not counted), so
only the syllables differ. Unlike textstat, the averages are not rounded to one decimal first
(that rounding alone moves a score by up to 3 points).

Syllable rules (a syllable is a vowel nucleus):
- a, e, o (and á, é, ó) are strong; i, u, ü are weak; í and ú are weak vowels that carry the
  stress, so they always stand alone.
- Two strong vowels side by side are two syllables (hiatus: "le-er", "po-e-ta", "i-de-a");
  so is an accented í or ú next to any vowel ("dí-a", "re-ú-ne"), and a doubled weak vowel.
  Any other run of vowels is one syllable (diphthong "cuen-ta", "ciu-dad"; triphthong "buey").
- The u of "que", "qui", "gue", "gui" is silent; "güe", "güi" sound it ("pin-güi-no").
- y is a vowel when no vowel follows it ("hoy", "muy", the word "y"), else a consonant
  ("a-yu-da"). h always separates vowels ("a-ho-ra"); ll, rr, ch are consonants.
- A word with no vowel (a number, "CPT") counts as one syllable, as textstat counts it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

MIN_AVERAGE = 70.0  # the average over a set of texts
MIN_ONE_TEXT = 50.0  # any single text

VOWELS = frozenset("aeiouáéíóúü")
STRONG = frozenset("aeoáéó")
STRESSED_WEAK = frozenset("íú")
FRONT = frozenset("eiéí")
_PUNCTUATION = re.compile(r"[^\w\s]")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


def _vowel_letters(word: str) -> list[str | None]:
    """Each letter as a vowel, or None where it is a consonant or a silent u."""
    out: list[str | None] = []
    for i, letter in enumerate(word):
        before = word[i - 1] if i else ""
        after = word[i + 1] if i + 1 < len(word) else ""
        if letter == "u" and (before == "q" or (before == "g" and after in FRONT)):
            out.append(None)  # que, qui, gue, gui
        elif letter == "y":
            out.append(None if after in VOWELS else "i")
        else:
            out.append(letter if letter in VOWELS else None)
    return out


def _hiatus(a: str, b: str) -> bool:
    """Whether two vowels side by side belong to two syllables."""
    return (a in STRONG and b in STRONG) or a in STRESSED_WEAK or b in STRESSED_WEAK or a == b


def syllables(word: str) -> int:
    """How many syllables a Spanish word has (at least 1)."""
    word = unicodedata.normalize("NFC", word.lower())
    count = 0
    previous: str | None = None
    for vowel in _vowel_letters(word):
        if vowel is None:
            previous = None
            continue
        if previous is None or _hiatus(previous, vowel):
            count += 1
        previous = vowel
    return max(count, 1)


def words(text: str) -> list[str]:
    """The words as textstat counts them: punctuation removed, then split on spaces."""
    return _PUNCTUATION.sub("", text).split()


def sentence_count(text: str) -> int:
    """Sentences as textstat counts them (one of two words or fewer is not counted)."""
    found = _SENTENCE.findall(text)
    short = sum(1 for sentence in found if len(words(sentence)) <= 2)
    return max(1, len(found) - short)


def fernandez_huerta(text: str, count: Callable[[str], int] = syllables) -> float:
    """Fernández-Huerta reading ease of a Spanish text: 100 very easy, under 50 hard.

    `count` gives a word's syllables (this module's rules unless told otherwise)."""
    found = words(text)
    if not found:
        return 206.84
    per_word = sum(count(word) for word in found) / len(found)
    per_sentence = len(found) / sentence_count(text)
    return 206.84 - 60 * per_word - 1.02 * per_sentence


@dataclass(frozen=True)
class Scored:
    where: str  # a key, a page, a paragraph's place
    text: str
    score: float


def score_texts(texts: Iterable[tuple[str, str]]) -> list[Scored]:
    """Fernández-Huerta for each (where, text), in order."""
    return [Scored(where, text, fernandez_huerta(text)) for where, text in texts]


def average(scored: Iterable[Scored]) -> float:
    values = [s.score for s in scored]
    return sum(values) / len(values) if values else 0.0
