"""Load the answer cards and the synonym list, check them, and build the search once.

`load_answerer` refuses a card file with errors, the way the flow loader refuses a broken
flow. The server loads it without a flow to check links against (it may serve another
flow); `covnav check` and the tests prove every link against data/steps.yaml.

Each language has its own search: `load_answerer(lang="es")` builds the cards from the
translation beside the card file (data/answers.es.yaml: the same ids and links, the Spanish
titles and texts, and the Spanish ways of asking instead of the English ones), analysed with
that language's synonym list (data/answer_synonyms.es.yaml) and stemmer.
"""

from __future__ import annotations

import logging
from collections import Counter
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from app.answers.checker import CardCheck, Known, check_cards_text
from app.answers.index import CardIndex
from app.answers.schema import CardFile, parse_cards
from app.answers.search import Answerer, entries
from app.answers.stem import stem
from app.answers.stem_es import stem_es
from app.answers.strings import TRANSLATED, card_source
from app.answers.text import Analyser, Stemmer, Synonyms, surface
from app.answers.typos import Speller
from app.flows.loader import FlowFileError, load_translation
from app.flows.problems import Problem
from app.flows.translations import translated_data, translation_path
from app.rules.denial_codes import UnknownDenialCode, lookup

DATA = Path(__file__).resolve().parents[2] / "data"
DEFAULT_PATH = DATA / "answers.yaml"
SYNONYMS_PATH = DATA / "answer_synonyms.yaml"
ENGLISH = "en"
STEMMERS: dict[str, Stemmer] = {ENGLISH: stem, "es": stem_es}

log = logging.getLogger(__name__)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when it is there


class AnswersFileError(Exception):
    """The card file has errors; `problems` holds one `PATH:LINE:COL: CODE message` each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def check_cards_file(path: Path | str, known: Known) -> CardCheck:
    """Every problem in the card file. Raises OSError when it cannot be read."""
    path = Path(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = Problem(str(path), line, 1, "AN100", "the file is not valid UTF-8 text")
        return CardCheck([bad], None)
    return check_cards_text(text.removeprefix("\ufeff"), str(path), known)


def synonyms_path(lang: str = ENGLISH) -> Path:
    """data/answer_synonyms.yaml, or its language's: data/answer_synonyms.es.yaml."""
    return SYNONYMS_PATH if lang == ENGLISH else translation_path(SYNONYMS_PATH, lang)


def read_synonyms(path: Path | str = SYNONYMS_PATH, stemmer: Stemmer = stem) -> Synonyms:
    """`filler` and `weak` word lists, `synonyms: {canonical: [ways to say it]}`, and
    `rounds` (2: a phrase may use other groups' canonical words) and `stem_terms` (false:
    the canonical words are kept whole)."""
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    if not isinstance(data, dict):
        data = {}
    groups, filler, weak = data.get("synonyms"), data.get("filler"), data.get("weak", [])
    rounds, stem_terms = data.get("rounds", 1), data.get("stem_terms", True)
    if not isinstance(groups, dict) or not isinstance(filler, list) or not isinstance(weak, list):
        raise ValueError(f"{path}: expected `filler: [...]`, `weak: [...]`, `synonyms: {{...}}`")
    if rounds not in (1, 2) or not isinstance(stem_terms, bool):
        raise ValueError(f"{path}: `rounds` is 1 (the default) or 2; `stem_terms` true or false")
    if not all(isinstance(k, str) and isinstance(v, list) for k, v in groups.items()):
        raise ValueError(f"{path}: each synonym must map a word to a list of ways to say it")
    return Synonyms(
        {k: [str(x) for x in v] for k, v in groups.items()},
        map(str, filler),
        map(str, weak),
        stemmer,
        rounds,
        stem_terms,
    )


def knows_denial_code(code: str) -> bool:
    """Whether the denial-code decoder (app.rules.denial_codes) can explain this code."""
    try:
        lookup(code)
    except UnknownDenialCode:
        return False
    return True


def vocabulary(cards: CardFile, synonyms: Synonyms) -> Counter[str]:
    """Every word the cards use, with how often: what a typo is corrected towards."""
    counts: Counter[str] = Counter()
    texts = [t for c in cards.cards for t in (c.title, c.text, *c.asked, *c.tags)]
    texts += [t for r in cards.redirects for t in r.asked]
    for text in texts:
        counts.update(w for w in surface(text).split() if w.isalpha())
    counts.update(w for w in synonyms.words() if w.isalpha())
    for word in synonyms.filler:
        counts.pop(word, None)
    return counts


def build_answerer(cards: CardFile, synonyms: Synonyms) -> Answerer:
    """The search over `cards`, in the language of `synonyms` (its words and stemmer)."""
    analyser = Analyser(synonyms, Speller(vocabulary(cards, synonyms)))
    return Answerer(cards, analyser, CardIndex(entries(cards, analyser)), knows_denial_code)


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def load_answerer(
    path: Path | str = DEFAULT_PATH,
    synonyms: Path | str | None = None,
    known: Known | None = None,
    lang: str = ENGLISH,
) -> Answerer:
    """Check the cards (links against `known`), then build the search in `lang` (the
    translation beside the cards, with `synonyms` or that language's synonym list).

    Without `known`, the built search is shared by every app made in this process from the
    same unchanged files (it is read-only), so tests and workers build it once.
    """
    path, words = Path(path), Path(synonyms or synonyms_path(lang))
    if known is None:
        translation = translation_path(path, lang) if lang != ENGLISH else path
        return _shared(_stamp(path), _stamp(words), lang, _stamp(translation))
    return _load(path, words, known, lang)


def load_answerers(path: Path | str = DEFAULT_PATH) -> dict[str, Answerer]:
    """The search in English and in each language the cards have a translation for."""
    found = {ENGLISH: load_answerer(path)}
    for lang in TRANSLATED:
        if translation_path(Path(path), lang).exists():
            found[lang] = load_answerer(path, lang=lang)
    return found


@lru_cache(maxsize=8)
def _shared(
    cards: tuple[str, int, int],
    synonyms: tuple[str, int, int],
    lang: str,
    translation: tuple[str, int, int],
) -> Answerer:
    del translation  # in the key only: a changed translation builds the search again
    return _build(Path(cards[0]), _checked(cards), Path(synonyms[0]), lang)


@lru_cache(maxsize=4)
def _checked(cards: tuple[str, int, int]) -> CardFile:
    """The card file checked once for every language's search built from it."""
    return _check(Path(cards[0]), Known())


def _load(path: Path, synonyms: Path, known: Known, lang: str = ENGLISH) -> Answerer:
    return _build(path, _check(path, known), synonyms, lang)


def _build(path: Path, checked: CardFile, synonyms: Path, lang: str) -> Answerer:
    cards = checked if lang == ENGLISH else translated_cards(path, checked, lang)
    return build_answerer(cards, read_synonyms(synonyms, STEMMERS[lang]))


def _check(path: Path, known: Known) -> CardFile:
    try:
        result = check_cards_file(path, known)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise AnswersFileError([f"{path}:1:1: AN100 cannot read the card file: {reason}"]) from exc
    for problem in result.problems:
        if not problem.is_error:
            log.warning("%s", problem)
    if result.cards is None:
        raise AnswersFileError([str(p) for p in result.errors])
    return result.cards


def translated_cards(path: Path, cards: CardFile, lang: str) -> CardFile:
    """The cards in `lang`: the same ids, topics, codes and links; the translated titles
    and texts; that language's own ways of asking (the English ones and the English tags
    are search words for English questions only). Raises AnswersFileError."""
    source = card_source(path, cards)
    try:
        texts = load_translation(source, translation_path(path, lang), lang).texts
    except FlowFileError as exc:
        raise AnswersFileError(exc.problems) from exc
    own: dict[str, list[str]] = {}
    for key, text in texts.items():
        if source.is_own(key):
            own.setdefault(key.rsplit(".asked.", 1)[0], []).append(text)
    data = translated_data(source, {k: v for k, v in texts.items() if not source.is_own(k)})
    for kind in ("cards", "redirects"):
        for item in data.get(kind, ()):
            item["asked"] = own.get(f"{kind}.{item['id']}", [])
            item.pop("tags", None)
    try:
        return parse_cards(data)
    except ValidationError as exc:
        file = translation_path(path, lang)
        raise AnswersFileError([f"{file}:1:1: TR101 {' '.join(str(exc).split())}"]) from exc
