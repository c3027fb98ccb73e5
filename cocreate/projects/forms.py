from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Optional, Regexp, ValidationError

from ..forms import LONG_TEXT, LanguageListField, language_help, max_length, strip
from ..dates import time_zones
from ..i18n import country_choices


RESERVED_SLUGS = {"new"}  # taken by the address of the page that creates a project


class ProjectForm(FlaskForm):
    slug = StringField(_l("Short name in addresses"), filters=[strip], validators=[
        DataRequired(), max_length(40),
        Regexp(r"^[a-z0-9][a-z0-9-]*\Z", message=_l("Use lower-case letters, digits and hyphens only."))])
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), max_length(200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), max_length(LONG_TEXT)])
    start_date = DateField(_l("Start date"), validators=[Optional()])
    end_date = DateField(_l("End date"), validators=[Optional()])
    submit = SubmitField(_l("Save"))

    def validate_slug(self, field):
        if field.data in RESERVED_SLUGS:
            raise ValidationError(_l("This short name is reserved. Please choose another."))

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end date is before the start date."))


class PilotSiteForm(FlaskForm):
    code = StringField(_l("Site code"), description=_l("Two or three capital letters, used in participant codes."),
                       filters=[strip], validators=[DataRequired(), max_length(3), Regexp(r"^[A-Z]{2,3}\Z",
                                                          message=_l("Use two or three capital letters, such as CY."))])
    country = SelectField(_l("Country"), choices=country_choices, validators=[DataRequired()])
    city = StringField(_l("City"), filters=[strip], validators=[DataRequired(), max_length(120)])
    host_languages = LanguageListField(_l("Languages of the host country"),
                                       validators=[DataRequired(message=_l("Name at least one language."))],
                                       description=language_help("el", "en"))
    participant_languages = LanguageListField(_l("Languages of participants"),
                                              description=language_help("ar", "fa", "so"))
    partner_organisation = StringField(_l("Partner organisation (NGO)"), filters=[strip],
                                       validators=[Optional(), max_length(200)])
    public_partner = StringField(_l("Public-service partner"), filters=[strip], validators=[Optional(), max_length(200)])
    time_zone = SelectField(_l("Time zone"), choices=lambda: [("", _l("The country's main time zone"))]
                            + [(zone, zone.replace("_", " ")) for zone in time_zones()],
                            description=_l("Times at the site are shown and typed in it."), validators=[Optional()])
    submit = SubmitField(_l("Save"))
