from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Optional

from ..forms import LONG_TEXT, max_length, strip


class CodeForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), max_length(120)])
    parent = SelectField(_l("Under"), coerce=int, validators=[Optional()])
    definition = TextAreaField(_l("Definition"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    examples = TextAreaField(_l("Examples"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    submit = SubmitField(_l("Save"))


class DeleteCodeForm(FlaskForm):
    submit = SubmitField(_l("Delete the code"))


class MergeCodeForm(FlaskForm):
    into = SelectField(_l("Merge into"), coerce=int, validators=[DataRequired()],
                       description=_l("The code that stays. Its name is kept."))
    append_definition = BooleanField(_l("Add this code's definition to the kept code's"))
    append_examples = BooleanField(_l("Add this code's examples to the kept code's"))
    submit = SubmitField(_l("Merge the codes"))


class CodingForm(FlaskForm):
    code = SelectField(_l("Codebook code"), coerce=int, validators=[DataRequired()])
    excerpt = TextAreaField(_l("Highlighted excerpt"), description=_l("Optional: copy the words the code is about."),
                            filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    submit = SubmitField(_l("Apply code"))


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Words to find"), filters=[strip], validators=[Optional(), max_length(200)])
    site = SelectField(_l("Pilot site"), coerce=int, validators=[Optional()])
    code = SelectField(_l("Codebook code"), coerce=int, validators=[Optional()])


def search_form_class(search_filters):
    """SearchForm with one more select for each filter that features registered (`registry.SEARCH_FILTERS`)."""
    fields = {f.name: SelectField(f.label, validators=[Optional()]) for f in search_filters}
    return type("FilteredSearchForm", (SearchForm,), fields)
