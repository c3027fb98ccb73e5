from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, ValidationError

from ..forms import max_length, strip


class FindForm(FlaskForm):
    """Find a participant by project and code (a GET form: nothing changes)."""

    class Meta:
        csrf = False

    project = SelectField(_l("Project"), coerce=str, validators=[DataRequired()])
    code = StringField(_l("Participant code"), filters=[strip], validators=[DataRequired(), max_length(20)])
    submit = SubmitField(_l("Find"))


class ExportForm(FlaskForm):
    submit = SubmitField(_l("Download their data (zip)"))


class EraseForm(FlaskForm):
    """The erasure is confirmed by typing the participant's code."""

    code = StringField(_l("Type the participant's code to confirm"), filters=[strip],
                       validators=[DataRequired(), max_length(20)])
    submit = SubmitField(_l("Erase everything"))

    def __init__(self, expected_code, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_code = expected_code

    def validate_code(self, field):
        if (field.data or "").strip().upper() != self.expected_code:
            raise ValidationError(_l("This is not the participant's code."))
