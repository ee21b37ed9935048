"""The gettext catalogs are complete and current: what the code marks is in the template
(`make messages`), every language's .po has it translated, and the committed .mo files are
compiled from the .po files as they are (`make translations`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from spanish_readability import assert_plain_spanish

from app.core import i18n
from app.core.i18n import N_, CatalogMissing, catalog_path, catalogs, translator

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "app" / "translations"
POT = LOCALES / "messages.pot"
LANGS = [lang for lang in i18n.SUPPORTED if lang != i18n.DEFAULT]


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / "messages.po"


def read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=lang)


def pairs(catalog: Catalog) -> dict[object, object]:
    """Each message and its translation; a plural's forms as a tuple (a .mo reads lists)."""

    def plain(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    return {plain(m.id): plain(m.string) for m in catalog if m.id}


def ids(catalog: Catalog) -> set[object]:
    return {message.id for message in catalog if message.id}


def extracted() -> set[object]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    found: set[object] = set()
    keywords = {**DEFAULT_KEYWORDS, "Say": None}  # as `make messages` (-k Say)
    for _, _, message, *_ in extract_from_dir(ROOT, method_map, options_map, keywords):
        found.add(message)
    return found


def test_template_holds_every_marked_message() -> None:
    assert ids(read(POT)) == extracted(), "run `make messages`, then `make translations`"


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_every_message_translated(lang: str) -> None:
    catalog = read(po_path(lang), lang)
    assert ids(catalog) == ids(read(POT)), "run `make translations`"
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == [], "translate these, then `make translations`"
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert problems == []  # e.g. a %(name)s placeholder missing or renamed


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalog_is_the_po_file_as_it_is(lang: str) -> None:
    with catalog_path(lang).open("rb") as file:
        compiled = read_mo(file)
    source = read(po_path(lang), lang)
    assert pairs(compiled) == pairs(source), "run `make translations`"


def test_spanish_messages_are_plain() -> None:
    texts = [(str(m.id), str(m.string)) for m in read(po_path("es"), "es") if m.id]
    assert_plain_spanish(texts)


def test_translator_gives_python_code_each_language() -> None:
    spanish = translator("es")
    assert spanish.gettext(N_("Yes")) == "Sí"
    assert spanish.gettext("%(low)s to %(high)s") % {"low": "$1", "high": "$2"} == "$1 a $2"
    assert spanish.gettext("Not in any catalog") == "Not in any catalog"
    assert spanish.ngettext("%(n)s visit", "%(n)s visits", 1) == "%(n)s visit"
    assert translator("en").gettext("Yes") == "Yes"
    assert translator("es-MX").lang == "es"
    assert translator("fr").lang == "en"
    assert translator("es") is spanish  # made once
    assert catalogs() is catalogs()  # read once


def test_a_missing_compiled_catalog_stops_the_app(tmp_path: Path) -> None:
    with pytest.raises(CatalogMissing, match="run `make translations`"):
        catalogs(tmp_path)
