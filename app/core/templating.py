"""One Jinja environment per language: autoescaping always on, strict undefined, a few globals.

Templates are compiled once (no file checks outside development). Rendering needs no
database: the caller passes everything a page shows, the clinic included.

Languages: the i18n extension is on with new-style gettext (`{{ _("Hello %(name)s",
name=n) }}`, `{% trans %}`; translations are escaped and formatted like any other value).
Each language has its own environment whose templates are compiled with the words already
translated (app.core.template_words), so a macro imported from another template speaks the
page's language too. Every page's context still carries `gettext`, `ngettext` and `lang`
for the request's language (`request.state.lang`, English when unset): the environment is
picked by `lang`, and a message built at run time (`_(name)`) is translated by the call.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from starlette.routing import Router

from app.core.config import Settings
from app.core.csrf import csrf_token
from app.core.i18n import DEFAULT, SUPPORTED, language_of, translator
from app.core.template_words import WordsEnvironment

APP_DIR = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = APP_DIR / "templates"
STATIC_DIR = APP_DIR / "static"
HTMX_FILE = "js/htmx-2.0.11.min.js"


@cache
def _file_version(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def static_url(name: str) -> str:
    """/static/NAME?v=HASH, so a changed file is fetched again and others cache for a year."""
    return f"/static/{name}?v={_file_version(STATIC_DIR / name)}"


class Assets(dict[str, str]):
    """`assets["css/app.css"]` in templates: each versioned URL worked out once."""

    def __missing__(self, name: str) -> str:
        self[name] = url = static_url(name)
        return url


class PathFor:
    """`path_for(name, **params)` in templates."""

    def __init__(self, router: Router) -> None:
        self.router = router
        self._plain: dict[tuple[str, ...], str] = {}

    def __call__(self, name: str, **params: Any) -> str:
        """Each route's path is looked up once (routing lookups cost a tenth of a page), with
        `__param__` placeholders that are filled in on every call."""
        key = (name, *sorted(params))
        if (path := self._plain.get(key)) is None:
            holders = {p: f"__{p}__" for p in params}
            path = self._plain[key] = str(self.router.url_path_for(name, **holders))
        for param, value in params.items():
            text = str(value)
            if "/" in text:
                raise ValueError(f"{param} of {name} must not contain '/'")
            path = path.replace(f"__{param}__", text)
        return path


REMEMBER_AT_MOST = 5000  # messages are the catalog's; this only bounds a mistake


def remembered_gettext(translate: Callable[[str], str]) -> Callable[..., str]:
    """New-style gettext as Jinja's i18n extension makes it (the message as Markup when the
    template autoescapes, always %-formatted), with a message that has no values worked out
    once: pages ask for the same words many times, and each call costs a Markup and a %."""
    done: dict[tuple[str, bool], str] = {}

    @jinja2.pass_context
    def gettext(context: jinja2.runtime.Context, string: str, **variables: Any) -> str:
        autoescape = bool(context.eval_ctx.autoescape)
        if not variables and (hit := done.get((string, autoescape))) is not None:
            return hit
        text: str = translate(string)
        if autoescape:
            text = Markup(text)
        text = text % variables
        if not variables and len(done) < REMEMBER_AT_MOST:
            done[(string, autoescape)] = text
        return text

    return gettext


@cache
def language_context(lang: str) -> Mapping[str, Any]:
    """`gettext` and `_` (new-style, remembered), `ngettext` (new-style, as the i18n extension
    makes it) and `lang` for a template rendered in `lang`; English for a language we do not
    have."""
    chosen = translator(lang)
    scratch = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    cast(Any, scratch).install_gettext_callables(chosen.gettext, chosen.ngettext, newstyle=True)
    gettext = remembered_gettext(chosen.gettext)
    return MappingProxyType(
        {
            "gettext": gettext,
            "_": gettext,
            "ngettext": scratch.globals["ngettext"],
            "lang": chosen.lang,
        }
    )


def install_i18n(env: jinja2.Environment) -> None:
    """Turn on the i18n extension with new-style gettext; English unless the context says
    otherwise. Loads every language's catalog now, so a missing one fails at start-up."""
    env.add_extension("jinja2.ext.i18n")
    english = translator(DEFAULT)
    cast(Any, env).install_gettext_callables(english.gettext, english.ngettext, newstyle=True)
    env.globals["lang"] = DEFAULT
    for lang in SUPPORTED:
        language_context(lang)


def request_language(request: Request) -> str:
    """The language chosen for this request (`request.state.lang`), English when unset."""
    return language_of(getattr(request.state, "lang", None)) or DEFAULT


class PageResponse(HTMLResponse):
    """A rendered page that remembers its template's name (tests assert on it)."""

    template: str = ""


class Templates:
    """The app's template environment and the one way to render a page."""

    def __init__(
        self, settings: Settings, filters: Mapping[str, Callable[..., Any]] | None = None
    ) -> None:
        loader = jinja2.FileSystemLoader(TEMPLATE_DIR)
        assets = Assets()
        self.envs: dict[str, jinja2.Environment] = {}
        for lang in SUPPORTED:
            env = self.envs[lang] = WordsEnvironment(
                translator(lang).gettext,
                translator(lang).ngettext,
                loader=loader,
                autoescape=True,
                undefined=jinja2.StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
                # Templates change only in development; elsewhere skip a file check per render.
                auto_reload=settings.env == "development",
            )
            install_i18n(env)
            env.filters.update(filters or {})
            env.globals.update(language_context(lang))
            env.globals["assets"] = assets
            env.globals["htmx_file"] = HTMX_FILE
        self.env = self.envs[DEFAULT]

    def bind(self, router: Router) -> None:
        """Give templates `path_for`, once the app's routes exist."""
        path_for = PathFor(router)
        for env in self.envs.values():
            env.globals["path_for"] = path_for

    def render_text(self, name: str, context: Mapping[str, Any], *, lang: str | None = None) -> str:
        """The template as text; in `lang` when given (else as the context says)."""
        if lang is not None:
            context = {**language_context(lang), **context}
        chosen = context.get("lang")
        env = self.envs.get(chosen, self.env) if isinstance(chosen, str) else self.env
        return env.get_template(name).render(context)

    def response(
        self,
        request: Request,
        name: str,
        context: Mapping[str, Any],
        *,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> PageResponse:
        """The page as a response; every page gets the request's CSRF token and language."""
        full = {
            "request": request,
            "csrf_token": csrf_token(request),
            **language_context(request_language(request)),
            **context,
        }
        response = PageResponse(
            self.render_text(name, full), status_code=status_code, headers=headers
        )
        response.template = name
        return response


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> PageResponse:
    """Render with the app's templates (the context must carry what the page shows)."""
    templates: Templates = request.app.state.templates
    return templates.response(
        request, name, context or {}, status_code=status_code, headers=headers
    )
