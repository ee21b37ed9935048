"""Words into search terms, the same way for a card and for a patient's question.

Lower case, accents and punctuation off, typos fixed against the cards' own words, the
synonym list applied ("explanation of benefits" and "EOB" become one term), filler words
dropped, and each word stemmed. The synonym list is data (`data/answer_synonyms.yaml`, and
`data/answer_synonyms.es.yaml` for Spanish, which also names the Spanish stemmer).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from app.answers.stem import stem
from app.answers.typos import Speller

APOSTROPHES = re.compile(r"['’‘`´]")
NOT_WORD = re.compile(r"[^a-z0-9]+")
Stemmer = Callable[[str], str]


def surface(text: str) -> str:
    """Lower case, no accents, no apostrophes; anything else that is not a letter or digit
    becomes a space."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    plain = APOSTROPHES.sub("", plain).replace("&", " and ")
    return NOT_WORD.sub(" ", plain).strip()


@dataclass(frozen=True)
class Term:
    """One search term of a question: its stem, and whether a typo fix produced it."""

    stem: str
    corrected: bool = False


class Synonyms:
    """Each way of saying a thing, replaced by its one canonical word; the filler words
    that carry no topic ("the", "my", "please"); and the weak ones that say little ("last",
    "week"), by their stems."""

    def __init__(
        self,
        groups: Mapping[str, Iterable[str]],
        filler: Iterable[str] = (),
        weak: Iterable[str] = (),
        stemmer: Stemmer = stem,
        rounds: int = 1,
        stem_terms: bool = True,
    ) -> None:
        self.stem = stemmer  # the language's: the Analyser stems with it too
        # With 2 rounds, a phrase may be written with the canonical words of others: the
        # Spanish "trabajan con seguro" then also reads "trabajan con aseguranzas".
        self.rounds = rounds
        # Whether the canonical words are stemmed like any word. The Spanish stemmer would
        # make "medicaid", "medicare" and "medico" one word: there they are kept whole.
        self.kept = frozenset() if stem_terms else frozenset(surface(t) for t in groups)
        self.filler = frozenset(surface(w) for w in filler)
        self.weak = frozenset(stemmer(surface(w)) for w in weak)
        self.canonical: dict[str, str] = {}
        for term, variants in groups.items():
            for variant in (term, *variants):
                key = surface(variant)
                if key and key != term:
                    self.canonical.setdefault(key, term)
        # First word -> (the phrase's words, its canonical term), longest phrase first.
        self._starts: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase in sorted(self.canonical, key=lambda p: -len(p.split())):
            words = tuple(phrase.split())
            self._starts.setdefault(words[0], []).append((words, self.canonical[phrase]))

    def apply(self, text: str) -> str:
        """`text` (already through `surface`) with every variant replaced, longest first."""
        for _ in range(self.rounds):
            text = self._replace(text)
        return text

    def _replace(self, text: str) -> str:
        words = text.split()
        out: list[str] = []
        i = 0
        while i < len(words):
            for phrase, term in self._starts.get(words[i], ()):
                if tuple(words[i : i + len(phrase)]) == phrase:
                    out.append(term)
                    i += len(phrase)
                    break
            else:
                out.append(words[i])
                i += 1
        return " ".join(out)

    def words(self) -> set[str]:
        """Every word of every variant and canonical term (for the typo fixer)."""
        out: set[str] = set()
        for variant, term in self.canonical.items():
            out.update(variant.split())
            out.update(term.split())
        return out


class Analyser:
    """The one way text becomes terms, shared by the index and the questions."""

    def __init__(self, synonyms: Synonyms, speller: Speller | None = None) -> None:
        self.synonyms = synonyms
        self.speller = speller
        self.filler = synonyms.filler
        self.stem = synonyms.stem
        self.kept = synonyms.kept

    def terms(self, text: str, *, fix_typos: bool = False) -> list[Term]:
        """Stemmed terms in order, filler words left out."""
        words = surface(text).split()
        fixed: set[str] = set()
        if fix_typos and self.speller is not None:
            for i, word in enumerate(words):
                better = None if word in self.filler else self.speller.correct(word)
                if better is not None:
                    words[i] = better
                    fixed.add(better)
        out: list[Term] = []
        for word in self.synonyms.apply(" ".join(words)).split():
            if word not in self.filler:
                out.append(Term(word if word in self.kept else self.stem(word), word in fixed))
        return out

    def stems(self, text: str) -> list[str]:
        return [t.stem for t in self.terms(text)]
