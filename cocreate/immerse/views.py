import json

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from immerse_core.firewall import PolicyError
from immerse_core.modules import ATTRIBUTES, MODULES, ConfigurationError

from ..auth.permissions import allowed, can, check, permission_required
from ..extensions import db
from ..paging import paginate, paginate_list
from ..profiles import services as profiles
from ..projects.services import get_project_by_slug, list_projects
from ..signals import accessed
from . import bp, services
from .forms import NoteForm, RuleForm, settings_document, settings_form
from .labels import (ACTION_LABELS, ATTRIBUTE_LABELS, GENERALISER_LABELS, MODULE_DESCRIPTIONS, MODULE_NAMES,
                     item_description, problem_message, setting_label)

VIEW, CONFIGURE, PREVIEW = "immerse.view", "immerse.configure", "immerse.preview"
VERSIONS_PAGE = "versions_page"  # a module's page lists its items (`page`) and its saved versions
LABELS = dict(module_names=MODULE_NAMES, module_descriptions=MODULE_DESCRIPTIONS, action_labels=ACTION_LABELS,
              attribute_labels=ATTRIBUTE_LABELS, generaliser_labels=GENERALISER_LABELS, setting_label=setting_label,
              item_description=item_description)


def project_or_404(slug, action):
    return check(action, get_project_by_slug(slug))


def module_or_404(key):
    if key not in MODULES:
        abort(404)
    return MODULES[key]


def _refused(module_key, error):
    for problem in error.problems:
        flash(problem_message(module_key, problem), "error")


@bp.get("/")
@permission_required(VIEW)
def index():
    return render_template("immerse/index.html", projects=allowed(VIEW, list_projects()))


@bp.get("/projects/<slug>")
@permission_required(VIEW)
def modules(slug):
    project = project_or_404(slug, VIEW)
    in_force = {key: services.current(project, key) for key in MODULES}
    return render_template("immerse/modules.html", project=project, in_force=in_force, **LABELS)


@bp.route("/projects/<slug>/<module_key>", methods=["GET", "POST"])
@permission_required(VIEW)
def module(slug, module_key):
    project = project_or_404(slug, VIEW)
    module_ = module_or_404(module_key)
    in_force = services.current(project, module_key)
    may_configure = can(CONFIGURE, project)
    form = settings_form(module_, in_force.document) if hasattr(module_, "settings") else None
    status = 200
    if request.method == "POST":
        if not may_configure or form is None:
            abort(403 if form is not None else 405)
        if form.validate_on_submit():
            try:
                saved = services.save(project, module_key, settings_document(module_, form), note=form.note.data,
                                      actor=current_user)
            except ConfigurationError as refused:
                db.session.rollback()
                _refused(module_key, refused)
                status = 400
            else:
                return _saved(project, module_key, saved)
        else:
            status = 400
    rule_form = RuleForm() if module_key == "firewall" else None
    return render_template("immerse/module.html", project=project, module=module_, in_force=in_force, form=form,
                           rule_form=rule_form, remove_form=NoteForm(), may_configure=may_configure,
                           items_page=paginate_list(list(module_.items(in_force.document).items())),
                           versions_page=paginate(services.versions_query(project, module_key), param=VERSIONS_PAGE),
                           versions_param=VERSIONS_PAGE, **LABELS), status


def _saved(project, module_key, saved):
    if saved is None:
        flash(_("Nothing changed: the configuration in force stays as it is."), "info")
    else:
        version = saved.version
        db.session.commit()
        flash(_("Version %(version)d is now in force.", version=version), "success")
    return redirect(url_for(".module", slug=project.slug, module_key=module_key))


@bp.post("/projects/<slug>/firewall/rules")
@permission_required(CONFIGURE)
def add_rule(slug):
    project = project_or_404(slug, CONFIGURE)
    form = RuleForm()
    if not form.validate_on_submit():
        for field in form:
            for error in field.errors:
                flash(f"{field.label.text}: {error}", "error")
        return redirect(url_for(".module", slug=slug, module_key="firewall"))
    document = services.current(project, "firewall").document
    try:
        saved = services.save(project, "firewall", {"rules": [*document["rules"], form.rule()]},
                              note=form.note.data, actor=current_user)
    except ConfigurationError as refused:
        db.session.rollback()
        _refused("firewall", refused)
        return redirect(url_for(".module", slug=slug, module_key="firewall"))
    return _saved(project, "firewall", saved)


@bp.post("/projects/<slug>/firewall/rules/<path:key>/delete")
@permission_required(CONFIGURE)
def remove_rule(slug, key):
    project = project_or_404(slug, CONFIGURE)
    form = NoteForm()
    if not form.validate_on_submit():
        abort(400)
    module_ = MODULES["firewall"]
    document = services.current(project, "firewall").document
    kept = [rule for rule, parsed in zip(document["rules"], module_.rules(document)) if parsed.key != key]
    if len(kept) == len(document["rules"]):
        flash(_("That rule is no longer in force."), "info")
        return redirect(url_for(".module", slug=slug, module_key="firewall"))
    saved = services.save(project, "firewall", {"rules": kept}, note=form.note.data, actor=current_user)
    return _saved(project, "firewall", saved)


@bp.get("/projects/<slug>/<module_key>/diff")
@permission_required(VIEW)
def diff(slug, module_key):
    project = project_or_404(slug, VIEW)
    module_or_404(module_key)
    old, new = request.args.get("from", type=int), request.args.get("to", type=int)
    changes = services.diff(project, module_key, old, new) if old is not None and new is not None else None
    if changes is None:
        abort(404)
    return render_template("immerse/diff.html", project=project, module_key=module_key, old=old, new=new,
                           changes=changes, **LABELS)


@bp.post("/projects/<slug>/<module_key>/versions/<int:number>/restore")
@permission_required(CONFIGURE)
def roll_back(slug, module_key, number):
    project = project_or_404(slug, CONFIGURE)
    module_or_404(module_key)
    if not NoteForm().validate_on_submit():
        abort(400)
    try:
        saved = services.roll_back(project, module_key, number, actor=current_user)
    except LookupError:
        abort(404)
    return _saved(project, module_key, saved)


@bp.get("/projects/<slug>/items/<path:key>")
@permission_required(VIEW)
def item(slug, key):
    project = project_or_404(slug, VIEW)
    found = services.items_of(project).get(key)
    history = services.item_history(project, key)
    if found is None and not history:
        abort(404)
    module_key = key.split("/", 1)[0]
    return render_template("immerse/item.html", project=project, key=key, module_key=module_key,
                           item=found[1] if found else None, history=history, **LABELS)


@bp.get("/projects/<slug>/firewall/preview")
@permission_required(PREVIEW)
def firewall_preview(slug):
    """One stored profile beside what a chosen authority sees of it for a declared purpose, with the decision on
    each attribute.  It shows that record's protected attributes to the administrator or researcher who opens it,
    so each view is recorded in the audit log."""
    project = project_or_404(slug, PREVIEW)
    purposes = services.declared_purposes(project)
    authority = request.args.get("authority", "").strip()
    purpose = request.args.get("purpose", "").strip()
    profile_id = request.args.get("profile", type=int)
    context = {"project": project, "purposes": purposes, "authority": authority, "purpose": purpose,
               "profile_id": profile_id, "protected": profiles.PROTECTED, **LABELS}
    if not authority and not purpose and profile_id is None:  # nothing chosen yet: the form alone
        first = profiles.records(project.id, ["person_id"], limit=1)
        context["profile_id"] = first[0]["person_id"] if first else None
        return render_template("immerse/preview.html", **context)
    if purpose not in purposes.get(authority, ()):
        flash(_("Choose an authority and one of the purposes the firewall configuration names for it."), "error")
        return render_template("immerse/preview.html", **context), 400
    stored = profiles.records(project.id, ATTRIBUTES, ids=[profile_id]) if profile_id is not None else []
    if not stored:
        flash(_("This project has no profile %(number)s.", number=profile_id if profile_id is not None else "—"),
              "error")
        return render_template("immerse/preview.html", **context), 404
    record = stored[0]
    try:
        policy = services.firewall_policy(project, current_app.config["SECRET_KEY"].encode())
        released = policy.release(record, authority, purpose)
        decisions = {decision.attribute: decision for decision in policy.explain(record, authority, purpose)}
    except (PolicyError, ValueError, TypeError) as error:
        released, decisions, context["failure"] = None, None, str(error)
    accessed("immerse.firewall_previewed", project, actor=current_user, authority=authority, purpose=purpose,
             profile=record["person_id"], released=sorted(released) if released is not None else [])
    db.session.commit()
    return render_template("immerse/preview.html", record=record, released=released, decisions=decisions,
                           shown=_shown, **context)


def _shown(value):
    """A stored or released value as the preview prints it."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("true") if value else _("false")
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)
