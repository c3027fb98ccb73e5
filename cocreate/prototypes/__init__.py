"""Prototypes: versions and screens of a service, and the feedback rounds on them."""
from flask import Blueprint

bp = Blueprint("prototypes", __name__, template_folder="templates")

from . import views  # noqa: E402,F401
