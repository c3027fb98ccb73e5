"""Staff pages of what feedback says: a version's results, the comparison of versions, the exports."""
import io

from flask import request, send_file
from flask import render_template
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import load_or_404, permission_required
from ..extensions import db
from ..participants.models import StakeholderGroup
from ..signals import accessed
from ..spreadsheets import csv_bytes, safe_cell, xlsx_bytes
from . import analysis, bp
from .models import Prototype, ReactionValue, Version

RESULTS = "prototypes.results"


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
                           reactions=list(ReactionValue))


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
    """One row per part of each feedback: pins, reactions, comments, task results, the SUS score."""
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
