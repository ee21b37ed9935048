"""Typo tolerance: a misspelt word is replaced by the nearest word the cards use.

"deductable", "reimbursment" and "perscription" find "deductible", "reimbursement" and
"prescription". Candidates come from a table of the cards' words with one letter deleted
(the symmetric-delete method), so a lookup is a few dictionary reads, not a scan of the
vocabulary; each candidate is then confirmed by its true edit distance (a swap of two
neighbouring letters counts as one edit).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

MIN_LENGTH = 5  # shorter words are too easily "fixed" into another real word
LONG_LENGTH = 8  # from this length, two edits are allowed


def _deletes(word: str, depth: int) -> Iterator[str]:
    """`word` with 1 to `depth` letters deleted (with repeats)."""
    layer = {word}
    for _ in range(depth):
        layer = {w[:i] + w[i + 1 :] for w in layer for i in range(len(w))}
        yield from layer


def distance(a: str, b: str) -> int:
    """Edit distance where inserting, deleting, changing or swapping neighbours costs one."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[-1]


class Speller:
    """Corrects words against a vocabulary of known words and how often each is used."""

    def __init__(self, counts: Mapping[str, int]) -> None:
        self.counts = dict(counts)
        self._deletes: dict[str, list[str]] = {}
        for word in self.counts:
            for variant in {word, *_deletes(word, 1)}:
                self._deletes.setdefault(variant, []).append(word)

    def correct(self, word: str) -> str | None:
        """The closest known word, or None when `word` is known, short or not a word."""
        if word in self.counts or len(word) < MIN_LENGTH or not word.isalpha():
            return None
        limit = 2 if len(word) >= LONG_LENGTH else 1
        found: set[str] = set()
        for variant in (word, *_deletes(word, limit)):
            found.update(self._deletes.get(variant, ()))
        best: tuple[int, int, str] | None = None
        for candidate in found:
            edits = distance(word, candidate)
            if edits > limit:
                continue
            rank = (edits, -self.counts[candidate], candidate)
            if best is None or rank < best:
                best = rank
        return best[2] if best is not None else None
