from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice

from ..forms import LONG_TEXT, max_length

SHORT_VALUE = 40  # characters of a code, a date or a yes/no, with room for a typo the checks then name
SHORT_LIST = 1000  # characters of a short list separated by ;


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file (UTF-8)"), validators=[FileRequired(message=_l("Choose a file."))])
    kind = SelectField(_l("The file holds"), default="",
                       choices=[SelectChoice("", _l("found from its columns")), SelectChoice("profiles", _l("profiles")),
                                SelectChoice("opportunities", _l("opportunities"))])
    dry_run = BooleanField(_l("Only check the file: write nothing"))
    submit = SubmitField(_l("Import"))


class RectifyForm(FlaskForm):
    """A profile's fields written as in the CSV import (lists separated by `;`); the protected attributes are never
    shown: a field left empty keeps what is recorded.  Lengths are bounded here; the values are checked as the
    import checks them."""
    skills = TextAreaField(_l("Skills"), validators=[max_length(LONG_TEXT)],
                           description=_l("ESCO skill URIs, separated by ;"))
    languages = StringField(_l("Languages"), validators=[max_length(SHORT_LIST)],
                            description=_l("code:CEFR level, separated by ; (ar:C2; es:B1)"))
    qualifications = TextAreaField(_l("Qualifications"), validators=[max_length(LONG_TEXT)],
                                   description=_l("title|EQF level|recognition, separated by ;"))
    work_experience = TextAreaField(_l("Work experience"), validators=[max_length(LONG_TEXT)],
                                    description=_l("occupation URI|years, separated by ;"))
    region = StringField(_l("Region"), validators=[max_length(120)])
    availability = StringField(_l("Availability"), validators=[max_length(SHORT_LIST)],
                               description=_l("full_time, part_time, evenings, weekends, separated by ;"))
    work_permit = StringField(_l("Work permit"), validators=[max_length(SHORT_VALUE)],
                              description=_l("granted, pending or none"))
    contact_preferences = StringField(_l("Contact preferences"), validators=[max_length(SHORT_LIST)],
                                      description=_l("separated by ;"))
    preferred_language = StringField(_l("Preferred language"), validators=[max_length(SHORT_VALUE)],
                                     description=_l("a two-letter code"))
    interpreter_needed = StringField(_l("Interpreter needed"), validators=[max_length(SHORT_VALUE)],
                                     description=_l("yes or no"))
    gender = StringField(_l("Gender"), validators=[max_length(40)])
    date_of_birth = StringField(_l("Date of birth"), validators=[max_length(SHORT_VALUE)], description=_l("YYYY-MM-DD"))
    nationality = StringField(_l("Nationality"), validators=[max_length(SHORT_VALUE)],
                              description=_l("a two-letter country code"))
    ethnicity = StringField(_l("Ethnicity"), validators=[max_length(120)])
    religion = StringField(_l("Religion"), validators=[max_length(120)])
    health = StringField(_l("Health"), validators=[max_length(SHORT_LIST)])
    participant = StringField(_l("Participant code of the person"), validators=[max_length(64)],
                              description=_l("Whose profile this is, when they take part in co-design too; "
                                             "empty for no one."))
    submit = SubmitField(_l("Save the corrections"))
