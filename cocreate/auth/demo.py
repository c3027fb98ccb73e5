"""Demo staff accounts: one admin, two facilitators per site, two researchers, an officer per authority."""
from .models import User
from .permissions import Role
from .services import find_user

DEMO_DOMAIN = "miict.example"
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
        site, number = local.split(".")[1][:2], local[-1]
        return f"Facilitator {site.upper()} {number}"
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
