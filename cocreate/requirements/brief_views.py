"""The staff pages of the policy brief's recommendations: per pilot country of a project, an ordered list
that the project team (administrators, researchers) writes; facilitators read their own sites' countries."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..auth.permissions import can, check, load_or_404, permission_required
from ..evidence.services import (
    code_frequencies,
    codebook,
    coded_excerpts,
    excerpts_shown,
    shown_frequencies,
    theme_strength,
)
from ..extensions import db
from ..i18n import LANGUAGES, country_name
from ..participants.models import StakeholderGroup
from ..projects.services import get_project_by_slug
from . import bp
from . import recommendations as service
from .forms import DeleteForm, MoveForm, RecommendationForm
from .models import Recommendation
from .services import requirements_of

VIEW, EDIT = "recommendations.view", "recommendations.edit"


def country_or_404(project, country, action):
    """The project's sites in `country`: 404 when it has none, 403 when the user may not do `action` at any."""
    sites = service.sites_in(project, country)
    if not sites:
        abort(404)
    if not any(can(action, site) for site in sites):
        abort(403)
    return sites


def recommendation_or_404(recommendation_id, action):
    return load_or_404(Recommendation, recommendation_id, action)


def _form(project, **kwargs):
    form = RecommendationForm(**kwargs)
    form.language.choices = [SelectChoice(code, name) for code, name in LANGUAGES.items()]
    form.themes.choices = [SelectChoice(code.id, ("— " * depth) + code.name) for code, depth in codebook(project)]
    form.requirements.choices = [SelectChoice(r.id, f"{r.identifier} {r.title}") for r in requirements_of(project)]
    return form


def _save(form, project, country, recommendation=None):
    """Save from a validated form; the error's message on the form when refused (nothing written)."""
    try:
        service.save_recommendation(project, recommendation, country=country, text=form.text.data,
                                    language=form.language.data, theme_ids=form.themes.data or (),
                                    requirement_ids=form.requirements.data or (), actor=current_user)
    except service.RecommendationError as refused:
        db.session.rollback()
        form.text.errors.append(str(refused))
        return False
    db.session.commit()
    return True


@bp.get("/projects/<slug>/brief")
@permission_required(VIEW)
def brief(slug):
    """The pilot countries of the project whose recommendations the user may read."""
    project = check("projects.view", get_project_by_slug(slug))
    countries = [(country, country_name(country), len(service.recommendations_of(project, country)))
                 for country in service.pilot_countries(project)
                 if any(can(VIEW, site) for site in service.sites_in(project, country))]
    return render_template("requirements/brief.html", project=project, countries=countries)


@bp.get("/projects/<slug>/brief/<country>")
@permission_required(VIEW)
def country_brief(slug, country):
    project = check("projects.view", get_project_by_slug(slug))
    sites = country_or_404(project, country, VIEW)
    codes = {site.code for site in sites}
    excerpts = coded_excerpts(project)
    strength = theme_strength([e for e in excerpts if e.site.code in codes])
    rows, all_sites = code_frequencies(project, excerpts=excerpts)
    rows = shown_frequencies(rows, all_sites, list(StakeholderGroup))
    names = {row.code.id: row.code.name for row in rows}
    shown = excerpts_shown(rows, codes)
    # The excerpts as the analysis page allows them (a hidden count after every shown one: no order tells it).
    barriers = sorted(((names[code_id], shown[code_id], found) for code_id, found in strength.items()
                       if code_id in names),
                      key=lambda item: (item[1].suppressed, -(item[1].value or 0), item[0]))
    return render_template("requirements/country_brief.html", project=project, country=country, sites=sites,
                           recommendations=service.recommendations_of(project, country), barriers=barriers,
                           may_edit=can(EDIT, project), language_name=LANGUAGES.get)


@bp.route("/projects/<slug>/brief/<country>/new", methods=["GET", "POST"])
@permission_required(EDIT)
def create_recommendation(slug, country):
    project = check(EDIT, get_project_by_slug(slug))
    country_or_404(project, country, EDIT)
    form = _form(project)
    if form.validate_on_submit() and _save(form, project, country):
        flash(_("The recommendation was added at the end of the list."), "success")
        return redirect(url_for(".country_brief", slug=project.slug, country=country))
    return render_template("requirements/recommendation_form.html", form=form, project=project, country=country,
                           recommendation=None), (400 if form.is_submitted() else 200)


@bp.route("/recommendations/<int:recommendation_id>/edit", methods=["GET", "POST"])
@permission_required(EDIT)
def edit_recommendation(recommendation_id):
    recommendation = recommendation_or_404(recommendation_id, EDIT)
    project, country = recommendation.project, recommendation.country
    form = _form(project, obj=recommendation)
    if not form.is_submitted():
        form.themes.data = [code.id for code in recommendation.themes]
        form.requirements.data = [r.id for r in recommendation.requirements]
    if form.validate_on_submit() and _save(form, project, country, recommendation):
        flash(_("The recommendation was saved."), "success")
        return redirect(url_for(".country_brief", slug=project.slug, country=country))
    return render_template("requirements/recommendation_form.html", form=form, project=project, country=country,
                           recommendation=recommendation), (400 if form.is_submitted() else 200)


@bp.route("/recommendations/<int:recommendation_id>/delete", methods=["GET", "POST"])
@permission_required(EDIT)
def delete_recommendation(recommendation_id):
    recommendation = recommendation_or_404(recommendation_id, EDIT)
    slug, country = recommendation.project.slug, recommendation.country
    form = DeleteForm()
    if form.validate_on_submit():
        service.delete_recommendation(recommendation, actor=current_user)
        db.session.commit()
        flash(_("The recommendation was deleted."), "success")
        return redirect(url_for(".country_brief", slug=slug, country=country))
    return render_template("requirements/recommendation_delete.html", form=form, recommendation=recommendation), \
        (400 if form.is_submitted() else 200)


@bp.post("/recommendations/<int:recommendation_id>/move")
@permission_required(EDIT)
def move_recommendation(recommendation_id):
    recommendation = recommendation_or_404(recommendation_id, EDIT)
    slug, country = recommendation.project.slug, recommendation.country
    form = MoveForm()
    if form.validate_on_submit():
        service.move_recommendation(recommendation, form.direction.data, actor=current_user)
        db.session.commit()
    return redirect(url_for(".country_brief", slug=slug, country=country,
                            _anchor=f"recommendation-{recommendation_id}"))
