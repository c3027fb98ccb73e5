import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateTimeLocalField, FloatField, RadioField, SelectField, StringField, SubmitField,
                     TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional, ValidationError

from ..forms import LanguageField, LanguageListField, max_length, strip
from . import logic
from .kinds import kind_choices
from .models import SurveyMode

KEY_HELP = _l("Letters, digits and _ only, starting with a letter: the column name in exports and XLSForm.")
CONDITION_HELP = _l("Leave empty to always show. Examples: ${work} = 'yes' · ${age} >= 18 · "
                    "selected(${needs}, 'health') or ${site} != '' — only answers given before can be used.")


# What a datetime-local input sends and shows (the first is written back into it).
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class SurveyForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), max_length(200)])
    description = TextAreaField(_l("Introduction for participants"), filters=[strip],
                                validators=[Optional(), max_length(5000)])
    source_language = LanguageField(_l("Source language"), default="en",
                                    description=_l("The language the questions are first written in: "
                                                   "type its name or code, such as English or en."),
                                    validators=[DataRequired()])
    languages = LanguageListField(_l("Other languages"),
                                  description=_l("Language codes separated by commas, such as ar, fr, ti."))
    site_id = SelectField(_l("Pilot site"), coerce=int, validators=[Optional()])
    workshop_id = SelectField(_l("Workshop"), coerce=int, validators=[Optional()])
    mode = RadioField(_l("Participants"), choices=[SelectChoice(m.value, m.label) for m in SurveyMode],
                      default=SurveyMode.ANONYMOUS.value)
    # Typed in the pilot site's time zone (UTC for the whole project): the view names it in the labels.
    opens_at = DateTimeLocalField(_l("Opens (UTC)"), format=LOCAL_FORMATS, validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Closes (UTC)"), format=LOCAL_FORMATS, validators=[Optional()])
    submit = SubmitField(_l("Save"))


# The comparisons the picker offers, as logic.write_condition names them.
PICKED_COMPARISONS = [SelectChoice("is", _l("is")), SelectChoice("is_not", _l("is not")),
                      SelectChoice("at_least", _l("is at least")), SelectChoice("at_most", _l("is at most")),
                      SelectChoice("includes", _l("includes (for multiple choice)")),
                      SelectChoice("answered", _l("is answered"))]


class ConditionForm(FlaskForm):
    """A form with a condition typed in XLSForm syntax, or picked as question → comparison → value.

    The picker is used when the condition is left empty; without JavaScript its three fields (and the
    chosen question's choices) arrive with the form and become the condition's text here. The view gives
    the questions the condition may use with `offer(earlier)`.
    """

    when_question = SelectField(_l("Question"), choices=[], validators=[Optional()])
    when_comparison = SelectField(_l("Comparison"), choices=PICKED_COMPARISONS, validators=[Optional()])
    when_value = StringField(_l("Value"), filters=[strip], validators=[Optional(), max_length(500)],
                             description=_l("A number or a word; for a question with choices, choose one below."))
    when_choice = StringField(_l("Or one of its choices"), filters=[strip], validators=[Optional(), max_length(200)])

    def offer(self, earlier):
        """`earlier`: [{"key", "label", "numeric", "choices": [(value, label)]}] in survey order."""
        self.earlier = {q["key"]: q for q in earlier}
        self.when_question.choices = [SelectChoice("", "—")] + [
            SelectChoice(q["key"], f"{q['label']} ({q['key']})") for q in earlier]

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if self.condition.data or not self.when_question.data:
            return True
        question = self.earlier[self.when_question.data]
        value = self.when_value.data
        if self.when_choice.data and self.when_comparison.data != "answered":
            key, _colon, value = self.when_choice.data.partition(":")
            if key != question["key"]:
                self.when_choice.errors.append(_l("Choose one of the choices of the chosen question."))
                return False
        try:
            text = logic.write_condition(question["key"], self.when_comparison.data, value,
                                         numeric=question["numeric"])
            self.condition.parsed = logic.parse(text)
        except logic.ConditionError as error:
            self.when_value.errors.append(str(error))
            return False
        self.condition.data = text
        return True


class SectionForm(ConditionForm):
    key = StringField(_l("Key"), description=KEY_HELP, filters=[strip], validators=[DataRequired(), max_length(64)])
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), max_length(300)])
    condition = StringField(_l("Show only when"), description=CONDITION_HELP, filters=[strip],
                            validators=[Optional(), max_length(logic.MAX_LENGTH)])
    submit = SubmitField(_l("Save"))

    def validate_condition(self, field):
        _parse(field)


class QuestionForm(ConditionForm):
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
    range_start = FloatField(_l("Range starts at"), validators=[Optional()],
                             description=_l("For a range: the first number offered (1 when left empty)."))
    range_end = FloatField(_l("Range ends at"), validators=[Optional()],
                           description=_l("For a range: the last number offered (10 when left empty)."))
    range_step = FloatField(_l("Step"), validators=[Optional()],
                            description=_l("For a range: the distance between two numbers offered (1 when left "
                                           "empty); it must divide the range into equal parts."))
    condition = StringField(_l("Show only when"), description=CONDITION_HELP, filters=[strip],
                            validators=[Optional(), max_length(logic.MAX_LENGTH)])
    constraint = StringField(_l("Allowed when"), filters=[strip],
                             validators=[Optional(), max_length(logic.MAX_LENGTH)],
                             description=_l("Leave empty to allow any answer. “.” is the answer itself. Examples: "
                                            ". <= ${household_size} · regex(., '^[0-9]{5}$') · . <= today()"))
    constraint_message = StringField(_l("Message when an answer is not allowed"), filters=[strip],
                                     validators=[Optional(), max_length(500)],
                                     description=_l("Leave empty for “This answer is not allowed.”"))
    calculation = StringField(_l("Calculation"), filters=[strip],
                              validators=[Optional(), max_length(logic.MAX_LENGTH)],
                              description=_l("For a calculation: its value from earlier answers, worked out when "
                                             "the response is sent. Example: ${adults} + ${children}"))
    submit = SubmitField(_l("Save"))

    def validate_condition(self, field):
        _parse(field)

    def validate_constraint(self, field):
        _parse(field, here=True)

    def validate_calculation(self, field):
        if self.kind.data == "calculate" and not field.data:
            raise ValidationError(_l("A calculation needs its formula."))
        _parse(field, value=True)

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
        settings = {"min": number(self.minimum.data), "max": number(self.maximum.data),
                    "constraint": getattr(self.constraint, "parsed", None),
                    "constraint_message": self.constraint_message.data or "",
                    "calculation": getattr(self.calculation, "parsed", None) if self.kind.data == "calculate" else None}
        if self.kind.data == "range":
            settings.update({name: number(self[f"range_{name}"].data) for name in ("start", "end", "step")})
        return settings


def _parse(field, **reading):
    try:
        field.parsed = logic.parse(field.data, **reading)
    except logic.ConditionError as error:
        raise ValidationError(str(error)) from None


class ImportForm(FlaskForm):
    project_id = SelectField(_l("Project"), coerce=int)
    file = FileField(_l("XLSForm file (.xlsx)"), validators=[FileRequired(message=_l("Choose a file."))])
    media = FileField(_l("Its pictures and sounds (a .zip, optional)"))
    submit = SubmitField(_l("Import"))

    def validate_file(self, field):
        name = getattr(field.data, "filename", "") or ""
        if not re.search(r"\.xlsx$", name, re.IGNORECASE):
            raise ValidationError(_l("Choose an XLSForm saved as an Excel .xlsx file."))

    def validate_media(self, field):
        name = getattr(field.data, "filename", "") or ""
        if name and not re.search(r"\.zip$", name, re.IGNORECASE):
            raise ValidationError(_l("Choose the media files as a .zip file."))


class ActionForm(FlaskForm):
    """An empty form: the CSRF token of buttons that change something."""


class MediaForm(FlaskForm):
    """A picture, sound or video for a question or one of its choices, in one language or every language."""
    target = SelectField(_l("For"))
    kind = SelectField(_l("Kind of file"))
    language = SelectField(_l("Language"))
    file = FileField(_l("File"), validators=[FileRequired(message=_l("Choose a file, or record the sound."))])
    submit = SubmitField(_l("Upload"))


class MediaZipForm(FlaskForm):
    """A zip of the media files an imported form names, matched by file name."""
    file = FileField(_l("Zip of media files"), validators=[FileRequired(message=_l("Choose a file."))])
    submit = SubmitField(_l("Upload the files"))
