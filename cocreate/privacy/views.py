"""Administrators' pages for a participant's rights: find them, see what is held, export, rectify, erase."""
import io

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import load_or_404, permission_required
from ..extensions import db
from ..participants.models import Participant
from ..projects.models import Project
from . import bp, ropa, services
from .forms import EraseForm, ExportForm, FindForm

MANAGE = "privacy.manage"


def participant_or_404(participant_id):
    return load_or_404(Participant, participant_id, MANAGE)


@bp.get("/")
@permission_required(MANAGE)
def index():
    """Find a participant by project and code."""
    projects = db.session.scalars(sa.select(Project).order_by(Project.name)).all()
    form = FindForm(request.args)
    form.project.choices = [(p.slug, p.name) for p in projects]
    not_found = False
    if request.args and form.validate():
        project = next(p for p in projects if p.slug == form.project.data)
        participant = services.find_participant(project, form.code.data)
        if participant is not None:
            return redirect(url_for(".participant", participant_id=participant.id))
        not_found = True
    return render_template("privacy/index.html", form=form, not_found=not_found), 404 if not_found else 200


@bp.get("/participants/<int:participant_id>")
@permission_required(MANAGE)
def participant(participant_id):
    """What the platform holds about one participant, with the ways to export, rectify and erase it."""
    person = participant_or_404(participant_id)
    return render_template("privacy/participant.html", participant=person, holdings=services.holdings(person),
                           corrections=services.corrections(person), export_form=ExportForm())


@bp.post("/participants/<int:participant_id>/export")
@permission_required(MANAGE)
def export(participant_id):
    person = participant_or_404(participant_id)
    if not ExportForm().validate_on_submit():
        return redirect(url_for(".participant", participant_id=person.id))
    name, content = services.export_archive(person, actor=current_user)
    db.session.commit()
    return send_file(io.BytesIO(content), mimetype="application/zip", as_attachment=True, download_name=name)


@bp.route("/participants/<int:participant_id>/erase", methods=["GET", "POST"])
@permission_required(MANAGE)
def erase(participant_id):
    """Erase a participant, once the administrator has typed their code."""
    person = participant_or_404(participant_id)
    form = EraseForm(person.code)
    if form.validate_on_submit():
        erasure = services.erase(person, actor=current_user)
        db.session.commit()
        flash(_("Everything held about %(code)s was erased. The code is never given again.", code=erasure.code),
              "success")
        return redirect(url_for(".index"))
    return render_template("privacy/erase.html", participant=person, holdings=services.holdings(person),
                           form=form), 400 if form.is_submitted() else 200


def _record():
    projects = db.session.scalars(sa.select(Project).order_by(Project.name)).all()
    return ropa.build(projects, current_app.config.get("RETENTION_DAYS") or {})


@bp.get("/ropa")
@permission_required(MANAGE)
def ropa_page():
    """The record of processing activities, generated from the configuration in force."""
    return render_template("privacy/ropa.html", record=_record())


@bp.get("/ropa.docx")
@permission_required(MANAGE)
def ropa_docx():
    response = send_file(io.BytesIO(ropa.docx_bytes(_record())), as_attachment=True,
                         mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                         download_name="record-of-processing.docx")
    response.headers["Cache-Control"] = "no-store"
    return response
