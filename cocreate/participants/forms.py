from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Optional

from ..forms import LanguageListField, enum_choices, language_help, max_length, strip
from ..i18n import country_choices
from .models import ConsentScope, StakeholderGroup

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


class ParticipantForm(FlaskForm):
    stakeholder_group = SelectField(_l("Stakeholder group"), choices=enum_choices(StakeholderGroup),
                                    validators=[DataRequired()])
    languages = LanguageListField(_l("Languages spoken"),
                                  description=language_help("ar", "fr"))
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
    how_obtained = TextAreaField(
        _l("How the consent was obtained again"), filters=[strip], validators=[Optional(), max_length(1000)],
        description=_l("Needed when this renews a consent that was withdrawn: for example, a new signed form "
                       "read aloud with an interpreter."))
    submit = SubmitField(_l("Record consent"))


class WithdrawForm(FlaskForm):
    withdrawn_on = DateField(_l("Withdrawn on"), default=date.today, validators=[DataRequired()])
    submit = SubmitField(_l("Withdraw"))


class LanguagesForm(FlaskForm):
    languages = LanguageListField(_l("Languages spoken"),
                                  description=language_help("ar", "fr"))
    submit = SubmitField(_l("Save languages"))


class GroupForm(FlaskForm):
    stakeholder_group = SelectField(
        _l("Stakeholder group"), choices=enum_choices(StakeholderGroup), validators=[DataRequired()],
        description=_l("The code names the group: moving to another group gives the participant a new code, "
                       "and the old one is never given to anyone else."))
    submit = SubmitField(_l("Change group"))


class DeleteForm(FlaskForm):
    """The button of the confirmation page (and its CSRF token)."""
    submit = SubmitField(_l("Delete participant"))


class LinkCardForm(FlaskForm):
    """The button that prints a new link card (and its CSRF token)."""
    submit = SubmitField(_l("Print a new link card"))
