"""Plain Spanish for the tests: score every Spanish text a patient reads, in one call.

    from spanish_readability import assert_plain_spanish, page_texts, yaml_texts
    report = assert_plain_spanish(yaml_texts(STEPS_ES) + page_texts(html, "results"))

Fernández-Huerta with syllables counted by the rules of Spanish spelling
(app/flows/readability_es.py): at least 70 on average, no text under 50. Text inside an
element marked `lang="en"` (the English letter, the English lines of the call sheet) is
left out, as a screen reader reads it in English too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from app.flows.readability_es import MIN_AVERAGE, MIN_ONE_TEXT, Scored, average, score_texts
from app.flows.yaml_positions import read_yaml

BLOCKS = (
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "label",
    "legend",
    "button",
    "summary",
    "td",
    "th",
    "dt",
    "dd",
    "figcaption",
    "caption",
    "title",
)
PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}")


@dataclass(frozen=True)
class Report:
    scored: list[Scored]
    average: float

    @property
    def hardest(self) -> Scored:
        return min(self.scored, key=lambda s: s.score)

    def __str__(self) -> str:
        hardest = self.hardest
        return (
            f"Fernández-Huerta over {len(self.scored)} Spanish texts: average "
            f"{self.average:.1f}, lowest {hardest.score:.1f} ({hardest.where})"
        )


def assert_plain_spanish(
    texts: Iterable[tuple[str, str]],
    *,
    min_average: float = MIN_AVERAGE,
    min_one: float = MIN_ONE_TEXT,
) -> Report:
    """Fail listing every text under `min_one`, or when the average is under `min_average`."""
    scored = score_texts((where, PLACEHOLDER.sub("", text)) for where, text in texts)
    assert scored, "no Spanish text to score"
    report = Report(scored, average(scored))
    too_hard = [f"{s.score:.1f} {s.where}: {s.text}" for s in scored if s.score < min_one]
    assert too_hard == [], "\n".join(too_hard)
    assert report.average >= min_average, str(report)
    return report


def yaml_texts(path: Path) -> list[tuple[str, str]]:
    """(key, text) of a flat translation file such as data/steps.es.yaml."""
    data = read_yaml(path.read_text(encoding="utf-8")).data or {}
    return [(f"{path.name}:{key}", str(text)) for key, text in data.items()]


def page_texts(html: str, where: str) -> list[tuple[str, str]]:
    """The visible text blocks of a rendered page (paragraphs, list items, labels...)."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.select('script, style, template, [lang="en"], [lang^="en-"]'):
        hidden.decompose()
    out: list[tuple[str, str]] = []
    for index, block in enumerate(soup.find_all(BLOCKS)):
        if isinstance(block, Tag) and not block.find(BLOCKS):
            text = block.get_text(" ", strip=True)
            if re.search(r"[^\W\d_]", text):
                out.append((f"{where} <{block.name}> #{index}", text))
    return out


def paragraphs(text: str, where: str) -> list[tuple[str, str]]:
    """Blank-line separated paragraphs of plain text (pdftotext output, an e-mail, .ics)."""
    blocks = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text)]
    return [(f"{where} ¶{i}", block) for i, block in enumerate(blocks) if block]
