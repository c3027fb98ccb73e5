"""The record of who changed what: every change a signed-in person makes, kept and shown per project.

A shared package: it listens to `signals.data_changed`, so features record nothing themselves; they
only name their actions (`register_actions`) so that the record reads in the reader's language.
"""
from flask import Blueprint

bp = Blueprint("history", __name__, template_folder="templates")

from .services import init_app, register_actions  # noqa: E402,F401
from . import models, views  # noqa: E402,F401
