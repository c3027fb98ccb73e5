"""Workshops at the pilot sites: sessions, participants and consent, notes, quotes, artifacts, codebook."""
from flask import Blueprint

bp = Blueprint("workshops", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static")

from . import views  # noqa: E402,F401
