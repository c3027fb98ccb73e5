from flask import render_template, request

from ..auth.permissions import permission_required
from ..history.services import action_label
from . import AUDITED, bp, services


@bp.get("/")
@permission_required("audit.view")
def index():
    """The audit log for administrators: newest first, searched by text and action, with the chain checked."""
    text = request.args.get("q", "").strip()[:200]
    action = request.args.get("action", "") if request.args.get("action", "") in AUDITED else ""
    page = services.search(text=text, action=action, page=request.args.get("page", 1, type=int))
    return render_template("audit/index.html", page=page, text=text, action=action, actions=sorted(AUDITED),
                           verdict=services.verify(), action_label=action_label)
