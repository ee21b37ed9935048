"""Load `data/steps.yaml` into a compiled Flow, refusing a broken file."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from app.flows.engine import Flow
from app.flows.schema import parse_tree

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "steps.yaml"


class FlowFileError(Exception):
    """The flow file has errors; `problems` holds one `PATH:LINE:COL: CODE message` each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def load_flow(path: Path | str = DEFAULT_PATH) -> Flow:
    """Read, validate and compile the flow file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Flow(parse_tree(data))
    except (yaml.YAMLError, ValidationError) as exc:
        raise FlowFileError([f"{path}:1:1: ST100 {exc}"]) from exc
