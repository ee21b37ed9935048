"""From a patient's question to one card, a denial code, a redirect, or an honest "not sure".

1. Codes, amounts and dates are taken out first (app/answers/recognise.py). A denial code
   goes to the denial-code decoder; a billing, diagnosis, place-of-service or remark code
   goes to its card, unless the rest of the question plainly asks something else.
2. The rest is searched (app/answers/index.py): typos fixed, synonyms applied, BM25.
3. The confidence is how much of the question the best card covers (rare words count
   more), lowered when the runner-up is almost as good. Below the threshold we say so and
   offer the closest cards; a question with almost no words the cards know is off-topic.

Nothing here writes, logs or keeps the question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from app.answers.index import CardIndex, Entry, Match
from app.answers.recognise import Found, Recognised, card_codes, recognise
from app.answers.schema import Card, CardFile, Redirect, Topic
from app.answers.text import Analyser

Kind = Literal["card", "code", "redirect", "unsure", "off_topic"]
REDIRECT = "redirect:"
SUGGESTIONS = 3


@dataclass(frozen=True)
class Tuning:
    """The numbers that decide ranking and when to answer (measured by bench/ask_eval.py)."""

    threshold: float = 0.7  # confidence needed to answer
    off_topic_share: float = 0.4  # below this share of known words, a question is off-topic
    unknown_weight: float = 2.5  # a word no card uses (filler, or another subject)
    typo_weight: float = 0.7  # a fixed typo is less sure than a word spelt right
    weak_weight: float = 0.2  # a weak word ("last", "week") or a plain number
    bm25: float = 0.5  # the ranking mixes BM25 (relative to the best)...
    cover: float = 0.5  # ...how much of the question a card covers...
    phrase: float = 0.2  # ...and how close its nearest way of asking is
    ambiguity: float = 0.7  # how much a close runner-up lowers the confidence
    sure_phrase: float = 0.2  # how much the nearest phrasing counts in the confidence


@dataclass(frozen=True)
class Outcome:
    """What the search decided. `card` is set for kind "card"; `code` for kind "code"."""

    kind: Kind
    confidence: float
    card: Card | None = None
    code: str | None = None  # the denial code as read, e.g. "CO-50"
    redirect: Redirect | None = None
    topic: Topic | None = None  # what an unanswered question was about, when we can tell
    suggestions: tuple[Card, ...] = ()
    found: tuple[Found, ...] = field(default=())

    @property
    def answered(self) -> bool:
        return self.kind in ("card", "code")

    def dates(self) -> list[date]:
        return [f.day for f in self.found if f.day is not None]


@dataclass(frozen=True)
class Ranked:
    key: str
    score: float
    coverage: float
    phrase: float = 0.0


@dataclass(frozen=True)
class Query:
    stems: list[str]
    weights: list[float]
    known_share: float  # the part of the question's weight that the cards know
    code_keys: frozenset[str]  # the cards a recognised code goes to
    words: int  # known terms other than codes: what else the question says


class Answerer:
    """The cards, their index and the rules for choosing; built once at start-up."""

    def __init__(
        self,
        cards: CardFile,
        analyser: Analyser,
        index: CardIndex,
        decoder: Callable[[str], bool],
        tuning: Tuning | None = None,
    ) -> None:
        self.cards = cards
        self.analyser = analyser
        self.index = index
        self.decoder = decoder  # True when the denial-code decoder knows the code
        self.tuning = tuning or Tuning()
        self._redirects = {r.id: r for r in cards.redirects}
        self._by_code = {
            item.term: card.id
            for card in cards.cards
            for code in card.codes
            for item in card_codes(code)
        }

    def ask(self, question: str, *, today: date) -> Outcome:
        """Never raises for any text; the question is not kept."""
        seen = recognise(question, today=today)
        found = tuple(seen.found)
        query = self._query(seen)
        ranked = self._rank(query)
        for item in seen.of("carc"):
            if self.decoder(item.value):
                near = self._cards(ranked)[:SUGGESTIONS]
                return Outcome("code", 1.0, code=item.value, suggestions=near, found=found)
        if query.code_keys and (ranked[0].key in query.code_keys or query.words <= 1):
            key = ranked[0].key if ranked[0].key in query.code_keys else min(query.code_keys)
            near = tuple(c for c in self._cards(ranked) if c.id != key)[:SUGGESTIONS]
            return Outcome("card", 1.0, card=self.cards.card(key), suggestions=near, found=found)
        return self._decide(query, ranked, found)

    def _query(self, seen: Recognised) -> Query:
        tuning = self.tuning
        stems: list[str] = []
        weights: list[float] = []
        for term in self.analyser.terms(seen.text, fix_typos=True):
            if term.stem in stems or (len(term.stem) < 3 and not self.index.knows(term.stem)):
                continue
            stems.append(term.stem)
            if term.stem in self.analyser.synonyms.weak or term.stem.isdigit():
                weight = tuning.weak_weight  # "last week", "3 visits": say little
            else:
                weight = self.index.weight(term.stem, tuning.unknown_weight)
            weights.append(weight * (tuning.typo_weight if term.corrected else 1.0))
        plain = len(stems)
        codes: set[str] = set()
        for item in seen.codes:
            for code_term, card_id in self._code_terms(item):
                if code_term not in stems:
                    stems.append(code_term)
                    weights.append(self.index.weight(code_term, tuning.unknown_weight))
                codes.add(card_id)
        total = sum(weights)
        known = sum(w for t, w in zip(stems, weights, strict=True) if self.index.knows(t))
        words = sum(self.index.knows(t) for t in stems) - len(stems) + plain
        return Query(stems, weights, known / total if total else 0.0, frozenset(codes), words)

    def _code_terms(self, item: Found) -> list[tuple[str, str]]:
        """The code's own card, or the card for its kind of code."""
        if item.term in self._by_code:
            return [(item.term, self._by_code[item.term])]
        fallback = self.cards.code_cards.for_kind(item.kind)
        return [(kind_term(item.kind), fallback)] if fallback else []

    def _rank(self, query: Query) -> list[Ranked]:
        """Candidates, best first."""
        weak = self.analyser.synonyms.weak
        strong = [t for t in query.stems if t not in weak and not t.isdigit()]
        matches: list[Match] = self.index.search(strong or query.stems)
        if not matches:
            return []
        t = self.tuning
        top = matches[0].bm25 or 1.0
        ranked = []
        for m in matches:
            cover = self.index.coverage(m.key, query.stems, query.weights)
            phrase = self.index.closest_phrasing(m.key, query.stems)
            score = t.bm25 * m.bm25 / top + t.cover * cover + t.phrase * phrase
            ranked.append(Ranked(m.key, score, cover, phrase))
        ranked.sort(key=lambda r: -r.score)
        return ranked

    def _confidence(self, ranked: list[Ranked]) -> float:
        """How much of the question the best card covers (and how close its nearest way of
        asking is), lowered when the runner-up scores almost as well."""
        best, t = ranked[0], self.tuning
        sure = (1.0 - t.sure_phrase) * best.coverage + t.sure_phrase * best.phrase
        if len(ranked) == 1 or best.score <= 0:
            return sure
        second = ranked[1]
        # A runner-up that scores almost as well makes us less sure, unless the best card has
        # a way of asking clearly nearer to the question.
        closeness = second.score / best.score * (1.0 - max(0.0, best.phrase - second.phrase))
        return sure * (1.0 - t.ambiguity * closeness**4)

    def _cards(self, ranked: list[Ranked]) -> tuple[Card, ...]:
        found = (self.cards.card(r.key) for r in ranked)
        return tuple(c for c in found if c is not None)

    def _decide(self, query: Query, ranked: list[Ranked], found: tuple[Found, ...]) -> Outcome:
        if not ranked or query.known_share < self.tuning.off_topic_share:
            return Outcome("off_topic", 0.0, found=found)
        confidence = round(self._confidence(ranked), 3)
        best = ranked[0]
        answer = confidence >= self.tuning.threshold
        if best.key.startswith(REDIRECT):
            redirect = self._redirects[best.key.removeprefix(REDIRECT)]
            if answer:
                return Outcome("redirect", confidence, redirect=redirect, found=found)
            return Outcome("off_topic", confidence, found=found)
        closest = self._cards(ranked)
        card = closest[0]
        if answer:
            rest = closest[1 : 1 + SUGGESTIONS]
            return Outcome("card", confidence, card=card, suggestions=rest, found=found)
        return Outcome(
            "unsure",
            confidence,
            topic=self.cards.topic(card.topic),
            suggestions=closest[:SUGGESTIONS],
            found=found,
        )


def kind_term(kind: str) -> str:
    """The term every code of a kind shares ("a CPT code"), on the card for that kind."""
    return f"{kind}code"


def entries(cards: CardFile, analyser: Analyser) -> list[Entry]:
    """Every card and redirect as index rows."""
    kinds = {card_id: kind for kind, card_id in cards.code_cards.model_dump().items()}
    rows = []
    for card in cards.cards:
        codes = [item.term for code in card.codes for item in card_codes(code)]
        if card.id in kinds:
            codes.append(kind_term(kinds[card.id]))
        title = analyser.stems(card.title)
        asked = [analyser.stems(p) for p in card.asked]
        rows.append(
            Entry(
                card.id,
                (
                    title,
                    [t for terms in asked for t in terms],
                    [*analyser.stems(" ".join(card.tags)), *codes],
                    analyser.stems(card.text),
                ),
                tuple(frozenset(terms) for terms in (title, *asked)),
            )
        )
    for redirect in cards.redirects:
        said = [analyser.stems(p) for p in redirect.asked]
        flat = [t for terms in said for t in terms]
        rows.append(
            Entry(f"{REDIRECT}{redirect.id}", ([], flat, [], []), tuple(map(frozenset, said)))
        )
    return rows
