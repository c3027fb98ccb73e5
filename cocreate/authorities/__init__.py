"""Public authorities: the purposes each may declare, its officers, the API tokens of its systems, and the log of
every release of records to it, on the officers' pages or through the authority API."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("authorities", __name__, template_folder="templates")
api_bp = Blueprint("authority_api", __name__)  # JSON for authorities' systems, at /api/v1/authority/

from . import models, views  # noqa: E402,F401
from . import api  # noqa: E402,F401
from ..audit import register_audited  # noqa: E402
from ..history import register_actions  # noqa: E402

register_actions({  # how the record of changes names this package's actions
    "authorities.authority_created": _l("created an authority"),
    "authorities.authority_changed": _l("changed an authority"),
    "authorities.officers_changed": _l("changed the officers of an authority"),
    "authorities.token_created": _l("created an API token"),
    "authorities.token_revoked": _l("revoked an API token"),
    "authorities.records_released": _l("released records to an authority"),
})

register_audited({  # what the audit log keeps of this package's actions
    "authorities.authority_created",
    "authorities.authority_changed",
    "authorities.officers_changed",
    "authorities.token_created",
    "authorities.token_revoked",
    "authorities.records_released",
})
