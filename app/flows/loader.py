"""Load `data/steps.yaml` into a compiled Flow, refusing a broken file.

`load_flow` runs the full checker (see app/flows/checker.py); it is fast enough to run at
every server start.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from app.flows.checker import CheckResult, check_text
from app.flows.engine import Flow
from app.flows.problems import Problem
from app.flows.schema import Tree, parse_tree
from app.flows.strings import patient_strings
from app.flows.translations import (
    Source,
    Translation,
    TranslationCheck,
    check_translation,
    language_of,
    translated_data,
    translation_files,
    translation_path,
)
from app.flows.yaml_positions import read_yaml

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "steps.yaml"

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_PATH",
    "FlowFileError",
    "Problem",
    "TranslatedFlow",
    "check_file",
    "check_files",
    "load_flow",
    "load_translated",
    "load_translation",
]


class FlowFileError(Exception):
    """The flow file has errors; `problems` holds one `PATH:LINE:COL: CODE message` each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _check(path: Path, raw: bytes | None = None) -> CheckResult:
    """Raises OSError when the file cannot be read."""
    raw = path.read_bytes() if raw is None else raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = Problem(str(path), line, col, "ST100", "the file is not valid UTF-8 text")
        return CheckResult([bad], None)
    return check_text(text.removeprefix("\ufeff"), str(path))


def check_file(path: Path | str) -> list[Problem]:
    """Every problem in the flow file, errors and warnings, sorted by line.

    Raises OSError (e.g. FileNotFoundError) when the file cannot be read."""
    return _check(Path(path)).problems


# Flows already checked in this process, by path and content: an app built again from the
# same file (the tests build hundreds) shares the compiled flow, which never changes, instead
# of checking every path of the tree again. A changed file is a new key.
_CHECKED: dict[tuple[str, bytes], CheckResult] = {}
_KEEP = 8


def load_flow(path: Path | str = DEFAULT_PATH) -> Flow:
    """Read, check and compile the flow file; FlowFileError lists every error."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise FlowFileError([f"{path}:1:1: ST100 cannot read the flow file: {reason}"]) from exc
    key = (str(path.resolve()), hashlib.sha256(raw).digest())
    result = _CHECKED.get(key) or _check(path, raw)
    for warning in result.warnings:
        log.warning("%s", warning)
    if result.flow is None or result.errors:
        raise FlowFileError([str(p) for p in result.errors])
    if key not in _CHECKED:
        if len(_CHECKED) >= _KEEP:
            del _CHECKED[next(iter(_CHECKED))]
        _CHECKED[key] = result
    return result.flow


# Translations (app/flows/translations.py): `<name>.<lang>.yaml` beside the flow file.

TRANSLATED = ("es",)


def flow_source(path: Path, tree: Tree) -> Source:
    """The flow file as a source of translatable strings (its positions read once more)."""
    doc = read_yaml(path.read_text(encoding="utf-8").removeprefix("\ufeff"))
    return Source(str(path), doc.data, doc.positions, patient_strings(tree))


def _translation_check(source: Source, file: Path, lang: str) -> TranslationCheck:
    """Raises OSError when the translation file cannot be read."""
    text = file.read_text(encoding="utf-8").removeprefix("\ufeff")
    return check_translation(source, text, str(file), lang)


def check_files(path: Path | str, translations: Sequence[Path | str] = ()) -> list[Problem]:
    """The flow file's problems, then its translations': the files given, else each
    `<name>.<lang>.yaml` that exists beside it. Translations are checked only once the flow
    file has no errors (their keys come from it).

    Raises OSError when a file cannot be read."""
    path = Path(path)
    result = _check(path)
    if result.flow is None:
        return result.problems
    source = flow_source(path, result.flow.tree)
    problems = list(result.problems)
    for file in translation_files(path, translations, TRANSLATED):
        problems += _translation_check(source, file, language_of(file, TRANSLATED[0])).problems
    return problems


@dataclass(frozen=True)
class TranslatedFlow:
    """A language's texts by key, and the flow with its strings in that language."""

    translation: Translation
    flow: Flow


def load_translation(
    source: Source, file: Path, lang: str, *, allow_missing: bool = False
) -> Translation:
    """Read and check `file`, the translation of any source of keyed strings (the flow, or
    another YAML file with its own `TextEntry` function). Every error raises FlowFileError,
    a missing string too unless `allow_missing` (development: the English text stands in,
    and each missing string is logged)."""
    try:
        result = _translation_check(source, file, lang)
    except (OSError, UnicodeDecodeError) as exc:
        raise FlowFileError([f"{file}:1:1: TR100 cannot read the translation: {exc}"]) from exc
    errors = [p for p in result.errors if not (allow_missing and p.code == "TR110")]
    if errors:
        raise FlowFileError([str(p) for p in errors])
    for problem in result.problems:
        if not problem.is_error or problem.code == "TR110":
            log.warning("%s", problem)
    return Translation(lang, result.texts, allow_missing)


def load_translated(
    path: Path | str, flow: Flow, lang: str, *, allow_missing: bool = False
) -> TranslatedFlow | None:
    """The flow in `lang` from `<name>.<lang>.yaml` beside `path`; None when there is none.
    Raises FlowFileError as `load_translation` does."""
    path = Path(path)
    file = translation_path(path, lang)
    if not file.exists():
        return None
    try:
        source = flow_source(path, flow.tree)
    except (OSError, UnicodeDecodeError) as exc:
        raise FlowFileError([f"{path}:1:1: ST100 cannot read the flow file: {exc}"]) from exc
    translation = load_translation(source, file, lang, allow_missing=allow_missing)
    try:
        tree = parse_tree(translated_data(source, translation.texts))
    except ValidationError as exc:
        raise FlowFileError([f"{file}:1:1: TR101 {' '.join(str(exc).split())}"]) from exc
    return TranslatedFlow(translation, Flow(tree))
