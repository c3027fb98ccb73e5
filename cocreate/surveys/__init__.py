"""Surveys: multilingual questionnaires, answered by participants on their phones."""
from flask import Blueprint

bp = Blueprint("surveys", __name__, template_folder="templates")

from . import views  # noqa: E402,F401
