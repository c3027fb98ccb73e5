"""Staff pages of matching: a profile's ranked opportunities, an opportunity's ranked candidates (by pseudonym),
and the fairness audit (administrators and researchers).  A facilitator's matcher holds only the profiles of
their own pilot sites, as the profiles pages decide."""
from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user

from immerse_core.fairness import FairnessError
from immerse_core.matching import MatchingError

from ..auth.permissions import Role, load_or_404, permission_required
from ..extensions import db
from ..i18n import current_language
from ..profiles import services as profiles
from ..profiles.labels import AVAILABILITY_LABELS, KIND_LABELS, RECOGNITION_LABELS
from ..profiles.models import Opportunity, Profile
from ..signals import accessed
from . import bp, matching
from .matching_labels import (
    AUDIT_ATTRIBUTE_LABELS,
    audit_reading,
    group_label,
    refusal_message,
)
from .views import project_or_404

VIEW, AUDIT = "matching.view", "matching.audit"
LABELS = dict(kind_labels=KIND_LABELS, availability_labels=AVAILABILITY_LABELS,
              recognition_labels=RECOGNITION_LABELS)


def own_site_ids(project):
    """The sites whose profiles the current user's matcher holds: None for all of them."""
    if current_user.role == Role.FACILITATOR:
        return [site.id for site in current_user.sites if site.project_id == project.id]
    return None


def secret():
    return current_app.config["SECRET_KEY"].encode()


def skill_labels(matches, offers):
    uris = set()
    for match in matches:
        uris.update(match.matched_skills, match.missing_skills)
    for offer in offers:
        uris.update(offer["essential_skills"], offer["optional_skills"])
    return profiles.labels(uris, current_language())


@bp.get("/matching/projects/<slug>")
@permission_required(VIEW)
def matching_index(slug):
    """Pick a profile (by number) or an opportunity."""
    project = project_or_404(slug, VIEW)
    return render_template("immerse/matching.html", project=project,
                           opportunities=profiles.opportunities(project.id), **LABELS)


@bp.get("/matching/profiles")
@permission_required(VIEW)
def match_profile_by_number():
    """The picking form's answer: the chosen profile's page (404 when the number names none)."""
    profile = load_or_404(Profile, request.args.get("profile", type=int), "profiles.view")
    return redirect(url_for(".match_profile", profile_id=profile.id, limit=request.args.get("limit") or None))


def _ranked(project, rank, **context):
    """The page of one profile's or one opportunity's ranked results; a refusal ranks nothing (400)."""
    context.update(project=project, matches=None, **LABELS)
    try:
        limit = matching.parse_limit(request.args.get("limit"))
        matcher, offers = matching.build_matcher(project, secret(), site_ids=own_site_ids(project))
        matches = rank(matcher, limit)
    except MatchingError as refused:
        return render_template("immerse/ranked.html", refusal=refusal_message(refused), **context), 400
    return render_template("immerse/ranked.html", **{**context, "matches": matches}, limit=limit,
                           offers={offer["id"]: offer for offer in offers}, labels=skill_labels(matches, offers))


@bp.get("/matching/profiles/<int:profile_id>")
@permission_required(VIEW)
def match_profile(profile_id):
    """A profile's ranked opportunities with the reasons of each."""
    profile = load_or_404(Profile, profile_id, "profiles.view")
    return _ranked(profile.project, lambda matcher, limit: matcher.top_opportunities(profile.id, limit),
                   profile=profile)


@bp.get("/matching/opportunities/<int:opportunity_id>")
@permission_required(VIEW)
def match_opportunity(opportunity_id):
    """An opportunity's ranked candidates, by pseudonym, with the reasons of each."""
    opportunity = load_or_404(Opportunity, opportunity_id, "opportunities.view")
    return _ranked(opportunity.project, lambda matcher, limit: matcher.top_candidates(opportunity.id, limit),
                   opportunity=opportunity)


@bp.get("/matching/projects/<slug>/fairness")
@permission_required(AUDIT)
def fairness_audit(slug):
    """The fairness audit of the project's rankings, by one protected attribute; each run is in the audit log."""
    project = project_or_404(slug, AUDIT)
    attribute = request.args.get("attribute", "")
    kind = request.args.get("kind", "") or None
    context = {"project": project, "attribute": attribute, "kind": kind or "", "top_n": request.args.get("top", ""),
               "attribute_labels": AUDIT_ATTRIBUTE_LABELS, "max_top_n": matching.MAX_TOP_N,
               "group_label": group_label, "result": None, **LABELS}
    if not attribute:
        context["top_n"] = matching.DEFAULT_LIMIT
        return render_template("immerse/fairness.html", **context)
    try:
        if attribute not in matching.AUDIT_ATTRIBUTES:
            raise FairnessError(attribute, code="bad_attribute")
        if kind is not None and kind not in profiles.OPPORTUNITY_KINDS:
            raise FairnessError(kind, code="bad_kind")
        top_n = matching.parse_top_n(request.args.get("top"))
        result = matching.run_audit(project, secret(), attribute, top_n, kind=kind)
    except (MatchingError, FairnessError) as refused:
        return render_template("immerse/fairness.html", refusal=refusal_message(refused), **context), 400
    accessed("immerse.fairness_audited", project, actor=current_user, attribute=attribute, top_n=top_n,
             kind=kind or "all")
    db.session.commit()
    from .charts import fairness_chart  # Bokeh is imported when a chart is drawn

    return render_template("immerse/fairness.html", **{**context, "result": result, "top_n": top_n},
                           reading=audit_reading(result), chart=fairness_chart(result))
