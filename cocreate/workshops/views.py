from flask import render_template

from ..auth.permissions import permission_required
from ..projects.services import list_projects
from . import bp


@bp.get("/")
@permission_required("workshops.view")
def index():
    return render_template("workshops/index.html", projects=list_projects())
