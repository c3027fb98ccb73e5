"""Workshops at the pilot sites: sessions and agenda, attendance, notes, quotes, pictures, storyboards,
reflections and the methods library.  Notes, quotes and storyboard frames are registered as evidence."""
from flask import Blueprint

bp = Blueprint("workshops", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static")

from . import evidence, views  # noqa: E402,F401

evidence.register()
