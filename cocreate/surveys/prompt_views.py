"""Pages and files of the media beside questions and choices (`prompts`): the builder's page of a question's
media, the zip upload of an imported form's files, the export with media, and the files themselves for staff
and for participants."""
import io

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..auth.permissions import permission_required
from ..extensions import db
from ..i18n import language_name
from ..security import allow_recording
from . import answer_bp, bp, prompts, services, xlsform
from .forms import ActionForm, MediaForm, MediaZipForm
from .kinds import pick
from .public import survey_by_code_or_404
from .views import question_or_404, survey_or_404

MEDIA_CACHE = "private, max-age=86400, immutable"  # stored names are random and never rewritten


def _media_form(survey, question):
    form = MediaForm()
    source = survey.source_language
    form.target.choices = [SelectChoice("", _("The question"))] + [
        SelectChoice(c["value"], _("Choice: %(label)s", label=pick(c["label"], source, source)[0] or c["value"]))
        for c in question.choices or []]
    form.kind.choices = [SelectChoice(kind, str(label)) for kind, label in prompts.KIND_LABELS.items()]
    form.language.choices = [SelectChoice(prompts.EVERY_LANGUAGE, _("Every language"))] + [
        SelectChoice(code, language_name(code)) for code in survey.languages]
    return form


@bp.route("/<int:survey_id>/questions/<int:question_id>/media", methods=["GET", "POST"])
@permission_required("surveys.edit")
def question_media(survey_id, question_id):
    """The pictures, sounds and videos of a question and its choices: see, play, upload, record, replace, delete."""
    survey = survey_or_404(survey_id, "surveys.edit")
    question = question_or_404(survey, question_id)
    form = _media_form(survey, question)
    if form.validate_on_submit():
        try:
            prompts.store(question, form.file.data, kind=form.kind.data, language=form.language.data,
                          choice_value=form.target.data or "", actor=current_user)
        except prompts.PromptRejected as error:
            db.session.rollback()
            form.file.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The file is kept."), "success")
            return redirect(url_for(".question_media", survey_id=survey.id, question_id=question.id))
    allow_recording()
    choices = {c["value"]: pick(c["label"], survey.source_language, survey.source_language)[0]
               for c in question.choices or []}
    status = 422 if form.errors else 200
    return render_template("surveys/media.html", survey=survey, question=question, form=form,
                           items=prompts.media_of_question(question), choices=choices, action_form=ActionForm(),
                           kind_labels=prompts.KIND_LABELS, every=prompts.EVERY_LANGUAGE,
                           max_audio_seconds=prompts.RECORDINGS.max_seconds), status


@bp.post("/<int:survey_id>/media/<int:media_id>/delete")
@permission_required("surveys.edit")
def delete_media(survey_id, media_id):
    survey = survey_or_404(survey_id, "surveys.edit")
    item = prompts.get_media(survey, media_id)
    if item is None:
        abort(404)
    question_id = item.question_id
    if ActionForm().validate_on_submit():
        prompts.delete(item, actor=current_user)
        db.session.commit()
        flash(_("The file is taken away."), "success")
    return redirect(url_for(".question_media", survey_id=survey.id, question_id=question_id))


@bp.route("/<int:survey_id>/media", methods=["GET", "POST"])
@permission_required("surveys.edit")
def media_zip(survey_id):
    """The files an imported form expects, and a zip of them to upload, matched by file name."""
    survey = survey_or_404(survey_id, "surveys.edit")
    form = MediaZipForm()
    stored = refused = None
    if form.validate_on_submit():
        data = form.file.data.read(prompts.MAX_ZIP_BYTES + 1)
        if len(data) > prompts.MAX_ZIP_BYTES:
            form.file.errors.append(_("The file is larger than %(size)s MB.", size=prompts.MAX_ZIP_BYTES // 2 ** 20))
        else:
            stored, refused = prompts.attach_zip(survey, data, actor=current_user)
            db.session.commit()
    return render_template("surveys/media_zip.html", survey=survey, form=form, stored=stored, refused=refused,
                           missing=prompts.missing_media(survey), kind_labels=prompts.KIND_LABELS,
                           every=prompts.EVERY_LANGUAGE)


@bp.get("/<int:survey_id>/export/xlsform-with-media.zip")
@permission_required("surveys.view")
def export_with_media(survey_id):
    """The XLSForm and, in `media/`, the files its media columns name: what another tool (or an import here)
    needs to show the same pictures and sounds."""
    survey = survey_or_404(survey_id, "surveys.results")
    data = prompts.export_zip(survey, xlsform.write(services.definition(survey)), f"survey-{survey.code}.xlsx")
    return send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                     download_name=f"survey-{survey.code}-xlsform-with-media.zip")


@bp.get("/<int:survey_id>/media/<filename>")
@permission_required("surveys.view")
def media_file(survey_id, filename):
    """A media file of the survey for its staff (the builder's previews)."""
    survey = survey_or_404(survey_id, "surveys.view")
    return _send(prompts.staff_file(survey, filename))


@answer_bp.get("/s/<code>/media/<filename>")
def participant_media(code, filename):
    """A media file the survey's current version shows, while the survey takes answers (404 otherwise)."""
    survey = survey_by_code_or_404(code)
    if services.state(survey) != "open":
        abort(404)
    return _send(prompts.stored_file(survey, filename))


def _send(found):
    if found is None:
        abort(404)
    kind, filename = found
    path = prompts.path_of(kind, filename)
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype=prompts.content_type(kind, filename), max_age=86400, conditional=True)
    response.headers["Cache-Control"] = MEDIA_CACHE
    return response



@answer_bp.app_template_global()
def media_for_language(items, language):
    """{kind: media entry} shown in `language` (`prompts.for_language`)."""
    return prompts.for_language(items, language)
