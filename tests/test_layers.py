"""The shape of the app: a folder is a layer, and no module imports from a layer above its own.

From the bottom: the pure engine and calculators (flows, rules), then core (config, database,
crypto, templating), models (tables), services (work on the database), present (words and
figures for a person), documents (what prints), and at the top the web routers, the command
line and main. The three web areas keep their own dependencies and share only app.web.deps.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
RANK = {
    "flows": 0,
    "rules": 0,
    "answers": 0,
    "core": 1,
    "models": 2,
    "services": 3,
    "present": 4,
    "documents": 5,
    "web": 6,
    "cli": 6,
    "main": 6,
    "__main__": 7,
}
WEB_AREAS = ("patient", "staff", "api")


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(APP.rglob("*.py")):
        parts = path.relative_to(APP).with_suffix("").parts
        yield ".".join(("app", *parts)).removesuffix(".__init__"), path


def imports(path: Path) -> Iterator[str]:
    """Every app module a file imports, at the top or inside a function."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("app"):
            yield node.module
            for alias in node.names:  # `from app.core import htmx` imports app.core.htmx
                yield f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("app"))


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "main"


def test_every_module_belongs_to_a_layer() -> None:
    assert {layer(name) for name, _ in modules()} - {"__init__"} <= set(RANK)


def test_no_module_imports_from_a_higher_layer() -> None:
    wrong = []
    for name, path in modules():
        own = RANK.get(layer(name), 0)
        for target in imports(path):
            if layer(target) in RANK and RANK[layer(target)] > own:
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_web_areas_do_not_import_each_other() -> None:
    for name, path in modules():
        parts = name.split(".")
        if parts[:2] != ["app", "web"] or len(parts) < 3 or parts[2] not in WEB_AREAS:
            continue
        for target in imports(path):
            other = target.split(".")
            if other[:2] == ["app", "web"] and len(other) > 2 and other[2] in WEB_AREAS:
                assert other[2] == parts[2], f"{name} imports {target}"


def test_the_layer_test_sees_an_upward_import(tmp_path: Path) -> None:
    """The rule is checked from real imports: an upward one is found."""
    probe = tmp_path / "probe.py"
    probe.write_text("from app.web.patient import wizard\nfrom app.core import htmx\n")
    found = set(imports(probe))
    assert "app.web.patient.wizard" in found and "app.core.htmx" in found
    assert RANK[layer("app.web.patient.wizard")] > RANK[layer("app.services.cases")]
