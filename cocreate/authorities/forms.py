"""Forms of the authorities' administration pages."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import max_length, strip
from .services import NAME_LIMIT, SLUG_LIMIT

PURPOSES_LIMIT = 2000
# Between purposes: commas (the Arabic one too), semicolons, spaces, new lines.
SEPARATORS = re.compile(r"[,;،\s]+")


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AuthorityForm(FlaskForm):
    slug = StringField(_l("Short name"), filters=[strip], validators=[DataRequired(), max_length(SLUG_LIMIT)],
                       description=_l("Lowercase letters, digits, - and _, such as employment-office. Tokens and "
                                      "firewall rules name the authority by it."))
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), max_length(NAME_LIMIT)])
    purposes = TextAreaField(_l("Purposes it may declare"), validators=[DataRequired(), max_length(PURPOSES_LIMIT)],
                             description=_l("One or more, separated by commas or new lines, such as job-matching. "
                                            "Each in lowercase letters, digits, - and _."))
    officers = CheckboxList(_l("Officers"), coerce=int, default=[],
                            description=_l("An officer belongs to one authority: ticking one of another authority "
                                           "moves them here."))
    submit = SubmitField(_l("Save"))

    def purpose_list(self):
        return [part for part in SEPARATORS.split(self.purposes.data or "") if part]

    def offer_officers(self, accounts, authority_of):
        def label(user):
            other = authority_of.get(user.id)
            return f"{user.display_name} ({user.email})" + (f" — {other}" if other else "")
        self.officers.choices = [(user.id, label(user)) for user in accounts]


class RevokeForm(FlaskForm):
    submit = SubmitField(_l("Revoke"))
