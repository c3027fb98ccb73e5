from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import max_length, strip
from ..i18n import LANGUAGES
from .permissions import Role

MIN_PASSWORD_LENGTH = 10


def role_choices():
    return [(role.value, role.label) for role in Role]


def language_choices():
    return [(code, name) for code, name in LANGUAGES.items()]


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email()],
                       render_kw={"autocomplete": "username", "dir": "ltr"})
    password = PasswordField(_l("Password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me signed in on this device"))
    submit = SubmitField(_l("Sign in"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password"), render_kw={"autocomplete": "new-password"}, validators=[
        DataRequired(), Length(min=MIN_PASSWORD_LENGTH,
                               message=_l("Use at least %(num)d characters.", num=MIN_PASSWORD_LENGTH))])
    confirm = PasswordField(_l("Repeat the new password"), render_kw={"autocomplete": "new-password"}, validators=[
        DataRequired(), EqualTo("new_password", message=_l("The two passwords are not the same."))])
    submit = SubmitField(_l("Change password"))


class PreferencesForm(FlaskForm):
    locale = SelectField(_l("Language of the interface"), choices=language_choices)
    submit_preferences = SubmitField(_l("Save preferences"))


class UserForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), max_length(254)],
                       render_kw={"autocomplete": "off", "dir": "ltr"})
    display_name = StringField(_l("Name shown to colleagues"), filters=[strip],
                               validators=[DataRequired(), max_length(120)])
    role = SelectField(_l("Role"), choices=role_choices)
    organisation = StringField(_l("Organisation"), filters=[strip], validators=[Optional(), max_length(200)])
    locale = SelectField(_l("Language of the interface"), choices=language_choices)
    active = BooleanField(_l("Account active"), default=True)
    password = PasswordField(_l("New password"), render_kw={"autocomplete": "new-password"}, validators=[
        Optional(), Length(min=MIN_PASSWORD_LENGTH,
                           message=_l("Use at least %(num)d characters.", num=MIN_PASSWORD_LENGTH))],
        description=_l("Leave empty to keep the current password."))
    project_ids = SelectMultipleField(
        _l("Projects"), coerce=int, validators=[Optional()],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        description=_l("The projects this account works on. Administrators work on every project."))
    site_ids = SelectMultipleField(
        _l("Pilot sites"), coerce=int, validators=[Optional()],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        description=_l("Facilitators only: they change the workshops, participants and surveys of these sites "
                       "and read the rest of the project. A site's project comes with it."))
    submit = SubmitField(_l("Save"))

    def offer_memberships(self, projects):
        """Offer every project and pilot site as a choice."""
        self.project_ids.choices = [(project.id, project.name) for project in projects]
        self.site_ids.choices = [(site.id, f"{project.name}: {site.code} – {site.city}")
                                 for project in projects for site in project.sites]

    def chosen_memberships(self, projects):
        """The projects and sites ticked, as objects: {"projects": [...], "sites": [...]}."""
        project_ids, site_ids = set(self.project_ids.data or ()), set(self.site_ids.data or ())
        return {"projects": [project for project in projects if project.id in project_ids],
                "sites": [site for project in projects for site in project.sites if site.id in site_ids]}
