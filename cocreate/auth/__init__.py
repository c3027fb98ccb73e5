"""Staff accounts: log in and out, change password, manage accounts (admins).

Participants never have accounts; they join surveys and feedback rounds by code.
"""
from flask import Blueprint

bp = Blueprint("auth", __name__, template_folder="templates")

from . import views  # noqa: E402,F401  (routes register on bp)

from flask_babel import lazy_gettext as _l  # noqa: E402

from ..history import register_actions  # noqa: E402

register_actions({  # how the record of changes names this package's actions
    "auth.user_created": _l("created an account"),
    "auth.user_changed": _l("changed an account"),
    "auth.password_changed": _l("changed a password"),
    "auth.memberships_changed": _l("changed the projects and sites of an account"),
    "auth.signed_in": _l("signed in"),
    "auth.signed_out": _l("signed out"),
})

from ..audit import register_audited  # noqa: E402

register_audited({  # what the audit log keeps of this package's actions
    "auth.signed_in",
    "auth.signed_out",
    "auth.user_created",
    "auth.user_changed",
    "auth.memberships_changed",
    "auth.password_changed",
})
