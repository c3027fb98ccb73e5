import hashlib
import re
import time
from pathlib import Path

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from itsdangerous import BadData, URLSafeTimedSerializer
from wtforms.fields.choices import SelectChoice

from ..auth.permissions import allowed, can, check, load_or_404, permission_required
from ..configuration_items import link_of
from ..evidence.registry import EVIDENCE_KINDS, Ref, kind_of
from ..extensions import db
from ..history.services import action_label
from ..paging import paginate_list
from ..participants.models import StakeholderGroup
from ..projects.models import Project
from ..projects.services import get_project_by_slug, list_projects
from ..spreadsheets import csv_bytes, xlsx_bytes
from . import bp, coverage, exchange, reqif, services
from .forms import (FIELD_LABELS, CiteForm, ConfirmImportForm, DeleteForm, EvidenceLinkForm, FromEvidenceForm,
                    ImportForm, ItemKeyForm, ItemLinkForm, RelationForm, RequirementForm, StatusForm)
from .models import Priority, RelationKind, Requirement, RequirementType, Status
from .services import TRACKED_FIELDS, RequirementError

EDIT, VIEW = "requirements.edit", "requirements.view"
IMPORT_KEPT_SECONDS = 24 * 3600  # how long an uploaded file waits for its import to be confirmed


def project_or_404(slug, action):
    return check(action, get_project_by_slug(slug))


def requirement_or_404(requirement_id, action):
    """The requirement: 404 when there is none, 403 when the user may not do `action` to it."""
    return load_or_404(Requirement, requirement_id, action)


def _form(project, **kwargs):
    form = RequirementForm(**kwargs)
    form.site_codes.choices = [SelectChoice(site.code, f"{site.code} · {site.city}") for site in project.sites]
    return form


def _evidence_link_form():
    form = EvidenceLinkForm()
    form.kind.choices = [SelectChoice(name, kind.label) for name, kind in EVIDENCE_KINDS.items()]
    return form


def _item_form(project):
    form = ItemLinkForm()
    form.key.choices = [SelectChoice(key, f"{key} · {description}")
                        for key, description in services.configuration_items(project).items()]
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
    page = paginate_list(services.search(project, **filters))
    return render_template("requirements/register.html", project=project, requirements=page.items, page=page,
                           strength=services.strength(page.items),
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
                           evidence=services.evidence_of(requirement), item_links=services.items_of(requirement),
                           items=services.configuration_items(requirement.project),
                           strength=services.strength([requirement])[requirement.id],
                           evidence_form=_evidence_link_form(), item_form=_item_form(requirement.project), key_form=ItemKeyForm(),
                           action_label=action_label, group_label=lambda value: StakeholderGroup(value).label,
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


# --- the register to and from files (see exchange.py) ----------------------------

def _import_folder():
    folder = current_app.config.get("REQUIREMENT_IMPORT_FOLDER") or Path(current_app.instance_path) / \
        "requirement-imports"
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _keep_upload(data):
    """Keep an uploaded file until its import is confirmed (a day at most); returns its name."""
    folder = _import_folder()
    for old in folder.glob("*.reqif"):
        if time.time() - old.stat().st_mtime > IMPORT_KEPT_SECONDS:
            old.unlink(missing_ok=True)
    name = hashlib.sha256(data).hexdigest()
    (folder / f"{name}.reqif").write_bytes(data)
    return name


def _import_signer():
    return URLSafeTimedSerializer(current_app.secret_key, salt="requirements.import")


def _shown(name, value):
    """A value of a plan's field as the preview shows it: labels for enumerations, yes or no."""
    enums = {"type": RequirementType, "priority": Priority, "status": Status}
    if name in enums and value in {member.value for member in enums[name]}:
        return enums[name](value).label
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


@bp.get("/projects/<slug>/files")
@permission_required(VIEW)
def files(slug):
    project = project_or_404(slug, VIEW)
    return render_template("requirements/export.html", project=project, formats=exchange.FORMATS,
                           form=ImportForm() if can(EDIT, project) else None)


@bp.get("/projects/<slug>/export.<fmt>")
@permission_required(VIEW)
def export(slug, fmt):
    project = project_or_404(slug, VIEW)
    if fmt not in exchange.FORMATS:
        abort(404)
    data, mimetype, name = exchange.export(project, fmt, actor=current_user)
    db.session.commit()  # the audit log's record of the export
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.route("/projects/<slug>/import", methods=["GET", "POST"])
@permission_required(EDIT)
def import_file(slug):
    """Upload a ReqIF file and see what its import would change; nothing is written here."""
    project = project_or_404(slug, EDIT)
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(reqif.MAX_UPLOAD_BYTES + 1)
        upload.close()
        try:
            plan = exchange.plan(project, data)
        except (exchange.ImportRefused, exchange.ReqIFError) as refused:
            form.file.errors.append(str(refused))
        else:
            token = _import_signer().dumps({"project": project.id, "user": current_user.id,
                                            "file": _keep_upload(data), "register": exchange.fingerprint(project)})
            db.session.rollback()
            return render_template("requirements/import_preview.html", project=project, plan=plan,
                                   confirm=ConfirmImportForm(token=token), field_label=exchange.field_label,
                                   shown=_shown)
        db.session.rollback()
    return render_template("requirements/import.html", project=project, form=form), \
        (400 if form.is_submitted() else 200)


@bp.post("/projects/<slug>/import/confirm")
@permission_required(EDIT)
def import_confirm(slug):
    """Apply exactly the previewed import: refused when the preview is stale or the register changed since."""
    project = project_or_404(slug, EDIT)
    form = ConfirmImportForm()
    again = url_for(".import_file", slug=project.slug)
    ticket = None
    if form.validate_on_submit():
        try:
            ticket = _import_signer().loads(form.token.data, max_age=IMPORT_KEPT_SECONDS)
        except BadData:
            ticket = None
    path = _import_folder() / f"{ticket['file']}.reqif" if ticket and re.fullmatch(
        r"[0-9a-f]{64}", str(ticket.get("file", ""))) else None
    if ticket is None or ticket.get("project") != project.id or ticket.get("user") != current_user.id \
            or path is None or not path.exists():
        flash(_("This preview is no longer valid: upload the file again."), "error")
        return redirect(again)
    if ticket["register"] != exchange.fingerprint(project):
        flash(_("The register changed since the preview: upload the file again to see what the import would "
                "change now."), "error")
        return redirect(again)
    try:
        plan = exchange.plan(project, path.read_bytes())
        exchange.apply(project, plan, actor=current_user)
    except (exchange.ImportRefused, exchange.ReqIFError) as refused:
        db.session.rollback()
        flash(str(refused), "error")
        return redirect(again)
    count = plan.count("new") + plan.count("changed")
    db.session.commit()
    path.unlink(missing_ok=True)
    flash(ngettext("%(num)d requirement was imported.", "%(num)d requirements were imported.", count), "success")
    return redirect(url_for(".register", slug=project.slug))


# --- the trace: evidence behind a requirement, configuration items implementing it -----------------

def _back(requirement_id, anchor):
    return redirect(url_for(".detail", requirement_id=requirement_id, _anchor=anchor))


def _evidence_or_404(kind_name, target_id, part):
    """(kind, item, project) of a piece of evidence the user may cite from: 404 when there is none, 403
    when its project is not the user's to write requirements in."""
    kind = kind_of(kind_name)
    item = kind.get(Ref(kind_name, target_id, part)) if kind is not None else None
    if item is None:
        abort(404)
    project = load_or_404(Project, kind.project_id(item), EDIT)
    return kind, item, project


@bp.post("/<int:requirement_id>/evidence")
@permission_required(EDIT)
def link_evidence(requirement_id):
    requirement = requirement_or_404(requirement_id, EDIT)
    form = _evidence_link_form()
    if form.validate_on_submit():
        ref = Ref(form.kind.data, form.target_id.data, form.part.data or "")
        try:
            services.link_evidence(requirement, ref, justification=form.justification.data, actor=current_user)
        except RequirementError as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("The evidence is cited."), "success")
    else:
        flash(_("Choose the kind of evidence, give its number and say why it supports the requirement."), "error")
    return _back(requirement_id, "evidence")


@bp.post("/<int:requirement_id>/evidence/<int:link_id>/delete")
@permission_required(EDIT)
def unlink_evidence(requirement_id, link_id):
    requirement = requirement_or_404(requirement_id, EDIT)
    link = services.evidence_link(requirement, link_id) if DeleteForm().validate_on_submit() else None
    if link is None:
        flash(_("That citation no longer exists."), "info")
    else:
        services.unlink_evidence(link, actor=current_user)
        db.session.commit()
        flash(_("The citation was removed."), "success")
    return _back(requirement_id, "evidence")


@bp.route("/evidence/<kind>/<int:target_id>/cite", methods=["GET", "POST"])
@permission_required(EDIT)
def cite(kind, target_id):
    part = request.args.get("part", "")[:64]
    evidence_kind, item, project = _evidence_or_404(kind, target_id, part)
    form = CiteForm()
    form.requirement.choices = [SelectChoice(r.id, f"{r.identifier} {r.title}")
                                for r in services.requirements_of(project)]
    if form.validate_on_submit():
        requirement = requirement_or_404(form.requirement.data, EDIT)
        try:
            services.link_evidence(requirement, evidence_kind.ref(item), justification=form.justification.data,
                                   actor=current_user)
        except RequirementError as refused:
            db.session.rollback()
            form.justification.errors.append(str(refused))
        else:
            identifier = requirement.identifier
            db.session.commit()
            flash(_("%(identifier)s cites this evidence now.", identifier=identifier), "success")
            return _back(form.requirement.data, "evidence")
    return render_template("requirements/cite.html", form=form, project=project, kind=evidence_kind, item=item), \
        (400 if form.is_submitted() else 200)


@bp.route("/evidence/<kind>/<int:target_id>/new", methods=["GET", "POST"])
@permission_required(EDIT)
def create_from_evidence(kind, target_id):
    part = request.args.get("part", "")[:64]
    evidence_kind, item, project = _evidence_or_404(kind, target_id, part)
    ref = evidence_kind.ref(item)
    form = FromEvidenceForm()
    form.site_codes.choices = [SelectChoice(site.code, f"{site.code} · {site.city}") for site in project.sites]
    if not form.is_submitted():
        try:
            draft = services.draft_from_evidence(project, ref)
        except RequirementError as refused:
            flash(str(refused), "error")
            draft = {}
        for name, value in draft.items():
            getattr(form, name).data = value
    if form.validate_on_submit():
        try:
            requirement = services.create_from_evidence(project, ref, justification=form.justification.data,
                                                        actor=current_user, **_fields(form))
        except RequirementError as refused:
            db.session.rollback()
            form.justification.errors.append(str(refused))
        else:
            requirement_id, identifier = requirement.id, requirement.identifier
            db.session.commit()
            flash(_("%(identifier)s was added to the register, citing the evidence it came from.",
                    identifier=identifier), "success")
            return redirect(url_for(".detail", requirement_id=requirement_id))
    return render_template("requirements/from_evidence.html", form=form, project=project, kind=evidence_kind,
                           item=item), (400 if form.is_submitted() else 200)


@bp.post("/<int:requirement_id>/items")
@permission_required(EDIT)
def link_item(requirement_id):
    requirement = requirement_or_404(requirement_id, EDIT)
    form = ItemLinkForm()
    if form.validate_on_submit():
        try:
            services.link_item(requirement, form.key.data, actor=current_user)
        except RequirementError as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("The requirement is traced to %(key)s.", key=form.key.data), "success")
    else:
        flash(_("Choose a configuration item."), "error")
    return _back(requirement_id, "items")


def _item_link_or_flash(requirement):
    form = ItemKeyForm()
    link = services.item_link(requirement, form.key.data) if form.validate_on_submit() else None
    if link is None:
        flash(_("That link to a configuration item no longer exists."), "info")
    return link


@bp.post("/<int:requirement_id>/items/delete")
@permission_required(EDIT)
def unlink_item(requirement_id):
    requirement = requirement_or_404(requirement_id, EDIT)
    link = _item_link_or_flash(requirement)
    if link is not None:
        key = link.key
        services.unlink_item(link, actor=current_user)
        db.session.commit()
        flash(_("The requirement is no longer traced to %(key)s.", key=key), "success")
    return _back(requirement_id, "items")


@bp.post("/<int:requirement_id>/items/review")
@permission_required(EDIT)
def clear_suspect(requirement_id):
    requirement = requirement_or_404(requirement_id, EDIT)
    link = _item_link_or_flash(requirement)
    if link is not None:
        key = link.key
        services.clear_suspect(link, actor=current_user)
        db.session.commit()
        flash(_("The link to %(key)s was reviewed and is no longer suspect.", key=key), "success")
    return _back(requirement_id, "items")


@bp.get("/projects/<slug>/items")
@permission_required(VIEW)
def items(slug):
    project = project_or_404(slug, VIEW)
    counts = services.item_counts(project)
    return render_template("requirements/items.html", project=project, items=services.configuration_items(project),
                           counts=counts)


@bp.get("/projects/<slug>/items/<path:key>")
@permission_required(VIEW)
def item(slug, key):
    project = project_or_404(slug, VIEW)
    known = services.configuration_items(project)
    links = services.requirements_behind(project, key)
    if key not in known and not links:
        abort(404)
    return render_template("requirements/item.html", project=project, key=key, description=known.get(key),
                           links=links, item_page=link_of(project, key))


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
