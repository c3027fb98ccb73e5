"""Requirements of a project: a register with stable identifiers (REQ-001…), relations, a status workflow
and a history of every change."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("requirements", __name__, template_folder="templates")
api_bp = Blueprint("requirements_api", __name__)  # JSON, at /api/v1/projects/

from . import models, views  # noqa: E402,F401
from . import api  # noqa: E402,F401
from ..history import register_actions  # noqa: E402

register_actions({
    "requirements.created": _l("created a requirement"),
    "requirements.changed": _l("changed a requirement"),
    "requirements.status_changed": _l("changed a requirement's status"),
    "requirements.deleted": _l("deleted a requirement"),
    "requirements.related": _l("related two requirements"),
    "requirements.unrelated": _l("removed a relation between requirements"),
    "requirements.imported": _l("imported a requirement from a file"),
    "requirements.exported": _l("exported the requirements"),
})

from ..audit import register_audited  # noqa: E402

register_audited({  # what the audit log keeps of this package's actions
    "requirements.exported",
})
