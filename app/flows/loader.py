"""Load `data/steps.yaml` into a compiled Flow, refusing a broken file.

`load_flow` runs the full checker (see app/flows/checker.py); it is fast enough to run at
every server start.
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.flows.checker import CheckResult, check_text
from app.flows.engine import Flow
from app.flows.problems import Problem

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "steps.yaml"

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_PATH", "FlowFileError", "Problem", "check_file", "load_flow"]


class FlowFileError(Exception):
    """The flow file has errors; `problems` holds one `PATH:LINE:COL: CODE message` each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _check(path: Path) -> CheckResult:
    """Raises OSError when the file cannot be read."""
    raw = path.read_bytes()
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


def load_flow(path: Path | str = DEFAULT_PATH) -> Flow:
    """Read, check and compile the flow file; FlowFileError lists every error."""
    path = Path(path)
    try:
        result = _check(path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise FlowFileError([f"{path}:1:1: ST100 cannot read the flow file: {reason}"]) from exc
    for warning in result.warnings:
        log.warning("%s", warning)
    if result.flow is None or result.errors:
        raise FlowFileError([str(p) for p in result.errors])
    return result.flow
