"""Draw a tree as a Mermaid flowchart that clinic staff can read.

Nodes show the question text (shortened), edges a short rendering of the rule's condition,
and results steps are drawn as rounded (stadium) nodes.
"""

from __future__ import annotations

from app.flows.schema import All, Answered, AnyOf, Condition, Eq, Has, In, Not, StepType, Tree

LABEL_CHARS = 50
EDGE_CHARS = 60


def shorten(text: str, limit: int) -> str:
    """One line, at most `limit` characters, cut at a word when possible."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def quote(text: str) -> str:
    """A Mermaid quoted label: quotes and the characters Mermaid reads specially escaped."""
    escaped = (
        text.replace("&", "#amp;")
        .replace('"', "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
    )
    return f'"{escaped}"'


def describe(cond: Condition, nested: bool = False) -> str:
    """A short human rendering, e.g. `stage = denied`, `plan_type = medicare or medicaid`."""
    match cond:
        case Eq(eq=(step, value)):
            return f"{step} = {value}"
        case In(in_=(step, values)):
            return f"{step} = {' or '.join(values)}"
        case Has(has=(step, value)):
            return f"{step} includes {value}"
        case Answered(answered=step):
            return f"{step} answered"
        case Not(not_=Eq(eq=(step, value))):
            return f"{step} ≠ {value}"
        case Not(not_=Answered(answered=step)):
            return f"{step} skipped"
        case Not(not_=inner):
            return f"not ({describe(inner)})"
        case All(all=parts) | AnyOf(any=parts):
            joiner = " and " if isinstance(cond, All) else " or "
            text = joiner.join(describe(p, nested=True) for p in parts)
            return f"({text})" if nested and len(parts) > 1 else text
    raise TypeError(f"unknown condition {cond!r}")  # pragma: no cover


def node_id(step_id: str) -> str:
    """Step ids prefixed, so ids such as `end` cannot clash with Mermaid keywords."""
    return f"s_{step_id}"


def render(tree: Tree) -> str:
    """The Mermaid source, `flowchart TD` first."""
    lines = ["flowchart TD"]
    for step in tree.steps:
        label = quote(shorten(step.text, LABEL_CHARS))
        if step.type == StepType.results:
            shape = f"([{label}])"
        elif step.type == StepType.info:
            shape = f">{label}]"
        else:
            shape = f"[{label}]"
        lines.append(f"    {node_id(step.id)}{shape}")
    for step in tree.steps:
        rules = step.rules
        for index, rule in enumerate(rules):
            if rule.when is not None:
                text = describe(rule.when)
            else:
                text = "otherwise" if index > 0 else ""
            arrow = f"-->|{quote(shorten(text, EDGE_CHARS))}|" if text else "-->"
            lines.append(f"    {node_id(step.id)} {arrow} {node_id(rule.goto)}")
    return "\n".join(lines) + "\n"
