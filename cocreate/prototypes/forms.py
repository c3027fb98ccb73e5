from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, FloatField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange, Optional

from ..forms import LanguageField, LanguageListField, max_length, strip
from .models import RoundMode


class ActionForm(FlaskForm):
    """An empty form: the CSRF token of buttons that change something."""


class TranscriptForm(FlaskForm):
    transcript = TextAreaField(_l("Transcript or summary"), filters=[strip], validators=[max_length(5000)])
    submit = SubmitField(_l("Save the transcript"))


class PrototypeForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), max_length(200)])
    site_id = SelectField(_l("Pilot site"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Create the prototype"))


class ScreenForm(FlaskForm):
    image = FileField(_l("Picture of the screen"), validators=[FileRequired()],
                      description=_l("A photo of a paper sketch or a mock-up: JPEG, PNG or WebP, 12 MB at most."))
    caption = StringField(_l("Caption"), filters=[strip], validators=[Optional(), max_length(500)])
    submit = SubmitField(_l("Add the screen"))


class HotspotForm(FlaskForm):
    """A rectangle in percent of the picture, from its top left corner: enough without a pointer."""

    x = FloatField(_l("From the left (%)"), validators=[NumberRange(min=0, max=100)])
    y = FloatField(_l("From the top (%)"), validators=[NumberRange(min=0, max=100)])
    w = FloatField(_l("Width (%)"), validators=[NumberRange(min=0, max=100)])
    h = FloatField(_l("Height (%)"), validators=[NumberRange(min=0, max=100)])
    target_id = SelectField(_l("Leads to"), coerce=int)
    label = StringField(_l("What it is (read out to screen-reader users)"), filters=[strip],
                        validators=[DataRequired(), max_length(200)])
    submit = SubmitField(_l("Add the hotspot"))


class RoundForm(FlaskForm):
    source_language = LanguageField(_l("Language of the captions and tasks"), default="en",
                                    validators=[DataRequired()])
    languages = LanguageListField(_l("Other languages"),
                                  description=_l("Language codes separated by commas, such as ar, fr, ti."))
    site_id = SelectField(_l("Pilot site"), coerce=int, validators=[Optional()])
    mode = RadioField(_l("Participants"), choices=[SelectChoice(m.value, m.label) for m in RoundMode],
                      default=RoundMode.ANONYMOUS.value)
    ask_sus = BooleanField(_l("Ask the System Usability Scale at the end"), default=True)
    submit = SubmitField(_l("Create the round"))


class TaskForm(FlaskForm):
    prompt = StringField(_l("Task"), filters=[strip], validators=[DataRequired(), max_length(500)],
                         description=_l("For example: Where would you tap to find a training course?"))
    target_id = SelectField(_l("The hotspot that completes it"), coerce=int)
    submit = SubmitField(_l("Add the task"))
