"""What the participant pages and the JSON API share: finding a survey by the code on the handout.

Both answer 404 for a code no survey has; the error handler makes that an HTML
page at /s/… and JSON under /api/ (see cocreate/errors.py). A survey that is
closed or not yet open is found: each endpoint says so in its own way.
"""
from flask import abort

from . import services


def survey_by_code_or_404(code):
    """The survey with this public code (case and spaces forgiven), or 404."""
    return services.get_survey_by_code(code) or abort(404)


def survey_to_answer_or_404(code):
    """(survey, definition of its current version) by public code, read in one query, or 404."""
    return services.get_survey_to_answer(code) or abort(404)
