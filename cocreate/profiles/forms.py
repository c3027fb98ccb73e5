from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file (UTF-8)"), validators=[FileRequired(message=_l("Choose a file."))])
    kind = SelectField(_l("The file holds"), default="",
                       choices=[SelectChoice("", _l("found from its columns")), SelectChoice("profiles", _l("profiles")),
                                SelectChoice("opportunities", _l("opportunities"))])
    dry_run = BooleanField(_l("Only check the file: write nothing"))
    submit = SubmitField(_l("Import"))


class RectifyForm(FlaskForm):
    """A profile's fields written as in the CSV import (lists separated by `;`); the protected attributes are never
    shown: a field left empty keeps what is recorded."""
    skills = TextAreaField(_l("Skills"), description=_l("ESCO skill URIs, separated by ;"))
    languages = StringField(_l("Languages"), description=_l("code:CEFR level, separated by ; (ar:C2; es:B1)"))
    qualifications = TextAreaField(_l("Qualifications"),
                                   description=_l("title|EQF level|recognition, separated by ;"))
    work_experience = TextAreaField(_l("Work experience"), description=_l("occupation URI|years, separated by ;"))
    region = StringField(_l("Region"))
    availability = StringField(_l("Availability"), description=_l("full_time, part_time, evenings, weekends, "
                                                                  "separated by ;"))
    work_permit = StringField(_l("Work permit"), description=_l("granted, pending or none"))
    contact_preferences = StringField(_l("Contact preferences"), description=_l("separated by ;"))
    preferred_language = StringField(_l("Preferred language"), description=_l("a two-letter code"))
    interpreter_needed = StringField(_l("Interpreter needed"), description=_l("yes or no"))
    gender = StringField(_l("Gender"))
    date_of_birth = StringField(_l("Date of birth"), description=_l("YYYY-MM-DD"))
    nationality = StringField(_l("Nationality"), description=_l("a two-letter country code"))
    ethnicity = StringField(_l("Ethnicity"))
    religion = StringField(_l("Religion"))
    health = StringField(_l("Health"))
    participant = StringField(_l("Participant code of the person"),
                              description=_l("Whose profile this is, when they take part in co-design too; "
                                             "empty for no one."))
    submit = SubmitField(_l("Save the corrections"))
