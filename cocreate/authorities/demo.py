"""The demo's public authorities, with the purposes the firewall's rules are written for, and the demo officer of
each (officer.employment@… works at the employment office, and so on)."""
from ..auth.demo import DEMO_DOMAIN, DEMO_PROJECT
from ..auth.services import find_user
from ..projects.services import get_project_by_slug
from . import services

AUTHORITIES = (
    ("employment-office", "Employment office", ("job-matching", "youth-employment"), "employment"),
    ("health-service", "Health service", ("healthcare-access",), "health"),
    ("education-service", "Education service", ("education-enrolment",), "education"),
)


def seed(password=None):
    """Add the authorities that are missing, and give each its demo officer when it has none."""
    project = get_project_by_slug(DEMO_PROJECT)
    if project is None:
        return
    for slug, name, purposes, officer in AUTHORITIES:
        authority = services.get_authority(project, slug)
        if authority is None:
            authority = services.save_authority(project, None, slug=slug, name=name, purposes=purposes, actor=None)
        user = find_user(f"officer.{officer}@{DEMO_DOMAIN}")
        if user is not None and not authority.officers and services.authority_of(user) is None:
            services.set_officers(authority, [user], actor=None)
