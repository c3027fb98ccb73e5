"""JSON of matching, for other tools (a signed-in staff member's session, read only):

GET /api/v1/matching/profiles/<id>/opportunities?limit=N
GET /api/v1/matching/opportunities/<id>/candidates?limit=N
  200 {"profile" | "opportunity": id, "limit": N, "results": [{"opportunity", "candidate", "score",
       "matched_skills", "missing_essential_skills", "missing_optional_skills", "language_gaps",
       "qualification_credit", "region_met", "schedule_met", "training"}, …]}
  400 a limit out of range or not a number, or data the matcher refuses · 401 not signed in
  403 not staff, or a profile of another pilot site (a facilitator) · 404 no such profile or opportunity

Candidates are named by their pseudonym for job matching, never by id; responses are never cached.
"""
from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from immerse_core.matching import MatchingError

from ..auth.permissions import can
from ..extensions import db
from ..profiles.models import Opportunity, Profile
from . import matching
from . import matching_api_bp as bp
from .matching_labels import refusal_message
from .matching_views import VIEW, own_site_ids, secret


def _json(body, status=200):
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def _load(model, ident, action):
    """(object, None) or (None, an error response)."""
    if not current_user.is_authenticated:
        return None, _json({"error": _("Sign in first.")}, 401)
    if not can(VIEW):
        return None, _json({"error": _("Matching is for project staff.")}, 403)
    found = db.session.get(model, ident)
    if found is None:
        return None, _json({"error": _("There is no such record.")}, 404)
    if not can(action, found):
        return None, _json({"error": _("You may not match this record.")}, 403)
    return found, None


def _result(match):
    return {"opportunity": match.opportunity_id, "candidate": match.candidate, "score": match.score,
            "matched_skills": list(match.matched_skills),
            "missing_essential_skills": list(match.missing_essential),
            "missing_optional_skills": list(match.missing_optional),
            "language_gaps": [{"language": gap.language, "required": gap.required, "level": gap.level}
                              for gap in match.language_gaps],
            "qualification_credit": match.qualification_credit, "region_met": match.region_met,
            "schedule_met": match.schedule_met,
            "training": {skill: list(ids) for skill, ids in sorted(match.training.items())}}


def _ranked(project, rank):
    try:
        limit = matching.parse_limit(request.args.get("limit"))
        matcher, _offers = matching.build_matcher(project, secret(), site_ids=own_site_ids(project))
        return limit, [_result(match) for match in rank(matcher, limit)], None
    except MatchingError as refused:
        return None, None, _json({"error": refusal_message(refused), "code": refused.code}, 400)


@bp.get("/profiles/<int:profile_id>/opportunities")
def profile_opportunities(profile_id):
    profile, error = _load(Profile, profile_id, "profiles.view")
    if error is not None:
        return error
    limit, results, error = _ranked(profile.project, lambda matcher, n: matcher.top_opportunities(profile.id, n))
    return error or _json({"profile": profile.id, "limit": limit, "results": results})


@bp.get("/opportunities/<int:opportunity_id>/candidates")
def opportunity_candidates(opportunity_id):
    opportunity, error = _load(Opportunity, opportunity_id, "opportunities.view")
    if error is not None:
        return error
    limit, results, error = _ranked(opportunity.project,
                                    lambda matcher, n: matcher.top_candidates(opportunity.id, n))
    return error or _json({"opportunity": opportunity.id, "limit": limit, "results": results})
