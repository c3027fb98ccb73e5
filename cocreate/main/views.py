import logging

import sqlalchemy as sa
from flask import jsonify, render_template
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from ..auth.permissions import allowed, can
from ..extensions import db
from ..projects.services import list_projects
from . import bp

log = logging.getLogger(__name__)


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return render_template("main/welcome.html")
    projects = allowed("projects.view", list_projects()) if can("projects.view") else []
    return render_template("main/dashboard.html", projects=projects)


@bp.get("/healthz")
def healthz():
    """200 when the app and its database answer; 503 when the database does not."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except SQLAlchemyError:
        log.exception("health check: database unreachable")
        db.session.rollback()
        return jsonify(status="error", database="error"), 503
    return jsonify(status="ok", database="ok")
