"""The rights of the people whose data the platform holds: a participant's export of their own data, the
erasure of everything that names them, and the deletion of what is past its retention period.

A shared package, like `audit`: it walks the evidence registry (`evidence.registry.EVIDENCE_KINDS`) and the
participants' ties, and owns the registry of retention categories that the features fill
(`retention.register_retention`); it names no feature.  Administrators use it at `/privacy/`, and
`flask --app cocreate privacy export|erase|purge-expired` does the same from the command line.
"""
from flask import Blueprint

bp = Blueprint("privacy", __name__, template_folder="templates")

from .retention import RETENTION_CATEGORIES, RetentionCategory, register_retention  # noqa: E402,F401
from . import cli, views  # noqa: E402,F401

from flask_babel import lazy_gettext as _l  # noqa: E402

from ..history import register_actions  # noqa: E402

register_actions({  # how the record of changes names this package's actions
    "privacy.erased": _l("erased a participant's data"),
    "privacy.exported": _l("exported a participant's own data"),
    "privacy.purged": _l("deleted data past its retention period"),
})

from ..audit import register_audited  # noqa: E402

register_audited({"privacy.erased", "privacy.exported", "privacy.purged"})
