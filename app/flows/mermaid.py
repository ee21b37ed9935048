"""Draw a tree as a Mermaid flowchart that clinic staff can read.

Nodes show the question text (shortened), edges a short rendering of the rule's condition,
results steps are drawn as rounded (stadium) nodes and info messages as flags.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.flows.schema import Condition, Tree
from app.flows.visitor import ConditionFold
from app.flows.yaml_positions import PathKey

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
        text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
    )
    return f'"{escaped}"'


@dataclass(frozen=True)
class _Phrase:
    text: str
    negated: str | None = None  # a plain wording of `not` this, when there is one
    compound: bool = False  # several parts joined by and/or: bracketed inside another


class _Describe(ConditionFold[_Phrase]):
    """Short words for each operator; a `not` of `eq` or `answered` gets its own wording."""

    def eq(self, step: str, value: str, path: PathKey) -> _Phrase:
        return _Phrase(f"{step} = {value}", negated=f"{step} ≠ {value}")

    def in_(self, step: str, values: tuple[str, ...], path: PathKey) -> _Phrase:
        return _Phrase(f"{step} = {' or '.join(values)}")

    def has(self, step: str, value: str, path: PathKey) -> _Phrase:
        return _Phrase(f"{step} includes {value}")

    def answered(self, step: str, path: PathKey) -> _Phrase:
        return _Phrase(f"{step} answered", negated=f"{step} skipped")

    def not_(self, inner: _Phrase, path: PathKey) -> _Phrase:
        return _Phrase(inner.negated or f"not ({inner.text})")

    def all_(self, parts: Sequence[_Phrase], path: PathKey) -> _Phrase:
        return _join(" and ", parts)

    def any_(self, parts: Sequence[_Phrase], path: PathKey) -> _Phrase:
        return _join(" or ", parts)


def _join(joiner: str, parts: Sequence[_Phrase]) -> _Phrase:
    text = joiner.join(f"({p.text})" if p.compound else p.text for p in parts)
    return _Phrase(text, compound=len(parts) > 1)


_DESCRIBE = _Describe()


def describe(cond: Condition, nested: bool = False) -> str:
    """A short human rendering, e.g. `stage = denied`, `plan_type = medicare or medicaid`;
    `nested` brackets several parts joined by and/or."""
    phrase = _DESCRIBE.visit(cond)
    return f"({phrase.text})" if nested and phrase.compound else phrase.text


def node_id(step_id: str) -> str:
    """Step ids prefixed, so ids such as `end` cannot clash with Mermaid keywords."""
    return f"s_{step_id}"


def render(tree: Tree) -> str:
    """The Mermaid source, `flowchart TD` first."""
    lines = ["flowchart TD"]
    for step in tree.steps:
        label = quote(shorten(step.text, LABEL_CHARS))
        if step.kind.is_terminal:
            shape = f"([{label}])"
        elif not step.kind.is_question:
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
