from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..auth.permissions import Role, allowed, load_or_404, permission_required
from ..auth.services import facilitators_of
from ..evidence.services import codings_by_row, count_codings
from ..extensions import db
from ..i18n import current_language
from ..paging import page_size, paginate
from ..participants import services as participants
from ..participants.models import Participant
from ..projects.models import PilotSite
from ..projects.services import list_projects
from . import bp, images, services
from .forms import (
    ActivityForm, ArtifactDetailsForm, ArtifactForm, AttendanceForm, DeleteForm, FrameEditForm, FrameForm,
    MethodGuideForm, MoveForm, NoteForm, QuoteForm, ReflectionForm, StoryboardForm, WorkshopForm,
)
from .models import Activity, Artifact, Method, Note, Quote, Storyboard, StoryboardFrame, Workshop

EDIT, VIEW = "workshops.edit", "workshops.view"
NOTES_PAGE, QUOTES_PAGE = "notes_page", "quotes_page"  # the two paged lists of a workshop's page


def workshop_or_404(workshop_id, action):
    """The workshop: 404 when there is none, 403 when the user may not do `action` to it."""
    return load_or_404(Workshop, workshop_id, action)


def confirm_delete(form, *, title, goes, stays=(), back, button):
    """The page that asks before deleting: what goes with the object (`goes`) and what stays (`stays`)."""
    return render_template("workshops/confirm_delete.html", form=form, title=title, goes=[g for g in goes if g],
                           stays=[s for s in stays if s], back=back, button=button), \
        (400 if form.is_submitted() else 200)


def codings_go(count):
    return ngettext("%(num)d coding of it goes with it.", "%(num)d codings of it go with it.", count) \
        if count else ""


def lost_codings(form, kind, item_id, text):
    """Codings an edit would leave pointing at nothing, unless the user already agreed to remove them."""
    lost = services.codings_lost_by(kind, item_id, text)
    if lost and not form.remove_lost_codings.data:
        return lost
    return []


def activity_choices(workshop):
    return [(0, _("None"))] + [(a.id, f"{a.position}. {a.title}") for a in workshop.activities]


def chosen_activity(workshop, form):
    return services.activity_of(workshop, form.activity.data) if form.activity.data else None


# --- workshops --------------------------------------------------------------

@bp.get("/")
@permission_required("workshops.view")
def index():
    projects = allowed("projects.view", list_projects())
    workshops = {project.id: services.list_workshops(project=project) for project in projects}
    return render_template("workshops/index.html", projects=projects, workshops=workshops)


def _facilitator_choices(site):
    """Who may run a workshop at `site`: its own facilitators and the administrators."""
    return [(u.id, u.display_name) for u in facilitators_of(site)]


def _save_workshop(site, workshop, form):
    # The form only accepts ids from _facilitator_choices(site): nobody from another site can be added.
    chosen = {user.id: user for user in facilitators_of(site)}
    workshop = services.save_workshop(
        workshop, site=site, title=form.title.data, phase=form.phase.data, date=form.date.data,
        place=form.place.data, languages=form.languages.data, objectives=form.objectives.data,
        facilitators=[chosen[uid] for uid in form.facilitators.data or [] if uid in chosen], actor=current_user)
    db.session.commit()
    flash(_("Workshop saved."), "success")
    return redirect(url_for(".detail", workshop_id=workshop.id))


@bp.route("/sites/<int:site_id>/new", methods=["GET", "POST"])
@permission_required("workshops.edit")
def create(site_id):
    site = load_or_404(PilotSite, site_id, EDIT)
    form = WorkshopForm()
    form.facilitators.choices = _facilitator_choices(site)
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
    workshop = workshop_or_404(workshop_id, EDIT)
    form = WorkshopForm(obj=workshop)
    form.facilitators.choices = _facilitator_choices(workshop.site)
    if request.method == "GET":
        form.facilitators.data = [u.id for u in workshop.facilitators]
    if form.validate_on_submit():
        return _save_workshop(workshop.site, workshop, form)
    return render_template("workshops/workshop_form.html", form=form, site=workshop.site, workshop=workshop)


@bp.route("/<int:workshop_id>/delete", methods=["GET", "POST"])
@permission_required("workshops.edit")
def delete(workshop_id):
    workshop = workshop_or_404(workshop_id, EDIT)
    form = DeleteForm()
    if form.validate_on_submit():
        title = workshop.title
        services.delete_workshop(workshop, actor=current_user)
        db.session.commit()
        flash(_("The workshop %(title)s was deleted, with everything recorded at it.", title=title), "success")
        return redirect(url_for(".index"))
    counts = services.workshop_contents(workshop)
    elsewhere = services.linked_elsewhere(workshop)
    surveys = elsewhere.pop("surveys", 0)
    goes = [
        ngettext("%(num)d agenda item", "%(num)d agenda items", counts["activities"]),
        ngettext("the attendance of %(num)d participant", "the attendance of %(num)d participants",
                 counts["attendance"]),
        ngettext("%(num)d note", "%(num)d notes", counts["notes"]),
        ngettext("%(num)d quote", "%(num)d quotes", counts["quotes"]),
        ngettext("%(num)d picture", "%(num)d pictures", counts["pictures"]),
        ngettext("%(num)d storyboard", "%(num)d storyboards", counts["storyboards"]) + " ("
        + ngettext("%(num)d frame", "%(num)d frames", counts["frames"]) + ")",
        ngettext("%(num)d coding of its notes, quotes and frames", "%(num)d codings of its notes, quotes and frames",
                 counts["codings"]),
        _("the facilitators' reflection") if counts["reflection"] else "",
    ]
    stays = [ngettext("%(num)d survey handed out at it stays, no longer tied to this workshop.",
                      "%(num)d surveys handed out at it stay, no longer tied to this workshop.", surveys)
             if surveys else ""]
    stays += [ngettext("%(num)d other record stays, no longer tied to this workshop.",
                       "%(num)d other records stay, no longer tied to this workshop.", count)
              for count in elsewhere.values() if count]
    return confirm_delete(form, title=_("Delete the workshop %(title)s?", title=workshop.title), goes=goes,
                          stays=stays, back=url_for(".detail", workshop_id=workshop.id),
                          button=_("Delete the workshop"))


@bp.get("/<int:workshop_id>")
@permission_required("workshops.view")
def detail(workshop_id):
    workshop = workshop_or_404(workshop_id, VIEW)
    notes = paginate(services.notes_query(workshop), param=NOTES_PAGE)
    quotes = paginate(services.quotes_query(workshop), param=QUOTES_PAGE)
    return render_template(
        "workshops/detail.html", workshop=workshop, notes=notes.items, notes_page=notes, quotes=quotes.items,
        quotes_page=quotes, notes_param=NOTES_PAGE, quotes_param=QUOTES_PAGE,
        publishable={q.id: services.quote_is_publishable(q) for q in quotes.items},
        withdrawn={q.id: participants.quoting_withdrawn_on(q.speaker) for q in quotes.items},
        note_codings=codings_by_row("note", [n.id for n in notes.items]),
        quote_codings=codings_by_row("quote", [q.id for q in quotes.items]),
        present_count=services.attendance_count(workshop), artifacts=services.list_artifacts(workshop),
        storyboards=services.list_storyboards(workshop), reflection=services.get_reflection(workshop))


def _at_its_place(workshop_id, param, position, anchor):
    """A redirect to the page of the workshop's list (`param`) that holds the item at `position` (counted from
    0), at the item's anchor; the page size and every other argument of the URL are kept."""
    size = page_size()
    args = request.args.to_dict(flat=False)
    args.pop(param, None)
    if position >= size:
        args[param] = [str(position // size + 1)]
    return redirect(url_for(".detail", workshop_id=workshop_id, **args, _anchor=anchor))


@bp.get("/notes/<int:note_id>")
@permission_required("workshops.view")
def note(note_id):
    """The note where it is shown: on its page of the workshop's notes."""
    item = load_or_404(Note, note_id, VIEW)
    return _at_its_place(item.workshop_id, NOTES_PAGE, services.position_of_note(item), f"note-{item.id}")


@bp.get("/quotes/<int:quote_id>")
@permission_required("workshops.view")
def quote(quote_id):
    """The quote where it is shown: on its page of the workshop's quotes."""
    item = load_or_404(Quote, quote_id, VIEW)
    return _at_its_place(item.workshop_id, QUOTES_PAGE, services.position_of_quote(item), f"quote-{item.id}")


# --- agenda -----------------------------------------------------------------

@bp.route("/<int:workshop_id>/activities/new", methods=["GET", "POST"])
@permission_required("workshops.edit")
def create_activity(workshop_id):
    workshop = workshop_or_404(workshop_id, EDIT)
    form = ActivityForm()
    if form.validate_on_submit():
        services.save_activity(workshop, None, **_activity_fields(form), actor=current_user)
        db.session.commit()
        flash(_("Activity added to the agenda."), "success")
        return redirect(url_for(".detail", workshop_id=workshop.id, _anchor="agenda"))
    return render_template("workshops/activity_form.html", form=form, workshop=workshop, activity=None)


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
@permission_required("workshops.edit")
def edit_activity(activity_id):
    activity = load_or_404(Activity, activity_id, EDIT)
    form = ActivityForm(obj=activity)
    if form.validate_on_submit():
        services.save_activity(activity.workshop, activity, **_activity_fields(form), actor=current_user)
        db.session.commit()
        flash(_("Activity saved."), "success")
        return redirect(url_for(".detail", workshop_id=activity.workshop_id, _anchor="agenda"))
    return render_template("workshops/activity_form.html", form=form, workshop=activity.workshop, activity=activity)


@bp.route("/activities/<int:activity_id>/delete", methods=["GET", "POST"])
@permission_required("workshops.edit")
def delete_activity(activity_id):
    activity = load_or_404(Activity, activity_id, EDIT)
    workshop_id = activity.workshop_id
    form = DeleteForm()
    if form.validate_on_submit():
        services.delete_activity(activity, actor=current_user)
        db.session.commit()
        flash(_("Activity removed from the agenda. What was recorded during it is kept."), "success")
        return redirect(url_for(".detail", workshop_id=workshop_id, _anchor="agenda"))
    during = services.recorded_during(activity)
    stays = [ngettext("%(num)d note recorded during it stays, no longer tied to it.",
                      "%(num)d notes recorded during it stay, no longer tied to it.", during["notes"]),
             ngettext("%(num)d quote recorded during it stays, no longer tied to it.",
                      "%(num)d quotes recorded during it stay, no longer tied to it.", during["quotes"]),
             ngettext("%(num)d picture taken during it stays, no longer tied to it.",
                      "%(num)d pictures taken during it stay, no longer tied to it.", during["pictures"])]
    return confirm_delete(form, title=_("Remove %(title)s from the agenda?", title=activity.title), goes=[],
                          stays=[line for line, count in zip(stays, during.values()) if count],
                          back=url_for(".detail", workshop_id=workshop_id, _anchor="agenda"),
                          button=_("Remove from the agenda"))


@bp.post("/activities/<int:activity_id>/move")
@permission_required("workshops.edit")
def move_activity(activity_id):
    activity = load_or_404(Activity, activity_id, EDIT)
    form = MoveForm()
    if form.validate_on_submit():
        services.move_activity(activity, form.direction.data, actor=current_user)
        db.session.commit()
    return redirect(url_for(".detail", workshop_id=activity.workshop_id, _anchor=f"activity-{activity_id}"))


def _activity_fields(form):
    return {"title": form.title.data, "method": form.method.data,
            "duration_minutes": form.duration_minutes.data, "materials": form.materials.data}


# --- attendance -------------------------------------------------------------

@bp.route("/<int:workshop_id>/attendance", methods=["GET", "POST"])
@permission_required("workshops.edit")
def attendance(workshop_id):
    workshop = workshop_or_404(workshop_id, EDIT)
    form = AttendanceForm()
    if form.validate_on_submit():
        try:
            participant = participants.participant_at_site(form.code.data, workshop.site)
            services.mark_present(workshop, participant, actor=current_user)
        except (participants.ParticipantError, services.WorkshopError) as error:
            db.session.rollback()
            form.code.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("%(code)s is marked present.", code=participant.code), "success")
            return redirect(url_for(".attendance", workshop_id=workshop.id))
    present = paginate(services.attendance_query(workshop), param="present_page")
    absent = paginate(services.absent_query(workshop))
    return render_template("workshops/attendance.html", workshop=workshop, form=form, present=present.items,
                           present_page=present, absent=absent.items, absent_page=absent,
                           may_take_part={p.id: participants.has_consent(p, "take_part") for p in absent.items})


@bp.post("/<int:workshop_id>/attendance/<int:participant_id>/remove")
@permission_required("workshops.edit")
def remove_attendance(workshop_id, participant_id):
    workshop = workshop_or_404(workshop_id, EDIT)
    participant = load_or_404(Participant, participant_id)
    services.mark_absent(workshop, participant, actor=current_user)
    db.session.commit()
    flash(_("%(code)s is no longer marked present.", code=participant.code), "success")
    return redirect(url_for(".attendance", workshop_id=workshop.id))


# --- notes ------------------------------------------------------------------

@bp.route("/<int:workshop_id>/notes/new", methods=["GET", "POST"])
@permission_required("workshops.edit")
def create_note(workshop_id):
    workshop = workshop_or_404(workshop_id, EDIT)
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
                           recent=services.recent_notes(workshop))


@bp.route("/notes/<int:note_id>/edit", methods=["GET", "POST"])
@permission_required("workshops.edit")
def edit_note(note_id):
    note = load_or_404(Note, note_id, EDIT)
    workshop = note.workshop
    form = NoteForm(obj=note)
    form.activity.choices = activity_choices(workshop)
    conflict = None
    if request.method == "GET":
        form.activity.data = note.activity_id or 0
        form.version.data = note.version
    lost = []
    if form.validate_on_submit() and not (lost := lost_codings(form, "note", note.id, form.body.data)):
        try:
            services.update_note(note, body=form.body.data, expected_version=form.version.data or 0,
                                 activity=chosen_activity(workshop, form), actor=current_user)
            services.note_text_changed(note, actor=current_user)
        except services.NoteConflict as error:
            db.session.rollback()
            conflict = error
            note = load_or_404(Note, note_id)
            form.version.data = note.version  # saving again means: I have seen the other version
        except services.WorkshopError as error:
            db.session.rollback()
            form.body.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Note saved."), "success")
            return redirect(url_for(".note", note_id=note.id, saved_note=note.id))
    return render_template("workshops/note_form.html", form=form, workshop=workshop, note=note, conflict=conflict,
                           recent=[], lost=lost), (409 if conflict else 200)


@bp.route("/notes/<int:note_id>/delete", methods=["GET", "POST"])
@permission_required("workshops.edit")
def delete_note(note_id):
    note = load_or_404(Note, note_id, EDIT)
    workshop_id = note.workshop_id
    form = DeleteForm()
    if form.validate_on_submit():
        services.delete_note(note, actor=current_user)
        db.session.commit()
        flash(_("Note deleted."), "success")
        return redirect(url_for(".detail", workshop_id=workshop_id, _anchor="notes"))
    return confirm_delete(form, title=_("Delete this note?"),
                          goes=[codings_go(count_codings("note", [note.id]))],
                          back=url_for(".note", note_id=note.id),
                          button=_("Delete the note"))


# --- quotes -----------------------------------------------------------------

@bp.route("/<int:workshop_id>/quotes/new", methods=["GET", "POST"])
@permission_required("workshops.edit")
def create_quote(workshop_id):
    workshop = workshop_or_404(workshop_id, EDIT)
    form = QuoteForm()
    form.activity.choices = activity_choices(workshop)
    if request.method == "GET" and workshop.languages:
        form.language.data = workshop.languages[0]  # in the order the workshop lists them
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
    return render_template("workshops/quote_form.html", form=form, workshop=workshop, quote=None)


@bp.route("/quotes/<int:quote_id>/edit", methods=["GET", "POST"])
@permission_required("workshops.edit")
def edit_quote(quote_id):
    quote = load_or_404(Quote, quote_id, EDIT)
    workshop = quote.workshop
    withdrawn = participants.quoting_withdrawn_on(quote.speaker)
    if withdrawn is not None:
        # The text stays hidden: no form that would show it, or save it again under another speaker.
        return render_template("workshops/quote_form.html", form=None, workshop=workshop, quote=quote,
                               withdrawn=withdrawn)
    form = QuoteForm(obj=quote)
    form.activity.choices = activity_choices(workshop)
    if request.method == "GET":
        form.speaker_code.data, form.activity.data = quote.speaker.code, quote.activity_id or 0
    lost = []
    if form.validate_on_submit() and not (lost := lost_codings(form, "quote", quote.id, form.text.data)):
        try:
            services.update_quote(
                quote, speaker_code=form.speaker_code.data, text=form.text.data,
                language=form.language.data.lower(), translation=form.translation.data,
                translation_language=(form.translation_language.data or "en").lower(),
                activity=chosen_activity(workshop, form), actor=current_user)
        except services.WorkshopError as error:
            db.session.rollback()
            form.speaker_code.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Quote saved."), "success")
            return redirect(url_for(".quote", quote_id=quote_id))
    return render_template("workshops/quote_form.html", form=form, workshop=workshop, quote=quote, lost=lost)


@bp.route("/quotes/<int:quote_id>/delete", methods=["GET", "POST"])
@permission_required("workshops.edit")
def delete_quote(quote_id):
    quote = load_or_404(Quote, quote_id, EDIT)
    workshop_id, speaker = quote.workshop_id, quote.speaker.code
    form = DeleteForm()
    if form.validate_on_submit():
        services.delete_quote(quote, actor=current_user)
        db.session.commit()
        flash(_("Quote deleted."), "success")
        return redirect(url_for(".detail", workshop_id=workshop_id, _anchor="quotes"))
    return confirm_delete(form, title=_("Delete this quote by %(code)s?", code=speaker),
                          goes=[codings_go(count_codings("quote", [quote.id]))],
                          back=url_for(".quote", quote_id=quote.id),
                          button=_("Delete the quote"))


# --- artifacts and storyboards ----------------------------------------------

@bp.route("/<int:workshop_id>/artifacts/new", methods=["GET", "POST"])
@permission_required("workshops.edit")
def create_artifact(workshop_id):
    workshop = workshop_or_404(workshop_id, EDIT)
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


@bp.route("/artifacts/<int:artifact_id>/edit", methods=["GET", "POST"])
@permission_required("workshops.edit")
def edit_artifact(artifact_id):
    artifact = load_or_404(Artifact, artifact_id, EDIT)
    workshop = artifact.workshop
    form = ArtifactDetailsForm(obj=artifact)
    form.activity.choices = activity_choices(workshop)
    if request.method == "GET":
        form.activity.data = artifact.activity_id or 0
    if form.validate_on_submit():
        try:
            services.update_artifact(artifact, kind=form.kind.data, title=form.title.data,
                                     description=form.description.data, activity=chosen_activity(workshop, form),
                                     actor=current_user)
        except services.WorkshopError as error:
            db.session.rollback()
            form.activity.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Picture saved."), "success")
            return redirect(url_for(".detail", workshop_id=workshop.id, _anchor=f"artifact-{artifact_id}"))
    return render_template("workshops/artifact_form.html", form=form, workshop=workshop, artifact=artifact)


@bp.route("/artifacts/<int:artifact_id>/delete", methods=["GET", "POST"])
@permission_required("workshops.edit")
def delete_artifact(artifact_id):
    artifact = load_or_404(Artifact, artifact_id, EDIT)
    workshop_id, title = artifact.workshop_id, artifact.title
    form = DeleteForm()
    if form.validate_on_submit():
        services.delete_artifact(artifact, actor=current_user)
        db.session.commit()
        flash(_("Picture deleted."), "success")
        return redirect(url_for(".detail", workshop_id=workshop_id, _anchor="artifacts"))
    frames = len(services.frames_showing([artifact]))
    stays = [ngettext("%(num)d storyboard frame that shows it stays, without a picture.",
                      "%(num)d storyboard frames that show it stay, without a picture.", frames) if frames else ""]
    return confirm_delete(form, title=_("Delete the picture %(title)s?", title=title),
                          goes=[_("The stored file and its thumbnail are removed.")], stays=stays,
                          back=url_for(".detail", workshop_id=workshop_id, _anchor=f"artifact-{artifact_id}"),
                          button=_("Delete the picture"))


def _send_image(artifact_id, thumbnail):
    artifact = load_or_404(Artifact, artifact_id, VIEW)
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
    workshop = workshop_or_404(workshop_id, EDIT)
    form = StoryboardForm()
    if form.validate_on_submit():
        storyboard = services.create_storyboard(workshop, title=form.title.data, description=form.description.data,
                                                actor=current_user)
        db.session.commit()
        flash(_("Storyboard created. Now add its frames."), "success")
        return redirect(url_for(".storyboard", storyboard_id=storyboard.id))
    return render_template("workshops/storyboard_form.html", form=form, workshop=workshop, storyboard=None)


@bp.route("/storyboards/<int:storyboard_id>/edit", methods=["GET", "POST"])
@permission_required("workshops.edit")
def edit_storyboard(storyboard_id):
    board = load_or_404(Storyboard, storyboard_id, EDIT)
    form = StoryboardForm(obj=board)
    if form.validate_on_submit():
        services.update_storyboard(board, title=form.title.data, description=form.description.data,
                                   actor=current_user)
        db.session.commit()
        flash(_("Storyboard saved."), "success")
        return redirect(url_for(".storyboard", storyboard_id=storyboard_id))
    return render_template("workshops/storyboard_form.html", form=form, workshop=board.workshop, storyboard=board)


@bp.route("/storyboards/<int:storyboard_id>/delete", methods=["GET", "POST"])
@permission_required("workshops.edit")
def delete_storyboard(storyboard_id):
    board = load_or_404(Storyboard, storyboard_id, EDIT)
    workshop_id = board.workshop_id
    form = DeleteForm()
    if form.validate_on_submit():
        services.delete_storyboard(board, actor=current_user)
        db.session.commit()
        flash(_("Storyboard deleted."), "success")
        return redirect(url_for(".detail", workshop_id=workshop_id, _anchor="storyboards"))
    counts = services.storyboard_contents(board)
    goes = [ngettext("%(num)d frame", "%(num)d frames", counts["frames"]),
            ngettext("%(num)d picture uploaded for its frames", "%(num)d pictures uploaded for its frames",
                     counts["pictures"]) if counts["pictures"] else "",
            ngettext("%(num)d coding of its frames", "%(num)d codings of its frames", counts["codings"])
            if counts["codings"] else ""]
    return confirm_delete(form, title=_("Delete the storyboard %(title)s?", title=board.title), goes=goes,
                          back=url_for(".storyboard", storyboard_id=storyboard_id), button=_("Delete the storyboard"))


@bp.route("/frames/<int:frame_id>/edit", methods=["GET", "POST"])
@permission_required("workshops.edit")
def edit_frame(frame_id):
    frame = load_or_404(StoryboardFrame, frame_id, EDIT)
    board = frame.storyboard
    form = FrameEditForm(obj=frame)
    if not form.is_submitted():
        form.people.data = ", ".join(person.code for person in frame.people)
    lost = []
    if form.validate_on_submit() and not (lost := lost_codings(
            form, "frame", frame.id, services.frame_text(form.caption.data, form.narration.data, form.reactions.data))):
        try:
            services.update_frame(frame, caption=form.caption.data, narration=form.narration.data,
                                  reactions=form.reactions.data, actor=current_user)
            services.set_frame_people(frame, form.people_codes(), actor=current_user)
        except services.WorkshopError as error:
            db.session.rollback()
            form.caption.errors.append(str(error))
        except participants.ParticipantError as error:
            db.session.rollback()
            form.people.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Frame saved."), "success")
            return redirect(url_for(".storyboard", storyboard_id=board.id, _anchor=f"frame-{frame_id}"))
    return render_template("workshops/frame_form.html", form=form, storyboard=board, workshop=board.workshop,
                           frame=frame, lost=lost)


@bp.route("/frames/<int:frame_id>/delete", methods=["GET", "POST"])
@permission_required("workshops.edit")
def delete_frame(frame_id):
    frame = load_or_404(StoryboardFrame, frame_id, EDIT)
    board_id = frame.storyboard_id
    form = DeleteForm()
    if form.validate_on_submit():
        services.delete_frame(frame, actor=current_user)
        db.session.commit()
        flash(_("Frame deleted."), "success")
        return redirect(url_for(".storyboard", storyboard_id=board_id))
    counts = services.frame_contents(frame)
    goes = [codings_go(counts["codings"]),
            _("The picture uploaded for it goes with it.") if counts["pictures"] else ""]
    return confirm_delete(form, title=_("Delete frame %(number)d, %(caption)s?", number=frame.position,
                                        caption=frame.caption), goes=goes,
                          back=url_for(".storyboard", storyboard_id=board_id, _anchor=f"frame-{frame_id}"),
                          button=_("Delete the frame"))


@bp.post("/frames/<int:frame_id>/move")
@permission_required("workshops.edit")
def move_frame(frame_id):
    frame = load_or_404(StoryboardFrame, frame_id, EDIT)
    form = MoveForm()
    if form.validate_on_submit():
        services.move_frame(frame, form.direction.data, actor=current_user)
        db.session.commit()
    return redirect(url_for(".storyboard", storyboard_id=frame.storyboard_id, _anchor=f"frame-{frame_id}"))


@bp.get("/storyboards/<int:storyboard_id>")
@permission_required("workshops.view")
def storyboard(storyboard_id):
    board = load_or_404(Storyboard, storyboard_id, VIEW)
    return render_template("workshops/storyboard.html", storyboard=board, workshop=board.workshop,
                           codings=codings_by_row("frame", [f.id for f in board.frames]))


@bp.route("/storyboards/<int:storyboard_id>/frames/new", methods=["GET", "POST"])
@permission_required("workshops.edit")
def create_frame(storyboard_id):
    board = load_or_404(Storyboard, storyboard_id, EDIT)
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
    return render_template("workshops/frame_form.html", form=form, storyboard=board, workshop=board.workshop,
                           frame=None, lost=[])


# --- reflection -------------------------------------------------------------

@bp.route("/<int:workshop_id>/reflection", methods=["GET", "POST"])
@permission_required("workshops.edit")
def reflection(workshop_id):
    workshop = workshop_or_404(workshop_id, EDIT)
    form = ReflectionForm(obj=services.get_reflection(workshop))
    if form.validate_on_submit():
        services.save_reflection(workshop, what_worked=form.what_worked.data, what_did_not=form.what_did_not.data,
                                 adaptations=form.adaptations.data, actor=current_user)
        db.session.commit()
        flash(_("Reflection saved."), "success")
        return redirect(url_for(".detail", workshop_id=workshop.id, _anchor="reflection"))
    return render_template("workshops/reflection_form.html", form=form, workshop=workshop)


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
                                   materials=form.materials.data, tips=form.tips.data, actor=current_user)
        db.session.commit()
        flash(_("Method guide saved."), "success")
        return redirect(url_for(".methods", _anchor=method.value))
    if guide is None and request.method == "GET":
        english = services.method_guide(method, "en")
        if english is not None:
            form = MethodGuideForm(obj=english)
    return render_template("workshops/method_form.html", form=form, method=method, translating=guide is None)
