"""Languages of the interface: which one a request gets, and the message catalogs.

Every feature package that has words of its own keeps its own catalog in
`<package>/translations/`, so two features never edit the same file; Flask-Babel
merges them (`BABEL_TRANSLATION_DIRECTORIES`).  `flask translations update`
re-extracts them and `flask translations compile` builds the `.mo` files.
"""
import re
import unicodedata
from functools import lru_cache
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


# The handbook library keeps its own catalog beside the app's (it reads it with Babel alone, without Flask).
LIBRARY_CATALOGS = (PACKAGE_ROOT.parent / "handbook" / "translations",)


def every_catalog_dir():
    """The app's catalogs and those of the libraries beside it: what `flask translations` keeps."""
    return catalog_dirs() + [path for path in LIBRARY_CATALOGS if path.parent.is_dir()]


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
    catalog_dir.mkdir(exist_ok=True)
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

    reader = get_locale() or DEFAULT_LANGUAGE
    if code in LANGUAGES_UNDER_REGIONAL_CODES:
        return _names_in(str(reader)).get(code) or code
    try:
        name = Locale.parse(code).get_display_name(reader)
    except (ValueError, UnknownLocaleError, TypeError):
        name = _names_in(str(reader)).get(code)
    return name or code


def own_language_name(code):
    """A language's name for itself ('ትግርኛ' for ti), or None when CLDR has no words in that language."""
    from babel import Locale, UnknownLocaleError

    locale_code = LANGUAGES_UNDER_REGIONAL_CODES.get(code, code)
    try:
        locale = Locale.parse(locale_code)
    except (ValueError, UnknownLocaleError, TypeError):
        return None
    return locale.languages.get(locale_code) or locale.get_display_name(locale) or None


# Languages migrants speak that CLDR names only under a regional code: ISO 639-3 code -> CLDR locale.
LANGUAGES_UNDER_REGIONAL_CODES = {"prs": "fa_AF"}  # Dari
# Names people use that CLDR does not give (it keeps one name a language).
OTHER_ENGLISH_NAMES = {"bengali": "bn", "farsi": "fa", "sorani": "ckb", "kurmanji": "ku", "fulani": "ff",
                       "pulaar": "ff"}
# CLDR codes that name no language: unknown, no linguistic content, not coded.
NOT_LANGUAGES = {"und", "zxx", "mis"}


@lru_cache
def language_codes():
    """Every language CLDR names (ISO 639-1 and 639-3 codes, no regional variants), plus a few it names by region."""
    from babel import Locale

    codes = {code for code in Locale("en").languages
             if code.isalpha() and code.islower() and len(code) in (2, 3) and code not in NOT_LANGUAGES}
    return tuple(sorted(codes | set(LANGUAGES_UNDER_REGIONAL_CODES)))


@lru_cache
def _names_in(reader):
    """{code: name} of every language in `language_codes()`, in the reader's language (English where it has none)."""
    from babel import Locale

    names = {}
    for language in dict.fromkeys([reader.split("_")[0], DEFAULT_LANGUAGE]):
        known = Locale.parse(language).languages
        for code in language_codes():
            name = known.get(LANGUAGES_UNDER_REGIONAL_CODES.get(code, code))
            if name and code not in names:
                names[code] = name
    return names


def fold(text):
    """What two spellings of a name share: no case, no accents or Arabic vowel marks, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u0640", ""))  # the tatweel stretches a word, no more
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


@lru_cache
def _language_index(reader):
    """{folded code or name: code}: codes first, then names in the reader's language, English, own names, and the
    other interface languages' names, so that where two languages share a spelling the reader's meaning wins."""
    index = {}
    for code in language_codes():
        index.setdefault(code, code)
    for language in dict.fromkeys([reader, DEFAULT_LANGUAGE]):
        for code, name in _names_in(language).items():
            index.setdefault(fold(name), code)
    for name, code in OTHER_ENGLISH_NAMES.items():
        index.setdefault(name, code)
    for code in language_codes():
        own = own_language_name(code)
        if own:
            index.setdefault(fold(own), code)
    for language in LANGUAGES:
        for code, name in _names_in(language).items():
            index.setdefault(fold(name), code)
    return index


TRAILING_CODE = re.compile(r"\(\s*([A-Za-z]{2,3})\s*\)\s*$")


def find_language(text):
    """The code of the language `text` names: a code, or its name in the reader's language, in English or in
    itself, in any case and with or without accents; also a suggestion as offered ('Arabic — العربية (ar)').
    None when it names no language we know."""
    text = text.strip()
    if not text:
        return None
    index = _language_index(current_language())
    folded = fold(text)
    if folded in index:
        return index[folded]
    suggested = TRAILING_CODE.search(text)
    if suggested and suggested.group(1).lower() in index:
        return suggested.group(1).lower()
    head = text.split("—")[0]
    if head != text and fold(head) in index:
        return index[fold(head)]
    if is_language_code(text.lower()):  # a code with a region, such as pt_br
        return text.lower()
    return None


def language_label(code):
    """How a form writes a stored code: its name, with the code only when the name alone would read back as
    another language."""
    name = language_name(code)
    return name if find_language(name) == code else f"{name} ({code})"


@lru_cache
def _language_options(reader):
    names = _names_in(reader)
    options = []
    for code in language_codes():
        name = names.get(code, code)
        own = own_language_name(code)
        shown = f"{name} — {own} ({code})" if own and fold(own) != fold(name) else f"{name} ({code})"
        options.append((fold(name), shown))
    return tuple(shown for _, shown in sorted(options))


def language_options():
    """The suggestions a language field offers, sorted by name in the reader's language:
    'Arabic — العربية (ar)', 'Tigrinya — ትግርኛ (ti)'."""
    return _language_options(current_language())


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

    if code in LANGUAGES_UNDER_REGIONAL_CODES:
        return True
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
