"""Translations of a YAML file of patient-facing strings, checked like the file itself.

A source is any YAML file whose strings have keys (`covnav strings` prints the flow's); its
translation sits beside it as `<name>.<lang>.yaml` (data/steps.yaml -> data/steps.es.yaml),
a flat mapping from key to translated text, so the source is never copied. The checker
proves the translation complete and current (codes in docs/flow-format.md):

- TR100 the file is not a flat YAML mapping (syntax error, duplicate key, a list...)
- TR101 a translation that is not text, or is empty
- TR110 a string with no translation (placed at the English text in the source file)
- TR111 a stale key: the source has no such string any more
- TR112 placeholders such as {date} differ between the English and the translation
- TR201 warning: a Spanish text under Fernández-Huerta 50 (app/flows/readability_es.py)
- TR202 warning: the Spanish texts average under Fernández-Huerta 70
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.flows import readability_es
from app.flows.problems import Problem, Reporter, sort_problems
from app.flows.strings import TextEntry
from app.flows.yaml_positions import PathKey, Positions, read_yaml

ENGLISH = "en"
LANGUAGE_NAMES: dict[str, str] = {"es": "Spanish"}
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def translation_path(source: Path, lang: str) -> Path:
    """Where `source`'s translation into `lang` lives: data/steps.yaml -> data/steps.es.yaml."""
    return source.with_name(f"{source.stem}.{lang}{source.suffix}")


def translation_files(
    source: Path, given: Sequence[Path | str], langs: Sequence[str]
) -> list[Path]:
    """The files given, else each translation of `source` into `langs` that exists."""
    found = [translation_path(source, lang) for lang in langs]
    return [Path(f) for f in given] or [file for file in found if file.exists()]


def language_of(file: Path, default: str) -> str:
    """The language a translation file is in: data/steps.es.yaml -> es."""
    return file.suffixes[-2].lstrip(".") if len(file.suffixes) >= 2 else default


@dataclass(frozen=True)
class Source:
    """A YAML file of translatable strings: its name, raw data, node positions and strings.

    `entries` gives each string's key and its data path in `data`; the flow's come from
    app.flows.strings.patient_strings, another file's from its own function like it."""

    file: str
    data: Any
    positions: Positions
    entries: Sequence[TextEntry]
    # Keys a translation writes for itself instead of translating ours (the cards' ways of
    # asking): any key it matches is accepted, and no source string it matches is missing.
    own: re.Pattern[str] | None = None

    def is_own(self, key: str) -> bool:
        return self.own is not None and self.own.fullmatch(key) is not None


@dataclass(frozen=True)
class TranslationCheck:
    problems: list[Problem]  # the source file's (missing strings), then the translation's
    texts: dict[str, str]  # key -> translated text, for the keys the source has

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def missing(self) -> list[Problem]:
        return [p for p in self.problems if p.code == "TR110"]


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


def _listed(found: Counter[str]) -> str:
    return ", ".join(sorted(found.elements())) or "none"


def check_translation(source: Source, text: str, file: str, lang: str) -> TranslationCheck:
    """Every problem of `file` (the text of `source`'s translation into `lang`)."""
    name = LANGUAGE_NAMES.get(lang, lang)
    doc = read_yaml(text)
    here = Reporter(file, doc.positions)
    there = Reporter(source.file, source.positions)
    for issue in doc.issues:
        here.at_line(issue.line, issue.col, "TR100", issue.message)
    if any(issue.fatal for issue in doc.issues):
        return TranslationCheck(sort_problems(here.problems), {})
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        here.at((), "TR100", "a translation file is a mapping of key: text, one per line")
        return TranslationCheck(sort_problems(here.problems), {})
    english = {entry.key: entry for entry in source.entries}
    english = {key: entry for key, entry in english.items() if not source.is_own(key)}
    unmatched = [key for key in english if key not in data]  # what a stale key may have been
    texts: dict[str, str] = {}
    own: dict[str, str] = {}
    for raw_key, value in data.items():
        key = str(raw_key)
        if source.is_own(key):
            if isinstance(value, str) and value.strip():
                own[key] = value
            else:
                here.at((raw_key,), "TR101", f"the {name} for {key!r} must be text")
        elif key not in english:
            match = difflib.get_close_matches(key, unmatched, n=1, cutoff=0.8)
            hint = f"; was it renamed to {match[0]!r}?" if match else "; remove it"
            message = f"stale key {key!r}: {source.file} has no such string{hint}"
            here.at((raw_key,), "TR111", message, key=True)
        elif not isinstance(value, str) or not value.strip():
            shown = "empty" if value is None or value == "" else f"a {type(value).__name__}"
            here.at((raw_key,), "TR101", f"the {name} for {key!r} must be text, not {shown}")
        else:
            texts[key] = value
            ours, theirs = placeholders(english[key].text), placeholders(value)
            if ours != theirs:
                here.at(
                    (raw_key,),
                    "TR112",
                    f"placeholders differ for {key!r}: the English has {_listed(ours)}, "
                    f"the {name} has {_listed(theirs)}",
                )
    for entry in source.entries:
        if entry.key in english and entry.key not in data:
            there.at(entry.path, "TR110", f"no {name} for {entry.key!r} in {file}")
    if lang == "es":
        _readability(here, texts)  # the translation's own keys are search data, not read
    problems = sort_problems(there.problems) + sort_problems(here.problems)
    return TranslationCheck(problems, texts | own)


def _readability(report: Reporter, texts: Mapping[str, str]) -> None:
    """TR201 for a hard text, TR202 for a hard file (placeholders left out of the score)."""
    scored = readability_es.score_texts(
        (key, PLACEHOLDER.sub("", text)) for key, text in texts.items()
    )
    for item in scored:
        if item.score < readability_es.MIN_ONE_TEXT:
            report.at(
                (item.where,),
                "TR201",
                f"hard to read: Fernández-Huerta {item.score:.1f} (under "
                f"{readability_es.MIN_ONE_TEXT:.0f}); use shorter words and sentences",
            )
    mean = readability_es.average(scored)
    if scored and mean < readability_es.MIN_AVERAGE:
        report.at_line(
            1,
            1,
            "TR202",
            f"the texts average Fernández-Huerta {mean:.1f} over {len(scored)} "
            f"(under {readability_es.MIN_AVERAGE:.0f}); use shorter words and sentences",
        )


def with_texts(data: Any, texts: Mapping[PathKey, str]) -> Any:
    """A copy of YAML data with the text at each data path replaced (the rest is shared)."""
    if () in texts:
        return texts[()]
    heads: dict[str | int, dict[PathKey, str]] = {}
    for path, text in texts.items():
        heads.setdefault(path[0], {})[path[1:]] = text
    if isinstance(data, list):
        items = list(data)
        for index, inner in heads.items():
            assert isinstance(index, int)
            items[index] = with_texts(items[index], inner)
        return items
    if isinstance(data, dict):
        return {k: with_texts(v, heads[k]) if k in heads else v for k, v in data.items()}
    raise KeyError(f"no text at {sorted(heads)}")


def translated_data(source: Source, texts: Mapping[str, str]) -> Any:
    """The source's data with each string that has a translation in `texts` replaced."""
    paths = {entry.path: texts[entry.key] for entry in source.entries if entry.key in texts}
    return with_texts(source.data, paths)


@dataclass(frozen=True)
class Translation:
    """One language's texts by key. `text(key, english)` gives the English back only when
    the translation was loaded with missing strings allowed (development); otherwise a key
    without a translation is a bug in the caller and raises KeyError."""

    lang: str
    texts: Mapping[str, str]
    allow_missing: bool = False

    def text(self, key: str, english: str) -> str:
        found = self.texts.get(key)
        if found is not None:
            return found
        if self.allow_missing:
            return english
        raise KeyError(f"no {LANGUAGE_NAMES.get(self.lang, self.lang)} text for {key!r}")
