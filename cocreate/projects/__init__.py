"""Projects and their pilot sites: the frame every workshop, survey and prototype belongs to."""
from flask import Blueprint

bp = Blueprint("projects", __name__, template_folder="templates")

from . import views  # noqa: E402,F401
