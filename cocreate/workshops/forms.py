from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError

from ..forms import max_length, strip
from ..i18n import country_choices, is_language_code
from ..projects.forms import LanguageListField
from .models import ArtifactKind, ConsentScope, Method, Phase, StakeholderGroup


def enum_choices(enum_class):
    return [SelectChoice(member.value, member.label) for member in enum_class]


def language_code(form, field):
    if field.data and not is_language_code(field.data.strip().lower()):
        raise ValidationError(_l("Not a known language code. Use ISO codes such as ar, fr, ti."))


GENDERS = {
    "woman": _l("Woman"),
    "man": _l("Man"),
    "non_binary": _l("Non-binary"),
    "not_said": _l("Prefers not to say"),
}
AGE_BANDS = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
ETHNICITIES = {
    "arab": _l("Arab"),
    "asian": _l("Asian"),
    "black": _l("Black"),
    "white": _l("White"),
    "mixed": _l("Mixed or multiple ethnic groups"),
    "other": _l("Another ethnic group"),
    "not_said": _l("Prefers not to say"),
}
RELIGIONS = {
    "none": _l("No religion"),
    "christian": _l("Christian"),
    "muslim": _l("Muslim"),
    "jewish": _l("Jewish"),
    "other": _l("Another religion or belief"),
    "not_said": _l("Prefers not to say"),
}
HEALTH = {
    "none": _l("No long-term health condition"),
    "condition": _l("A long-term health condition"),
    "disability": _l("A disability"),
    "not_said": _l("Prefers not to say"),
}
# Labels of the coded special-category values, by attribute (nationality is a country code, age a band).
PROFILE_LABELS = {"gender": GENDERS, "ethnicity": ETHNICITIES, "religion": RELIGIONS, "health": HEALTH}


class WorkshopForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), max_length(200)])
    phase = SelectField(_l("Phase"), choices=enum_choices(Phase), validators=[DataRequired()])
    date = DateField(_l("Date"), validators=[DataRequired()])
    place = StringField(_l("Place"), filters=[strip], validators=[Optional(), max_length(200)])
    languages = LanguageListField(_l("Languages spoken"),
                                  description=_l("Language codes separated by commas, such as es, ar, fr."))
    objectives = TextAreaField(_l("Objectives"), filters=[strip], validators=[Optional()])
    facilitators = SelectMultipleField(_l("Facilitators"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Save"))


class ActivityForm(FlaskForm):
    title = StringField(_l("Activity"), filters=[strip], validators=[DataRequired(), max_length(200)])
    method = SelectField(_l("Method"), choices=enum_choices(Method), validators=[DataRequired()])
    duration_minutes = IntegerField(_l("Duration in minutes"), validators=[Optional(), NumberRange(min=1, max=600)])
    materials = TextAreaField(_l("Materials"), filters=[strip], validators=[Optional()])
    submit = SubmitField(_l("Save"))


class ParticipantForm(FlaskForm):
    stakeholder_group = SelectField(_l("Stakeholder group"), choices=enum_choices(StakeholderGroup),
                                    validators=[DataRequired()])
    languages = LanguageListField(_l("Languages spoken"),
                                  description=_l("Language codes separated by commas, such as ar, fr."))
    submit = SubmitField(_l("Add participant"))


class ProfileForm(FlaskForm):
    """Write-only: it is never filled from what was recorded, so no page shows one person's attributes."""

    gender = SelectField(_l("Gender"), validators=[Optional()])
    age_band = SelectField(_l("Age band"), validators=[Optional()])
    nationality = SelectField(_l("Nationality"), validators=[Optional()])
    ethnicity = SelectField(_l("Ethnicity"), validators=[Optional()])
    religion = SelectField(_l("Religion or belief"), validators=[Optional()])
    health = SelectField(_l("Health condition"), validators=[Optional()])
    submit = SubmitField(_l("Record attributes"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        not_recorded = [("", _l("Not recorded"))]
        self.gender.choices = not_recorded + list(GENDERS.items())
        self.age_band.choices = not_recorded + [(band, band) for band in AGE_BANDS]
        self.nationality.choices = not_recorded + country_choices()
        self.ethnicity.choices = not_recorded + list(ETHNICITIES.items())
        self.religion.choices = not_recorded + list(RELIGIONS.items())
        self.health.choices = not_recorded + list(HEALTH.items())


class ConsentForm(FlaskForm):
    scope = SelectField(_l("Consent to"), choices=enum_choices(ConsentScope), validators=[DataRequired()])
    form_version = StringField(_l("Version of the consent form"), default="v1",
                               filters=[strip], validators=[DataRequired(), max_length(40)])
    given_on = DateField(_l("Given on"), default=date.today, validators=[DataRequired()])
    submit = SubmitField(_l("Record consent"))


class WithdrawForm(FlaskForm):
    withdrawn_on = DateField(_l("Withdrawn on"), default=date.today, validators=[DataRequired()])
    submit = SubmitField(_l("Withdraw"))


class AttendanceForm(FlaskForm):
    code = StringField(_l("Participant code"), description=_l("Such as ES-M-004."),
                       filters=[strip], validators=[DataRequired(), max_length(20)])
    submit = SubmitField(_l("Mark present"))


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Note"), filters=[strip], validators=[DataRequired()])
    activity = SelectField(_l("During activity"), coerce=int, validators=[Optional()])
    version = HiddenField()
    submit = SubmitField(_l("Save note"))


class QuoteForm(FlaskForm):
    speaker_code = StringField(_l("Speaker's code"), description=_l("Such as ES-M-004."),
                               filters=[strip], validators=[DataRequired(), max_length(20)])
    text = TextAreaField(_l("Quote, word for word"), filters=[strip], validators=[DataRequired()])
    language = StringField(_l("Language of the quote"), description=_l("A language code, such as ar."),
                           filters=[strip], validators=[DataRequired(), max_length(10), language_code])
    translation = TextAreaField(_l("Translation"), filters=[strip], validators=[Optional()])
    translation_language = StringField(_l("Language of the translation"), default="en",
                                       filters=[strip], validators=[Optional(), max_length(10), language_code])
    activity = SelectField(_l("During activity"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Save quote"))


class ArtifactForm(FlaskForm):
    image = FileField(_l("Photo or scan"), description=_l("A JPEG, PNG or WebP picture, at most 12 MB."),
                      validators=[FileRequired(_l("Choose a picture to upload."))])
    kind = SelectField(_l("What it shows"), choices=enum_choices(ArtifactKind), validators=[DataRequired()])
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), max_length(200)])
    description = TextAreaField(_l("Description"), filters=[strip], validators=[Optional()])
    activity = SelectField(_l("During activity"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Upload"))


class StoryboardForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), max_length(200)])
    description = TextAreaField(_l("Description"), filters=[strip], validators=[Optional()])
    submit = SubmitField(_l("Save"))


class FrameForm(FlaskForm):
    image = FileField(_l("Picture of the frame"),
                      description=_l("Optional. A JPEG, PNG or WebP picture, at most 12 MB."))
    caption = StringField(_l("Caption"), filters=[strip], validators=[DataRequired(), max_length(300)])
    narration = TextAreaField(_l("Narration"), filters=[strip], validators=[Optional()])
    reactions = TextAreaField(_l("Participants' reactions"), filters=[strip], validators=[Optional()])
    submit = SubmitField(_l("Add frame"))


class ReflectionForm(FlaskForm):
    what_worked = TextAreaField(_l("What worked"), filters=[strip], validators=[Optional()])
    what_did_not = TextAreaField(_l("What did not work"), filters=[strip], validators=[Optional()])
    adaptations = TextAreaField(_l("What was adapted for the group"),
                                description=_l("Language, literacy, trust: what you changed and why."),
                                filters=[strip], validators=[Optional()])
    submit = SubmitField(_l("Save reflection"))


class MethodGuideForm(FlaskForm):
    purpose = TextAreaField(_l("Purpose"), filters=[strip], validators=[DataRequired()])
    steps = TextAreaField(_l("Steps"), filters=[strip], validators=[Optional()])
    materials = TextAreaField(_l("Materials"), filters=[strip], validators=[Optional()])
    tips = TextAreaField(_l("Tips for working with migrants"), filters=[strip], validators=[Optional()])
    submit = SubmitField(_l("Save"))


class CodeForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), max_length(120)])
    parent = SelectField(_l("Under"), coerce=int, validators=[Optional()])
    definition = TextAreaField(_l("Definition"), filters=[strip], validators=[Optional()])
    examples = TextAreaField(_l("Examples"), filters=[strip], validators=[Optional()])
    submit = SubmitField(_l("Save"))


class CodingForm(FlaskForm):
    code = SelectField(_l("Codebook code"), coerce=int, validators=[DataRequired()])
    excerpt = TextAreaField(_l("Highlighted excerpt"), description=_l("Optional: copy the words the code is about."),
                            filters=[strip], validators=[Optional()])
    submit = SubmitField(_l("Apply code"))


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Words to find"), filters=[strip], validators=[Optional(), max_length(200)])
    site = SelectField(_l("Pilot site"), coerce=int, validators=[Optional()])
    workshop = SelectField(_l("Workshop"), coerce=int, validators=[Optional()])
    method = SelectField(_l("Method"), validators=[Optional()])
    code = SelectField(_l("Codebook code"), coerce=int, validators=[Optional()])
