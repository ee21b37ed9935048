"""The search index: SQLite FTS5 in an in-memory database, built from the cards at start-up.

One row per card (and per redirect), four columns: the title, the ways patients ask, the
tags and codes, and the answer text. Ranking is FTS5's BM25 with a weight per column, so a
word in the ways patients ask counts for more than the same word deep in an answer. The
index never touches the app's database: it is rebuilt identically on every instance, on
SQLite and PostgreSQL deployments alike, and holds nothing but the cards.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

COLUMNS = ("title", "asked", "tags", "body")
# BM25 weight of a match in each column (FTS5's bm25() takes them in column order).
WEIGHTS = (3.0, 2.0, 3.0, 0.5)
# How much a column's words count when we measure how much of a question a card covers.
COVER = {"title": 1.0, "asked": 1.0, "tags": 1.0, "body": 0.6}


@dataclass(frozen=True)
class Entry:
    """One row: a card or a redirect, its columns already turned into stemmed terms, and
    each way of asking it (the title too) as its own set of terms."""

    key: str
    columns: tuple[Sequence[str], Sequence[str], Sequence[str], Sequence[str]]
    phrasings: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True)
class Match:
    key: str
    bm25: float  # FTS5's rank turned positive: bigger is a better match


class CardIndex:
    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE answers USING fts5("
            + ", ".join(COLUMNS)
            + ", tokenize = 'unicode61', detail = 'column')"
        )
        self._db.executemany(
            "INSERT INTO answers(rowid, title, asked, tags, body) VALUES (?, ?, ?, ?, ?)",
            [
                (n, *(" ".join(column) for column in entry.columns))
                for n, entry in enumerate(self.entries)
            ],
        )
        self._db.commit()
        # Per row: each term and the weight of the best column it appears in.
        self._weights = {entry.key: _column_terms(entry) for entry in self.entries}
        self._phrasings = {entry.key: entry.phrasings for entry in self.entries}
        df: Counter[str] = Counter()
        for terms in self._weights.values():
            df.update(terms)
        rows = len(self.entries)
        self.idf = {term: math.log(1 + rows / count) for term, count in df.items()}

    def weight(self, term: str, unknown: float) -> float:
        """A term's weight: rare terms count for more; a term no card uses gets `unknown`."""
        return self.idf.get(term, unknown)

    def knows(self, term: str) -> bool:
        return term in self.idf

    def search(self, terms: Sequence[str], limit: int = 12) -> list[Match]:
        """The best rows for any of the terms, best first."""
        wanted = [t for t in dict.fromkeys(terms) if t in self.idf]
        if not wanted:
            return []
        query = " OR ".join(f'"{t}"' for t in wanted)
        weights = ", ".join(str(w) for w in WEIGHTS)
        with self._lock:
            rows = self._db.execute(
                f"SELECT rowid, bm25(answers, {weights}) FROM answers "
                "WHERE answers MATCH ? ORDER BY rank LIMIT ?",
                (query, limit),
            ).fetchall()
        return [Match(self.entries[rowid].key, -score) for rowid, score in rows]

    def coverage(self, key: str, terms: Sequence[str], weights: Sequence[float]) -> float:
        """How much of the question (its terms, each with a weight) a row's words cover."""
        own = self._weights.get(key, {})
        total = sum(weights)
        got = sum(w * own.get(t, 0.0) for t, w in zip(terms, weights, strict=True))
        return got / total if total > 0 else 0.0

    def closest_phrasing(self, key: str, terms: Sequence[str]) -> float:
        """Weighted overlap (shared weight over joint weight) with the row's nearest way of
        asking: high when the question says what one phrasing says, and little else."""
        asked = set(terms)
        best = 0.0
        for phrasing in self._phrasings.get(key, ()):
            shared = sum(self.idf.get(t, 0.0) for t in asked & phrasing)
            if shared:
                joint = sum(self.idf.get(t, 1.0) for t in asked | phrasing)
                best = max(best, shared / joint)
        return best


def _column_terms(entry: Entry) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, column in zip(COLUMNS, entry.columns, strict=True):
        for term in column:
            out[term] = max(out.get(term, 0.0), COVER[name])
    return out
