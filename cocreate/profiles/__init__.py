"""Profiles and opportunities, shared by every IMMERSE piece: migrants' profiles (their protected attributes in
a table of their own), job and training opportunities, and the ESCO taxonomy they are named in.

`services` is the public API the firewall preview, matching, authorities and privacy read profiles through.
This package imports no feature.
"""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("profiles", __name__, template_folder="templates")

from ..history import register_actions
from . import models, views  # noqa: F401

register_actions({  # how the record of changes names this package's actions
    "profiles.profile_added": _l("added an IMMERSE profile"),
    "profiles.opportunity_added": _l("added an opportunity"),
})
