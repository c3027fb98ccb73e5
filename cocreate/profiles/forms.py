from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file (UTF-8)"), validators=[FileRequired(message=_l("Choose a file."))])
    kind = SelectField(_l("The file holds"), default="",
                       choices=[SelectChoice("", _l("found from its columns")), SelectChoice("profiles", _l("profiles")),
                                SelectChoice("opportunities", _l("opportunities"))])
    dry_run = BooleanField(_l("Only check the file: write nothing"))
    submit = SubmitField(_l("Import"))
