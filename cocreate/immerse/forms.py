"""Forms of the IMMERSE pages: one built from a module's settings, and the firewall's rule form."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FloatField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from immerse_core.firewall import ACTIONS
from immerse_core.modules import ATTRIBUTES, LANGUAGES

from ..forms import LONG_TEXT, max_length, strip
from ..i18n import language_name
from .labels import ACTION_LABELS, ATTRIBUTE_LABELS, GENERALISER_LABELS, OPTION_LABELS, setting_label

SLUG = r"^[a-z0-9][a-z0-9-]{0,59}$"


def field_name(setting):
    """A form field's name for a setting ("weight/optional_skill" -> "weight__optional_skill")."""
    return setting.name.replace("/", "__")


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _option_label(value):
    if value in OPTION_LABELS:
        return OPTION_LABELS[value]
    return language_name(value) if value in LANGUAGES else value


def settings_form(module, document, **kwargs):
    """A form with one field per setting of `module`, filled from `document` (when not posted)."""

    class SettingsForm(FlaskForm):
        note = StringField(_l("What changed and why"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
        submit = SubmitField(_l("Save as a new version"))

    for setting in module.settings:
        label = setting_label(f"{module.key}/{setting.name}")
        if setting.kind == "number":
            field = FloatField(label, validators=[InputRequired()],
                               render_kw={"min": setting.low, "max": setting.high, "step": "any",
                                          "inputmode": "decimal"})
        elif setting.kind == "boolean":
            field = BooleanField(label)
        elif setting.kind == "choice":
            field = SelectField(label, choices=[SelectChoice(value, _option_label(value)) for value in setting.options],
                                validators=[DataRequired()])
        else:
            field = CheckboxList(label, choices=[SelectChoice(value, _option_label(value))
                                                 for value in setting.options], validators=[DataRequired()])
        setattr(SettingsForm, field_name(setting), field)
    data = {field_name(setting): document.get(setting.name) for setting in module.settings}
    return SettingsForm(data=data, **kwargs)


def settings_document(module, form):
    """The configuration a settings form describes."""
    return {setting.name: form[field_name(setting)].data for setting in module.settings}


class RuleForm(FlaskForm):
    """One rule of the firewall: what an authority receives of one attribute for one purpose."""

    authority = StringField(_l("Authority"), description=_l("Its short name, such as employment-office."),
                            filters=[strip, lambda value: value.lower() if value else value],
                            validators=[DataRequired(), Length(max=60),
                                        Regexp(SLUG, message=_l("Use lower-case letters, digits and hyphens."))])
    purpose = StringField(_l("Purpose"), description=_l("Such as job-matching; * for any purpose."),
                          filters=[strip, lambda value: value.lower() if value else value],
                          validators=[DataRequired(), Length(max=60),
                                      Regexp(r"^(\*|[a-z0-9][a-z0-9-]{0,59})$",
                                             message=_l("Use lower-case letters, digits and hyphens, or *."))])
    attribute = SelectField(_l("Attribute"), choices=[SelectChoice(name, ATTRIBUTE_LABELS[name])
                                                      for name in ATTRIBUTES], validators=[DataRequired()])
    action = SelectField(_l("What the authority receives"),
                         choices=[SelectChoice(name, ACTION_LABELS[name]) for name in ACTIONS],
                         validators=[DataRequired()])
    generaliser = SelectField(_l("Generalised as"), choices=[SelectChoice("", _l("Not generalised")), *[
        SelectChoice(name, label) for name, label in GENERALISER_LABELS.items()]], validators=[Optional()])
    requirements = StringField(_l("Requirements behind the rule"), description=_l("Identifiers such as REQ-002, "
                                                                                   "REQ-005."),
                               filters=[strip], validators=[Optional(), Length(max=500)])
    note = StringField(_l("What changed and why"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    submit = SubmitField(_l("Add the rule"))

    def rule(self):
        requirements = sorted({part.strip().upper() for part in (self.requirements.data or "").replace(";", ",")
                               .split(",") if part.strip()})
        return {"authority": self.authority.data, "purpose": self.purpose.data, "attribute": self.attribute.data,
                "action": self.action.data, "generaliser": self.generaliser.data or None, "only_for": [],
                "requirements": requirements}


class NoteForm(FlaskForm):
    """A confirmation with a note: removing a rule, rolling back."""

    note = StringField(_l("What changed and why"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    submit = SubmitField(_l("Confirm"))
