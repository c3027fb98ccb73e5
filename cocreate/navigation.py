"""The main menu: each entry shows only to those the policy lets use it."""
from flask_babel import lazy_gettext as _l

from .auth.permissions import can

MAIN_MENU = [
    ("main.index", None, _l("Home")),
    ("projects.index", "projects.view", _l("Projects")),
    ("workshops.index", "workshops.view", _l("Workshops")),
    ("surveys.index", "surveys.view", _l("Surveys")),
    ("prototypes.index", "prototypes.view", _l("Prototypes")),
    ("auth.users", "users.manage", _l("Accounts")),
]


def navigation():
    """(endpoint, action, label) of the menu entries the current user may open."""
    return [entry for entry in MAIN_MENU if entry[1] is None or can(entry[1])]
