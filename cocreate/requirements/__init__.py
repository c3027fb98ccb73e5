"""Requirements of a project: a register with stable identifiers (REQ-001…), relations, a status workflow
and a history of every change."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("requirements", __name__, template_folder="templates")
api_bp = Blueprint("requirements_api", __name__)  # JSON, at /api/v1/projects/

from . import models, views  # noqa: E402,F401
from . import brief_views  # noqa: E402,F401
from . import api  # noqa: E402,F401
from ..history import register_actions  # noqa: E402

register_actions({
    "requirements.created": _l("created a requirement"),
    "requirements.changed": _l("changed a requirement"),
    "requirements.status_changed": _l("changed a requirement's status"),
    "requirements.deleted": _l("deleted a requirement"),
    "requirements.related": _l("related two requirements"),
    "requirements.unrelated": _l("removed a relation between requirements"),
    "requirements.evidence_linked": _l("cited evidence in a requirement"),
    "requirements.evidence_unlinked": _l("removed a citation of evidence"),
    "requirements.item_linked": _l("traced a requirement to a configuration item"),
    "requirements.item_unlinked": _l("removed a trace to a configuration item"),
    "requirements.suspect_cleared": _l("reviewed a suspect link and cleared it"),
    "requirements.imported": _l("imported a requirement from a file"),
    "requirements.exported": _l("exported the requirements"),
    "requirements.recommendation_added": _l("added a recommendation to a policy brief"),
    "requirements.recommendation_changed": _l("changed a recommendation of a policy brief"),
    "requirements.recommendation_moved": _l("moved a recommendation of a policy brief"),
    "requirements.recommendation_deleted": _l("deleted a recommendation of a policy brief"),
})

from ..audit import register_audited  # noqa: E402

register_audited({  # what the audit log keeps of this package's actions
    "requirements.exported",
})

from ..evidence.actions import EvidenceAction, register_action  # noqa: E402

# What a researcher can do with a piece of evidence from any page that shows it.
register_action(EvidenceAction("requirements.create_from_evidence", _l("Create a requirement from this"),
                               "requirements.create_from_evidence", "requirements.edit"))
register_action(EvidenceAction("requirements.cite", _l("Cite in a requirement"), "requirements.cite",
                               "requirements.edit"))
