"""Rules for projects and pilot sites.

Services that change data take the acting user as the keyword-only `actor`, flush, announce the change
(`signals.emit`) and leave the commit to the view.
"""
import sqlalchemy as sa
from flask_babel import gettext as _

from ..dates import country_time_zone, is_time_zone
from ..extensions import db
from ..signals import emit
from .models import PilotSite, Project


class ProjectError(ValueError):
    """A change to a project or site that cannot be made; the message is for the user."""


def list_projects():
    return db.session.scalars(sa.select(Project).order_by(Project.start_date.desc().nulls_last(), Project.name)).all()


def get_project_by_slug(slug):
    return db.session.scalar(sa.select(Project).where(Project.slug == slug))


def save_project(project, *, slug, name, description="", start_date=None, end_date=None, actor):
    """Create (when `project` is None) or update a project; slugs are unique."""
    other = get_project_by_slug(slug)
    if other is not None and other is not project:
        raise ProjectError(_("Another project already uses the short name %(slug)s.", slug=slug))
    created = project is None
    if created:
        project = Project()
        db.session.add(project)
    project.slug, project.name, project.description = slug, name, description or ""
    project.start_date, project.end_date = start_date, end_date
    db.session.flush()
    return emit("projects.created" if created else "projects.changed", project, actor=actor)


def get_site(project, code):
    return db.session.scalar(sa.select(PilotSite).where(PilotSite.project_id == project.id,
                                                        PilotSite.code == code))


def save_site(project, site, *, code, country, city, host_languages, participant_languages,
              partner_organisation="", public_partner="", time_zone=None, actor):
    """Create (when `site` is None) or update a pilot site; codes are unique within a project.

    Without a `time_zone`, the site takes its country's main one.
    """
    other = get_site(project, code)
    if other is not None and other is not site:
        raise ProjectError(_("This project already has a site with the code %(code)s.", code=code))
    created = site is None
    if created:
        site = PilotSite(project=project)
        db.session.add(site)
    site.code, site.country, site.city = code, country, city
    site.host_languages, site.participant_languages = list(host_languages), list(participant_languages)
    site.partner_organisation, site.public_partner = partner_organisation or "", public_partner or ""
    if time_zone:
        if not is_time_zone(time_zone):
            raise ProjectError(_("Not a known time zone: %(zone)s.", zone=time_zone))
        site.time_zone = time_zone
    else:
        site.time_zone = country_time_zone(country)
    db.session.flush()
    return emit("projects.site_created" if created else "projects.site_changed", site, actor=actor)
