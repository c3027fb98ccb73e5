from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField,
                     SubmitField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, NumberRange, Optional, ValidationError

from ..forms import LONG_TEXT, enum_choices, max_length, strip
from ..participants.models import StakeholderGroup
from .models import Priority, RequirementType, Status


class RequirementForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), max_length(200)])
    statement = TextAreaField(_l("Statement"), description=_l("What the service shall do, in one sentence."),
                              filters=[strip], validators=[DataRequired(), max_length(LONG_TEXT)])
    rationale = TextAreaField(_l("Rationale"), filters=[strip], validators=[Optional(), max_length(LONG_TEXT)])
    type = SelectField(_l("Type"), choices=enum_choices(RequirementType), validators=[DataRequired()])
    priority = SelectField(_l("Priority"), choices=enum_choices(Priority), validators=[DataRequired()])
    stakeholder_groups = SelectMultipleField(_l("Stakeholder groups concerned"),
                                             choices=enum_choices(StakeholderGroup), validators=[Optional()])
    site_codes = SelectMultipleField(_l("Pilot sites concerned"), validators=[Optional()])
    acceptance_criteria = TextAreaField(_l("Acceptance criteria"), filters=[strip],
                                        validators=[Optional(), max_length(LONG_TEXT)])
    derived = BooleanField(_l("Derived from analysis rather than directly from evidence"))
    derived_justification = TextAreaField(_l("Justification of a derived requirement"), filters=[strip],
                                          validators=[Optional(), max_length(LONG_TEXT)])
    submit = SubmitField(_l("Save"))

    def validate_derived_justification(self, field):
        if self.derived.data and not field.data:
            raise ValidationError(_l("A derived requirement needs a justification: say what analysis it "
                                     "comes from."))


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), choices=enum_choices(Status), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason (needed to reject or defer)"), filters=[strip],
                           validators=[Optional(), max_length(LONG_TEXT)])
    submit = SubmitField(_l("Change the status"))


class RelationForm(FlaskForm):
    kind = SelectField(_l("Relation"), choices=[SelectChoice("refines", _l("refines")), SelectChoice("conflicts", _l("conflicts with"))],
                       validators=[DataRequired()])
    target = SelectField(_l("Requirement"), coerce=int, validators=[DataRequired()])
    submit = SubmitField(_l("Add the relation"))


class DeleteForm(FlaskForm):
    submit = SubmitField(_l("Delete"))


# How a requirement's page names each field in its history.
FIELD_LABELS = {
    "title": _l("Title"), "statement": _l("Statement"), "rationale": _l("Rationale"), "type": _l("Type"),
    "priority": _l("Priority"), "stakeholder_groups": _l("Stakeholder groups concerned"),
    "site_codes": _l("Pilot sites concerned"), "acceptance_criteria": _l("Acceptance criteria"),
    "derived": _l("Derived"), "derived_justification": _l("Justification of a derived requirement"),
    "status": _l("Status"), "status_reason": _l("Reason"),
}


class ImportForm(FlaskForm):
    file = FileField(_l("ReqIF file (.reqif)"), validators=[FileRequired(message=_l("Choose a file."))])
    submit = SubmitField(_l("Preview the import"))


class ConfirmImportForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("Import these changes"))


JUSTIFICATION_LENGTH = 1000


def _justification():
    return TextAreaField(_l("Why this evidence supports the requirement"),
                         description=_l("A sentence or two: what in it the requirement answers."),
                         filters=[strip], validators=[DataRequired(), max_length(JUSTIFICATION_LENGTH)])


class EvidenceLinkForm(FlaskForm):
    """Cite a piece of evidence by its kind and number (as the codebook's pages show them)."""

    kind = SelectField(_l("Kind of evidence"), validators=[DataRequired()])
    target_id = IntegerField(_l("Number"), validators=[DataRequired(), NumberRange(min=1)])
    part = StringField(_l("Part (a survey question's key, for one answer or one question)"), filters=[strip],
                       validators=[Optional(), max_length(64)])
    justification = _justification()
    submit = SubmitField(_l("Cite this evidence"))


class CiteForm(FlaskForm):
    """From a piece of evidence: cite it in one of the project's requirements."""

    requirement = SelectField(_l("Requirement"), coerce=int, validators=[DataRequired()])
    justification = _justification()
    submit = SubmitField(_l("Cite in this requirement"))


class FromEvidenceForm(RequirementForm):
    """A new requirement written from a piece of evidence, which becomes its first citation."""

    justification = _justification()


class ItemLinkForm(FlaskForm):
    # Any key is taken here: the service refuses an unknown one with a message that names it.
    key = SelectField(_l("Configuration item"), validate_choice=False, validators=[DataRequired()])
    submit = SubmitField(_l("Trace to this item"))


class ItemKeyForm(FlaskForm):
    """Acting on one link to a configuration item (removing it, clearing it after review)."""

    key = HiddenField(validators=[DataRequired(), max_length(200)])


class RecommendationForm(FlaskForm):
    text = TextAreaField(_l("Recommendation"), filters=[strip], validators=[DataRequired(), max_length(4000)])
    language = SelectField(_l("Written in"), validators=[DataRequired()])
    themes = SelectMultipleField(_l("Themes of the codebook it answers"), coerce=int, validators=[Optional()])
    requirements = SelectMultipleField(_l("Requirements it rests on"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Save"))


class MoveForm(FlaskForm):
    """A "Move up" or "Move down" button of the ordered list of recommendations."""
    direction = HiddenField(validators=[AnyOf(["up", "down"])])
