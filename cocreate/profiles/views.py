"""Staff pages of profiles and opportunities: lists, one profile or opportunity, and the CSV import.

A profile's page never shows its protected attributes; a facilitator sees only their own pilot sites' profiles.
"""
import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import Role, allowed, check, load_or_404, permission_required
from ..extensions import db
from ..i18n import current_language
from ..participants.services import get_participant, get_participant_by_code
from ..projects.services import get_project_by_slug, list_projects
from . import bp, importing, services
from .forms import ImportForm, RectifyForm
from .labels import (
    AVAILABILITY_LABELS,
    CHANNEL_LABELS,
    KIND_LABELS,
    RECOGNITION_LABELS,
    WORK_PERMIT_LABELS,
    field_label,
    problem_message,
    refusal_message,
)
from .models import Opportunity, Profile

VIEW, IMPORT, OPPORTUNITIES, EDIT = "profiles.view", "profiles.import", "opportunities.view", "profiles.edit"
PER_PAGE = 50
LABELS = {"availability_labels": AVAILABILITY_LABELS, "channel_labels": CHANNEL_LABELS, "kind_labels": KIND_LABELS,
          "recognition_labels": RECOGNITION_LABELS, "work_permit_labels": WORK_PERMIT_LABELS,
          "field_label": field_label}


def _project(slug, action):
    return check(action, get_project_by_slug(slug))


def _own_site_ids(project):
    """The sites whose profiles the current user reads: None for all of them."""
    if current_user.role == Role.FACILITATOR:
        return [site.id for site in current_user.sites if site.project_id == project.id]
    return None


def _flagged(model):
    return sa.cast(model.unknown_uris, sa.String) != "[]"


@bp.get("/")
@permission_required(VIEW)
def index():
    projects = allowed(VIEW, list_projects())
    counts = {}
    for project in projects:
        own = _own_site_ids(project)
        query = sa.select(sa.func.count()).select_from(Profile).where(Profile.project_id == project.id)
        counts[project.id] = db.session.scalar(query if own is None else query.where(Profile.site_id.in_(own)))
    return render_template("profiles/index.html", projects=projects, counts=counts)


@bp.get("/projects/<slug>")
@permission_required(VIEW)
def project_profiles(slug):
    project = _project(slug, VIEW)
    sites = project.sites
    own = _own_site_ids(project)
    if own is not None:
        sites = [site for site in sites if site.id in own]
    query = sa.select(Profile).where(Profile.project_id == project.id).order_by(Profile.id)
    if own is not None:
        query = query.where(Profile.site_id.in_(own))
    code = request.args.get("site", "").strip().upper()
    site = next((site for site in sites if site.code == code), None)
    if code and site is None:
        abort(404)
    if site is not None:
        query = query.where(Profile.site_id == site.id)
    flagged = request.args.get("flagged") == "1"
    if flagged:
        query = query.where(_flagged(Profile))
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    return render_template("profiles/list.html", project=project, page=page, sites=sites, site=site,
                           flagged=flagged, **LABELS)


@bp.get("/<int:profile_id>")
@permission_required(VIEW)
def profile(profile_id):
    found = load_or_404(Profile, profile_id, VIEW)
    uris = set(found.skills) | {entry["occupation"] for entry in found.work_experience}
    return render_template("profiles/profile.html", profile=found, project=found.project,
                           labels=services.labels(uris, current_language()), **LABELS)


@bp.route("/<int:profile_id>/edit", methods=["GET", "POST"])
@permission_required(EDIT)
def rectify(profile_id):
    """Correct a profile (the right to rectification), and say whose it is.  The protected attributes are never
    shown: what is typed replaces them, an empty field keeps them."""
    found = load_or_404(Profile, profile_id, EDIT)
    record = services.records(found.project_id, [name for name in services.ATTRIBUTES
                                                 if name not in services.PROTECTED], ids=[found.id])[0]
    holder = get_participant(found.participant_id) if found.participant_id is not None else None
    form = RectifyForm() if request.method == "POST" else RectifyForm(
        formdata=None, data={**importing.profile_cells(record), "participant": holder.code if holder else ""})
    messages = []
    if form.validate_on_submit():
        cells = {name: form[name].data or "" for name in importing.PROFILE_COLUMNS if name in form}
        data, problems = importing.profile_data(cells)
        data = {name: value for name, value in data.items()
                if name not in services.PROTECTED or (cells.get(name) or "").strip()}
        code = (form.participant.data or "").strip()
        participant = get_participant_by_code(code, found.project) if code else None
        if code and participant is None:
            messages.append(_("There is no participant with the code %(code)s in this project.", code=code))
        if not problems:
            try:
                services.rectify_profile(found, data, actor=current_user)
            except services.RecordError as refused:
                problems = refused.problems
        messages += [problem_message(_hidden_value(problem)) for problem in problems]
        if not messages:
            if (participant.id if participant is not None else None) != found.participant_id:
                services.attach_participant(found, participant, actor=current_user)
            db.session.commit()
            flash(_("The profile was corrected."), "success")
            return redirect(url_for(".profile", profile_id=found.id))
        db.session.rollback()
        for name in services.PROTECTED:  # never sent back
            form[name].data = ""
    return render_template("profiles/rectify.html", profile=found, project=found.project, form=form,
                           messages=messages, protected=services.PROTECTED), 400 if request.method == "POST" else 200


def corrections(participant_id):
    """[(label, URL)] of the rectification pages of the participant's profiles."""
    ids = db.session.scalars(sa.select(Profile.id).where(Profile.participant_id == participant_id)
                             .order_by(Profile.id)).all()
    return [(_("Correct profile %(number)d", number=profile_id), url_for("profiles.rectify", profile_id=profile_id))
            for profile_id in ids]


def _hidden_value(problem):
    """A problem of a protected attribute says what is wrong, never the value."""
    if problem.field in services.PROTECTED:
        return services.Problem(problem.code, problem.field, {"value": "…"}, problem.warning)
    return problem


@bp.get("/projects/<slug>/opportunities")
@permission_required(OPPORTUNITIES)
def opportunities(slug):
    project = _project(slug, OPPORTUNITIES)
    query = sa.select(Opportunity).where(Opportunity.project_id == project.id).order_by(Opportunity.id)
    kind = request.args.get("kind", "")
    if kind in services.OPPORTUNITY_KINDS:
        query = query.where(Opportunity.kind == kind)
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    return render_template("profiles/opportunities.html", project=project, page=page, kind=kind, **LABELS)


@bp.get("/opportunities/<int:opportunity_id>")
@permission_required(OPPORTUNITIES)
def opportunity(opportunity_id):
    found = load_or_404(Opportunity, opportunity_id, OPPORTUNITIES)
    uris = set(found.essential_skills) | set(found.optional_skills) | ({found.occupation} if found.occupation else set())
    return render_template("profiles/opportunity.html", opportunity=found, project=found.project,
                           labels=services.labels(uris, current_language()), **LABELS)


@bp.route("/projects/<slug>/import", methods=["GET", "POST"])
@permission_required(IMPORT)
def import_file(slug):
    project = _project(slug, IMPORT)
    form = ImportForm()
    plan = None
    status = 200
    if form.validate_on_submit():
        try:
            plan = importing.plan(project, form.file.data.read(), form.kind.data or None)
        except importing.ImportRefused as refused:
            flash(refusal_message(refused), "error")
            status = 400
        else:
            _only_own_sites(project, plan)
            if not plan.ok:
                db.session.rollback()
                flash(_("Nothing was written: correct the rows below and import the file again."), "error")
                status = 400
            elif form.dry_run.data:
                db.session.rollback()
                flash(_("The file can be imported; nothing was written."), "info")
            else:
                written = importing.apply(project, plan, actor=current_user)
                db.session.commit()
                flash(_("%(count)d rows written.", count=written), "success")
    elif request.method == "POST":
        status = 400
    return render_template("profiles/import.html", project=project, form=form, plan=plan,
                           problem_message=problem_message, columns=importing.KINDS), status


def _only_own_sites(project, plan):
    """A facilitator imports only rows of their own sites."""
    own = _own_site_ids(project)
    if own is None:
        return
    for row in plan.rows:
        if row.site is None or row.site.id not in own:
            row.problems.append(services.Problem("not_your_site", "site",
                                                 {"value": row.site.code if row.site else ""}))
