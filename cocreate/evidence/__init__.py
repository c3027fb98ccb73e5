"""Evidence, shared by every feature: the registry of evidence kinds, the codebook and codings, search,
frequencies, co-occurrence and the coded-excerpts export.

`registry.EVIDENCE_KINDS` starts empty; each feature registers its kinds from its own package.
"""
from flask import Blueprint

bp = Blueprint("evidence", __name__, template_folder="templates")

from . import models  # noqa: E402,F401
from . import views  # noqa: E402,F401
