
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField, DateField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, NumberRange, Optional

from ..forms import LONG_TEXT, LanguageField, LanguageListField, enum_choices, language_help, max_length, strip
from .models import ArtifactKind, Method, Phase


class WorkshopForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), max_length(200)])
    phase = SelectField(_l("Phase"), choices=enum_choices(Phase), validators=[DataRequired()])
    date = DateField(_l("Date"), validators=[DataRequired()])
    place = StringField(_l("Place"), filters=[strip], validators=[Optional(), max_length(200)])
    languages = LanguageListField(_l("Languages spoken"),
                                  description=language_help("es", "ar", "fr"))
    objectives = TextAreaField(_l("Objectives"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    facilitators = SelectMultipleField(_l("Facilitators"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Save"))


class ActivityForm(FlaskForm):
    title = StringField(_l("Activity"), filters=[strip], validators=[DataRequired(), max_length(200)])
    method = SelectField(_l("Method"), choices=enum_choices(Method), validators=[DataRequired()])
    duration_minutes = IntegerField(_l("Duration in minutes"), validators=[Optional(), NumberRange(min=1, max=600)])
    materials = TextAreaField(_l("Materials"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    submit = SubmitField(_l("Save"))


class AttendanceForm(FlaskForm):
    code = StringField(_l("Participant code"), description=_l("Such as ES-M-004."),
                       filters=[strip], validators=[DataRequired(), max_length(20)])
    submit = SubmitField(_l("Mark present"))


def remove_lost_codings_field():
    """Shown when an edit takes out words that codings highlight: ticking it says "remove those codings"."""
    return BooleanField(_l("Remove these codings and save"))


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Note"), filters=[strip], validators=[DataRequired(), max_length(LONG_TEXT)])
    activity = SelectField(_l("During activity"), coerce=int, validators=[Optional()])
    version = HiddenField()
    remove_lost_codings = remove_lost_codings_field()
    submit = SubmitField(_l("Save note"))


class QuoteForm(FlaskForm):
    speaker_code = StringField(_l("Speaker's code"), description=_l("Such as ES-M-004."),
                               filters=[strip], validators=[DataRequired(), max_length(20)])
    text = TextAreaField(_l("Quote, word for word"), filters=[strip], validators=[DataRequired(), max_length(LONG_TEXT)])
    language = LanguageField(_l("Language of the quote"), description=_l("Its name or code, such as Arabic or ar."),
                             validators=[DataRequired()])
    translation = TextAreaField(_l("Translation"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    translation_language = LanguageField(_l("Language of the translation"), default="en",
                                         validators=[Optional()])
    activity = SelectField(_l("During activity"), coerce=int, validators=[Optional()])
    remove_lost_codings = remove_lost_codings_field()
    submit = SubmitField(_l("Save quote"))


class ArtifactForm(FlaskForm):
    image = FileField(_l("Photo or scan"), description=_l("A JPEG, PNG or WebP picture, at most 12 MB."),
                      validators=[FileRequired(_l("Choose a picture to upload."))])
    kind = SelectField(_l("What it shows"), choices=enum_choices(ArtifactKind), validators=[DataRequired()])
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), max_length(200)])
    description = TextAreaField(_l("Description"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    activity = SelectField(_l("During activity"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Upload"))


class ArtifactDetailsForm(FlaskForm):
    """What is said about a picture already uploaded."""
    kind = SelectField(_l("What it shows"), choices=enum_choices(ArtifactKind), validators=[DataRequired()])
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), max_length(200)])
    description = TextAreaField(_l("Description"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    activity = SelectField(_l("During activity"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Save"))


class StoryboardForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), max_length(200)])
    description = TextAreaField(_l("Description"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    submit = SubmitField(_l("Save"))


class FrameForm(FlaskForm):
    image = FileField(_l("Picture of the frame"),
                      description=_l("Optional. A JPEG, PNG or WebP picture, at most 12 MB."))
    caption = StringField(_l("Caption"), filters=[strip], validators=[DataRequired(), max_length(300)])
    narration = TextAreaField(_l("Narration"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    reactions = TextAreaField(_l("Participants' reactions"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    submit = SubmitField(_l("Add frame"))


class FrameEditForm(FlaskForm):
    """A frame's words (its picture stays as uploaded)."""
    caption = StringField(_l("Caption"), filters=[strip], validators=[DataRequired(), max_length(300)])
    narration = TextAreaField(_l("Narration"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    reactions = TextAreaField(_l("Participants' reactions"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    people = StringField(_l("Participants the frame shows"), filters=[strip], validators=[Optional(), max_length(500)],
                         description=_l("Their codes, separated by commas (ES-M-001, ES-M-004). If one of them "
                                        "asks for their data to be erased, the frame is erased with it."))
    remove_lost_codings = remove_lost_codings_field()
    submit = SubmitField(_l("Save"))

    def people_codes(self):
        return [code for code in (part.strip() for part in (self.people.data or "").split(",")) if code]


class DeleteForm(FlaskForm):
    """The button of a confirmation page (and its CSRF token)."""
    submit = SubmitField(_l("Delete"))


class MoveForm(FlaskForm):
    """A "Move up" or "Move down" button of an ordered list (agenda items, storyboard frames)."""
    direction = HiddenField(validators=[AnyOf(["up", "down"])])


class ReflectionForm(FlaskForm):
    what_worked = TextAreaField(_l("What worked"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    what_did_not = TextAreaField(_l("What did not work"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    adaptations = TextAreaField(_l("What was adapted for the group"),
                                description=_l("Language, literacy, trust: what you changed and why."),
                                filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    submit = SubmitField(_l("Save reflection"))


class MethodGuideForm(FlaskForm):
    purpose = TextAreaField(_l("Purpose"), filters=[strip], validators=[DataRequired(), max_length(LONG_TEXT)])
    steps = TextAreaField(_l("Steps"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    materials = TextAreaField(_l("Materials"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    tips = TextAreaField(_l("Tips for working with migrants"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    submit = SubmitField(_l("Save"))
