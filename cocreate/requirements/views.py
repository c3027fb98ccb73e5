from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..auth.permissions import allowed, can, check, load_or_404, permission_required
from ..configuration_items import link_of
from ..extensions import db
from ..participants.models import StakeholderGroup
from ..projects.services import get_project_by_slug, list_projects
from ..spreadsheets import csv_bytes, xlsx_bytes
from . import bp, coverage, services
from .forms import FIELD_LABELS, DeleteForm, RelationForm, RequirementForm, StatusForm
from .models import Priority, RelationKind, Requirement, RequirementType, Status
from .services import TRACKED_FIELDS, RequirementError

EDIT, VIEW = "requirements.edit", "requirements.view"


def project_or_404(slug, action):
    return check(action, get_project_by_slug(slug))


def requirement_or_404(requirement_id, action):
    """The requirement: 404 when there is none, 403 when the user may not do `action` to it."""
    return load_or_404(Requirement, requirement_id, action)


def _form(project, **kwargs):
    form = RequirementForm(**kwargs)
    form.site_codes.choices = [SelectChoice(site.code, f"{site.code} · {site.city}") for site in project.sites]
    return form


def _fields(form):
    return dict(title=form.title.data, statement=form.statement.data, rationale=form.rationale.data or "",
                type=RequirementType(form.type.data), priority=Priority(form.priority.data),
                stakeholder_groups=",".join(form.stakeholder_groups.data or []),
                site_codes=",".join(form.site_codes.data or []),
                acceptance_criteria=form.acceptance_criteria.data or "", derived=bool(form.derived.data),
                derived_justification=form.derived_justification.data or "")


FILTERS = {"type": RequirementType, "priority": Priority, "status": Status, "group": StakeholderGroup}


def _filters(*names):
    """The filters of a list page from the query string; a value that is not one of a filter's is dropped."""
    filters = {name: request.args.get(name, "").strip()[:200] for name in names}
    for name, enum_class in FILTERS.items():
        if filters.get(name) and filters[name] not in {member.value for member in enum_class}:
            filters[name] = ""
    return filters


def _options(project, *names):
    """What each filter of `names` offers, for the `select_filters` macro: [(name, label, [(value, text)])]."""
    offered = {
        "type": (_("Type"), [(member.value, member.label) for member in RequirementType]),
        "priority": (_("Priority"), [(member.value, member.label) for member in Priority]),
        "status": (_("Status"), [(member.value, member.label) for member in Status]),
        "site": (_("Pilot site"), [(site.code, site.code) for site in project.sites]),
        "group": (_("Stakeholder group"), [(member.value, member.label) for member in StakeholderGroup]),
    }
    return [(name, *offered[name]) for name in names]


@bp.get("/")
@permission_required(VIEW)
def index():
    return render_template("requirements/index.html", projects=allowed(VIEW, list_projects()))


@bp.get("/projects/<slug>")
@permission_required(VIEW)
def register(slug):
    project = project_or_404(slug, VIEW)
    filters = _filters("type", "priority", "status", "site", "group", "text")
    requirements = services.search(project, **filters)
    return render_template("requirements/register.html", project=project, requirements=requirements,
                           filters=filters, options=_options(project, "type", "priority", "status", "site", "group"),
                           may_edit=can(EDIT, project))


@bp.route("/projects/<slug>/new", methods=["GET", "POST"])
@permission_required(EDIT)
def create(slug):
    project = project_or_404(slug, EDIT)
    form = _form(project)
    if form.validate_on_submit():
        try:
            requirement = services.create_requirement(project, actor=current_user, **_fields(form))
        except RequirementError as refused:
            form.derived_justification.errors.append(str(refused))
        else:
            requirement_id, identifier = requirement.id, requirement.identifier
            db.session.commit()
            flash(_("%(identifier)s was added to the register.", identifier=identifier), "success")
            return redirect(url_for(".detail", requirement_id=requirement_id))
    return render_template("requirements/form.html", form=form, project=project, requirement=None), \
        (400 if form.is_submitted() else 200)


@bp.get("/<int:requirement_id>")
@permission_required(VIEW)
def detail(requirement_id):
    requirement = requirement_or_404(requirement_id, VIEW)
    outgoing, incoming = services.relations_of(requirement)
    relation_form = RelationForm()
    relation_form.target.choices = [SelectChoice(r.id, f"{r.identifier} {r.title}")
                                    for r in services.requirements_of(requirement.project) if r.id != requirement.id]
    return render_template("requirements/detail.html", requirement=requirement, outgoing=outgoing,
                           incoming=incoming, history=services.history_of(requirement),
                           status_form=StatusForm(), relation_form=relation_form, delete_form=DeleteForm(),
                           may_edit=can(EDIT, requirement), tracked=TRACKED_FIELDS, labels=FIELD_LABELS)


@bp.route("/<int:requirement_id>/edit", methods=["GET", "POST"])
@permission_required(EDIT)
def edit(requirement_id):
    requirement = requirement_or_404(requirement_id, EDIT)
    form = _form(requirement.project, obj=requirement)
    if request.method == "GET":
        form.stakeholder_groups.data = requirement.group_list
        form.site_codes.data = requirement.site_code_list
    if form.validate_on_submit():
        try:
            services.update_requirement(requirement, actor=current_user, **_fields(form))
        except RequirementError as refused:
            form.derived_justification.errors.append(str(refused))
        else:
            identifier = requirement.identifier
            db.session.commit()
            flash(_("%(identifier)s was saved.", identifier=identifier), "success")
            return redirect(url_for(".detail", requirement_id=requirement_id))
    return render_template("requirements/form.html", form=form, project=requirement.project,
                           requirement=requirement), (400 if form.is_submitted() else 200)


@bp.route("/<int:requirement_id>/delete", methods=["GET", "POST"])
@permission_required(EDIT)
def delete(requirement_id):
    requirement = requirement_or_404(requirement_id, EDIT)
    form = DeleteForm()
    slug, identifier = requirement.project.slug, requirement.identifier
    if form.validate_on_submit():
        services.delete_requirement(requirement, actor=current_user)
        db.session.commit()
        flash(_("%(identifier)s was deleted; its identifier will not be given again.", identifier=identifier),
              "success")
        return redirect(url_for(".register", slug=slug))
    outgoing, incoming = services.relations_of(requirement)
    count = len(outgoing) + len(incoming)
    goes = [ngettext("%(num)d relation with another requirement", "%(num)d relations with other requirements",
                     count) if count else ""]
    return render_template("requirements/confirm_delete.html", form=form, requirement=requirement,
                           goes=[line for line in goes if line]), (400 if form.is_submitted() else 200)


@bp.post("/<int:requirement_id>/status")
@permission_required(EDIT)
def change_status(requirement_id):
    requirement = requirement_or_404(requirement_id, EDIT)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            services.change_status(requirement, form.status.data, actor=current_user, reason=form.reason.data)
        except RequirementError as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            label = Status(form.status.data).label
            db.session.commit()
            flash(_("The status is now: %(status)s.", status=label), "success")
    else:
        flash(_("Choose a status."), "error")
    return redirect(url_for(".detail", requirement_id=requirement_id))


@bp.post("/<int:requirement_id>/relations")
@permission_required(EDIT)
def add_relation(requirement_id):
    requirement = requirement_or_404(requirement_id, EDIT)
    form = RelationForm()
    form.target.choices = [SelectChoice(r.id, r.identifier) for r in services.requirements_of(requirement.project)]
    if form.validate_on_submit():
        target = requirement_or_404(form.target.data, EDIT)
        try:
            services.relate(requirement, form.kind.data, target, actor=current_user)
        except RequirementError as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("The relation was added."), "success")
    else:
        flash(_("Choose a relation and a requirement of this project."), "error")
    return redirect(url_for(".detail", requirement_id=requirement_id))


@bp.post("/<int:requirement_id>/relations/<int:target_id>/<kind>/delete")
@permission_required(EDIT)
def remove_relation(requirement_id, target_id, kind):
    requirement = requirement_or_404(requirement_id, EDIT)
    if kind not in {member.value for member in RelationKind}:
        abort(404)
    relation = services.relation_between(requirement, target_id, RelationKind(kind))
    if relation is None:  # removed already, e.g. from another tab
        flash(_("That relation no longer exists."), "info")
        return redirect(url_for(".detail", requirement_id=requirement_id))
    services.unrelate(relation, actor=current_user)
    db.session.commit()
    flash(_("The relation was removed."), "success")
    return redirect(url_for(".detail", requirement_id=requirement_id))


def _matrix(project):
    """The matrix rows and modules for the filters in the query string, with the filters as read."""
    filters = _filters("type", "priority", "status", "site")
    if filters["site"] not in {site.code for site in project.sites}:
        filters["site"] = ""
    holes_only = request.args.get("holes") == "1"
    rows, modules = coverage.matrix(project, holes_only=holes_only, **filters)
    return rows, modules, filters, holes_only


@bp.get("/projects/<slug>/matrix")
@permission_required(VIEW)
def matrix(slug):
    project = project_or_404(slug, VIEW)
    rows, modules, filters, holes_only = _matrix(project)
    return render_template("requirements/matrix.html", project=project, rows=rows, modules=modules,
                           filters=filters, holes_only=holes_only,
                           options=_options(project, "type", "priority", "status", "site"),
                           module_label=coverage.module_label,
                           orphans=coverage.items_without_requirement(project),
                           item_link=lambda key: link_of(project, key))


@bp.get("/projects/<slug>/matrix.<any(csv, xlsx):extension>")
@permission_required(VIEW)
def matrix_export(slug, extension):
    project = project_or_404(slug, VIEW)
    rows, modules, _filters_read, _holes_only = _matrix(project)
    header, lines = coverage.matrix_table(rows, modules)
    filename = f"{project.slug}-traceability.{extension}"
    if extension == "csv":
        return Response(csv_bytes(header, lines), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    orphans = coverage.items_without_requirement(project)
    data = xlsx_bytes({"traceability": (header, lines),
                       "items without requirement": ([_("Configuration item"), _("What it decides")], orphans)})
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/projects/<slug>/coverage")
@permission_required(VIEW)
def coverage_report(slug):
    from .charts import site_coverage_chart  # Bokeh is imported by the pages that draw a chart

    project = project_or_404(slug, VIEW)
    report = coverage.report(project)
    return render_template("requirements/coverage.html", project=project, report=report, holes=coverage.Hole,
                           chart=site_coverage_chart(report.sites))
