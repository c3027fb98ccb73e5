"""Surveys: multilingual questionnaires, answered by participants on their phones.

Three blueprints: `surveys` (the builder, results and exports for staff, at
/surveys/), `answer` (the participant pages at /s/<code>, no account needed)
and `surveys_api` (JSON for data-collection clients, at /api/v1/surveys/).
"""
from flask import Blueprint

bp = Blueprint("surveys", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static")
answer_bp = Blueprint("answer", __name__, template_folder="templates")
api_bp = Blueprint("surveys_api", __name__)

from . import models  # noqa: E402,F401
from . import api, answer, evidence, views  # noqa: E402,F401

evidence.register()
