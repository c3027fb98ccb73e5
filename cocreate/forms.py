"""Pieces every feature's forms share."""
from flask_babel import lazy_gettext as _l
from wtforms.validators import Length


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
