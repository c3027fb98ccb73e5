"""Pieces every feature's forms share."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Length, ValidationError

from .i18n import is_language_code


def max_length(limit):
    """Length(max=limit) with a message in our own catalogs (WTForms' Arabic one lacks its plural forms)."""
    return Length(max=limit, message=_l("Use at most %(max)d characters."))


def strip(value):
    """A field filter: no leading or trailing spaces (or newlines) in what is stored."""
    return value.strip() if isinstance(value, str) else value


class LanguageListField(StringField):
    """A comma-separated list of language codes ('ar, fr, wo'), kept as a list."""

    def _value(self):
        return ", ".join(self.data or [])

    def process_formdata(self, valuelist):
        raw = valuelist[0] if valuelist else ""
        self.data = [code.strip().lower() for code in re.split(r"[,\s;،]+", raw) if code.strip()]

    def pre_validate(self, form):
        unknown = [code for code in self.data or [] if not is_language_code(code)]
        if unknown:
            raise ValidationError(_l("Not a known language code: %(codes)s. Use ISO codes such as ar, fr, ti.",
                                     codes=", ".join(unknown)))
