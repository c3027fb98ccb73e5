"""Projects and their pilot sites: the frame every workshop, survey and prototype belongs to."""
from flask import Blueprint

bp = Blueprint("projects", __name__, template_folder="templates")

from . import views  # noqa: E402,F401

from flask_babel import lazy_gettext as _l  # noqa: E402

from ..history import register_actions  # noqa: E402

register_actions({  # how the record of changes names this package's actions
    "projects.created": _l("created the project"),
    "projects.changed": _l("changed the project"),
    "projects.site_created": _l("created a pilot site"),
    "projects.site_changed": _l("changed a pilot site"),
})

from ..audit import register_audited  # noqa: E402

register_audited({  # what the audit log keeps of this package's actions
    "projects.created",
    "projects.changed",
    "projects.site_created",
    "projects.site_changed",
})
