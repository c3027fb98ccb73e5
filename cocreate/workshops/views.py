import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.models import User
from ..auth.permissions import Role, can, permission_required
from ..extensions import db
from ..i18n import current_language
from ..projects.models import PilotSite
from ..projects.services import list_projects
from ..projects.views import project_or_404
from . import bp, images, services
from .forms import (
    ActivityForm, ArtifactForm, AttendanceForm, CodeForm, CodingForm, ConsentForm, FrameForm, MethodGuideForm,
    NoteForm, ParticipantForm, ProfileForm, QuoteForm, ReflectionForm, SearchForm, StoryboardForm, WithdrawForm,
    WorkshopForm, enum_choices,
)
from .models import Activity, Artifact, Coding, Consent, Method, Note, Participant, Storyboard


def or_404(value):
    return value if value is not None else abort(404)


def site_or_404(site_id):
    return or_404(db.session.get(PilotSite, site_id))


def workshop_or_404(workshop_id):
    return or_404(services.get_workshop(workshop_id))




def activity_choices(workshop):
    return [(0, _("None"))] + [(a.id, f"{a.position}. {a.title}") for a in workshop.activities]


def chosen_activity(workshop, form):
    return services.activity_of(workshop, form.activity.data) if form.activity.data else None


# --- workshops --------------------------------------------------------------

@bp.get("/")
@permission_required("workshops.view")
def index():
    projects = list_projects()
    workshops = {project.id: services.list_workshops(project=project) for project in projects}
    return render_template("workshops/index.html", projects=projects, workshops=workshops)


def _facilitator_choices():
    users = db.session.scalars(sa.select(User).where(User.role.in_([Role.FACILITATOR, Role.ADMIN]))
                               .order_by(User.display_name)).all()
    return [(u.id, u.display_name) for u in users]


def _save_workshop(site, workshop, form):
    facilitators = [db.session.get(User, uid) for uid in form.facilitators.data or []]
    workshop = services.save_workshop(
        workshop, site=site, title=form.title.data, phase=form.phase.data, date=form.date.data,
        place=form.place.data, languages=form.languages.data, objectives=form.objectives.data,
        facilitators=[u for u in facilitators if u is not None], actor=current_user)
    db.session.commit()
    flash(_("Workshop saved."), "success")
    return redirect(url_for(".detail", workshop_id=workshop.id))


@bp.route("/sites/<int:site_id>/new", methods=["GET", "POST"])
@permission_required("workshops.edit")
def create(site_id):
    site = site_or_404(site_id)
    form = WorkshopForm()
    form.facilitators.choices = _facilitator_choices()
    if request.method == "GET":
        form.languages.data = site.languages
        if current_user.role == Role.FACILITATOR:
            form.facilitators.data = [current_user.id]
    if form.validate_on_submit():
        return _save_workshop(site, None, form)
    return render_template("workshops/workshop_form.html", form=form, site=site, workshop=None)


@bp.route("/<int:workshop_id>/edit", methods=["GET", "POST"])
@permission_required("workshops.edit")
def edit(workshop_id):
    workshop = workshop_or_404(workshop_id)
    form = WorkshopForm(obj=workshop)
    form.facilitators.choices = _facilitator_choices()
    if request.method == "GET":
        form.facilitators.data = [u.id for u in workshop.facilitators]
    if form.validate_on_submit():
        return _save_workshop(workshop.site, workshop, form)
    return render_template("workshops/workshop_form.html", form=form, site=workshop.site, workshop=workshop)


@bp.get("/<int:workshop_id>")
@permission_required("workshops.view")
def detail(workshop_id):
    workshop = workshop_or_404(workshop_id)
    notes, quotes = services.list_notes(workshop), services.list_quotes(workshop)
    return render_template(
        "workshops/detail.html", workshop=workshop, notes=notes, quotes=quotes,
        publishable={q.id: services.quote_is_publishable(q) for q in quotes},
        note_codings=services.codings_for("note", [n.id for n in notes]),
        quote_codings=services.codings_for("quote", [q.id for q in quotes]),
        present=services.attendance(workshop), artifacts=services.list_artifacts(workshop),
        storyboards=services.list_storyboards(workshop), reflection=services.get_reflection(workshop))


# --- agenda -----------------------------------------------------------------

@bp.route("/<int:workshop_id>/activities/new", methods=["GET", "POST"])
@permission_required("workshops.edit")
def create_activity(workshop_id):
    workshop = workshop_or_404(workshop_id)
    form = ActivityForm()
    if form.validate_on_submit():
        services.save_activity(workshop, None, **_activity_fields(form))
        db.session.commit()
        flash(_("Activity added to the agenda."), "success")
        return redirect(url_for(".detail", workshop_id=workshop.id, _anchor="agenda"))
    return render_template("workshops/activity_form.html", form=form, workshop=workshop, activity=None)


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
@permission_required("workshops.edit")
def edit_activity(activity_id):
    activity = or_404(db.session.get(Activity, activity_id))
    form = ActivityForm(obj=activity)
    if form.validate_on_submit():
        services.save_activity(activity.workshop, activity, **_activity_fields(form))
        db.session.commit()
        flash(_("Activity saved."), "success")
        return redirect(url_for(".detail", workshop_id=activity.workshop_id, _anchor="agenda"))
    return render_template("workshops/activity_form.html", form=form, workshop=activity.workshop, activity=activity)


@bp.post("/activities/<int:activity_id>/delete")
@permission_required("workshops.edit")
def delete_activity(activity_id):
    activity = or_404(db.session.get(Activity, activity_id))
    workshop_id = activity.workshop_id
    services.delete_activity(activity)
    db.session.commit()
    flash(_("Activity removed from the agenda. What was recorded during it is kept."), "success")
    return redirect(url_for(".detail", workshop_id=workshop_id, _anchor="agenda"))


def _activity_fields(form):
    return {"title": form.title.data, "method": form.method.data,
            "duration_minutes": form.duration_minutes.data, "materials": form.materials.data}


# --- attendance -------------------------------------------------------------

@bp.route("/<int:workshop_id>/attendance", methods=["GET", "POST"])
@permission_required("workshops.edit")
def attendance(workshop_id):
    workshop = workshop_or_404(workshop_id)
    form = AttendanceForm()
    if form.validate_on_submit():
        try:
            participant = services.participant_at_site(form.code.data, workshop.site)
            services.mark_present(workshop, participant, actor=current_user)
        except services.WorkshopError as error:
            db.session.rollback()
            form.code.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("%(code)s is marked present.", code=participant.code), "success")
            return redirect(url_for(".attendance", workshop_id=workshop.id))
    present = services.attendance(workshop)
    everyone = services.list_participants(workshop.site)
    return render_template("workshops/attendance.html", workshop=workshop, form=form, present=present,
                           absent=[p for p in everyone if p not in present],
                           may_take_part={p.id: services.has_consent(p, "take_part") for p in everyone})


@bp.post("/<int:workshop_id>/attendance/<int:participant_id>/remove")
@permission_required("workshops.edit")
def remove_attendance(workshop_id, participant_id):
    workshop = workshop_or_404(workshop_id)
    participant = or_404(db.session.get(Participant, participant_id))
    services.mark_absent(workshop, participant)
    db.session.commit()
    flash(_("%(code)s is no longer marked present.", code=participant.code), "success")
    return redirect(url_for(".attendance", workshop_id=workshop.id))


# --- notes ------------------------------------------------------------------

@bp.route("/<int:workshop_id>/notes/new", methods=["GET", "POST"])
@permission_required("workshops.edit")
def create_note(workshop_id):
    workshop = workshop_or_404(workshop_id)
    form = NoteForm()
    form.activity.choices = activity_choices(workshop)
    if form.validate_on_submit():
        try:
            services.add_note(workshop, body=form.body.data, activity=chosen_activity(workshop, form),
                              actor=current_user)
        except services.WorkshopError as error:
            db.session.rollback()
            form.body.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Note saved."), "success")
            return redirect(url_for(".create_note", workshop_id=workshop.id, saved=1))
    return render_template("workshops/note_form.html", form=form, workshop=workshop, note=None, conflict=None,
                           recent=services.list_notes(workshop)[-3:])


@bp.route("/notes/<int:note_id>/edit", methods=["GET", "POST"])
@permission_required("workshops.edit")
def edit_note(note_id):
    note = or_404(db.session.get(Note, note_id))
    workshop = note.workshop
    form = NoteForm(obj=note)
    form.activity.choices = activity_choices(workshop)
    conflict = None
    if request.method == "GET":
        form.activity.data = note.activity_id or 0
        form.version.data = note.version
    if form.validate_on_submit():
        try:
            services.update_note(note, body=form.body.data, expected_version=form.version.data or 0,
                                 activity=chosen_activity(workshop, form), actor=current_user)
        except services.NoteConflict as error:
            db.session.rollback()
            conflict = error
            note = db.session.get(Note, note_id)
            form.version.data = note.version  # saving again means: I have seen the other version
        except services.WorkshopError as error:
            db.session.rollback()
            form.body.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Note saved."), "success")
            return redirect(url_for(".detail", workshop_id=workshop.id, saved_note=note.id,
                                    _anchor=f"note-{note.id}"))
    return render_template("workshops/note_form.html", form=form, workshop=workshop, note=note, conflict=conflict,
                           recent=[]), (409 if conflict else 200)


# --- quotes -----------------------------------------------------------------

@bp.route("/<int:workshop_id>/quotes/new", methods=["GET", "POST"])
@permission_required("workshops.edit")
def create_quote(workshop_id):
    workshop = workshop_or_404(workshop_id)
    form = QuoteForm()
    form.activity.choices = activity_choices(workshop)
    if request.method == "GET" and workshop.languages:
        form.language.data = workshop.languages[-1]
    if form.validate_on_submit():
        try:
            quote = services.add_quote(
                workshop, speaker_code=form.speaker_code.data, text=form.text.data,
                language=form.language.data.lower(), translation=form.translation.data,
                translation_language=(form.translation_language.data or "en").lower(),
                activity=chosen_activity(workshop, form), actor=current_user)
        except services.WorkshopError as error:
            db.session.rollback()
            form.speaker_code.errors.append(str(error))
        else:
            db.session.commit()
            if services.quote_is_publishable(quote):
                flash(_("Quote saved."), "success")
            else:
                flash(_("Quote saved, but %(code)s has not consented to quotes: it is flagged and will never be "
                        "exported or published.", code=quote.speaker.code), "info")
            return redirect(url_for(".create_quote", workshop_id=workshop.id))
    return render_template("workshops/quote_form.html", form=form, workshop=workshop)


# --- artifacts and storyboards ----------------------------------------------

@bp.route("/<int:workshop_id>/artifacts/new", methods=["GET", "POST"])
@permission_required("workshops.edit")
def create_artifact(workshop_id):
    workshop = workshop_or_404(workshop_id)
    form = ArtifactForm()
    form.activity.choices = activity_choices(workshop)
    if form.validate_on_submit():
        try:
            services.add_artifact(workshop, upload=form.image.data, kind=form.kind.data, title=form.title.data,
                                  description=form.description.data, activity=chosen_activity(workshop, form),
                                  actor=current_user)
        except (images.ImageRejected, services.WorkshopError) as error:
            db.session.rollback()
            form.image.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Picture uploaded."), "success")
            return redirect(url_for(".detail", workshop_id=workshop.id, _anchor="artifacts"))
    return render_template("workshops/artifact_form.html", form=form, workshop=workshop)


def _send_image(artifact_id, thumbnail):
    artifact = or_404(db.session.get(Artifact, artifact_id))
    path = images.path_of(artifact.filename, thumbnail=thumbnail)
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype=artifact.content_type, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/artifacts/<int:artifact_id>/image")
@permission_required("workshops.view")
def artifact_image(artifact_id):
    return _send_image(artifact_id, thumbnail=False)


@bp.get("/artifacts/<int:artifact_id>/thumbnail")
@permission_required("workshops.view")
def artifact_thumbnail(artifact_id):
    return _send_image(artifact_id, thumbnail=True)


@bp.route("/<int:workshop_id>/storyboards/new", methods=["GET", "POST"])
@permission_required("workshops.edit")
def create_storyboard(workshop_id):
    workshop = workshop_or_404(workshop_id)
    form = StoryboardForm()
    if form.validate_on_submit():
        storyboard = services.create_storyboard(workshop, title=form.title.data, description=form.description.data)
        db.session.commit()
        flash(_("Storyboard created. Now add its frames."), "success")
        return redirect(url_for(".storyboard", storyboard_id=storyboard.id))
    return render_template("workshops/storyboard_form.html", form=form, workshop=workshop)


@bp.get("/storyboards/<int:storyboard_id>")
@permission_required("workshops.view")
def storyboard(storyboard_id):
    board = or_404(db.session.get(Storyboard, storyboard_id))
    return render_template("workshops/storyboard.html", storyboard=board, workshop=board.workshop,
                           codings=services.codings_for("frame", [f.id for f in board.frames]))


@bp.route("/storyboards/<int:storyboard_id>/frames/new", methods=["GET", "POST"])
@permission_required("workshops.edit")
def create_frame(storyboard_id):
    board = or_404(db.session.get(Storyboard, storyboard_id))
    form = FrameForm()
    if form.validate_on_submit():
        try:
            services.add_frame(board, caption=form.caption.data, narration=form.narration.data,
                               reactions=form.reactions.data, upload=form.image.data or None, actor=current_user)
        except images.ImageRejected as error:
            db.session.rollback()
            form.image.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Frame added."), "success")
            return redirect(url_for(".storyboard", storyboard_id=board.id))
    return render_template("workshops/frame_form.html", form=form, storyboard=board, workshop=board.workshop)


# --- reflection -------------------------------------------------------------

@bp.route("/<int:workshop_id>/reflection", methods=["GET", "POST"])
@permission_required("workshops.edit")
def reflection(workshop_id):
    workshop = workshop_or_404(workshop_id)
    form = ReflectionForm(obj=services.get_reflection(workshop))
    if form.validate_on_submit():
        services.save_reflection(workshop, what_worked=form.what_worked.data, what_did_not=form.what_did_not.data,
                                 adaptations=form.adaptations.data, actor=current_user)
        db.session.commit()
        flash(_("Reflection saved."), "success")
        return redirect(url_for(".detail", workshop_id=workshop.id, _anchor="reflection"))
    return render_template("workshops/reflection_form.html", form=form, workshop=workshop)


# --- participants and consent -----------------------------------------------

@bp.get("/sites/<int:site_id>/participants")
@permission_required("workshops.view")
def participants(site_id):
    site = site_or_404(site_id)
    people = services.list_participants(site)
    return render_template("workshops/participants.html", site=site, participants=people,
                           consents={p.id: services.consent_summary(p) for p in people})


@bp.route("/sites/<int:site_id>/participants/new", methods=["GET", "POST"])
@permission_required("participants.manage")
def create_participant(site_id):
    site = site_or_404(site_id)
    form = ParticipantForm()
    if form.validate_on_submit():
        participant = services.create_participant(site, stakeholder_group=form.stakeholder_group.data,
                                                  languages=form.languages.data, actor=current_user)
        db.session.commit()
        flash(_("Participant %(code)s added. Record their consent next.", code=participant.code), "success")
        return redirect(url_for(".participant", participant_id=participant.id))
    return render_template("workshops/participant_form.html", form=form, site=site)


@bp.get("/participants/<int:participant_id>")
@permission_required("workshops.view")
def participant(participant_id):
    person = or_404(db.session.get(Participant, participant_id))
    return _participant_page(person, ConsentForm(), ProfileForm(formdata=None))


def _participant_page(person, consent_form, profile_form, status=200):
    return render_template("workshops/participant.html", participant=person, consent_form=consent_form,
                           profile_form=profile_form, withdraw_form=WithdrawForm(formdata=None),
                           has_profile=services.has_profile(person)), status


@bp.post("/participants/<int:participant_id>/consents")
@permission_required("participants.manage")
def record_consent(participant_id):
    person = or_404(db.session.get(Participant, participant_id))
    form = ConsentForm()
    if form.validate_on_submit():
        try:
            services.record_consent(person, form.scope.data, form_version=form.form_version.data,
                                    given_on=form.given_on.data, actor=current_user)
        except services.WorkshopError as error:
            db.session.rollback()
            form.scope.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Consent recorded."), "success")
            return redirect(url_for(".participant", participant_id=person.id))
    return _participant_page(person, form, ProfileForm(formdata=None))


@bp.post("/consents/<int:consent_id>/withdraw")
@permission_required("participants.manage")
def withdraw_consent(consent_id):
    consent = or_404(db.session.get(Consent, consent_id))
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            services.withdraw_consent(consent, on=form.withdrawn_on.data, actor=current_user)
        except services.WorkshopError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Consent withdrawn. It takes effect at once: quotes are no longer exported or shown in analyses."),
                  "success")
    else:
        flash(_("Give the date of the withdrawal."), "error")
    return redirect(url_for(".participant", participant_id=consent.participant_id))


@bp.post("/participants/<int:participant_id>/profile")
@permission_required("participants.manage")
def record_profile(participant_id):
    person = or_404(db.session.get(Participant, participant_id))
    form = ProfileForm()
    if form.validate_on_submit():
        services.record_profile(person, actor=current_user,
                                **{attribute: form[attribute].data for attribute in services.PROFILE_ATTRIBUTES})
        db.session.commit()
        flash(_("Attributes recorded. They are shown only as counts for the whole site."), "success")
        return redirect(url_for(".participant", participant_id=person.id))
    # Never echo special-category values: only the messages are kept, the form is sent back empty.
    for name, messages in form.errors.items():
        label = form[name].label.text if name in form else ""
        for message in messages:
            flash(f"{label}: {message}" if label else message, "error")
    return redirect(url_for(".participant", participant_id=person.id))


@bp.get("/sites/<int:site_id>/statistics")
@permission_required("workshops.view")
def statistics(site_id):
    from .forms import PROFILE_LABELS

    site = site_or_404(site_id)
    return render_template("workshops/statistics.html", site=site, statistics=services.profile_statistics(site),
                           attributes=services.PROFILE_ATTRIBUTES, labels=PROFILE_LABELS)


# --- methods library --------------------------------------------------------

@bp.get("/methods")
@permission_required("workshops.view")
def methods():
    guides = {m: services.method_guide(m, current_language()) for m in Method}
    return render_template("workshops/methods.html", guides=guides)


@bp.route("/methods/<method>/edit", methods=["GET", "POST"])
@permission_required("methods.edit")
def edit_method(method):
    if method not in Method.__members__.values():
        abort(404)
    method, lang = Method(method), current_language()
    guide = services.method_guide(method, lang, fallback=lang)
    form = MethodGuideForm(obj=guide)
    if form.validate_on_submit():
        services.save_method_guide(method, lang, purpose=form.purpose.data, steps=form.steps.data,
                                   materials=form.materials.data, tips=form.tips.data)
        db.session.commit()
        flash(_("Method guide saved."), "success")
        return redirect(url_for(".methods", _anchor=method.value))
    if guide is None and request.method == "GET":
        english = services.method_guide(method, "en")
        if english is not None:
            form = MethodGuideForm(obj=english)
    return render_template("workshops/method_form.html", form=form, method=method, translating=guide is None)


# --- codebook ---------------------------------------------------------------

def _parent_choices(project, exclude=None):
    return [(0, _("None (a top-level theme)"))] + [
        (code.id, "— " * depth + code.name) for code, depth in services.codebook(project)
        if exclude is None or code.id != exclude.id]


@bp.get("/projects/<slug>/codebook")
@permission_required("workshops.view")
def codebook(slug):
    project = project_or_404(slug)
    rows, _sites = services.code_frequencies(project)  # consent-aware, this project only
    counts = {code.id: total for code, total, _by_site, _by_group in rows}
    return render_template("workshops/codebook.html", project=project, codes=services.codebook(project),
                           counts=counts)


@bp.route("/projects/<slug>/codebook/new", methods=["GET", "POST"])
@permission_required("codebook.edit")
def create_code(slug):
    project = project_or_404(slug)
    form = CodeForm()
    form.parent.choices = _parent_choices(project)
    if form.validate_on_submit():
        return _save_code(project, None, form)
    return render_template("workshops/code_form.html", form=form, project=project, code=None)


@bp.route("/codes/<int:code_id>/edit", methods=["GET", "POST"])
@permission_required("codebook.edit")
def edit_code(code_id):
    code = or_404(services.get_code(code_id))
    form = CodeForm(obj=code)
    form.parent.choices = _parent_choices(code.project, exclude=code)
    if request.method == "GET":
        form.parent.data = code.parent_id or 0
    if form.validate_on_submit():
        return _save_code(code.project, code, form)
    return render_template("workshops/code_form.html", form=form, project=code.project, code=code)


def _save_code(project, code, form):
    parent = services.get_code(form.parent.data) if form.parent.data else None
    try:
        code = services.save_code(project, code, name=form.name.data, parent=parent,
                                  definition=form.definition.data, examples=form.examples.data)
    except services.WorkshopError as error:
        db.session.rollback()
        form.name.errors.append(str(error))
        return render_template("workshops/code_form.html", form=form, project=project, code=code)
    db.session.commit()
    flash(_("Code saved."), "success")
    return redirect(url_for(".code", code_id=code.id))


@bp.get("/codes/<int:code_id>")
@permission_required("workshops.view")
def code(code_id):
    item = or_404(services.get_code(code_id))
    return render_template("workshops/code.html", code=item, project=item.project,
                           excerpts=services.coded_excerpts(item.project, code=item))


@bp.route("/evidence/<target_type>/<int:target_id>/codes", methods=["GET", "POST"])
@permission_required("workshops.view")
def coding(target_type, target_id):
    target = or_404(services.coding_target(target_type, target_id))
    kind = services.CODING_TARGETS[target_type]
    workshop, site = kind.workshop(target), kind.site(target)
    form = CodingForm()
    form.code.choices = [(c.id, "— " * depth + c.name) for c, depth in services.codebook(site.project)]
    if request.method == "POST":
        if not can("codebook.edit"):
            abort(403)
        if form.validate_on_submit():
            try:
                services.apply_code(services.get_code(form.code.data), target_type, target.id,
                                    excerpt=form.excerpt.data, actor=current_user)
            except services.WorkshopError as error:
                db.session.rollback()
                form.excerpt.errors.append(str(error))
            else:
                db.session.commit()
                flash(_("Code applied."), "success")
                return redirect(url_for(".coding", target_type=target_type, target_id=target.id))
    return render_template("workshops/coding.html", form=form, target=target, target_type=target_type,
                           text=kind.text(target), workshop=workshop, publishable=kind.publishable(target),
                           codings=services.codings_for(target_type, [target.id])[target.id])


@bp.post("/codings/<int:coding_id>/delete")
@permission_required("codebook.edit")
def delete_coding(coding_id):
    item = or_404(db.session.get(Coding, coding_id))
    target_type, target_id = item.target_type, item.target_id
    services.remove_coding(item)
    db.session.commit()
    flash(_("Code removed."), "success")
    return redirect(url_for(".coding", target_type=target_type, target_id=target_id))


@bp.get("/projects/<slug>/codebook/analysis")
@permission_required("workshops.view")
def analysis(slug):
    from . import charts

    project = project_or_404(slug)
    rows, sites = services.code_frequencies(project)
    codes, pairs = services.co_occurrence(project)
    return render_template("workshops/analysis.html", project=project, rows=rows, sites=sites,
                           groups=services.StakeholderGroup, co_codes=codes, pairs=pairs,
                           chart=charts.code_frequency_chart(rows, sites),
                           group_chart=charts.code_frequency_by_group_chart(rows, list(services.StakeholderGroup)))


@bp.get("/projects/<slug>/codebook/export.csv")
@permission_required("codebook.export")
def export_codings(slug):
    project = project_or_404(slug)
    return Response(services.export_coded_excerpts(project), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{project.slug}-coded-excerpts.csv"'})


# --- search -----------------------------------------------------------------

@bp.get("/projects/<slug>/search")
@permission_required("workshops.view")
def search(slug):
    project = project_or_404(slug)
    form = SearchForm(request.args)
    form.site.choices = [(0, _("All sites"))] + [(s.id, f"{s.code} · {s.city}") for s in project.sites]
    form.workshop.choices = [(0, _("All workshops"))] + [
        (w.id, f"{w.site.code} · {w.date.isoformat()} · {w.title}") for w in services.list_workshops(project=project)]
    form.method.choices = [("", _("All methods"))] + enum_choices(Method)
    form.code.choices = [(0, _("All codes"))] + [(c.id, "— " * d + c.name) for c, d in services.codebook(project)]
    hits, searched = [], bool(request.args)
    if searched and form.validate():
        hits = services.search(project, form.q.data or "", site_id=form.site.data or None,
                               workshop_id=form.workshop.data or None, method=form.method.data or None,
                               code_id=form.code.data or None)
    return render_template("workshops/search.html", project=project, form=form, hits=hits, searched=searched)
