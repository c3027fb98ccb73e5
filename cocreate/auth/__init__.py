"""Staff accounts: log in and out, change password, manage accounts (admins).

Participants never have accounts; they join surveys and feedback rounds by code.
"""
from flask import Blueprint

bp = Blueprint("auth", __name__, template_folder="templates")

from . import views  # noqa: E402,F401  (routes register on bp)
