"""Participants, shared by every feature: pseudonymous codes, consent history, special-category profiles,
and the shell of the pages participants open on their phones (`shell.render_participant`).

Features below which nothing else sits (workshops, surveys, prototypes) import from here; this package
imports no feature.
"""
from flask import Blueprint

bp = Blueprint("participants", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static")

from . import models  # noqa: E402,F401
from . import shell, views  # noqa: E402,F401
from .ties import Tie, counting, register_tie  # noqa: E402

from flask_babel import lazy_gettext as _l  # noqa: E402

from ..history import register_actions  # noqa: E402

register_actions({  # how the record of changes names this package's actions
    "participants.created": _l("registered a participant"),
    "participants.languages_changed": _l("changed a participant's languages"),
    "participants.group_changed": _l("moved a participant to another stakeholder group"),
    "participants.deleted": _l("deleted a participant"),
    "participants.profile_recorded": _l("recorded a participant's profile"),
    "participants.consent_recorded": _l("recorded a consent"),
    "participants.consent_withdrawn": _l("recorded a consent's withdrawal"),
    "participants.link_code_issued": _l("printed a new link card for a participant"),
})


register_tie(Tie("consents", _l("Consent records"), counting(models.Consent.participant_id)))
register_tie(Tie("profile", _l("Recorded special-category attributes"),
                 counting(models.ParticipantProfile.participant_id)))

from ..audit import register_audited  # noqa: E402

register_audited({  # what the audit log keeps of this package's actions
    "participants.consent_recorded",
    "participants.consent_withdrawn",
    "participants.deleted",
    "participants.group_changed",
    "participants.link_code_issued",
})
