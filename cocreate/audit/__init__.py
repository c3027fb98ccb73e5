"""The audit log: an append-only record of what touches people's data and who may see it.

A shared package, like `history`, that listens to `signals.data_changed`; it keeps only the actions that the
packages name with `register_audited`: those the data-protection promises are about (sign-ins, exports, consent, erasure and deletion of people's data, role
and membership changes, configuration). Each entry is chained to the one before by a SHA-256 digest, and the
last digest is kept beside the entries, so that a changed, removed or inserted entry is found by
`flask --app cocreate audit verify` and shown on the administrators' page.
"""
from flask import Blueprint

bp = Blueprint("audit", __name__, template_folder="templates")

from .services import AUDITED, init_app, register_audited  # noqa: E402,F401
from . import cli, models, views  # noqa: E402,F401
