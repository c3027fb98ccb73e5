"""Staff pages of the codebook: codes, coding any kind of evidence, frequencies, co-occurrence, search, export."""
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..auth.permissions import check, load_or_404, permission_required
from ..extensions import db
from ..paging import paginate, paginate_list
from ..participants.models import StakeholderGroup
from ..projects.models import Project
from ..projects.views import project_or_404
from ..signals import accessed
from . import bp, services
from .models import Code, Coding
from .forms import CodeForm, CodingForm, DeleteCodeForm, MergeCodeForm, search_form_class
from .registry import SEARCH_FILTERS, Ref, kind_of


def code_or_404(code_id, action):
    """The code: 404 when there is none, 403 when the user may not do `action` in its project."""
    return load_or_404(Code, code_id, action)


def _parent_choices(project, exclude=None):
    """The codes a code may be placed under: not itself, nor one of its sub-codes."""
    excluded = set() if exclude is None else {exclude.id} | {c.id for c in services.descendants(exclude)}
    return [(0, _("None (a top-level theme)"))] + [
        (code.id, "— " * depth + code.name) for code, depth in services.codebook(project) if code.id not in excluded]


@bp.get("/projects/<slug>/codebook")
@permission_required("evidence.view")
def codebook(slug):
    project = project_or_404(slug, "evidence.view")
    return render_template("evidence/codebook.html", project=project, codes=services.codebook(project),
                           counts=services.code_counts(project))  # consent-aware, this project only


@bp.route("/projects/<slug>/codebook/new", methods=["GET", "POST"])
@permission_required("codebook.edit")
def create_code(slug):
    project = project_or_404(slug, "codebook.edit")
    form = CodeForm()
    form.parent.choices = _parent_choices(project)
    if form.validate_on_submit():
        return _save_code(project, None, form)
    return render_template("evidence/code_form.html", form=form, project=project, code=None)


@bp.route("/codes/<int:code_id>/edit", methods=["GET", "POST"])
@permission_required("codebook.edit")
def edit_code(code_id):
    code = code_or_404(code_id, "codebook.edit")
    form = CodeForm(obj=code)
    form.parent.choices = _parent_choices(code.project, exclude=code)
    if request.method == "GET":
        form.parent.data = code.parent_id or 0
    if form.validate_on_submit():
        return _save_code(code.project, code, form)
    return render_template("evidence/code_form.html", form=form, project=code.project, code=code)


def _save_code(project, code, form):
    parent = services.get_code(form.parent.data) if form.parent.data else None
    try:
        code = services.save_code(project, code, name=form.name.data, parent=parent,
                                  definition=form.definition.data, examples=form.examples.data, actor=current_user)
    except services.EvidenceError as error:
        db.session.rollback()
        form.name.errors.append(str(error))
        return render_template("evidence/code_form.html", form=form, project=project, code=code), 400
    db.session.commit()
    flash(_("Code saved."), "success")
    return redirect(url_for(".code", code_id=code.id))


@bp.route("/codes/<int:code_id>/delete", methods=["GET", "POST"])
@permission_required("codebook.edit")
def delete_code(code_id):
    item = code_or_404(code_id, "codebook.edit")
    form = DeleteCodeForm()
    if form.validate_on_submit():
        project, name = item.project, item.name
        codings, moved = services.delete_code(item, actor=current_user)
        db.session.commit()
        flash(_("Code %(name)s deleted.", name=name) + " " + ngettext(
            "%(num)d coding went with it.", "%(num)d codings went with it.", codings), "success")
        return redirect(url_for(".codebook", slug=project.slug))
    return render_template("evidence/code_delete.html", form=form, code=item, project=item.project,
                           codings=services.codings_count(item))


@bp.route("/codes/<int:code_id>/merge", methods=["GET", "POST"])
@permission_required("codebook.edit")
def merge_code(code_id):
    item = code_or_404(code_id, "codebook.edit")
    project = item.project
    form = MergeCodeForm()
    below = {c.id for c in services.descendants(item)}
    form.into.choices = [(c.id, "— " * depth + c.name) for c, depth in services.codebook(project)
                         if c.id != item.id and c.id not in below]
    status = 200
    if form.validate_on_submit():
        kept = code_or_404(form.into.data, "codebook.edit")
        name = item.name
        try:
            result = services.merge_codes(item, kept, append_definition=form.append_definition.data,
                                          append_examples=form.append_examples.data, actor=current_user)
        except services.EvidenceError as error:
            db.session.rollback()
            form.into.errors.append(str(error))
            status = 400
        else:
            kept_id, kept_name = kept.id, kept.name
            db.session.commit()
            flash(_("%(merged)s merged into %(kept)s.", merged=name, kept=kept_name) + " " + ngettext(
                "%(num)d coding moved.", "%(num)d codings moved.", result.moved) + (" " + ngettext(
                    "%(num)d identical coding was already there.", "%(num)d identical codings were already there.",
                    result.collapsed) if result.collapsed else ""), "success")
            return redirect(url_for(".code", code_id=kept_id))
    elif form.is_submitted():
        status = 400
    return render_template("evidence/code_merge.html", form=form, code=item, project=project,
                           codings=services.codings_count(item)), status


@bp.get("/codes/<int:code_id>")
@permission_required("evidence.view")
def code(code_id):
    item = code_or_404(code_id, "evidence.view")
    page = paginate(services.shown_codings(item.project, code=item))
    return render_template("evidence/code.html", code=item, project=item.project, page=page,
                           excerpts=services.coded_excerpts(item.project, codings=page.items))


@bp.route("/<target_type>/<int:target_id>/codes", methods=["GET", "POST"], defaults={"target_part": ""})
@bp.route("/<target_type>/<int:target_id>/<target_part>/codes", methods=["GET", "POST"])
@permission_required("evidence.view")
def coding(target_type, target_id, target_part):
    kind = kind_of(target_type) or abort(404)
    ref = Ref(target_type, target_id, target_part)
    item = check("evidence.view", kind.get(ref))
    project = load_or_404(Project, kind.project_id(item))
    form = CodingForm()
    form.code.choices = [(c.id, "— " * depth + c.name) for c, depth in services.codebook(project)]
    if request.method == "POST":
        check("codebook.edit", project)
        if form.validate_on_submit():
            try:
                services.apply_code(load_or_404(Code, form.code.data, "codebook.edit"), ref, excerpt=form.excerpt.data,
                                    actor=current_user)
            except services.EvidenceError as error:
                db.session.rollback()
                form.excerpt.errors.append(str(error))
            else:
                db.session.commit()
                flash(_("Code applied."), "success")
                return redirect(url_for(".coding", **_ref_args(ref)))
    return render_template("evidence/coding.html", form=form, kind=kind, item=item, ref=ref, project=project,
                           withdrawn_on=kind.withdrawn_on(item), refusal=kind.refusal(item),
                           occasion=kind.occasion(item), publishable=kind.publishable(item),
                           codings=services.codings_for(target_type, [ref])[ref])


def _ref_args(ref):
    return {"target_type": ref.kind, "target_id": ref.id, "target_part": ref.part or None}


@bp.post("/codings/<int:coding_id>/delete")
@permission_required("codebook.edit")
def delete_coding(coding_id):
    item = load_or_404(Coding, coding_id, "codebook.edit")
    ref = item.ref
    services.remove_coding(item, actor=current_user)
    db.session.commit()
    flash(_("Code removed."), "success")
    return redirect(url_for(".coding", **_ref_args(ref)))


@bp.get("/projects/<slug>/codebook/analysis")
@permission_required("evidence.view")
def analysis(slug):
    from . import charts

    project = project_or_404(slug, "evidence.view")
    excerpts, codebook_codes = services.coded_excerpts(project), services.codebook(project)
    rows, sites = services.code_frequencies(project, excerpts=excerpts, codes=codebook_codes)
    rows = services.shown_frequencies(rows, sites, list(StakeholderGroup))
    codes, pairs = services.co_occurrence(project, excerpts=excerpts, codes=codebook_codes)
    return render_template("evidence/analysis.html", project=project, rows=rows, sites=sites,
                           groups=StakeholderGroup, co_codes=codes, pairs=services.shown_pairs(pairs),
                           chart=charts.code_frequency_chart(rows, sites),
                           group_chart=charts.code_frequency_by_group_chart(rows, list(StakeholderGroup)))


@bp.get("/projects/<slug>/codebook/export.csv")
@permission_required("codebook.export")
def export_codings(slug):
    project = project_or_404(slug, "codebook.export")
    data = services.export_coded_excerpts(project)
    accessed("evidence.codings_exported", project, actor=current_user)
    db.session.commit()
    return Response(data, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{project.slug}-coded-excerpts.csv"'})


@bp.get("/projects/<slug>/search")
@permission_required("evidence.view")
def search(slug):
    project = project_or_404(slug, "evidence.view")
    filters = list(SEARCH_FILTERS.values())
    form = search_form_class(filters)(request.args)
    form.site.choices = [(0, _("All sites"))] + [(s.id, f"{s.code} · {s.city}") for s in project.sites]
    form.code.choices = [(0, _("All codes"))] + [(c.id, "— " * d + c.name) for c, d in services.codebook(project)]
    for search_filter in filters:
        form[search_filter.name].choices = [("", _("All"))] + [
            (str(value), label) for value, label in search_filter.choices(project)]
    hits, searched = [], bool(request.args)
    if searched and form.validate():
        hits = services.search(project, form.q.data or "", site_id=form.site.data or None,
                               code_id=form.code.data or None,
                               filters={f.name: form[f.name].data for f in filters})
    page = paginate_list(hits)
    return render_template("evidence/search.html", project=project, form=form, hits=page.items, page=page,
                           searched=searched, filter_names=[f.name for f in filters])
