"""Templates with their words translated when they are compiled, one environment a language.

A page asks for thirty to ninety messages (`{{ _("Continue") }}`, `{% trans %}`); at run
time each one is a context lookup, a call through Jinja's runtime and a catalog lookup. The
words of a message never change while the app runs, so `WordsEnvironment` puts each one in
the compiled template as text, already translated: `_("Back")` compiles to the constant
"Atrás" in the Spanish environment. A message with values (`_("from %(clinic)s",
clinic=name)`) compiles to the translated text formatted with them, escaped as new-style
gettext would (`Markup(text) % values`). Plural messages (`ngettext`) stay calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.visitor import NodeTransformer

GETTEXT_NAMES = frozenset({"_", "gettext"})


class _Translate(NodeTransformer):
    def __init__(self, translate: Callable[[str], str]) -> None:
        self.translate = translate

    def visit_Call(self, call: nodes.Call) -> nodes.Node:  # noqa: N802 (Jinja's visitor naming)
        node = self.generic_visit(call)
        if not (
            isinstance(node, nodes.Call)
            and isinstance(node.node, nodes.Name)
            and node.node.name in GETTEXT_NAMES
            and len(node.args) == 1
            and isinstance(node.args[0], nodes.Const)
            and isinstance(node.args[0].value, str)
            and node.dyn_args is None
            and node.dyn_kwargs is None
        ):
            return node
        words = self.translate(node.args[0].value)
        lineno = node.lineno
        if not node.kwargs:  # new-style gettext formats even without values: "%%" is "%"
            return nodes.MarkSafeIfAutoescape(nodes.Const(words % {}), lineno=lineno)
        values = nodes.Dict(
            [nodes.Pair(nodes.Const(k.key), k.value, lineno=lineno) for k in node.kwargs],
            lineno=lineno,
        )
        text = nodes.MarkSafeIfAutoescape(nodes.Const(words), lineno=lineno)
        return nodes.Mod(text, values, lineno=lineno)


class WordsEnvironment(jinja2.Environment):
    """An environment whose templates carry one language's words (see the module's note)."""

    def __init__(self, translate: Callable[[str], str], **options: Any) -> None:
        super().__init__(**options)
        self.translate = translate

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        translated = _Translate(self.translate).visit(tree)
        assert isinstance(translated, nodes.Template)
        return translated
