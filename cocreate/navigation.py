"""The main menu: each entry shows only to those the policy lets use it."""
from flask import request
from flask_babel import lazy_gettext as _l

from .auth.permissions import can

# (endpoint, action the policy must allow or None, label, endpoints that belong to the entry's section)
MAIN_MENU = [
    ("main.index", None, _l("Home"), ("main.index",)),
    ("projects.index", "projects.view", _l("Projects"), ("projects.",)),
    ("workshops.index", "workshops.view", _l("Workshops"), ("workshops.",)),
    ("surveys.index", "surveys.view", _l("Surveys"), ("surveys.",)),
    ("prototypes.index", "prototypes.view", _l("Prototypes"), ("prototypes.",)),
    ("requirements.index", "requirements.view", _l("Requirements"), ("requirements.",)),
    ("immerse.index", "immerse.view", _l("IMMERSE"), ("immerse.",)),
    ("authorities.officer", "authorities.read", _l("Records"), ("authorities.officer",)),
    ("authorities.index", "authorities.manage", _l("Authorities"),
     ("authorities.index", "authorities.create", "authorities.edit", "authorities.tokens")),
    ("authorities.releases", "authorities.releases", _l("Releases"), ("authorities.releases",)),
    ("auth.users", "users.manage", _l("Accounts"), ("auth.users", "auth.create_user", "auth.edit_user")),
    ("privacy.index", "privacy.manage", _l("Data rights"), ("privacy.",)),
]


def navigation():
    """The menu entries the current user may open, as (endpoint, label, aria-current value or None).

    The entry of the page itself is "page"; the entry of the section the page belongs to is "true".
    """
    here = request.endpoint or ""
    entries = []
    for endpoint, action, label, section in MAIN_MENU:
        if action is not None and not can(action):
            continue
        if here == endpoint:
            current = "page"
        elif any(here == part or (part.endswith(".") and here.startswith(part)) for part in section):
            current = "true"
        else:
            current = None
        entries.append((endpoint, label, current))
    return entries
