"""Languages of the interface: which one a request gets, and the message catalogs.

Every feature package that has words of its own keeps its own catalog in
`<package>/translations/`, so two features never edit the same file; Flask-Babel
merges them (`BABEL_TRANSLATION_DIRECTORIES`).  `flask translations update`
re-extracts them and `flask translations compile` builds the `.mo` files.
"""
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from flask import has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

# Code -> the language's own name for itself (never translated: people look for their own).
LANGUAGES = {
    "en": "English",
    "es": "Español",
    "it": "Italiano",
    "el": "Ελληνικά",
    "fr": "Français",
    "ar": "العربية",
}
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
TRANSLATED_LANGUAGES = [code for code in LANGUAGES if code != DEFAULT_LANGUAGE]

PACKAGE_ROOT = Path(__file__).resolve().parent
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None,
            "ngettext": (1, 2), "_n": (1, 2), "lazy_ngettext": (1, 2)}
METHOD_MAP = [("**.py", "python"), ("**/templates/**.html", "jinja2"), ("**/templates/**.txt", "jinja2")]
OPTIONS_MAP = {"**/templates/**.html": {"trimmed": "true"}, "**/templates/**.txt": {"trimmed": "true"}}


def remember_requested_language():
    """`?lang=xx` on any page switches the language for the rest of the visit."""
    requested = request.args.get("lang")
    if requested in LANGUAGES:
        session["lang"] = requested


def select_locale():
    """The request's language: the one asked for, then the user's own, then the browser's."""
    if not has_request_context():  # commands and background work speak the default language
        return DEFAULT_LANGUAGE
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    return request.accept_languages.best_match(LANGUAGES.keys()) or DEFAULT_LANGUAGE


def text_direction(locale=None):
    language = str(locale or get_locale() or DEFAULT_LANGUAGE).split("_")[0]
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def current_language():
    """The request's interface language as a bare code ('ar', not a Locale)."""
    locale = get_locale()
    return locale.language if locale else DEFAULT_LANGUAGE


def inject_locale():
    """Flask-Babel 4 does not put the locale into templates; this context processor does."""
    language = current_language()
    return {
        "current_language": language,
        "text_direction": text_direction(language),
        "languages": LANGUAGES,
        "url_for_language": url_for_language,
        "language_name": language_name,
        "country_name": country_name,
        "list_of": list_of,
    }


# --- message catalogs -------------------------------------------------------

def catalog_dirs(root=PACKAGE_ROOT):
    """Every `translations/` folder under `root`, outermost first."""
    return sorted((p for p in root.rglob("translations") if p.is_dir()), key=lambda p: len(p.parts))


def translation_directories(root=PACKAGE_ROOT):
    """The value for BABEL_TRANSLATION_DIRECTORIES: every catalog, relative to the package."""
    return ";".join(str(p.relative_to(root)) for p in catalog_dirs(root))


def extract_messages(catalog_dir):
    """The messages used in the package that owns `catalog_dir`, minus sub-packages with catalogs of their own."""
    package = catalog_dir.parent
    owned_elsewhere = [d.parent for d in catalog_dirs() if package in d.parent.parents]

    def directory_filter(dirpath):
        path = Path(dirpath).resolve()
        if path.name.startswith((".", "_")) or path.name in {"translations", "static"}:
            return False
        return not any(path == other or other in path.parents for other in owned_elsewhere)

    template = Catalog(project="CoCreate", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            package, METHOD_MAP, OPTIONS_MAP, keywords=KEYWORDS,
            comment_tags=("NOTE:",), strip_comment_tags=True, directory_filter=directory_filter):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def read_catalog(path, locale):
    with open(path, "rb") as f:
        return read_po(f, locale=locale)


def update_catalogs(catalog_dir):
    """Write `messages.pot` and merge it into every language's `messages.po` (new entries empty)."""
    template = extract_messages(catalog_dir)
    with open(catalog_dir / "messages.pot", "wb") as f:
        write_po(f, template, omit_header=False, sort_output=True, width=100)
    for language in TRANSLATED_LANGUAGES:
        po_path = catalog_dir / language / "LC_MESSAGES" / "messages.po"
        po_path.parent.mkdir(parents=True, exist_ok=True)
        if po_path.exists():
            catalog = read_catalog(po_path, language)
        else:
            catalog = Catalog(locale=language, project="CoCreate", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        with open(po_path, "wb") as f:
            write_po(f, catalog, omit_header=False, sort_output=True, width=100, ignore_obsolete=True)


def compile_catalogs(catalog_dir):
    for po_path in catalog_dir.glob("*/LC_MESSAGES/messages.po"):
        catalog = read_catalog(po_path, po_path.parent.parent.name)
        with open(po_path.with_suffix(".mo"), "wb") as f:
            write_mo(f, catalog)


def missing_translations(catalog_dir):
    """{language: [msgid, ...]} for every message used in code that a catalog does not translate."""
    used = extract_messages(catalog_dir)
    missing = {}
    for language in TRANSLATED_LANGUAGES:
        po_path = catalog_dir / language / "LC_MESSAGES" / "messages.po"
        catalog = read_catalog(po_path, language) if po_path.exists() else Catalog(locale=language)
        gaps = []
        for message in used:
            if not message.id:
                continue
            translated = catalog.get(message.id, message.context)
            strings = translated.string if translated is not None else None
            if isinstance(strings, tuple | list):
                empty = not all(strings)
            else:
                empty = not strings
            if translated is None or empty or translated.fuzzy:
                gaps.append(message.id if isinstance(message.id, str) else message.id[0])
        if gaps:
            missing[language] = gaps
    return missing


# --- names of languages and countries, in the reader's language ------------

def language_name(code):
    """'ar' -> 'Arabic' for an English reader, 'árabe' for a Spanish one; the code itself if unknown."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(get_locale() or DEFAULT_LANGUAGE)
    except (ValueError, UnknownLocaleError):
        return code
    return name or code


def country_name(code):
    locale = get_locale()
    return (locale.territories.get(code) if locale else None) or code


# Two-letter CLDR territories that are not countries: unions, pseudo-locales, "unknown region".
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


def country_choices():
    """(code, name) for every country, sorted by name in the reader's language."""
    locale = get_locale()
    names = {code: name for code, name in locale.territories.items()
             if code.isalpha() and len(code) == 2 and code not in NOT_COUNTRIES}
    return sorted(names.items(), key=lambda item: item[1].casefold())


def list_of(items):
    """A list in the reader's language: 'Arabic, French and Wolof', 'العربية والفرنسية والولوفية'."""
    from babel.lists import format_list

    items = [str(item) for item in items]
    return format_list(items, locale=get_locale() or DEFAULT_LANGUAGE) if items else ""


def is_language_code(code):
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return False
    return True


def url_for_language(code):
    """This page's address in another language (query string kept)."""
    from urllib.parse import urlencode

    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    args.append(("lang", code))
    return f"{request.path}?{urlencode(args)}"
