"""Staff pages of what feedback says: a version's results, the comparison of versions, the exports."""
import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import can, load_or_404, permission_required
from ..recordings import content_type_of
from ..extensions import db
from ..participants.models import StakeholderGroup
from ..signals import accessed
from ..spreadsheets import csv_bytes, safe_cell, xlsx_bytes
from . import analysis, bp, services
from .forms import TranscriptForm
from .models import Prototype, ReactionValue, Version, VoiceComment

RESULTS, EDIT, LISTEN = "prototypes.results", "prototypes.edit", "prototypes.listen"


def _filters(project, prototype):
    sites = [s for s in project.sites if prototype.site_id in (None, s.id)]
    site_id = request.args.get("site", type=int)
    site_id = site_id if site_id in {s.id for s in sites} else None
    group = request.args.get("group") if request.args.get("group") in set(StakeholderGroup) else None
    return sites, site_id, group


@bp.get("/versions/<int:version_id>/results")
@permission_required(RESULTS)
def results(version_id):
    from .charts import screen_figure  # Bokeh is imported by the pages that draw a chart

    version = load_or_404(Version, version_id, RESULTS)
    prototype = version.prototype
    sites, site_id, group = _filters(prototype.project, prototype)
    result = analysis.summarise(version, site_id=site_id, stakeholder_group=group)
    charts = {}
    if result.shown:
        for s in result.screens:
            if s.pins:
                charts[f"pins-{s.screen.id}"] = screen_figure(s.screen, s.pins, f"pins-{s.screen.id}")
        for i, t in enumerate(result.tasks):
            if t.clicks and t.rate is not None:
                charts[f"clicks-{i}"] = screen_figure(t.screen, t.clicks, f"clicks-{i}",
                                                      colours=["#1a7f37" if c[2] else "#c0392b" for c in t.clicks])
    return render_template("prototypes/results.html", version=version, prototype=prototype, result=result,
                           charts=charts, sites=sites, site_id=site_id, group=group, groups=list(StakeholderGroup),
                           reactions=list(ReactionValue), may_listen=lambda voice: can(LISTEN, voice),
                           transcript_forms=_transcript_forms(result))


def _transcript_forms(result):
    """{voice comment id: TranscriptForm} of the voice comments the user may transcribe."""
    return {voice.id: TranscriptForm(prefix=f"voice-{voice.id}", data={"transcript": voice.transcript})
            for screen in result.screens for voice in screen.voices if can(EDIT, voice)}


@bp.get("/voice/<int:voice_id>/audio")
@permission_required(LISTEN)
def voice_audio(voice_id):
    """The recording of a voice comment, for staff of its site only; no cache on the way keeps it.  Each time it
    is heard from its start (a player asks for the rest in ranges) the audit log keeps who heard it."""
    voice = load_or_404(VoiceComment, voice_id, LISTEN)
    path = services.RECORDINGS.path_of(voice.filename) if voice.filename else None
    if path is None or not path.exists():
        abort(404)
    if request.range is None or request.range.ranges[0][0] == 0:
        accessed("prototypes.recording_heard", voice, actor=current_user)
        db.session.commit()
    response = send_file(path, mimetype=content_type_of(voice.filename), max_age=0, conditional=True)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/voice/<int:voice_id>/transcript")
@permission_required(EDIT)
def voice_transcript(voice_id):
    """Type (or correct) what a voice comment says: that text is what is coded and cited."""
    voice = load_or_404(VoiceComment, voice_id, EDIT)
    form = TranscriptForm(prefix=f"voice-{voice.id}")
    version_id = voice.feedback.round.version_id
    if form.validate_on_submit():
        try:
            services.set_transcript(voice, form.transcript.data, actor=current_user)
        except services.PrototypeError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Transcript saved."), "success")
    else:
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors)
              or _("The transcript could not be saved."), "error")
    return redirect(url_for(".results", version_id=version_id, _anchor=f"voice-{voice_id}"))


@bp.get("/<int:prototype_id>/compare")
@permission_required(RESULTS)
def compare(prototype_id):
    prototype = load_or_404(Prototype, prototype_id, RESULTS)
    sites, site_id, group = _filters(prototype.project, prototype)
    summaries = [analysis.summarise(v, site_id=site_id, stakeholder_group=group) for v in prototype.versions]
    steps = [(before, after, analysis.compare(before, after))
             for before, after in zip(summaries, summaries[1:]) if before.shown and after.shown]
    return render_template("prototypes/compare.html", prototype=prototype, summaries=summaries, steps=steps,
                           sites=sites, site_id=site_id, group=group, groups=list(StakeholderGroup))


EXPORT_HEADER = ["feedback_id", "version", "round", "site", "language", "assisted", "participant",
                 "stakeholder_group", "submitted_at", "part", "screen", "x", "y", "value", "text", "ms", "success"]


def export_rows(prototype):
    """One row per part of each feedback: pins, reactions, comments, voice comments (their length in seconds
    and transcript, never the recording), task results, the SUS score."""
    rows = []
    for version in prototype.versions:
        positions = {s.id: s.position + 1 for s in version.screens}
        for f in analysis.feedback_on(version):
            head = [f.id, version.number, f.round.code, f.site.code if f.site else "", f.language,
                    "yes" if f.assisted else "no", f.participant.code if f.participant else "",
                    f.stakeholder_group or "", f.submitted_at.isoformat()]
            for pin in f.pins:
                rows.append(head + ["pin", positions.get(pin.screen_id), round(pin.x, 4), round(pin.y, 4), "",
                                    pin.comment, "", ""])
            for reaction in f.reactions:
                rows.append(head + ["reaction", positions.get(reaction.screen_id), "", "", reaction.value.value,
                                    "", "", ""])
            for comment in f.comments:
                rows.append(head + ["comment", positions.get(comment.screen_id, ""), "", "", "", comment.text,
                                    "", ""])
            for voice in f.voice_comments:
                rows.append(head + ["voice", positions.get(voice.screen_id), "", "", voice.seconds or "",
                                    voice.transcript, "", ""])
            for result in f.task_results:
                rows.append(head + ["task", positions.get(result.task.target.screen_id),
                                    "" if result.x is None else round(result.x, 4),
                                    "" if result.y is None else round(result.y, 4), result.task.position + 1,
                                    next(iter(result.task.prompt.values()), ""),
                                    "" if result.ms is None else result.ms, "yes" if result.success else "no"])
            if f.sus_score is not None:
                rows.append(head + ["sus", "", "", "", f.sus_score, " ".join(map(str, f.sus)), "", ""])
    return [[safe_cell(value) for value in row] for row in rows]


@bp.get("/<int:prototype_id>/export/<any('feedback.csv', 'feedback.xlsx'):name>")
@permission_required("prototypes.export")
def export(prototype_id, name):
    prototype = load_or_404(Prototype, prototype_id, "prototypes.export")
    rows = export_rows(prototype)
    if name.endswith(".csv"):
        data, mimetype = csv_bytes(EXPORT_HEADER, rows), "text/csv"
    else:
        data = xlsx_bytes({"feedback": (EXPORT_HEADER, rows)})
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    accessed("prototypes.feedback_exported", prototype, actor=current_user, file=name)
    db.session.commit()
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True,
                     download_name=f"prototype-{prototype.id}-{name}")


@bp.app_template_filter("share")
def share(value):
    return "—" if value is None else f"{value * 100:.0f}%"


@bp.app_template_filter("seconds")
def seconds(ms):
    return "—" if ms is None else _("%(seconds)s seconds", seconds=format_decimal(round(ms / 1000, 1)))
