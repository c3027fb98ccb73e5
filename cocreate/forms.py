"""Pieces every feature's forms share."""
import re

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import StringField
from wtforms.validators import Length, StopValidation
from wtforms.widgets import TextInput

from .i18n import find_language, language_label, language_name, language_options


LONG_TEXT = 20_000  # characters: the most a note, a description or any other long text field takes


def max_length(limit):
    """Length(max=limit) with a message in our own catalogs (WTForms' Arabic one lacks its plural forms)."""
    return Length(max=limit, message=_l("Use at most %(max)d characters."))


def strip(value):
    """A field filter: no leading or trailing spaces (or newlines) in what is stored."""
    return value.strip() if isinstance(value, str) else value


def enum_choices(enum_class):
    """Select choices for a StrEnum whose members have a translated `label`."""
    from wtforms.fields.choices import SelectChoice

    return [SelectChoice(member.value, member.label) for member in enum_class]


# --- languages, typed by name or code -----------------------------------------

LANGUAGE_DATALIST_ID = "language-suggestions"
# Between languages in a list: commas (the Arabic one too), semicolons, new lines.
LANGUAGE_SEPARATORS = re.compile(r"[,;،\n]+")


class LanguageExamples:
    """Language names for a help text, written in the reader's language when the text is shown."""

    def __init__(self, codes):
        self.codes = codes

    def __str__(self):
        return ", ".join(language_name(code) for code in self.codes)


def language_help(*examples):
    """The help text of a list of languages, with examples of what to type: 'such as Greek, English.'"""
    return _l("Type names of languages or their codes, separated by commas, such as %(examples)s.",
              examples=LanguageExamples(examples))


def language_datalist():
    """Every language as a suggestion, once per page: fields after the first share it."""
    if has_request_context():
        if g.get("language_datalist_shown"):
            return Markup("")
        g.language_datalist_shown = True
    options = "".join(f'<option value="{escape(option)}"></option>' for option in language_options())
    return Markup(f'<datalist id="{LANGUAGE_DATALIST_ID}">{options}</datalist>')


class LanguageInput(TextInput):
    """A text input that suggests language names as one types (the browser's own search of a <datalist>).

    `static/js/languages.js` turns a list of languages into removable chips where scripts run.
    """

    def __init__(self, many):
        super().__init__()
        self.many = many

    def __call__(self, field, **kwargs):
        kwargs.setdefault("list", LANGUAGE_DATALIST_ID)
        kwargs.setdefault("autocomplete", "off")
        kwargs.setdefault("spellcheck", "false")
        kwargs.setdefault("data-languages", "many" if self.many else "one")
        return Markup(super().__call__(field, **kwargs) + language_datalist())


def read_languages(raw):
    """(codes, not understood) for what someone typed: names or codes, separated by commas.

    A piece that names no language but whose words are each a code or a one-word name ('ar fr ti', as typed before
    lists took names) counts as those languages.
    """
    codes, unknown = [], []
    for piece in LANGUAGE_SEPARATORS.split(raw or ""):
        piece = piece.strip()
        if not piece:
            continue
        code = find_language(piece)
        if code:
            codes.append(code)
            continue
        words = [find_language(word) for word in piece.split()]
        if len(words) > 1 and all(words):
            codes.extend(words)
        else:
            unknown.append(piece)
    return list(dict.fromkeys(codes)), unknown


def unknown_languages_message(unknown):
    return _l("Not a language we know: %(names)s. Choose from the suggestions, or type a code such as ar.",
              names=", ".join(f"“{name}”" for name in unknown))


class LanguageListField(StringField):
    """A list of languages, typed as names or codes ('Arabic, français, ti') and kept as a list of codes.

    It shows the languages by name in the reader's language, and suggests every language CLDR knows.
    """

    widget = LanguageInput(many=True)

    def _value(self):
        if self.raw_data:  # shown again after an error: what was typed, to correct
            return self.raw_data[0]
        return ", ".join(language_label(code) for code in self.data or [])

    def process_formdata(self, valuelist):
        self.data, self.unknown = read_languages(valuelist[0] if valuelist else "")

    def pre_validate(self, form):
        if getattr(self, "unknown", None):
            raise StopValidation(unknown_languages_message(self.unknown))


class LanguageField(StringField):
    """One language, typed as a name or a code and kept as its code ('ar'); shown by name."""

    widget = LanguageInput(many=False)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return language_label(self.data) if self.data else ""

    def process_formdata(self, valuelist):
        codes, self.unknown = read_languages(valuelist[0] if valuelist else "")
        self.several = len(codes) + len(self.unknown) > 1
        self.data = codes[0] if len(codes) == 1 and not self.unknown else None

    def pre_validate(self, form):
        if getattr(self, "several", False):
            raise StopValidation(_l("Choose one language."))
        if getattr(self, "unknown", None):
            raise StopValidation(unknown_languages_message(self.unknown))
