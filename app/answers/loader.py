"""Load the answer cards and the synonym list, check them, and build the search once.

`load_answerer` refuses a card file with errors, the way the flow loader refuses a broken
flow. The server loads it without a flow to check links against (it may serve another
flow); `covnav check` and the tests prove every link against data/steps.yaml.
"""

from __future__ import annotations

import logging
from collections import Counter
from functools import lru_cache
from pathlib import Path

import yaml

from app.answers.checker import CardCheck, Known, check_cards_text
from app.answers.index import CardIndex
from app.answers.schema import CardFile
from app.answers.search import Answerer, entries
from app.answers.text import Analyser, Synonyms, surface
from app.answers.typos import Speller
from app.flows.problems import Problem
from app.rules.denial_codes import UnknownDenialCode, lookup

DATA = Path(__file__).resolve().parents[2] / "data"
DEFAULT_PATH = DATA / "answers.yaml"
SYNONYMS_PATH = DATA / "answer_synonyms.yaml"

log = logging.getLogger(__name__)


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


def read_synonyms(path: Path | str = SYNONYMS_PATH) -> Synonyms:
    """`filler` and `weak` word lists, and `synonyms: {canonical: [ways to say it]}`."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        data = {}
    groups, filler, weak = data.get("synonyms"), data.get("filler"), data.get("weak", [])
    if not isinstance(groups, dict) or not isinstance(filler, list) or not isinstance(weak, list):
        raise ValueError(f"{path}: expected `filler: [...]`, `weak: [...]`, `synonyms: {{...}}`")
    if not all(isinstance(k, str) and isinstance(v, list) for k, v in groups.items()):
        raise ValueError(f"{path}: each synonym must map a word to a list of ways to say it")
    return Synonyms(
        {k: [str(x) for x in v] for k, v in groups.items()}, map(str, filler), map(str, weak)
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
    synonyms_path: Path | str = SYNONYMS_PATH,
    known: Known | None = None,
) -> Answerer:
    """Check the cards (links against `known`), then build the search.

    Without `known`, the built search is shared by every app made in this process from the
    same unchanged files (it is read-only), so tests and workers build it once.
    """
    if known is None:
        return _shared(_stamp(Path(path)), _stamp(Path(synonyms_path)))
    return _load(Path(path), Path(synonyms_path), known)


@lru_cache(maxsize=4)
def _shared(cards: tuple[str, int, int], synonyms: tuple[str, int, int]) -> Answerer:
    return _load(Path(cards[0]), Path(synonyms[0]), Known())


def _load(path: Path, synonyms_path: Path, known: Known) -> Answerer:
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
    return build_answerer(result.cards, read_synonyms(synonyms_path))
