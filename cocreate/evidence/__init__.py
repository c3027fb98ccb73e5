"""Evidence, shared by every feature: the registry of evidence kinds, the codebook and codings, search,
frequencies, co-occurrence and the coded-excerpts export.

`registry.EVIDENCE_KINDS` starts empty; each feature registers its kinds from its own package.
"""
from flask import Blueprint

bp = Blueprint("evidence", __name__, template_folder="templates")

from . import models  # noqa: E402,F401
from . import views  # noqa: E402,F401
from .actions import actions_at, actions_for  # noqa: E402

bp.add_app_template_global(actions_for, "evidence_actions_for")
bp.add_app_template_global(actions_at, "evidence_actions_at")

from flask_babel import lazy_gettext as _l  # noqa: E402

from ..history import register_actions  # noqa: E402

register_actions({  # how the record of changes names this package's actions
    "evidence.code_created": _l("created a code"),
    "evidence.code_changed": _l("changed a code"),
    "evidence.code_deleted": _l("deleted a code"),
    "evidence.codes_merged": _l("merged a code into this one"),
    "evidence.coded": _l("coded evidence"),
    "evidence.coding_removed": _l("removed a coding"),
    "evidence.codings_exported": _l("exported the coded excerpts"),
})

from ..audit import register_audited  # noqa: E402

register_audited({  # what the audit log keeps of this package's actions
    "evidence.codings_exported",
})
