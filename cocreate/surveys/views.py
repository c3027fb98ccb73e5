"""Staff pages: the survey builder, translations, distribution, results and exports."""
import io
import tempfile

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, send_file, stream_with_context
from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..auth.permissions import allowed, can, check, load_or_404, permission_required
from ..dates import format_moment, local_naive, to_utc, zone_name
from ..evidence.registry import kind_of as kind_of_evidence
from ..evidence.services import codings_for
from ..extensions import db
from ..i18n import language_name, text_direction
from ..paging import paginate
from ..participants.models import StakeholderGroup
from ..projects.models import PilotSite
from ..projects.occasions import get_occasion, list_occasions, occasion_label
from ..projects.services import get_project_by_slug, list_projects
from ..sharing import handout_sides, participant_url, qr_response
from ..signals import accessed
from . import bp, exports, media, prompts, results, services, xlsform
from .charts import question_chart
from .evidence import answers_of, free_text_keys
from .forms import ActionForm, ImportForm, QuestionForm, SectionForm, SurveyForm
from .kinds import KINDS, pick
from .logic import choice_filter_text, to_text
from .models import Question, Section, SurveyMode
from .models import Response as SurveyResponse


def survey_or_404(survey_id, action):
    """The survey: 404 when there is none, 403 when the user may not do `action` to it."""
    return check(action, services.get_survey(survey_id))


def section_or_404(survey, section_id):
    section = load_or_404(Section, section_id)
    if section.survey_id != survey.id:
        abort(404)
    return section


def question_or_404(survey, question_id):
    question = load_or_404(Question, question_id)
    if question.survey_id != survey.id:
        abort(404)
    return question


def public_link(survey):
    """The link (and QR code) participants open to answer `survey`."""
    return participant_url("answer.choose_language", code=survey.code)


@bp.get("/")
@permission_required("surveys.view")
def index():
    """The projects' surveys in use, or with ?show=archived those put away."""
    projects = allowed("surveys.view", list_projects())
    archived = request.args.get("show") == "archived"
    return render_template("surveys/index.html", projects=projects, archived=archived,
                           surveys={p.id: services.list_surveys(p, archived=archived) for p in projects},
                           counts=_response_counts(), state=services.state)


def _response_counts():
    rows = db.session.execute(sa.select(SurveyResponse.survey_id, sa.func.count()).group_by(SurveyResponse.survey_id))
    return dict(rows.all())


# --- surveys ------------------------------------------------------------------

def _survey_form(project, survey=None):
    form = SurveyForm(obj=survey) if survey is not None and request.method == "GET" else SurveyForm()
    if survey is not None and request.method == "GET":
        form.title.data = survey.title.get(survey.source_language, "")
        form.description.data = (survey.description or {}).get(survey.source_language, "")
        form.languages.data = [code for code in survey.languages if code != survey.source_language]
        form.site_id.data = survey.site_id or 0
        form.workshop_id.data = survey.workshop_id or 0
        form.mode.data = survey.mode.value
    sites = [site for site in db.session.scalars(sa.select(PilotSite).where(PilotSite.project_id == project.id)
                                                 .order_by(PilotSite.code))
             if can("surveys.edit", site)]
    form.site_id.choices = [SelectChoice(0, _("All pilot sites"))] + [SelectChoice(s.id, f"{s.code} – {s.city}")
                                                                     for s in sites]
    form.workshop_id.choices = [SelectChoice(0, _("No workshop"))] + [
        SelectChoice(w.id, occasion_label("workshop", w)) for w in list_occasions("workshop", sites)]
    # Times are typed in the time zone of the survey's pilot site (UTC for the whole project).
    site = next((s for s in sites if s.id == form.site_id.data), None) if request.method == "POST" else \
        (survey.site if survey is not None else None)
    zone = zone_name(site)
    form.opens_at.label.text = _("Opens (%(zone)s time)", zone=zone) if site else _("Opens (UTC)")
    form.closes_at.label.text = _("Closes (%(zone)s time)", zone=zone) if site else _("Closes (UTC)")
    if survey is not None and request.method == "GET":
        form.opens_at.data = local_naive(survey.opens_at, survey.site)
        form.closes_at.data = local_naive(survey.closes_at, survey.site)
    return form


def _occasion_or_404(name, occasion_id):
    """The occasion (a workshop) a survey is tied to, which the user must be allowed to read; None for none."""
    if not occasion_id:
        return None
    occasion = get_occasion(name, occasion_id)
    if occasion is None:
        abort(404)
    return check("workshops.view", occasion)


def _survey_settings(form):
    site = load_or_404(PilotSite, form.site_id.data, "surveys.edit") if form.site_id.data else None
    return {"title": form.title.data, "description": form.description.data or "",
            "source_language": form.source_language.data, "languages": form.languages.data or [],
            "site": site, "workshop": _occasion_or_404("workshop", form.workshop_id.data),
            "mode": SurveyMode(form.mode.data),
            "opens_at": to_utc(form.opens_at.data, site), "closes_at": to_utc(form.closes_at.data, site)}


@bp.route("/new/<slug>", methods=["GET", "POST"])
@permission_required("surveys.edit")
def create(slug):
    project = check("surveys.edit", get_project_by_slug(slug))
    form = _survey_form(project)
    if form.validate_on_submit():
        try:
            survey = services.create_survey(project, **_survey_settings(form), actor=current_user)
        except services.SurveyError as error:
            db.session.rollback()
            form.title.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Survey created as a draft. Add its questions, then open it."), "success")
            return redirect(url_for(".detail", survey_id=survey.id))
    return render_template("surveys/survey_form.html", form=form, project=project, survey=None)


@bp.route("/<int:survey_id>/settings", methods=["GET", "POST"])
@permission_required("surveys.edit")
def edit(survey_id):
    survey = survey_or_404(survey_id, "surveys.edit")
    form = _survey_form(survey.project, survey)
    if form.validate_on_submit():
        try:
            services.update_survey(survey, **_survey_settings(form), actor=current_user)
        except services.SurveyError as error:
            db.session.rollback()
            form.title.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Survey saved."), "success")
            return redirect(url_for(".detail", survey_id=survey.id))
    return render_template("surveys/survey_form.html", form=form, project=survey.project, survey=survey)


@bp.get("/<int:survey_id>")
@permission_required("surveys.view")
def detail(survey_id):
    survey = survey_or_404(survey_id, "surveys.view")
    return render_template("surveys/detail.html", survey=survey, action_form=ActionForm(), kinds=KINDS,
                           has_repeats=any(KINDS[q.kind].repeats for q in services.all_questions(survey)),
                           state=services.state(survey), responses=services.response_count(survey),
                           link=public_link(survey), condition_text=_condition_text,
                           filter_text=choice_filter_text, missing={lang: services.missing_translations(survey, lang)
                                    for lang in survey.languages if lang != survey.source_language})


def _condition_text(condition):
    return to_text(condition)


@bp.post("/<int:survey_id>/state")
@permission_required("surveys.edit")
def change_state(survey_id):
    survey = survey_or_404(survey_id, "surveys.edit")
    if ActionForm().validate_on_submit():
        try:
            services.set_open(survey, request.form.get("open") == "1", actor=current_user)
        except services.SurveyError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_STATE_MESSAGES[services.state(survey)](survey), "success")
    return redirect(url_for(".detail", survey_id=survey.id))


_STATE_MESSAGES = {
    "open": lambda survey: _("The survey is open."),
    "closed": lambda survey: _("The survey is closed."),
    "not_yet_open": lambda survey: _("The survey will open on %(moment)s.",
                                     moment=format_moment(survey.opens_at, survey.site)),
    "draft": lambda survey: _("The survey is a draft."),
}


@bp.post("/<int:survey_id>/archive")
@permission_required("surveys.edit")
def archive(survey_id):
    """Put a survey away (archive=1) or bring it back (archive=0)."""
    survey = survey_or_404(survey_id, "surveys.edit")
    choice = request.form.get("archive")
    if ActionForm().validate_on_submit() and choice in ("0", "1"):
        services.set_archived(survey, choice == "1", actor=current_user)
        db.session.commit()
        flash(_("Survey archived: it takes no answers, and its results and exports stay.") if choice == "1"
              else _("The survey is out of the archive. It stays closed until you open it."), "success")
    return redirect(url_for(".detail", survey_id=survey.id))


@bp.route("/<int:survey_id>/delete", methods=["GET", "POST"])
@permission_required("surveys.edit")
def delete(survey_id):
    """Confirm, then delete a survey nobody answered; one with responses is offered the archive instead."""
    survey = survey_or_404(survey_id, "surveys.edit")
    form = ActionForm()
    responses = services.response_count(survey)
    if form.validate_on_submit() and request.form.get("confirm") == "1":
        try:
            services.delete_survey(survey, actor=current_user)
        except services.SurveyError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for(".detail", survey_id=survey_id))
        db.session.commit()
        flash(_("Survey deleted."), "success")
        return redirect(url_for(".index"))
    if request.method == "POST":
        return redirect(url_for(".delete", survey_id=survey_id))
    return render_template("surveys/delete.html", survey=survey, form=form, responses=responses,
                           goes=services.what_goes_with(survey))


def _show_error(form, error, default):
    """Put a service's refusal under the field it is about (`SurveyError.field`), else under `default`."""
    field = getattr(form, error.field, None) if error.field else None
    (field if field is not None else getattr(form, default)).errors.append(str(error))


def _picker_questions(survey, questions):
    """What the condition picker offers about each question a condition may use."""
    source = survey.source_language
    interface = str(get_locale()).split("_")[0]
    offered = []
    for q in questions:
        kind = KINDS.get(q.kind)
        if kind is None or not kind.answers or q.kind == "sus":
            continue
        label = (q.label or {}).get(source) or q.key
        # The facilitator's own choices in the language they wrote them in; the interface's words (yes/no, the
        # Likert scale, rating) in the language of the interface the facilitator reads.
        language = source if q.choices else interface
        options = kind.options(services.question_dict(q), language, source)
        offered.append({"key": q.key, "label": label if len(label) <= 80 else label[:79] + "…",
                        "numeric": q.kind in NUMERIC_KINDS, "language": source,
                        "choices": [(str(value), str(text), language) for value, text, _pictogram in options]})
    return offered


NUMERIC_KINDS = {"integer", "decimal", "likert", "rating", "range"}


# --- sections -------------------------------------------------------------------

@bp.route("/<int:survey_id>/sections/new", methods=["GET", "POST"])
@bp.route("/<int:survey_id>/sections/<int:section_id>", methods=["GET", "POST"])
@permission_required("surveys.edit")
def edit_section(survey_id, section_id=None):
    survey = survey_or_404(survey_id, "surveys.edit")
    section = section_or_404(survey, section_id) if section_id else None
    form = SectionForm()
    before = survey.sections[:survey.sections.index(section)] if section is not None else survey.sections
    form.offer(_picker_questions(survey, [q for s in before for q in s.questions]))
    if request.method == "GET":
        if section is not None:
            form.key.data, form.title.data = section.key, section.title.get(survey.source_language, "")
            form.condition.data = _condition_text(section.condition)
        else:
            form.key.data = f"section_{len(survey.sections) + 1}"
    if form.validate_on_submit():
        try:
            services.save_section(survey, section, key=form.key.data.strip(), title=form.title.data,
                                  condition=getattr(form.condition, "parsed", None), actor=current_user)
        except services.SurveyError as error:
            db.session.rollback()
            _show_error(form, error, "title")
        else:
            db.session.commit()
            flash(_("Section saved."), "success")
            return redirect(url_for(".detail", survey_id=survey.id))
    return render_template("surveys/section_form.html", form=form, survey=survey, section=section,
                           earlier=list(form.earlier.values()))


@bp.post("/<int:survey_id>/sections/<int:section_id>/<any(up, down, delete):action>")
@permission_required("surveys.edit")
def change_section(survey_id, section_id, action):
    survey = survey_or_404(survey_id, "surveys.edit")
    section = section_or_404(survey, section_id)
    if ActionForm().validate_on_submit():
        try:
            if action == "delete":
                services.delete_section(section, actor=current_user)
            else:
                services.move_section(section, -1 if action == "up" else 1, actor=current_user)
        except services.SurveyError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
    return redirect(url_for(".detail", survey_id=survey.id, _anchor=f"section-{section_id}"
                            if action != "delete" else None))


# --- questions ------------------------------------------------------------------

@bp.route("/<int:survey_id>/sections/<int:section_id>/questions/new", methods=["GET", "POST"])
@bp.route("/<int:survey_id>/questions/<int:question_id>", methods=["GET", "POST"])
@permission_required("surveys.edit")
def edit_question(survey_id, section_id=None, question_id=None):
    survey = survey_or_404(survey_id, "surveys.edit")
    question = question_or_404(survey, question_id) if question_id else None
    section = question.section if question else section_or_404(survey, section_id)
    source = survey.source_language
    form = QuestionForm()
    earlier = _earlier_questions(survey, question, section)
    form.offer(_picker_questions(survey, earlier))
    if request.method == "GET" and question is not None:
        form.kind.data, form.key.data, form.required.data = question.kind, question.key, question.required
        form.label.data, form.help.data = question.label.get(source, ""), (question.help or {}).get(source, "")
        form.choices.data = "\n".join(f"{c['value']} = {c['label'].get(source, '')}" for c in question.choices or [])
        form.minimum.data = (question.settings or {}).get("min")
        form.maximum.data = (question.settings or {}).get("max")
        for name in ("start", "end", "step"):
            form[f"range_{name}"].data = (question.settings or {}).get(name)
        form.condition.data = _condition_text(question.condition)
        settings = question.settings or {}
        form.constraint.data = _condition_text(settings.get("constraint"))
        form.constraint_message.data = (settings.get("constraint_message") or {}).get(source, "")
        form.calculation.data = _condition_text(settings.get("calculation"))
    elif request.method == "GET":
        form.key.data = f"q{sum(len(s.questions) for s in survey.sections) + 1}"
    if form.validate_on_submit():
        try:
            services.save_question(section, question, key=form.key.data.strip(), kind=form.kind.data,
                                   label=form.label.data.strip(), help=(form.help.data or "").strip(),
                                   required=form.required.data, choices=form.choice_pairs(),
                                   settings=form.settings(), condition=getattr(form.condition, "parsed", None),
                                   actor=current_user)
        except services.SurveyError as error:
            db.session.rollback()
            _show_error(form, error, "label")
        else:
            db.session.commit()
            flash(_("Question saved."), "success")
            return redirect(url_for(".detail", survey_id=survey.id, _anchor=f"section-{section.id}"))
    return render_template("surveys/question_form.html", form=form, survey=survey, section=section,
                           question=question, earlier=list(form.earlier.values()),
                           choice_filter_text=choice_filter_text)


def _earlier_questions(survey, question, section):
    """The questions before `question` (or before the end of `section`, for a new one): what its condition
    may use."""
    earlier = []
    for s in survey.sections:
        for q in s.questions:
            if q is question:
                return earlier
            earlier.append(q)
        if s is section and question is None:
            return earlier
    return earlier


@bp.post("/<int:survey_id>/questions/<int:question_id>/<any(up, down, delete):action>")
@permission_required("surveys.edit")
def change_question(survey_id, question_id, action):
    survey = survey_or_404(survey_id, "surveys.edit")
    question = question_or_404(survey, question_id)
    section_id = question.section_id
    if ActionForm().validate_on_submit():
        try:
            if action == "delete":
                services.delete_question(question, actor=current_user)
            else:
                services.move_question(question, -1 if action == "up" else 1, actor=current_user)
        except services.SurveyError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
    return redirect(url_for(".detail", survey_id=survey.id, _anchor=f"section-{section_id}"))


# --- translations ----------------------------------------------------------------

@bp.route("/<int:survey_id>/translate/<language>", methods=["GET", "POST"])
@permission_required("surveys.edit")
def translate(survey_id, language):
    survey = survey_or_404(survey_id, "surveys.edit")
    if language not in survey.languages or language == survey.source_language:
        abort(404)
    form = ActionForm()
    if form.validate_on_submit():
        values = {key[2:]: value for key, value in request.form.items() if key.startswith("t-")}
        try:
            services.save_translations(survey, language, values, actor=current_user)
        except services.SurveyError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Translations saved."), "success")
            return redirect(url_for(".translate", survey_id=survey.id, language=language))
    return render_template("surveys/translate.html", survey=survey, language=language, form=form,
                           items=services.translatable_items(survey),
                           outdated=services.outdated_items(survey, language),
                           missing=services.missing_translations(survey, language))


# --- distribution -----------------------------------------------------------------

@bp.get("/<int:survey_id>/qr.svg")
@permission_required("surveys.view")
def qr_code(survey_id):
    survey = survey_or_404(survey_id, "surveys.view")
    return qr_response(public_link(survey), f"survey-{survey.code}.svg")


@bp.get("/<int:survey_id>/handout")
@permission_required("surveys.view")
def handout(survey_id):
    survey = survey_or_404(survey_id, "surveys.view")
    enter_link = participant_url("answer.enter_code")
    link = public_link(survey)
    return render_template("surveys/handout.html", survey=survey, link=link, enter_link=enter_link,
                           sides=handout_sides(survey.title, [survey.source_language, *survey.languages],
                                               link=link, enter_link=enter_link))


# --- results and exports ----------------------------------------------------------

@bp.get("/<int:survey_id>/results")
@permission_required("surveys.results")
def show_results(survey_id):
    survey = survey_or_404(survey_id, "surveys.results")
    sites = [s for s in survey.project.sites if survey.site_id in (None, s.id)]
    site_id = request.args.get("site", type=int)
    group = request.args.get("group") if request.args.get("group") in set(StakeholderGroup) else None
    language = request.args.get("language") if request.args.get("language") in survey.languages else None
    site_id = site_id if site_id in {s.id for s in sites} else None
    defn = services.definition(survey)
    ui_language = str(get_locale())
    refusal = results.refusal(survey, site_id=site_id, stakeholder_group=group, language=language)
    total, question_results = results.summarise(survey, defn, ui_language, site_id=site_id,
                                                stakeholder_group=group, response_language=language,
                                                refused=refusal)
    charts = {r.slot: question_chart(r, f"chart-{r.slot}")
              for r in question_results if r.rows}
    site_labels = {s.id: f"{s.code} – {s.city}" for s in survey.project.sites}
    breakdowns = [
        (_("Pilot site"), results.breakdown(survey, "site_id", lambda v: site_labels.get(v, "—"))),
        (_("Stakeholder group"), results.breakdown(survey, "stakeholder_group",
                                                   lambda v: str(StakeholderGroup(v).label))),
        (_("Language"), results.breakdown(survey, "language", _language_label)),
    ]
    return render_template("surveys/results.html", survey=survey, total=total, results=question_results,
                           charts=charts, sites=sites, groups=list(StakeholderGroup), site_id=site_id, group=group,
                           language=language, breakdowns=breakdowns, filtered=bool(site_id or group or language),
                           refusal=refusal, pick=pick)


def _language_label(code):
    return language_name(code)


@bp.get("/<int:survey_id>/responses")
@permission_required("surveys.edit")
def responses(survey_id):
    """Every response, newest first, without its answers: what a facilitator needs to delete one."""
    survey = survey_or_404(survey_id, "surveys.edit")
    page = paginate(services.responses_query(survey))
    return render_template("surveys/responses.html", survey=survey, page=page, form=ActionForm(),
                           out_of_range=services.out_of_range)


@bp.route("/<int:survey_id>/responses/<int:response_id>/delete", methods=["GET", "POST"])
@permission_required("surveys.edit")
def delete_response(survey_id, response_id):
    """Confirm, then delete one response with its answers and their codings."""
    survey = survey_or_404(survey_id, "surveys.edit")
    response = check("surveys.edit", services.get_response(survey, response_id) or abort(404))
    form = ActionForm()
    if form.validate_on_submit() and request.form.get("confirm") == "1":
        services.delete_response(response, actor=current_user)
        db.session.commit()
        flash(_("Response %(number)s deleted.", number=response_id), "success")
        return redirect(url_for(".responses", survey_id=survey_id))
    if request.method == "POST":
        return redirect(url_for(".delete_response", survey_id=survey_id, response_id=response_id))
    return render_template("surveys/delete_response.html", survey=survey, response=response, form=form,
                           goes=services.what_goes_with_response(response),
                           out_of_range=services.out_of_range(response))


@bp.get("/<int:survey_id>/export/<any('responses.csv', 'codebook.csv', 'responses.xlsx', 'responses.zip', 'xlsform.xlsx'):name>")
@permission_required("surveys.view")
def export(survey_id, name):
    # the responses carry participant codes; the codebook and the XLSForm only the survey's questions
    survey = survey_or_404(survey_id, "surveys.export" if name.startswith("responses.") else "surveys.results")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    download_name = f"survey-{survey.code}-{name}"
    if name.startswith("responses."):  # row-level data about people: the audit log keeps who took it
        accessed("surveys.responses_exported", survey, actor=current_user, file=name)
        db.session.commit()
    if name == "responses.csv":  # written as the responses are read
        return Response(stream_with_context(exports.csv_stream(survey)), mimetype="text/csv",
                        headers={"Content-Disposition": content_disposition(download_name)})
    if name in ("responses.xlsx", "responses.zip"):  # written row by row into a temporary file, sent, gone
        out = tempfile.TemporaryFile()  # noqa: SIM115 (closed by _chunks_of once sent)
        try:
            (exports.write_responses_xlsx if name == "responses.xlsx" else exports.write_responses_zip)(survey, out)
            size = out.tell()
            out.seek(0)
        except BaseException:
            out.close()
            raise
        return Response(_chunks_of(out), mimetype=xlsx if name == "responses.xlsx" else "application/zip", headers={
            "Content-Disposition": content_disposition(download_name), "Content-Length": str(size)})
    if name == "codebook.csv":
        data, mimetype = exports.to_csv(*exports.codebook(survey)), "text/csv"
    else:
        data, mimetype = xlsform.write(services.definition(survey)), xlsx
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=download_name)


def _chunks_of(file, size=64 * 1024):
    """The bytes of a binary `file`, a piece at a time; the file is closed when they are read (or dropped)."""
    try:
        while piece := file.read(size):
            yield piece
    finally:
        file.close()


def content_disposition(filename):
    """The Content-Disposition header of an attachment named `filename` (ASCII: survey codes and file names)."""
    return f'attachment; filename="{filename}"'


@bp.route("/import", methods=["GET", "POST"])
@permission_required("surveys.edit")
def import_xlsform():
    form = ImportForm()
    projects = allowed("surveys.edit", list_projects())
    form.project_id.choices = [SelectChoice(p.id, p.name) for p in projects]
    report = None
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(xlsform.MAX_UPLOAD_BYTES + 1)
        upload.close()
        project = next((p for p in projects if p.id == form.project_id.data), None)
        if len(data) > xlsform.MAX_UPLOAD_BYTES:
            form.file.errors.append(_("The file is larger than %(size)s MB.",
                                      size=format(xlsform.MAX_UPLOAD_BYTES / (1024 * 1024), "g")))
        else:
            try:
                reading = xlsform.read(data)
                survey = services.create_from_definition(project, reading.definition, actor=current_user)
            except (xlsform.XLSFormError, services.SurveyError) as error:
                db.session.rollback()
                form.file.errors.append(str(error))
                report = xlsform.report_lines(getattr(error, "problems", ()))
            else:
                stored, refused = _attach_imported_media(survey, form.media.data)
                db.session.commit()
                return render_template("surveys/import_report.html", survey=survey,
                                       lines=xlsform.report_lines(reading.problems), stored=stored,
                                       refused=refused, missing=prompts.missing_media(survey))
    return render_template("surveys/import.html", form=form, lines=report)


def _attach_imported_media(survey, upload):
    """The zip of media sent beside an imported form: (files kept, [(file, why not kept)])."""
    if upload is None or not getattr(upload, "filename", ""):
        return None, []
    data = upload.read(prompts.MAX_ZIP_BYTES + 1)
    if len(data) > prompts.MAX_ZIP_BYTES:
        return [], [("", _("The file is larger than %(size)s MB.", size=prompts.MAX_ZIP_BYTES // 2 ** 20))]
    return prompts.attach_zip(survey, data, actor=current_user)


@bp.get("/<int:survey_id>/answers/<key>")
@permission_required("surveys.results")
def free_text_answers(survey_id, key):
    """The free-text answers to one question, each with its language and codes, ready to be coded: a page at a
    time (?page=, ?per_page=), oldest first, those with every word of ?q= in them; ?answer=<response id> opens
    the page that holds that response's answer."""
    survey = survey_or_404(survey_id, "surveys.results")
    question = free_text_keys(services.definition(survey)).get(key) or abort(404)
    words = results.search_words(request.args.get("q"))
    size = results.per_page(request.args.get("per_page", type=int))
    number = request.args.get("page", type=int)
    if number is None and request.args.get("answer", type=int):
        number = results.page_of_answer(survey, key, request.args.get("answer", type=int), words=words, size=size)
    kind = kind_of_evidence("survey_answer")
    page = results.free_text_page(survey, key, words=words, page=number or 1, size=size,
                                  options=kind.loader_options())
    answers = [a for a in answers_of(page.items) if a.key == key]
    refs = [kind.ref(answer) for answer in answers]
    filters = {"survey_id": survey.id, "key": key, "q": " ".join(words) or None,
               "per_page": size if size != results.TEXTS_PER_PAGE else None}  # what the page links keep
    return render_template("surveys/answers.html", survey=survey, question=question, answers=answers, kind=kind,
                           codings=codings_for(kind.name, refs), pick=pick, page=page, words=filters["q"] or "",
                           per_page=size, default_per_page=results.TEXTS_PER_PAGE, filters=filters)


@bp.app_template_global()
def content_attrs(language):
    """The `lang` and `dir` of a text facilitators wrote in `language`, for a field or element that shows it inside
    an interface in another language: {"lang": "en", "dir": "ltr"}."""
    return {"lang": language, "dir": text_direction(language)}


@bp.app_template_global()
def title_and_language(survey):
    """(title, language it is written in): the survey's title in the reader's language, else in its source language."""
    language = str(get_locale())
    text, fell_back = pick(survey.title, language, survey.source_language)
    return text, (survey.source_language if fell_back else language)


@bp.app_template_global()
def survey_title(survey, language=None):
    """A survey's title in the reader's language (or `language`), else in its source language."""
    return pick(survey.title, language or str(get_locale()), survey.source_language)[0]


@bp.get("/<int:survey_id>/files/<filename>")
@permission_required("surveys.export")
def answer_file(survey_id, filename):
    """A file a participant sent as an answer, for staff of the response's site; each opening is audited."""
    survey = survey_or_404(survey_id, "surveys.export")
    stored = check("surveys.export", media.get_answer_file(survey, filename))
    path = media.path_of(stored)
    if not path.exists():
        abort(404)
    accessed("surveys.answer_file_opened", stored, actor=current_user, kind=stored.kind)
    db.session.commit()
    response = send_file(path, mimetype=stored.content_type, max_age=0, as_attachment=stored.kind == "file",
                         download_name=stored.filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response
