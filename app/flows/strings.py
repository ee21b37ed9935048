"""Every patient-facing string in a tree, with its translation key (docs/flow-format.md)."""

from __future__ import annotations

from dataclasses import dataclass

from app.flows.schema import Tree
from app.flows.yaml_positions import PathKey


@dataclass(frozen=True)
class TextEntry:
    key: str  # translation key, e.g. "steps.stage.choices.planning"
    path: PathKey  # where the English text sits in the flow file
    text: str


def patient_strings(tree: Tree) -> list[TextEntry]:
    """In file order: steps (title, text, why, help, choice labels), checklist, insurer
    questions."""
    out: list[TextEntry] = []
    for i, step in enumerate(tree.steps):
        base = f"steps.{step.id}"
        for name in ("title", "text", "why", "help"):
            value = getattr(step, name)
            if value is not None:
                out.append(TextEntry(f"{base}.{name}", ("steps", i, name), value))
        for k, choice in enumerate(step.choices):
            out.append(
                TextEntry(
                    f"{base}.choices.{choice.value}",
                    ("steps", i, "choices", k, "label"),
                    choice.label,
                )
            )
    for section, items in (("checklist", tree.checklist), ("questions", tree.questions)):
        for i, item in enumerate(items):
            names = ("text", "why", "how") if section == "checklist" else ("text", "why")
            for name in names:
                value = getattr(item, name)
                if value is not None:
                    out.append(TextEntry(f"{section}.{item.id}.{name}", (section, i, name), value))
    return out
