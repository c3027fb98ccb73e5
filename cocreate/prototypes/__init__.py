"""Prototypes: versions and screens of a service, and the feedback rounds on them.

Two blueprints: `prototypes` (staff pages at /prototypes/) and `feedback` (the participant pages at
/p/<code>, no account needed).  Pins with comments, free-text comments, task results and voice comments
are registered as evidence; voice comments also as a category with a retention period.
"""
from flask import Blueprint

bp = Blueprint("prototypes", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static")
feedback_bp = Blueprint("feedback", __name__, template_folder="templates")

from . import models  # noqa: E402,F401
from . import evidence, participant, results_views, services, views  # noqa: E402,F401

evidence.register()

from flask_babel import lazy_gettext as _l  # noqa: E402

from ..history import register_actions  # noqa: E402

register_actions({  # how the record of changes names this package's actions
    "prototypes.created": _l("created a prototype"),
    "prototypes.version_created": _l("made a new prototype version"),
    "prototypes.screen_added": _l("added a prototype screen"),
    "prototypes.screen_changed": _l("changed a prototype screen's caption"),
    "prototypes.screen_deleted": _l("deleted a prototype screen"),
    "prototypes.hotspot_added": _l("added a hotspot"),
    "prototypes.hotspot_changed": _l("changed a hotspot's label"),
    "prototypes.hotspot_deleted": _l("deleted a hotspot"),
    "prototypes.round_created": _l("created a feedback round"),
    "prototypes.round_opened": _l("opened a feedback round"),
    "prototypes.round_closed": _l("closed a feedback round"),
    "prototypes.task_added": _l("added a task to a feedback round"),
    "prototypes.task_changed": _l("changed a task of a feedback round"),
    "prototypes.task_deleted": _l("deleted a task of a feedback round"),
    "prototypes.feedback_submitted": _l("recorded prototype feedback"),
    "prototypes.feedback_deleted": _l("deleted prototype feedback"),
    "prototypes.feedback_exported": _l("exported the prototype feedback"),
    "prototypes.transcript_changed": _l("typed the transcript of a voice comment"),
    "prototypes.recording_heard": _l("heard the recording of a voice comment"),
})

from ..audit import register_audited  # noqa: E402

register_audited({  # what the audit log keeps of this package's actions
    "prototypes.feedback_deleted",
    "prototypes.feedback_exported",
    "prototypes.recording_heard",
})

from ..privacy.retention import RetentionCategory, register_retention  # noqa: E402

register_retention(RetentionCategory("prototype_voice_comments", _l("Voice comments on prototypes"),
                                     "prototype_voice", services.voice_comments_recorded_before))
