"""Templates with their words translated when they are compiled, one environment a language.

A page asks for thirty to ninety messages (`{{ _("Continue") }}`, `{% trans %}`); at run
time each one is a context lookup, a call through Jinja's runtime and a catalog lookup. The
words of a message never change while the app runs, so `WordsEnvironment` puts each one in
the compiled template as text, already translated: `_("Back")` compiles to the constant
"Atrás" in the Spanish environment. A message with values (`_("from %(clinic)s",
clinic=name)`) compiles to the translated text formatted with them, escaped as new-style
gettext would (`Markup(text) % values`). A plural message with a fixed count (`ngettext(
"%(num)d answer", "%(num)d answers", 2)`) is put in too; one counted at run time stays a call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.visitor import NodeTransformer

GETTEXT_NAMES = frozenset({"_", "gettext"})


Plural = Callable[[str, str, int], str]


def _fixed_plural(node: nodes.Call, plural: Plural) -> nodes.Node | None:
    """`ngettext("one", "many", 2)` with no values: its words, as new-style ngettext gives them."""
    if not (
        isinstance(node.node, nodes.Name)
        and node.node.name == "ngettext"
        and len(node.args) == 3
        and all(isinstance(a, nodes.Const) for a in node.args)
        and not node.kwargs
        and node.dyn_args is None
        and node.dyn_kwargs is None
    ):
        return None
    one, many, count = (a.value for a in node.args)  # type: ignore[attr-defined]
    if not (isinstance(one, str) and isinstance(many, str) and type(count) is int):
        return None
    words = plural(one, many, count) % {"num": count}
    return nodes.MarkSafeIfAutoescape(nodes.Const(words), lineno=node.lineno)


class _Translate(NodeTransformer):
    def __init__(self, translate: Callable[[str], str], plural: Plural) -> None:
        self.translate = translate
        self.plural = plural

    def visit_Call(self, call: nodes.Call) -> nodes.Node:  # noqa: N802 (Jinja's visitor naming)
        node = self.generic_visit(call)
        if isinstance(node, nodes.Call) and (fixed := _fixed_plural(node, self.plural)):
            return fixed
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

    def __init__(
        self, translate: Callable[[str], str], plural: Plural | None = None, **options: Any
    ) -> None:
        super().__init__(**options)
        self.translate = translate
        self.plural = plural or (lambda one, many, n: one if n == 1 else many)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        translated = _Translate(self.translate, self.plural).visit(tree)
        assert isinstance(translated, nodes.Template)
        return translated
