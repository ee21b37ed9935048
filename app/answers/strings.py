"""Every patient-facing string of the answer cards, with its translation key.

The same design as the flow's strings (app/flows/strings.py): a translation is a flat
mapping from these keys to text, and never touches the cards themselves. `covnav strings
data/answers.yaml` lists them. The ways patients ask are search data in one language: a
translation adds its own under `cards.<id>.asked.<n>` rather than translating ours.
"""

from __future__ import annotations

from app.answers.schema import CardFile
from app.flows.strings import TextEntry


def card_strings(cards: CardFile) -> list[TextEntry]:
    """In file order: topics, redirects, then each card's title, text and ways of asking."""
    out: list[TextEntry] = []
    for i, topic in enumerate(cards.topics):
        out.append(TextEntry(f"topics.{topic.id}.title", ("topics", i, "title"), topic.title))
    for i, redirect in enumerate(cards.redirects):
        out.append(
            TextEntry(f"redirects.{redirect.id}.text", ("redirects", i, "text"), redirect.text)
        )
    for i, card in enumerate(cards.cards):
        base = f"cards.{card.id}"
        out.append(TextEntry(f"{base}.title", ("cards", i, "title"), card.title))
        out.append(TextEntry(f"{base}.text", ("cards", i, "text"), card.text.strip()))
        for k, phrase in enumerate(card.asked):
            out.append(TextEntry(f"{base}.asked.{k}", ("cards", i, "asked", k), phrase))
    return out
