"""Pydantic models for `data/answers.yaml`: the answer cards, their topics and the redirects.

A card answers one question in plain words, lists the ways patients ask it, cites the
rule it rests on and links to the wizard step, checklist item, document or calculator that
goes with it. Links are ids; `covnav check` proves each one exists (app/answers/checker.py).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=1500)]
Phrase = Annotated[str, StringConstraints(min_length=2, max_length=200)]
Code = Annotated[str, StringConstraints(min_length=2, max_length=20)]

Calculator = Literal["units", "deadlines", "estimate", "denial_codes"]
# How an answer can use the patient's own case (app/present/ask.py does the wording).
Personal = Literal[
    "appeal_deadline",
    "external_deadline",
    "filing_deadline",
    "decision_date",
    "units",
    "estimate",
    "network",
    "medicare_appeal",
    "denial_code",
    "clinic_contact",
    "retention",
]
CALCULATORS: tuple[str, ...] = get_args(Calculator)
PERSONAL: tuple[str, ...] = get_args(Personal)
MIN_PHRASINGS = 5


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Links(Strict):
    """Where to go next. Steps are offered in order: the first one on the patient's path."""

    steps: tuple[Id, ...] = ()
    checklist: tuple[Id, ...] = ()
    documents: tuple[Id, ...] = ()
    calculators: tuple[Calculator, ...] = ()


class Topic(Strict):
    """A group of cards; also what an unanswered question is counted under."""

    id: Id
    title: Text
    question: Id | None = None  # the insurer question (questions: in steps.yaml) to ask


class Redirect(Strict):
    """Not ours to answer (booking, medical advice...): a short, kind pointer elsewhere."""

    id: Id
    text: Text
    asked: tuple[Phrase, ...] = Field(min_length=3)
    contact: bool = True  # show the clinic's phone and email after the text


class Card(Strict):
    id: Id
    topic: Id
    title: Text
    text: Text  # a few short paragraphs, split by blank lines
    asked: tuple[Phrase, ...] = Field(min_length=MIN_PHRASINGS)
    tags: tuple[Phrase, ...] = ()
    codes: tuple[Code, ...] = ()  # codes that go straight here, as typed: 97124, M54.5, POS 11
    sources: tuple[Text, ...] = ()
    links: Links = Links()
    personal: Personal | None = None

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(" ".join(p.split()) for p in self.text.split("\n\n") if p.strip())


class CodeCards(Strict):
    """The card for a code of each kind that has no card of its own."""

    cpt: Id
    icd: Id
    pos: Id
    rarc: Id
    carc: Id

    def for_kind(self, kind: str) -> str | None:
        value = getattr(self, kind, None)
        return value if isinstance(value, str) else None


class CardFile(Strict):
    version: Literal[1]
    topics: tuple[Topic, ...] = Field(min_length=1)
    code_cards: CodeCards
    redirects: tuple[Redirect, ...] = ()
    cards: tuple[Card, ...] = Field(min_length=1)

    _cards: dict[str, Card] = PrivateAttr(default_factory=dict)
    _topics: dict[str, Topic] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        self._cards = {c.id: c for c in self.cards}
        self._topics = {t.id: t for t in self.topics}

    def card(self, card_id: str) -> Card | None:
        return self._cards.get(card_id)

    def topic(self, topic_id: str) -> Topic | None:
        return self._topics.get(topic_id)


def parse_cards(data: Any) -> CardFile:
    """Validate plain YAML data (raises pydantic.ValidationError)."""
    return CardFile.model_validate(data)
