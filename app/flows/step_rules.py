"""Rules on raw step data that the pydantic models cannot express: strict scalars, and
what each step type allows (choices, why, next, min and max)."""

from __future__ import annotations

from typing import Any

from app.flows.condition_errors import describe
from app.flows.problems import Reporter
from app.flows.types import STEP_TYPES
from app.flows.types.base import listing, with_article
from app.flows.yaml_positions import PathKey

_LISTED = STEP_TYPES.names(lambda kind: kind.lists_choices)  # "single and multi"
_BOUNDED = STEP_TYPES.names(lambda kind: kind.has_bounds)  # "number and money"


def strict_scalars(data: dict[Any, Any], report: Reporter) -> set[PathKey]:
    """Pydantic's lax mode takes "yes" as true and "5" as 5; the file must not."""
    flagged: set[PathKey] = set()
    version = data.get("version")
    if "version" in data and (isinstance(version, bool) or version != 1):
        report.at(("version",), "ST101", f"version must be 1, not {describe(version)}")
        flagged.add(("version",))
    steps = data.get("steps")
    for i, step in enumerate(steps if isinstance(steps, list) else []):
        if not isinstance(step, dict):
            continue
        if "optional" in step and not isinstance(step["optional"], bool):
            report.at(
                ("steps", i, "optional"),
                "ST101",
                f"optional must be true or false, not {describe(step['optional'])}",
            )
            flagged.add(("steps", i, "optional"))
        for bound in ("min", "max"):
            value = step.get(bound)
            if bound in step and (isinstance(value, bool) or not isinstance(value, int | float)):
                report.at(
                    ("steps", i, bound), "ST101", f"{bound} must be a number, not {describe(value)}"
                )
                flagged.add(("steps", i, bound))
    return flagged


def step_shapes(data: dict[Any, Any], report: Reporter) -> None:
    """Rules that depend on the step type, which the pydantic models leave open; each step
    type says which apply to it."""
    steps = data.get("steps")
    for i, step in enumerate(steps if isinstance(steps, list) else []):
        kind_name = step.get("type") if isinstance(step, dict) else None
        if not isinstance(kind_name, str) or kind_name not in STEP_TYPES:
            continue
        kind = STEP_TYPES[kind_name]
        here = ("steps", i)
        name = f"step {step.get('id')!r}"
        if kind.lists_choices:
            if "choices" not in step:
                report.at(
                    here,
                    "ST103",
                    f"{name} is missing required field 'choices' "
                    f"({kind.name} steps list their choices)",
                )
            elif step["choices"] == []:
                report.at((*here, "choices"), "ST101", f"{name} needs at least one choice")
        elif "choices" in step:
            builtin = kind.builtin_choices
            extra = f" ({kind.name} has {listing(builtin)} built in)" if builtin else ""
            report.at((*here, "choices"), "ST101", f"choices are only for {_LISTED} steps{extra}")
        if kind.is_question and "why" not in step:
            report.at(
                here,
                "ST103",
                f"{name} is missing required field 'why' (every question says why we ask)",
            )
        if kind.is_terminal and step.get("next") is not None:
            report.at(
                (*here, "next"),
                "ST101",
                f"{with_article(kind.name)} step ends the path; remove next",
            )
        if "title" in step and (kind.is_question or kind.is_terminal):
            report.at((*here, "title"), "ST101", "title is only for info steps")
        if "latest" in step and kind.name != "date":
            report.at((*here, "latest"), "ST101", "latest is only for date steps")
        for bound in ("min", "max"):
            if bound in step and not kind.has_bounds:
                report.at((*here, bound), "ST101", f"{bound} is only for {_BOUNDED} steps")
        low, high = step.get("min"), step.get("max")
        if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
            report.at((*here, "max"), "ST101", f"max ({high}) is below min ({low})")
