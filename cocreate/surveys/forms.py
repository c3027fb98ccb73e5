import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateTimeLocalField, FloatField, RadioField, SelectField, StringField, SubmitField,
                     TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional, ValidationError

from ..forms import LanguageListField, max_length, strip
from ..i18n import is_language_code
from . import logic
from .kinds import kind_choices
from .models import SurveyMode

KEY_HELP = _l("Letters, digits and _ only, starting with a letter: the column name in exports and XLSForm.")
CONDITION_HELP = _l("Leave empty to always show. Examples: ${work} = 'yes' · ${age} >= 18 · "
                    "selected(${needs}, 'health') or ${site} != '' — only answers given before can be used.")


class SurveyForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), max_length(200)])
    description = TextAreaField(_l("Introduction for participants"), filters=[strip],
                                validators=[Optional(), max_length(5000)])
    source_language = StringField(_l("Source language"), default="en",
                                  description=_l("The language the survey is written in, such as en."),
                                  filters=[strip], validators=[DataRequired(), max_length(10)])
    languages = LanguageListField(_l("Other languages"),
                                  description=_l("Language codes separated by commas, such as ar, fr, ti."))
    site_id = SelectField(_l("Pilot site"), coerce=int, validators=[Optional()])
    workshop_id = SelectField(_l("Workshop"), coerce=int, validators=[Optional()])
    mode = RadioField(_l("Participants"), choices=[SelectChoice(m.value, m.label) for m in SurveyMode],
                      default=SurveyMode.ANONYMOUS.value)
    opens_at = DateTimeLocalField(_l("Opens (UTC)"), validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Closes (UTC)"), validators=[Optional()])
    submit = SubmitField(_l("Save"))

    def validate_source_language(self, field):
        field.data = field.data.strip().lower()
        if not is_language_code(field.data):
            raise ValidationError(_l("Not a known language code. Use ISO codes such as en, ar, ti."))


class SectionForm(FlaskForm):
    key = StringField(_l("Key"), description=KEY_HELP, filters=[strip], validators=[DataRequired(), max_length(64)])
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), max_length(300)])
    condition = StringField(_l("Show only when"), description=CONDITION_HELP, filters=[strip],
                            validators=[Optional(), max_length(logic.MAX_LENGTH)])
    submit = SubmitField(_l("Save"))

    def validate_condition(self, field):
        _parse(field)


class QuestionForm(FlaskForm):
    kind = SelectField(_l("Type"), choices=kind_choices)
    key = StringField(_l("Key"), description=KEY_HELP, filters=[strip], validators=[DataRequired(), max_length(64)])
    label = TextAreaField(_l("Question"), filters=[strip], validators=[DataRequired(), max_length(2000)])
    help = TextAreaField(_l("Help text"), filters=[strip], validators=[Optional(), max_length(2000)])
    required = BooleanField(_l("An answer is required"))
    choices = TextAreaField(_l("Choices"), filters=[strip], validators=[Optional(), max_length(20000)],
                            description=_l("For single and multiple choice: one per line, in the order shown, "
                                           "as value = label (for example: work = Finding work)."))
    minimum = FloatField(_l("Lowest allowed number"), validators=[Optional()])
    maximum = FloatField(_l("Highest allowed number"), validators=[Optional()])
    condition = StringField(_l("Show only when"), description=CONDITION_HELP, filters=[strip],
                            validators=[Optional(), max_length(logic.MAX_LENGTH)])
    submit = SubmitField(_l("Save"))

    def validate_condition(self, field):
        _parse(field)

    def validate_choices(self, field):
        for line in (field.data or "").splitlines():
            if line.strip() and "=" not in line:
                raise ValidationError(_l("Write each choice as value = label."))

    def choice_pairs(self):
        pairs = []
        for line in (self.choices.data or "").splitlines():
            if line.strip():
                value, _eq, label = line.partition("=")
                pairs.append((value.strip(), label.strip()))
        return pairs

    def settings(self):
        def number(value):
            return None if value is None else (int(value) if float(value).is_integer() else value)
        return {"min": number(self.minimum.data), "max": number(self.maximum.data)}


def _parse(field):
    try:
        field.parsed = logic.parse(field.data)
    except logic.ConditionError as error:
        raise ValidationError(str(error)) from None


class ImportForm(FlaskForm):
    project_id = SelectField(_l("Project"), coerce=int)
    file = FileField(_l("XLSForm file (.xlsx)"), validators=[FileRequired(message=_l("Choose a file."))])
    submit = SubmitField(_l("Import"))

    def validate_file(self, field):
        name = getattr(field.data, "filename", "") or ""
        if not re.search(r"\.xlsx$", name, re.IGNORECASE):
            raise ValidationError(_l("Choose an XLSForm saved as an Excel .xlsx file."))


class ActionForm(FlaskForm):
    """An empty form: the CSRF token of buttons that change something."""
