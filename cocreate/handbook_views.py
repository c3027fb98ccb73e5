"""The web page that builds the handbook or a policy brief: choose the options, start a build (it runs in the
background, see `handbook_builds`), follow its progress, and download it; earlier builds are listed.

Administrators and researchers build for the whole project or one pilot site; a facilitator builds, sees and
downloads only builds of their own sites.  Like `handbook_data`, this module sits above the features."""
import io

from flask import Blueprint, abort, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional, ValidationError

from handbook import text as handbook_text

from .auth.permissions import can, check, load_or_404, permission_required
from .extensions import db
from .forms import enum_choices
from .handbook_builds import (
    BuildError,
    BuildStatus,
    DocumentKind,
    HandbookBuild,
    builds_query,
    launch,
    output_path,
    start_build,
)
from .history.services import register_actions
from .i18n import LANGUAGES
from .paging import paginate
from .projects.services import get_project_by_slug, get_site

bp = Blueprint("handbook", __name__)

register_actions({"handbook.build_started": _l("started a build of the handbook or a policy brief")})

BUILD, BUILD_PROJECT = "handbook.build", "handbook.build_project"
WHOLE_PROJECT = "-"


class BuildForm(FlaskForm):
    document = SelectField(_l("Document"), choices=enum_choices(DocumentKind), validators=[DataRequired()])
    scope = SelectField(_l("Scope"), validators=[DataRequired()])
    language = SelectField(_l("Language of the fixed text"), validators=[DataRequired()])
    date_from = DateField(_l("From (optional)"), validators=[Optional()])
    date_to = DateField(_l("Until (optional)"), validators=[Optional()])
    template = FileField(_l("Template: an organisation's .docx whose styles are used (optional)"))
    submit = SubmitField(_l("Start the build"))

    def validate_date_to(self, field):
        if self.date_from.data and field.data and self.date_from.data > field.data:
            raise ValidationError(_l("The first day comes after the last day."))


def action_on(build):
    """What one needs to be allowed to see a build: a site's build belongs to the site."""
    return BUILD if build.site_id is not None else BUILD_PROJECT


def build_or_404(build_id):
    build = load_or_404(HandbookBuild, build_id)
    return check(action_on(build), build)


def _form(project):
    form = BuildForm()
    scopes = [SelectChoice(WHOLE_PROJECT, _("Whole project"))] if can(BUILD_PROJECT, project) else []
    scopes += [SelectChoice(site.code, f"{site.code} · {site.city}") for site in sorted(project.sites,
                                                                                       key=lambda site: site.code)
               if can(BUILD, site)]
    form.scope.choices = scopes
    form.language.choices = [SelectChoice(code, LANGUAGES[code]) for code in handbook_text.LANGUAGES]
    return form


@bp.route("/projects/<slug>", methods=["GET", "POST"])
@permission_required(BUILD)
def builds(slug):
    project = check("projects.view", get_project_by_slug(slug))
    form = _form(project)
    if not form.scope.choices:
        abort(403)
    if form.validate_on_submit():
        site = None if form.scope.data == WHOLE_PROJECT else get_site(project, form.scope.data)
        upload = form.template.data
        template = upload.read() if upload and upload.filename else None
        try:
            if template is not None and not upload.filename.lower().endswith(".docx"):
                raise BuildError(_l("The template is not a Word document (.docx)."))
            build = start_build(project, site=site, document_kind=form.document.data, language=form.language.data,
                                date_from=form.date_from.data, date_to=form.date_to.data, template=template,
                                template_name=upload.filename if template is not None else "",
                                actor=current_user)
        except BuildError as refused:
            db.session.rollback()
            form.template.errors = [*form.template.errors, str(refused)]
        else:
            build_id = build.id
            db.session.commit()
            launch(build_id)
            return redirect(url_for(".build", build_id=build_id))
    page = paginate(builds_query(project, site_ids=[site.id for site in project.sites if can(BUILD, site)],
                                 whole_project=can(BUILD_PROJECT, project)))
    return render_template("handbook/builds.html", project=project, form=form, builds=page.items, page=page), \
        (400 if form.is_submitted() else 200)


@bp.get("/builds/<int:build_id>")
@permission_required(BUILD)
def build(build_id):
    build = build_or_404(build_id)
    return render_template("handbook/build.html", build=build, project=build.project,
                           waiting=build.status in (BuildStatus.QUEUED, BuildStatus.RUNNING))


@bp.get("/builds/<int:build_id>/download")
@permission_required(BUILD)
def download(build_id):
    build = build_or_404(build_id)
    path = output_path(build)
    if build.status != BuildStatus.DONE or not path.is_file():
        abort(404)
    response = send_file(io.BytesIO(path.read_bytes()), as_attachment=True, download_name=build.file_name,
                         mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response.headers["Cache-Control"] = "no-store"
    return response
