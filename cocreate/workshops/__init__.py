"""Workshops at the pilot sites: sessions and agenda, attendance, notes, quotes, pictures, storyboards,
reflections and the methods library.  Notes, quotes and storyboard frames are registered as evidence."""
from flask import Blueprint

bp = Blueprint("workshops", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static")

from . import evidence, views  # noqa: E402,F401

evidence.register()

from flask_babel import lazy_gettext as _l  # noqa: E402

from ..history import register_actions  # noqa: E402

register_actions({  # how the record of changes names this package's actions
    "workshops.created": _l("created a workshop"),
    "workshops.changed": _l("changed a workshop"),
    "workshops.deleted": _l("deleted a workshop"),
    "workshops.activity_saved": _l("saved an agenda item"),
    "workshops.activity_deleted": _l("deleted an agenda item"),
    "workshops.activity_moved": _l("moved an agenda item"),
    "workshops.marked_present": _l("marked a participant present"),
    "workshops.marked_absent": _l("marked a participant absent"),
    "workshops.method_guide_saved": _l("changed a method guide"),
    "workshops.note_added": _l("added a note"),
    "workshops.note_changed": _l("changed a note"),
    "workshops.note_deleted": _l("deleted a note"),
    "workshops.quote_added": _l("recorded a quote"),
    "workshops.quote_changed": _l("changed a quote"),
    "workshops.quote_deleted": _l("deleted a quote"),
    "workshops.artifact_added": _l("added a picture"),
    "workshops.artifact_changed": _l("changed a picture's details"),
    "workshops.artifact_deleted": _l("deleted a picture"),
    "workshops.storyboard_created": _l("created a storyboard"),
    "workshops.storyboard_changed": _l("changed a storyboard"),
    "workshops.storyboard_deleted": _l("deleted a storyboard"),
    "workshops.frame_added": _l("added a storyboard frame"),
    "workshops.frame_changed": _l("changed a storyboard frame"),
    "workshops.frame_deleted": _l("deleted a storyboard frame"),
    "workshops.frame_moved": _l("moved a storyboard frame"),
    "workshops.frame_people_changed": _l("changed who a storyboard frame shows"),
    "workshops.reflection_saved": _l("saved the facilitators' reflection"),
})

from ..participants.ties import Tie, counting, register_tie  # noqa: E402
from . import services  # noqa: E402
from .models import Attendance  # noqa: E402

# Being marked present at a workshop goes with the person when a participant is deleted.
register_tie(Tie("workshops.attendance", _l("Attendance at workshops"), counting(Attendance.participant_id),
                 export=services.attendance_of))

from ..privacy.retention import RetentionCategory, register_retention  # noqa: E402

# What is deleted once past its retention period (RETENTION_DAYS), counted from the day of its workshop.
register_retention(RetentionCategory("quotes", _l("Quotes"), "quote", services.quotes_recorded_before))
register_retention(RetentionCategory("notes", _l("Notes"), "note", services.notes_recorded_before))
register_retention(RetentionCategory("storyboard_frames", _l("Storyboard frames"), "frame",
                                     services.frames_recorded_before))

from ..audit import register_audited  # noqa: E402

register_audited({  # what the audit log keeps of this package's actions
    "workshops.quote_deleted",
    "workshops.artifact_deleted",
    "workshops.deleted",
})
