"""Who may do what, to which object: the one place that answers it.

Views name an action for the whole view (`@permission_required("sites.edit")`)
and load each object through a loader that checks it (`load_or_404(Survey, id,
"surveys.edit")`, or `check("sites.edit", site)` for an object found by slug or
code); templates ask `can("surveys.edit", survey)` to decide what to show.

`can(action, obj)` answers in two steps:

1. The role: POLICY names the roles that may do an action at all.  An action
   missing there is allowed to nobody.
2. The object, when one is given: its `access_scope`, a pair (project id, pilot
   site id or None), says where it belongs.  Administrators act on every
   project.  Everyone else acts only in the projects they belong to
   (`User.projects`; a pilot site's project comes with the site).  Reading,
   results included, needs nothing more: a facilitator reads the whole of
   their project.  For the actions in AT_OWN_SITES a facilitator also needs
   the object's site among their own sites (`User.sites`); an object of the
   whole project (a project, or a survey for all pilot sites) may be changed
   by a facilitator of any of that project's sites.

AT_OWN_SITES holds what changes a site's work or its participants, and the
downloads that carry participant codes: survey exports list every response
with the participant's code (linked surveys), so they count as changing
actions, while results, which show suppressed counts only, count as reading.

An object that cannot say where it belongs (no `access_scope`) is an error in
the calling code: `can()` raises TypeError rather than guess.
"""
from enum import StrEnum
from functools import wraps

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..extensions import db


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
    "surveys.export": STAFF,
    "prototypes.view": STAFF,
    "prototypes.edit": frozenset({Role.ADMIN, Role.FACILITATOR}),
    "prototypes.results": STAFF,
    "prototypes.export": STAFF,
    "prototypes.listen": STAFF,  # the recordings of voice comments, like an export: a facilitator's own sites only
    "history.view": STAFF,
    "audit.view": frozenset({Role.ADMIN}),
    "privacy.manage": frozenset({Role.ADMIN}),
    "requirements.view": STAFF,
    "requirements.edit": frozenset({Role.ADMIN, Role.RESEARCHER}),
    "immerse.view": STAFF,
    "immerse.configure": frozenset({Role.ADMIN, Role.RESEARCHER}),
    "authorities.manage": frozenset({Role.ADMIN}),
    "authorities.releases": frozenset({Role.ADMIN, Role.RESEARCHER}),
    "authorities.read": frozenset({Role.OFFICER}),  # records through the firewall, for their authority's purposes
    # The policy brief's recommendations: read per pilot country (a facilitator: their own sites' countries).
    "recommendations.view": STAFF,
    "recommendations.edit": frozenset({Role.ADMIN, Role.RESEARCHER}),
    # Building the handbook or brief: of one site (a facilitator: their own), or of the whole project.
    "handbook.build": STAFF,
    "handbook.build_project": frozenset({Role.ADMIN, Role.RESEARCHER}),
    # Shows one stored record, protected attributes included, beside what an authority would see of it.
    "immerse.preview": frozenset({Role.ADMIN, Role.RESEARCHER}),
    "profiles.view": STAFF,
    "profiles.import": frozenset({Role.ADMIN, Role.FACILITATOR}),
    "profiles.edit": frozenset({Role.ADMIN, Role.FACILITATOR}),  # rectification, and whose profile it is
    "opportunities.view": STAFF,
    "matching.view": STAFF,  # which profiles a facilitator matches is decided by "profiles.view"
    "matching.audit": frozenset({Role.ADMIN, Role.RESEARCHER}),  # reads a protected attribute of everyone
}

# Actions a facilitator may do only at their own pilot sites (see the module's docstring).
AT_OWN_SITES = frozenset({
    "sites.edit", "workshops.edit", "participants.manage", "surveys.edit", "surveys.export",
    "prototypes.edit", "prototypes.export", "prototypes.listen", "recommendations.view", "handbook.build",
    "profiles.view", "profiles.import", "profiles.edit",  # a facilitator: only their own sites' profiles
})


def can(action, obj=None, *, user=None):
    """May `user` (default: the current user) do `action`, to `obj` when one is given?"""
    user = user if user is not None else current_user
    if not user or not user.is_authenticated:
        return False
    if user.role not in POLICY.get(action, frozenset()):
        return False
    if obj is None:
        return True
    project_id, site_id = _scope(obj)  # asked for administrators too: a wrong object fails at once
    if user.role == Role.ADMIN:
        return True
    if project_id not in {project.id for project in user.projects} | {site.project_id for site in user.sites}:
        return False
    if action in AT_OWN_SITES and user.role == Role.FACILITATOR:
        if site_id is None:  # the whole project's: a facilitator of any of its sites
            return any(site.project_id == project_id for site in user.sites)
        return site_id in {site.id for site in user.sites}
    return True


def _scope(obj):
    try:
        return obj.access_scope
    except AttributeError:
        raise TypeError(f"{type(obj).__name__} has no access_scope: can() cannot tell where it belongs") from None


def check(action, obj):
    """`obj` when the current user may do `action` to it; 404 when it is None, 403 when not allowed."""
    if obj is None:
        abort(404)
    if not can(action, obj):
        abort(403)
    return obj


def load_or_404(model, ident, action=None):
    """The `model` row with this id: 404 when missing, 403 when `action` is given and not allowed on it."""
    obj = db.session.get(model, ident) if ident is not None else None
    if obj is None:
        abort(404)
    return check(action, obj) if action else obj


def allowed(action, objects):
    """The objects among `objects` the current user may do `action` to (for lists: a user's projects)."""
    return [obj for obj in objects if can(action, obj)]


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
