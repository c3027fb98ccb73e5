from flask import render_template, request

from ..auth.permissions import check, permission_required
from ..projects import services as projects
from . import bp, services


@bp.get("/<slug>")
@permission_required("history.view")
def project_changes(slug):
    """Who changed what in a project, newest first, optionally at one site."""
    project = check("history.view", projects.get_project_by_slug(slug))
    sites = {site.id: site for site in project.sites}
    site = projects.get_site(project, request.args.get("site", ""))
    changes = services.changes(project, site_id=site.id if site else None)
    return render_template("history/changes.html", project=project, site=site, sites=sites, changes=changes,
                           action_label=services.action_label)
