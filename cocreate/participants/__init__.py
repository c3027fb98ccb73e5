"""Participants, shared by every feature: pseudonymous codes, consent history, special-category profiles,
and the shell of the pages participants open on their phones (`shell.render_participant`).

Features below which nothing else sits (workshops, surveys, prototypes) import from here; this package
imports no feature.
"""
from flask import Blueprint

bp = Blueprint("participants", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static")

from . import models  # noqa: E402,F401
from . import shell, views  # noqa: E402,F401
