"""Profiles and opportunities, shared by every IMMERSE piece: migrants' profiles (their protected attributes in
a table of their own), job and training opportunities, and the ESCO taxonomy they are named in.

`services` is the public API the firewall preview, matching, authorities and privacy read profiles through.
This package imports no feature.
"""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("profiles", __name__, template_folder="templates")

from ..history import register_actions
from . import models, services, views  # noqa: F401

register_actions({  # how the record of changes names this package's actions
    "profiles.profile_added": _l("added an IMMERSE profile"),
    "profiles.participant_attached": _l("said whose IMMERSE profile this is"),
    "profiles.profile_rectified": _l("corrected an IMMERSE profile"),
    "profiles.opportunity_added": _l("added an opportunity"),
})

from ..participants.ties import Tie, counting, register_tie  # noqa: E402
from .labels import describe_record  # noqa: E402

# A participant's IMMERSE profiles go with them (their protected attributes with them, by the database's cascade),
# and are in their export of their own data.
register_tie(Tie("profiles.profile", _l("IMMERSE profiles"), counting(models.Profile.participant_id),
                 export=lambda participant_id: services.of_participant(participant_id), describe=describe_record,
                 corrections=lambda participant_id: views.corrections(participant_id)))

from ..audit import register_audited  # noqa: E402

register_audited({"profiles.participant_attached", "profiles.profile_rectified"})
