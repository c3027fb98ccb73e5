"""Every text a form takes has a length limit, so that nobody stores a megabyte in a note or a description."""
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

from cocreate.forms import LONG_TEXT

# Fields whose values are checked otherwise than by length: a fixed list of codes, or never shown.
CHECKED_OTHERWISE = {"HiddenField", "LanguageField", "LanguageListField", "PasswordField", "EmailField"}


def form_classes(base=FlaskForm):
    for form in base.__subclasses__():
        if form.__module__.startswith("cocreate."):
            yield form
        yield from form_classes(form)


def unbounded_text_fields():
    for form in set(form_classes()):
        for name in dir(form):
            field = getattr(form, name)
            kind = getattr(field, "field_class", None)
            if kind is None or not issubclass(kind, StringField) or kind.__name__ in CHECKED_OTHERWISE:
                continue
            limits = [v.max for v in field.kwargs.get("validators") or () if isinstance(v, Length) and v.max >= 0]
            if not limits or min(limits) > LONG_TEXT:
                yield f"{form.__module__}.{form.__name__}.{name}"


def test_every_text_field_of_every_form_has_a_limit(app):
    assert list(form_classes()), "no forms found: are the features imported?"
    assert sorted(unbounded_text_fields()) == []

