"""One finding of the flow checker, printed as `PATH:LINE:COL: CODE message`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.flows.yaml_positions import PathKey, Positions

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def severity_of(code: str) -> Severity:
    """2xx codes (ST2xx, TR2xx) are warnings; every other code is an error."""
    return "warning" if code[2:3] == "2" else "error"


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """By line, then column, then code; each distinct problem once."""
    return sorted(set(problems), key=lambda p: (p.line, p.col, p.code, p.message))


class Reporter:
    """Collects problems for one file, placing each at a data path's line and column."""

    def __init__(self, file: str, positions: Positions) -> None:
        self.file = file
        self.positions = positions
        self.problems: list[Problem] = []

    def at(self, path: PathKey, code: str, message: str, *, key: bool = False) -> None:
        """Report at the value of `path`, or at its key when `key` is true."""
        line, col = self.positions.key(path) if key else self.positions.value(path)
        self.at_line(line, col, code, message)

    def at_line(self, line: int, col: int, code: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, col, code, message, severity_of(code)))

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)

    def count(self, *codes: str) -> int:
        return sum(p.code in codes for p in self.problems)
