from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import Role, allowed, check, permission_required
from ..auth.services import set_memberships
from ..extensions import db
from . import bp, services
from .forms import PilotSiteForm, ProjectForm


def project_or_404(slug, action=None):
    """The project with this short name: 404 when there is none, 403 when `action` is given and not allowed."""
    project = services.get_project_by_slug(slug)
    return check(action, project) if action else project or abort(404)


def site_or_404(project, code, action=None):
    """The project's site with this code: 404 when there is none, 403 when `action` is given and not allowed."""
    site = services.get_site(project, code)
    return check(action, site) if action else site or abort(404)


@bp.get("/")
@permission_required("projects.view")
def index():
    return render_template("projects/index.html", projects=allowed("projects.view", services.list_projects()))


@bp.route("/new", methods=["GET", "POST"])
@permission_required("projects.edit")
def create():
    form = ProjectForm()
    if form.validate_on_submit():
        try:
            project = services.save_project(None, **_project_fields(form), actor=current_user)
        except services.ProjectError as error:
            db.session.rollback()
            form.slug.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Project %(name)s created.", name=project.name), "success")
            return redirect(url_for(".detail", slug=project.slug))
    return render_template("projects/project_form.html", form=form, project=None)


@bp.get("/<slug>")
@permission_required("projects.view")
def detail(slug):
    return render_template("projects/detail.html", project=project_or_404(slug, "projects.view"))


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@permission_required("projects.edit")
def edit(slug):
    project = project_or_404(slug, "projects.edit")
    form = ProjectForm(obj=project)
    if form.validate_on_submit():
        try:
            services.save_project(project, **_project_fields(form), actor=current_user)
        except services.ProjectError as error:
            db.session.rollback()
            form.slug.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Project %(name)s saved.", name=project.name), "success")
            return redirect(url_for(".detail", slug=project.slug))
    return render_template("projects/project_form.html", form=form, project=project)


@bp.route("/<slug>/sites/new", methods=["GET", "POST"])
@permission_required("sites.edit")
def create_site(slug):
    project = project_or_404(slug, "sites.edit")
    form = PilotSiteForm()
    if form.validate_on_submit():
        return _save_site(project, None, form)
    return render_template("projects/site_form.html", form=form, project=project, site=None)


@bp.route("/<slug>/sites/<code>/edit", methods=["GET", "POST"])
@permission_required("sites.edit")
def edit_site(slug, code):
    project = project_or_404(slug, "projects.view")
    site = site_or_404(project, code, "sites.edit")
    form = PilotSiteForm(obj=site)
    if form.validate_on_submit():
        return _save_site(project, site, form)
    return render_template("projects/site_form.html", form=form, project=project, site=site)


def _project_fields(form):
    return {name: getattr(form, name).data
            for name in ("slug", "name", "description", "start_date", "end_date")}


def _save_site(project, site, form):
    fields = {name: getattr(form, name).data for name in (
        "code", "country", "city", "host_languages", "participant_languages",
        "partner_organisation", "public_partner", "time_zone")}
    created = site is None
    try:
        site = services.save_site(project, site, **fields, actor=current_user)
    except services.ProjectError as error:
        db.session.rollback()
        form.code.errors.append(str(error))
        return render_template("projects/site_form.html", form=form, project=project, site=site)
    if created and current_user.role == Role.FACILITATOR:  # who opens a site works there
        set_memberships(current_user, projects=current_user.projects, sites=[*current_user.sites, site],
                        actor=current_user)
    db.session.commit()
    flash(_("Site %(code)s saved.", code=site.code), "success")
    return redirect(url_for(".detail", slug=project.slug))
