"""Thai first, English on request: the language of every page and message.

Message ids are English; the Thai catalogue in ``lawreg/translations/th/LC_MESSAGES/`` holds
the Thai text.  Thai (``th``) is the default locale; a visitor who follows the language
switch (``?lang=en``) keeps English for the rest of the session.

The catalogues are read as ``.po`` source and compiled in memory when the application
starts, so a clean clone works after ``pip install -e .`` with no compiled ``.mo`` files in
the repository and no build step.  Every ``*.po`` file in a locale's ``LC_MESSAGES`` folder is
merged, so each area of the application can keep its own catalogue file
(``messages.po`` for the public pages, ``officer.po``, ...) without edit conflicts.
A broken catalogue (a syntax error, or a translation whose ``%(name)s`` placeholders differ
from the English) stops the application at start-up with the file and line, rather than
failing later on the one page that uses the message.

Use ``_()`` / ``ngettext()`` in templates, and :func:`gettext` / :func:`lazy_gettext`
(re-exported here from Flask-Babel) in Python.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlencode

from babel.core import Locale
from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel, Domain, get_locale, gettext, lazy_gettext, ngettext

from .errors import MESSAGES, LawregError
from .thai.years import be_to_ce, ce_to_be

TRANSLATIONS_DIR = Path(__file__).parent / "translations"
SESSION_KEY = "lang"
LANGUAGE_NAMES = {"th": "ไทย", "en": "English"}

__all__ = [
    "CatalogueError",
    "current_language",
    "error_message",
    "format_date",
    "format_year_be",
    "gettext",
    "init_i18n",
    "lazy_gettext",
    "ngettext",
]


class CatalogueError(RuntimeError):
    """A translation catalogue that cannot be read; the message names the file and line."""


def load_catalogue(folder: Path, locale: str) -> Translations:
    """Compile and merge every ``.po`` file of ``locale`` under ``folder`` into one catalogue.

    Fuzzy entries are left out, as ``msgfmt`` does, so an unreviewed guess never shows.
    """
    merged = Translations(domain="messages")
    for path in sorted((folder / locale / "LC_MESSAGES").glob("*.po")):
        try:
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=locale, abort_invalid=True)
        except (PoFileError, ValueError) as error:
            raise CatalogueError(f"{path}: {error}") from error
        for message, errors in catalog.check():
            raise CatalogueError(f"{path}:{message.lineno}: {message.id!r}: {errors[0]}")
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        compiled = Translations(fp=buffer, domain="messages")
        merged.merge(compiled)
        # merge() copies the messages only; the plural rule comes from the catalogue header.
        merged.plural = compiled.plural
    return merged


class CatalogueDomain(Domain):
    """Flask-Babel's message domain, served from catalogues compiled at start-up."""

    def __init__(self, catalogues: dict[str, Translations]) -> None:
        super().__init__()
        self.catalogues = catalogues

    def get_translations(self) -> Translations | NullTranslations:
        locale = get_locale()
        if locale is None:
            return NullTranslations()
        return self.catalogues.get(str(locale)) or NullTranslations()


class CatalogueBabel(Babel):
    """Flask-Babel wired to a :class:`CatalogueDomain` instead of ``.mo`` files on disk."""

    def __init__(self, app: Flask, catalogues: dict[str, Translations]) -> None:
        self.catalogue_domain = CatalogueDomain(catalogues)
        super().__init__(app, locale_selector=select_locale)

    @property
    def domain_instance(self) -> Domain:
        return self.catalogue_domain


def select_locale() -> str:
    """The language asked for in the URL, else the one kept in the session, else Thai."""
    languages = current_app.config["LANGUAGES"]
    if has_request_context():
        wanted = request.args.get(SESSION_KEY)
        if wanted is not None and wanted in languages:
            return wanted
        stored = session.get(SESSION_KEY)
        if isinstance(stored, str) and stored in languages:
            return stored
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def remember_language() -> None:
    """Keep a language chosen with ``?lang=`` for the following pages of the session."""
    wanted = request.args.get(SESSION_KEY)
    if wanted in current_app.config["LANGUAGES"] and session.get(SESSION_KEY) != wanted:
        session[SESSION_KEY] = wanted


def current_language() -> str:
    """The language code of the current request ("th" or "en")."""
    locale = get_locale()
    return locale.language if locale is not None else current_app.config["BABEL_DEFAULT_LOCALE"]


def url_in_language(language: str) -> str:
    """The current page's URL (path and query) with the language switched to ``language``."""
    args = [(name, value) for name, value in request.args.items(multi=True) if name != SESSION_KEY]
    args.append((SESSION_KEY, language))
    return f"{request.script_root}{quote(request.path)}?{urlencode(args)}"


def format_date(value: date | None) -> str:
    """A date for readers: "1 มิถุนายน พ.ศ. 2560" in Thai, "1 June 2017" in English."""
    if value is None:
        return ""
    language = current_language()
    if language == "th":
        day_month = babel_format_date(value, "d MMMM", locale=Locale("th"))
        return f"{day_month} พ.ศ. {ce_to_be(value.year)}"
    return babel_format_date(value, "d MMMM y", locale=Locale.parse(language))


def format_year_be(year_be: int | None) -> str:
    """A Buddhist-Era year with the Common-Era year in brackets: "พ.ศ. 2560 (2017)"."""
    if year_be is None:
        return ""
    return gettext("B.E. %(be)s (%(ce)s)", be=year_be, ce=be_to_ce(year_be))


def error_message(error: Exception) -> str:
    """A service error in the reader's language: its code's text from the catalogue, with
    its parameters (``law.not_in_agency`` -> "price-act ไม่ใช่กฎหมายของหน่วยงานของท่าน")."""
    if isinstance(error, LawregError) and error.code in MESSAGES:
        return gettext(MESSAGES[error.code], **error.params)
    return str(error)


def init_i18n(app: Flask) -> None:
    """Compile the catalogues, install Flask-Babel and the template helpers on ``app``."""
    catalogues = {
        language: load_catalogue(TRANSLATIONS_DIR, language)
        for language in app.config["LANGUAGES"]
        if language != "en"
    }
    CatalogueBabel(app, catalogues)
    app.before_request(remember_language)
    app.jinja_env.filters["long_date"] = format_date
    app.jinja_env.filters["year_be"] = format_year_be
    app.jinja_env.filters["error_message"] = error_message
    app.jinja_env.globals.update(
        current_language=current_language,
        url_in_language=url_in_language,
        language_names=LANGUAGE_NAMES,
    )
