"""Staff pages: prototypes, versions, screens and hotspots, feedback rounds with their tasks, code, link, QR
code and handout.  The analysis and exports are in `results_views`."""
import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..auth.permissions import allowed, can, check, load_or_404, permission_required
from ..extensions import db
from ..pictures import ImageRejected
from ..projects.models import PilotSite
from ..projects.services import get_project_by_slug, list_projects
from ..sharing import handout_sides, participant_url, qr_response
from . import bp, services
from .forms import ActionForm, HotspotForm, PrototypeForm, RoundForm, ScreenForm, TaskForm
from .models import Feedback, Hotspot, Prototype, Round, RoundMode, Screen, Task, Version

VIEW, EDIT, RESULTS = "prototypes.view", "prototypes.edit", "prototypes.results"
PER_PAGE = 20


def public_link(round_):
    """The link (and QR code) participants open to give feedback in `round_`."""
    return participant_url("feedback.choose_language", code=round_.code)


def _sites(project, action=EDIT):
    return [site for site in db.session.scalars(sa.select(PilotSite).where(PilotSite.project_id == project.id)
                                                .order_by(PilotSite.code)) if can(action, site)]


@bp.get("/")
@permission_required(VIEW)
def index():
    projects = allowed(VIEW, list_projects())
    page = db.paginate(sa.select(Prototype).where(Prototype.project_id.in_([p.id for p in projects]))
                       .order_by(Prototype.project_id, Prototype.title), per_page=PER_PAGE)
    return render_template("prototypes/index.html", projects=projects, page=page)


@bp.route("/new/<slug>", methods=["GET", "POST"])
@permission_required(EDIT)
def create(slug):
    project = check(EDIT, get_project_by_slug(slug))
    form = PrototypeForm()
    sites = _sites(project)
    form.site_id.choices = [SelectChoice(0, _("All pilot sites"))] + [SelectChoice(s.id, f"{s.code} – {s.city}")
                                                                     for s in sites]
    if form.validate_on_submit():
        site = next((s for s in sites if s.id == form.site_id.data), None)
        if site is None and not can(EDIT, project):
            abort(403)
        try:
            prototype = services.create_prototype(project, title=form.title.data, site=site, actor=current_user)
        except services.PrototypeError as error:
            db.session.rollback()
            form.title.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Prototype created. Add the screens of version 1."), "success")
            return redirect(url_for(".version", version_id=prototype.versions[0].id))
    return render_template("prototypes/form.html", form=form, project=project)


@bp.get("/<int:prototype_id>")
@permission_required(VIEW)
def detail(prototype_id):
    prototype = load_or_404(Prototype, prototype_id, VIEW)
    rounds = {v.id: list(db.session.scalars(sa.select(Round).where(Round.version_id == v.id).order_by(Round.id)))
              for v in prototype.versions}
    return render_template("prototypes/detail.html", prototype=prototype, rounds=rounds,
                           frozen={v.id: services.has_feedback(v) for v in prototype.versions},
                           counts={r.id: services.feedback_count(r) for rs in rounds.values() for r in rs},
                           action_form=ActionForm())


@bp.post("/<int:prototype_id>/versions/new")
@permission_required(EDIT)
def new_version(prototype_id):
    prototype = load_or_404(Prototype, prototype_id, EDIT)
    if not ActionForm().validate_on_submit():
        abort(400)
    source = next((v for v in prototype.versions if v.id == request.form.get("copy_from", type=int)), None)
    version = services.new_version(prototype, copy_from=source, actor=current_user)
    db.session.commit()
    flash(_("Version %(number)s made.", number=version.number), "success")
    return redirect(url_for(".version", version_id=version.id))


# --- versions, screens, hotspots -------------------------------------------------------

def _hotspot_form(version, screen, formdata=None):
    form = HotspotForm(formdata=formdata, prefix=f"h{screen.id}")
    form.target_id.choices = [SelectChoice(s.id, _("Screen %(number)d", number=s.position + 1))
                              for s in version.screens if s.id != screen.id]
    return form


@bp.get("/versions/<int:version_id>", endpoint="version")
@permission_required(VIEW)
def show_version(version_id, screen_form=None, hotspot_forms=None):
    version = load_or_404(Version, version_id, VIEW)
    hotspot_forms = hotspot_forms or {}
    return render_template("prototypes/version.html", version=version, prototype=version.prototype,
                           frozen=services.has_feedback(version), screen_form=screen_form or ScreenForm(),
                           hotspot_forms={s.id: hotspot_forms.get(s.id) or _hotspot_form(version, s, formdata=None)
                                          for s in version.screens},
                           action_form=ActionForm(), caption_languages=_caption_languages(version))


def _caption_languages(version):
    """The languages captions and hotspot labels are written in: those of the version's rounds and captions, English first."""
    languages = ["en"]
    for round_ in db.session.scalars(sa.select(Round).where(Round.version_id == version.id)):
        languages += round_.languages
    for screen in version.screens:
        languages += list(screen.caption)
        for hotspot in screen.hotspots:
            languages += list(hotspot.label)
    return list(dict.fromkeys(languages))


@bp.post("/versions/<int:version_id>/screens")
@permission_required(EDIT)
def add_screen(version_id):
    version = load_or_404(Version, version_id, EDIT)
    form = ScreenForm()
    if form.validate_on_submit():
        try:
            services.add_screen(version, form.image.data, caption={"en": form.caption.data or ""},
                                actor=current_user)
        except (ImageRejected, services.PrototypeError) as error:
            db.session.rollback()
            form.image.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Screen added."), "success")
            return redirect(url_for(".version", version_id=version.id))
    return show_version(version_id, screen_form=form)


@bp.post("/screens/<int:screen_id>/caption")
@permission_required(EDIT)
def caption(screen_id):
    screen = load_or_404(Screen, screen_id, EDIT)
    if not ActionForm().validate_on_submit():
        abort(400)
    captions = {key.removeprefix("caption-"): value for key, value in request.form.items()
                if key.startswith("caption-") and len(key) <= 20}
    try:
        services.set_caption(screen, captions, actor=current_user)
    except services.PrototypeError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Caption saved."), "success")
    return redirect(url_for(".version", version_id=screen.version_id, _anchor=f"screen-{screen.id}"))


@bp.post("/screens/<int:screen_id>/delete")
@permission_required(EDIT)
def delete_screen(screen_id):
    screen = load_or_404(Screen, screen_id, EDIT)
    version_id = screen.version_id
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.delete_screen(screen, actor=current_user)
    except services.PrototypeError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Screen deleted."), "success")
    return redirect(url_for(".version", version_id=version_id))


@bp.post("/screens/<int:screen_id>/hotspots")
@permission_required(EDIT)
def add_hotspot(screen_id):
    screen = load_or_404(Screen, screen_id, EDIT)
    form = _hotspot_form(screen.version, screen, formdata=request.form)
    if form.validate_on_submit():
        target = next((s for s in screen.version.screens if s.id == form.target_id.data), None)
        try:
            services.add_hotspot(screen, x=form.x.data / 100, y=form.y.data / 100, w=form.w.data / 100,
                                 h=form.h.data / 100, target=target, label={"en": form.label.data},
                                 actor=current_user)
        except services.PrototypeError as error:
            db.session.rollback()
            form.x.errors = [*form.x.errors, str(error)]
        else:
            db.session.commit()
            flash(_("Hotspot added."), "success")
            return redirect(url_for(".version", version_id=screen.version_id, _anchor=f"screen-{screen.id}"))
    return show_version(screen.version_id, hotspot_forms={screen.id: form})


@bp.post("/hotspots/<int:hotspot_id>/label")
@permission_required(EDIT)
def hotspot_label(hotspot_id):
    hotspot = load_or_404(Hotspot, hotspot_id, EDIT)
    if not ActionForm().validate_on_submit():
        abort(400)
    labels = {key.removeprefix("label-"): value for key, value in request.form.items()
              if key.startswith("label-") and len(key) <= 20}
    try:
        services.set_hotspot_label(hotspot, labels, actor=current_user)
    except services.PrototypeError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Label saved."), "success")
    return redirect(url_for(".version", version_id=hotspot.screen.version_id,
                            _anchor=f"screen-{hotspot.screen_id}"))


@bp.post("/hotspots/<int:hotspot_id>/delete")
@permission_required(EDIT)
def delete_hotspot(hotspot_id):
    hotspot = load_or_404(Hotspot, hotspot_id, EDIT)
    version_id, screen_id = hotspot.screen.version_id, hotspot.screen_id
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.delete_hotspot(hotspot, actor=current_user)
    except services.PrototypeError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Hotspot deleted."), "success")
    return redirect(url_for(".version", version_id=version_id, _anchor=f"screen-{screen_id}"))


def send_screen(screen, thumbnail=False):
    path = services.PICTURES.path_of(screen.filename, thumbnail=thumbnail)
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype="image/png" if screen.filename.endswith(".png") else "image/jpeg",
                         max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/screens/<int:screen_id>/image")
@permission_required(VIEW)
def screen_image(screen_id):
    return send_screen(load_or_404(Screen, screen_id, VIEW))


@bp.get("/screens/<int:screen_id>/thumbnail")
@permission_required(VIEW)
def screen_thumbnail(screen_id):
    return send_screen(load_or_404(Screen, screen_id, VIEW), thumbnail=True)


# --- rounds and tasks ---------------------------------------------------------------

@bp.route("/versions/<int:version_id>/rounds/new", methods=["GET", "POST"])
@permission_required(EDIT)
def create_round(version_id):
    version = load_or_404(Version, version_id, EDIT)
    prototype = version.prototype
    form = RoundForm()
    sites = [s for s in _sites(prototype.project) if prototype.site_id in (None, s.id)]
    form.site_id.choices = ([] if prototype.site_id else [SelectChoice(0, _("All pilot sites"))]) + [
        SelectChoice(s.id, f"{s.code} – {s.city}") for s in sites]
    if form.validate_on_submit():
        site = next((s for s in sites if s.id == form.site_id.data), None)
        try:
            round_ = services.create_round(version, source_language=form.source_language.data,
                                           languages=form.languages.data or [], site=site, mode=form.mode.data,
                                           ask_sus=form.ask_sus.data, actor=current_user)
        except services.PrototypeError as error:
            db.session.rollback()
            form.site_id.errors = [*form.site_id.errors, str(error)]
        else:
            db.session.commit()
            flash(_("Round created. Add tasks if you like, then open it."), "success")
            return redirect(url_for(".round_detail", round_id=round_.id))
    return render_template("prototypes/round_form.html", form=form, version=version, prototype=prototype)


def _task_form(round_, formdata=None):
    form = TaskForm(formdata=formdata)
    form.target_id.choices = [
        SelectChoice(h.id, _("Screen %(number)d: %(hotspot)s", number=s.position + 1,
                             hotspot=h.label.get("en") or next(iter(h.label.values()), "")))
        for s in round_.version.screens for h in s.hotspots]
    return form


@bp.get("/rounds/<int:round_id>")
@permission_required(VIEW)
def round_detail(round_id, task_form=None):
    round_ = load_or_404(Round, round_id, VIEW)
    return render_template("prototypes/round.html", round=round_, version=round_.version,
                           prototype=round_.prototype, link=public_link(round_),
                           feedback=services.feedback_count(round_), action_form=ActionForm(),
                           task_form=task_form or _task_form(round_))


@bp.post("/rounds/<int:round_id>/state")
@permission_required(EDIT)
def round_state(round_id):
    round_ = load_or_404(Round, round_id, EDIT)
    if ActionForm().validate_on_submit():
        services.set_round_open(round_, request.form.get("open") == "1", actor=current_user)
        db.session.commit()
        flash(_("The round is open.") if round_.is_open else _("The round is closed."), "success")
    return redirect(url_for(".round_detail", round_id=round_.id))


@bp.post("/rounds/<int:round_id>/tasks")
@permission_required(EDIT)
def add_task(round_id):
    round_ = load_or_404(Round, round_id, EDIT)
    form = _task_form(round_, formdata=request.form)
    if form.validate_on_submit():
        target = next((h for s in round_.version.screens for h in s.hotspots if h.id == form.target_id.data),
                      None)
        try:
            services.add_task(round_, prompt={round_.source_language: form.prompt.data}, target=target,
                              actor=current_user)
        except services.PrototypeError as error:
            db.session.rollback()
            form.target_id.errors = [*form.target_id.errors, str(error)]
        else:
            db.session.commit()
            flash(_("Task added."), "success")
            return redirect(url_for(".round_detail", round_id=round_.id))
    return round_detail(round_id, task_form=form)


@bp.post("/tasks/<int:task_id>/prompt")
@permission_required(EDIT)
def task_prompt(task_id):
    task = load_or_404(Task, task_id, EDIT)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.set_task_prompt(task, {key.removeprefix("prompt-"): value for key, value in request.form.items()
                                        if key.startswith("prompt-")}, actor=current_user)
    except services.PrototypeError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Task saved."), "success")
    return redirect(url_for(".round_detail", round_id=task.round_id))


@bp.post("/tasks/<int:task_id>/delete")
@permission_required(EDIT)
def delete_task(task_id):
    task = load_or_404(Task, task_id, EDIT)
    round_id = task.round_id
    if not ActionForm().validate_on_submit():
        abort(400)
    services.delete_task(task, actor=current_user)
    db.session.commit()
    flash(_("Task deleted."), "success")
    return redirect(url_for(".round_detail", round_id=round_id))


@bp.get("/rounds/<int:round_id>/feedback")
@permission_required(RESULTS)
def feedback_list(round_id):
    """The round's feedback, newest first, paged: when and how each was given, the participant code only
    where the round is tied to codes; what it says is read in the results."""
    round_ = load_or_404(Round, round_id, RESULTS)
    page = db.paginate(services.list_feedback(round_), per_page=PER_PAGE)
    return render_template("prototypes/feedback.html", round=round_, version=round_.version,
                           prototype=round_.prototype, page=page, linked=round_.mode == RoundMode.LINKED)


@bp.route("/feedback/<int:feedback_id>/delete", methods=["GET", "POST"])
@permission_required(EDIT)
def delete_feedback(feedback_id):
    """Confirm, then delete one participant's feedback with its pins, comments, task results and their codings."""
    feedback = load_or_404(Feedback, feedback_id, EDIT)
    round_ = feedback.round
    form = ActionForm()
    if form.validate_on_submit() and request.form.get("confirm") == "1":
        services.delete_feedback(feedback, actor=current_user)
        db.session.commit()
        flash(_("Feedback %(number)s deleted.", number=feedback_id), "success")
        return redirect(url_for(".feedback_list", round_id=round_.id))
    if request.method == "POST":
        return redirect(url_for(".delete_feedback", feedback_id=feedback_id))
    return render_template("prototypes/delete_feedback.html", feedback=feedback, round=round_, form=form,
                           goes=services.what_goes_with_feedback(feedback),
                           linked=round_.mode == RoundMode.LINKED)


@bp.get("/rounds/<int:round_id>/qr.svg")
@permission_required(VIEW)
def qr_code(round_id):
    round_ = load_or_404(Round, round_id, VIEW)
    return qr_response(public_link(round_), f"prototype-{round_.code}.svg")


@bp.get("/rounds/<int:round_id>/handout")
@permission_required(VIEW)
def handout(round_id):
    round_ = load_or_404(Round, round_id, VIEW)
    enter_link = participant_url("feedback.enter_code")
    link = public_link(round_)
    return render_template("prototypes/handout.html", round=round_, link=link,
                           sides=handout_sides(round_.title, round_.languages, link=link, enter_link=enter_link))


@bp.get("/rounds/<int:round_id>/assisted")
@permission_required(EDIT)
def assisted(round_id):
    """Record feedback for a participant in a paper session: the participant pages, marked as assisted."""
    round_ = load_or_404(Round, round_id, EDIT)
    return redirect(url_for("feedback.choose_language", code=round_.code, assisted=1))
