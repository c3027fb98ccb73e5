import logging

import sqlalchemy as sa
from flask import jsonify, render_template
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from ..auth.permissions import allowed, can
from ..errors import RETRY_AFTER
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
    """200 when the app can read and write its database; 503 when it cannot (locked, read-only, unreachable).

    The write changes nothing and is rolled back, but the database has to grant it."""
    try:
        db.session.execute(sa.text("UPDATE users SET id = id WHERE 1 = 0"))
    except SQLAlchemyError:
        log.exception("health check: database unreachable")
        db.session.rollback()
        return jsonify(status="error", database="error"), 503, {"Retry-After": str(RETRY_AFTER)}
    db.session.rollback()
    return jsonify(status="ok", database="ok")
