"""Every patient-facing string of the answer cards, with its translation key.

The same design as the flow's strings (app/flows/strings.py): a translation is a flat
mapping from these keys to text, and never touches the cards themselves. `covnav strings
data/answers.yaml` lists them. The ways patients ask are search data in one language: a
translation adds its own under `cards.<id>.asked.<n>` rather than translating ours.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from app.answers.schema import CardFile
from app.flows.problems import Problem
from app.flows.strings import TextEntry
from app.flows.translations import Source, check_translation, language_of, translation_files
from app.flows.yaml_positions import read_yaml

TRANSLATED = ("es",)


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


def card_source(path: Path, cards: CardFile) -> Source:
    """The card file as a source of translatable strings. A translation writes its own ways
    of asking as `cards.<id>.asked.<n>` (and `redirects.<id>.asked.<n>`) for cards and
    redirects that exist (any number, none required)."""
    doc = read_yaml(path.read_text(encoding="utf-8").removeprefix("\ufeff"))
    ids = "|".join(re.escape(card.id) for card in cards.cards)
    redirects = "|".join(re.escape(r.id) for r in cards.redirects) or "(?!)"
    own = re.compile(rf"(?:cards\.(?:{ids})|redirects\.(?:{redirects}))\.asked\.\d+")
    return Source(str(path), doc.data, doc.positions, card_strings(cards), own)


def check_card_translations(
    path: Path, cards: CardFile, given: Sequence[Path | str] = ()
) -> list[Problem]:
    """Problems of the files given, else of each `answers.<lang>.yaml` beside the cards.
    Raises OSError when a file cannot be read."""
    source = card_source(path, cards)
    problems: list[Problem] = []
    for file in translation_files(path, given, TRANSLATED):
        text = file.read_text(encoding="utf-8").removeprefix("\ufeff")
        lang = language_of(file, TRANSLATED[0])
        problems += check_translation(source, text, str(file), lang).problems
    return problems
