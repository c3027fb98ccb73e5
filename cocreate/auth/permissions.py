"""Who may do what: the one place that answers it.

Views name an action (`@permission_required("sites.edit")`); templates ask
`can("sites.edit")` to decide what to show.  An action missing here is allowed
to nobody.
"""
from enum import StrEnum
from functools import wraps

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required


class Role(StrEnum):
    ADMIN = "admin"
    FACILITATOR = "facilitator"
    RESEARCHER = "researcher"
    OFFICER = "officer"

    @property
    def label(self):
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.FACILITATOR: _l("Facilitator"),
    Role.RESEARCHER: _l("Researcher"),
    Role.OFFICER: _l("Authority officer"),
}

STAFF = frozenset({Role.ADMIN, Role.FACILITATOR, Role.RESEARCHER})

POLICY = {
    "projects.view": STAFF,
    "projects.edit": frozenset({Role.ADMIN}),
    "sites.edit": frozenset({Role.ADMIN, Role.FACILITATOR}),
    "users.manage": frozenset({Role.ADMIN}),
    "workshops.view": STAFF,
    "workshops.edit": frozenset({Role.ADMIN, Role.FACILITATOR}),
    "participants.view": STAFF,
    "participants.manage": frozenset({Role.ADMIN, Role.FACILITATOR}),
    "evidence.view": STAFF,
    "methods.edit": frozenset({Role.ADMIN, Role.FACILITATOR, Role.RESEARCHER}),
    "codebook.edit": frozenset({Role.ADMIN, Role.RESEARCHER}),
    "codebook.export": frozenset({Role.ADMIN, Role.RESEARCHER}),
    "surveys.view": STAFF,
    "surveys.edit": frozenset({Role.ADMIN, Role.FACILITATOR}),
    "surveys.results": STAFF,
    "prototypes.view": STAFF,
}


def can(action, user=None, obj=None):
    """May `user` (default: the current user) do `action`, to `obj` where it matters?"""
    user = user if user is not None else current_user
    if not user or not user.is_authenticated:
        return False
    return user.role in POLICY.get(action, frozenset())


def permission_required(action):
    """Decorate a view: log in first (redirect), then 403 unless the policy allows `action`."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not can(action):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator
