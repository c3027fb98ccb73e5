"""Demo staff accounts: one admin, two facilitators per site, two researchers, an officer per authority.

The accounts are made first (`seed`); once the project and its sites exist, `seed_memberships` binds
each facilitator to their site and the researchers and officers to the project.
"""
from .models import User
from .permissions import Role
from .services import find_user, set_memberships

DEMO_DOMAIN = "miict.example"
DEMO_PROJECT = "miict"
SITES = ("es", "it", "cy")
AUTHORITIES = {
    "employment": "Employment office",
    "health": "Health service",
    "education": "Education service",
}


def demo_accounts():
    """(email, role) of every demo account, in a fixed order."""
    accounts = [(f"admin@{DEMO_DOMAIN}", Role.ADMIN.value)]
    accounts += [(f"facilitator.{site}{n}@{DEMO_DOMAIN}", Role.FACILITATOR.value) for site in SITES for n in (1, 2)]
    accounts += [(f"researcher{n}@{DEMO_DOMAIN}", Role.RESEARCHER.value) for n in (1, 2)]
    accounts += [(f"officer.{key}@{DEMO_DOMAIN}", Role.OFFICER.value) for key in AUTHORITIES]
    return accounts


def _display_name(email, role):
    local = email.split("@")[0]
    if role == Role.FACILITATOR:
        return f"Facilitator {demo_site_code(email)} {local[-1]}"
    if role == Role.RESEARCHER:
        return f"Researcher {local[-1]}"
    if role == Role.OFFICER:
        return f"Officer, {AUTHORITIES[local.split('.')[1]]}"
    return "Administrator"


def seed(password):
    from ..extensions import db

    for email, role in demo_accounts():
        if find_user(email) is not None:
            continue
        organisation = ""
        if role == Role.OFFICER:
            organisation = AUTHORITIES[email.split("@")[0].split(".")[1]]
        elif role in (Role.ADMIN, Role.RESEARCHER):
            organisation = "MIICT research team"
        user = User(email=email, role=Role(role), display_name=_display_name(email, role),
                    organisation=organisation, active=True)
        user.set_password(password)
        db.session.add(user)
    db.session.flush()


def demo_site_code(email):
    """The pilot site of a demo facilitator: facilitator.it2@… works at IT."""
    return email.split("@")[0].split(".")[1][:2].upper()


def seed_memberships(password=None):
    """Add the demo accounts' memberships that are missing (an administrator's changes stay)."""
    from ..projects.services import get_project_by_slug, get_site

    project = get_project_by_slug(DEMO_PROJECT)
    if project is None:
        return
    for email, role in demo_accounts():
        user = find_user(email)
        if user is None or user.role != Role(role) or role == Role.ADMIN:
            continue
        sites = list(user.sites)
        if role == Role.FACILITATOR:
            site = get_site(project, demo_site_code(email))
            if site is not None and site not in sites:
                sites.append(site)
        projects = list(user.projects)
        if project not in projects:
            projects.append(project)
        set_memberships(user, projects=projects, sites=sites, actor=None)
