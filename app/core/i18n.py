"""Languages: which one a request gets, and each one's gettext catalog.

Catalogs are `app/translations/<lang>/LC_MESSAGES/messages.mo`, compiled from the `.po`
files by `make translations` (README: Translations) and committed, so a fresh clone and the
Docker image have them. They are read once, the first time a translator is asked for (at
start-up, when the templates are built); a missing one stops the app instead of showing
English by surprise.

`translator(lang)` gives Python code a language's `gettext`/`ngettext`; messages are marked
for extraction with `N_()` where they are defined and translated where they are shown.
Templates get the same functions in every page's context (app.core.templating).
"""

from __future__ import annotations

import gettext as gettext_module
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.support import Translations

from app.flows.engine import Flow
from app.flows.loader import load_translated

DEFAULT = "en"
SUPPORTED: tuple[str, ...] = ("en", "es")  # English is the source language: no catalog
NAMES: dict[str, str] = {"en": "English", "es": "Español"}  # each in its own language
TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "translations"
DOMAIN = "messages"
QUERY = "lang"  # `?lang=es` on any patient URL

_TAG = re.compile(r"^\s*([A-Za-z]{1,8})(?:[-_][A-Za-z0-9]{1,8})*\s*$")
_QUALITY = re.compile(r"^\s*[qQ]\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*$")
MAX_HEADER = 500  # characters of Accept-Language read
MAX_TAGS = 20


def N_(message: str) -> str:
    """Mark a message for extraction where it is defined; translate it where it is shown."""
    return message


class CatalogMissing(RuntimeError):
    """A language's compiled catalog is not there: run `make translations`."""


def catalog_path(lang: str, directory: Path = TRANSLATIONS_DIR) -> Path:
    return directory / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


@cache
def catalogs(directory: Path = TRANSLATIONS_DIR) -> Mapping[str, gettext_module.NullTranslations]:
    """Every supported language's catalog, read once (English passes messages through)."""
    found: dict[str, gettext_module.NullTranslations] = {DEFAULT: gettext_module.NullTranslations()}
    for lang in SUPPORTED:
        if lang == DEFAULT:
            continue
        path = catalog_path(lang, directory)
        if not path.exists():
            raise CatalogMissing(f"{path} is missing; run `make translations`")
        with path.open("rb") as file:
            found[lang] = Translations(file, domain=DOMAIN)
    return found


@dataclass(frozen=True)
class Translator:
    """One language's message functions (`gettext`, `ngettext`), as gettext defines them."""

    lang: str
    catalog: gettext_module.NullTranslations

    def gettext(self, message: str) -> str:
        return self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalog.ngettext(singular, plural, n)


@cache
def translator(lang: str) -> Translator:
    """The translator for `lang`; English for a language we do not have."""
    chosen = language_of(lang) or DEFAULT
    return Translator(chosen, catalogs()[chosen])


def language_of(value: str | None) -> str | None:
    """A supported language from a code such as "es", "ES", "es-MX" or "es_US"; else None."""
    match = _TAG.match(value or "")
    if match is None:
        return None
    lang = match.group(1).lower()
    return lang if lang in SUPPORTED else None


def from_accept_language(header: str | None) -> str | None:
    """The supported language the browser ranks highest (RFC 9110 quality values), or None."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((header or "")[:MAX_HEADER].split(",")[:MAX_TAGS]):
        tag, *params = part.split(";")
        quality = 1.0
        for param in params:
            if param.strip()[:1] in ("q", "Q"):
                match = _QUALITY.match(param)
                quality = float(match.group(1)) if match else 0.0  # a bad q: not wanted
        lang = language_of(tag)
        if lang is not None and quality > 0:
            ranked.append((-quality, index, lang))
    return min(ranked)[2] if ranked else None


def pick_language(
    query: str | None = None,
    case: str | None = None,
    invite: str | None = None,
    accept_language: str | None = None,
) -> str:
    """The language of a patient page: `?lang=` when it names one we have, else the case's
    choice, else the invite's language, else the browser's Accept-Language, else English."""
    for choice in (query, case, invite):
        lang = language_of(choice)
        if lang is not None:
            return lang
    return from_accept_language(accept_language) or DEFAULT


def other_language(lang: str) -> str:
    """The language the switch on a page offers: the one the page is not in."""
    return next((other for other in SUPPORTED if other != lang), DEFAULT)


def language_flows(
    path: Path | str, flow: Flow, *, allow_missing: bool = False
) -> Mapping[str, Flow]:
    """The flow in each language that has a translation file beside `path` (checked: a broken
    one raises FlowFileError with path:line:col, so the app does not start). The English
    flow is `flow` itself; every language walks the same step ids, only the texts differ."""
    flows: dict[str, Flow] = {DEFAULT: flow}
    for lang in SUPPORTED:
        if lang != DEFAULT:
            translated = load_translated(path, flow, lang, allow_missing=allow_missing)
            if translated is not None:
                flows[lang] = translated.flow
    return flows
