"""JSON of a project's trace, for other tools (a signed-in staff member's session, read only):

GET /api/v1/projects/<slug>/traceability
  200 {"project": slug, "requirements": [{"identifier": "REQ-001", "title", "statement", "type", "priority",
       "status", "derived", "refines": ["REQ-…"], "conflicts": ["REQ-…"],
       "evidence": [{"kind", "ref", "justification", "site", "stakeholder_group", "withdrawn_on"}],
       "configuration_items": [{"key", "suspect", "suspect_reason"}]}, …]}
  401 not signed in · 403 not staff of that project · 404 no such project

Evidence is named by its kind and reference (`quote:12`) with where it came from; never its text, a
participant's code or special-category data: what a reference may show is for the evidence's own pages to
decide, with their consent checks.
"""
from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import can
from ..projects.services import get_project_by_slug
from . import api_bp as bp
from . import exchange


@bp.get("/<slug>/traceability")
def traceability(slug):
    if not current_user.is_authenticated:
        return jsonify({"error": _("Sign in first.")}), 401
    project = get_project_by_slug(slug)
    if project is None:
        return jsonify({"error": _("There is no such project.")}), 404
    if not can("requirements.view", project):
        return jsonify({"error": _("You may not read this project's requirements.")}), 403
    return jsonify({"project": project.slug, "requirements": [_requirement(record)
                                                              for record in exchange.records(project)]})


def _requirement(record):
    fields = record.fields
    return {
        "identifier": record.identifier, "title": fields["title"], "statement": fields["statement"],
        "type": fields["type"], "priority": fields["priority"], "status": fields["status"],
        "derived": fields["derived"],
        "refines": [f"REQ-{number:03d}" for number in sorted(record.refines)],
        "conflicts": [f"REQ-{number:03d}" for number in sorted(record.conflicts)],
        "evidence": [{"kind": evidence.kind, "ref": evidence.ref, "justification": evidence.justification,
                      "site": evidence.site or None, "stakeholder_group": evidence.group or None,
                      "withdrawn_on": evidence.removed_on or None} for evidence in record.evidence],
        "configuration_items": [{"key": key, "suspect": suspect, "suspect_reason": reason or None}
                                for key, (suspect, reason) in sorted(record.items.items())],
    }
