from flask import render_template

from ..auth.permissions import allowed, permission_required
from ..projects.services import list_projects
from . import bp


@bp.get("/")
@permission_required("prototypes.view")
def index():
    return render_template("prototypes/index.html", projects=allowed("prototypes.view", list_projects()))
