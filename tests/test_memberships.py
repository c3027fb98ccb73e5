"""Who belongs where: the administrator's account page, the rule behind it, and the demo's accounts."""
import re

import sqlalchemy as sa

from cocreate.auth.models import User
from cocreate.extensions import db
from cocreate.projects.models import PilotSite, Project

from .html_tables import tables


def memberships(app, email):
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        return [p.slug for p in user.projects], [f"{s.project.slug}/{s.code}" for s in user.sites]


def ids(app):
    """{"demo": id, "demo/ES": id, ...} of every project and site."""
    with app.app_context():
        found = {p.slug: p.id for p in db.session.scalars(sa.select(Project))}
        found.update({f"{s.project.slug}/{s.code}": s.id for s in db.session.scalars(sa.select(PilotSite))})
        return found


def account(email, role, **fields):
    return {"email": email, "display_name": email.split("@")[0], "role": role, "locale": "en", "active": "y",
            **fields}


def test_the_administrator_chooses_projects_and_sites_and_a_site_brings_its_project(app, client, auth,
                                                                                     make_project, changes):
    make_project("demo", sites=("ES", "CY"))
    make_project("other", sites=("GR",))
    known = ids(app)
    auth.login_as("admin")
    page = client.get("/users/new").get_data(as_text=True)
    assert "<legend>Projects" in page and "<legend>Pilot sites" in page and "Demo project: CY – Madrid" in page

    response = client.post("/users/new", data=account("fac@test.example", "facilitator", password="long enough secret",
                                                       site_ids=[known["demo/CY"]]))
    assert response.status_code == 302
    assert memberships(app, "fac@test.example") == (["demo"], ["demo/CY"])
    assert [action for action, obj, *_ in changes if getattr(obj, "email", None) == "fac@test.example"] == [
        "auth.user_created", "auth.memberships_changed"]
    listed = client.get("/users").get_data(as_text=True)
    row = tables(listed)[0].row_where("Email", "fac@test.example")
    assert (row["Projects"], row["Pilot sites"]) == ("demo", "CY")

    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == "fac@test.example"))
    form = client.get(f"/users/{user_id}/edit").get_data(as_text=True)
    assert re.search(rf'<input checked id="site_ids-\d+" name="site_ids" type="checkbox" value="{known["demo/CY"]}">',
                     form)
    assert re.search(rf'<input checked id="project_ids-\d+" name="project_ids" type="checkbox" value="{known["demo"]}">',
                     form)  # the site's project came with it
    response = client.post(f"/users/{user_id}/edit", data=account(
        "fac@test.example", "facilitator", project_ids=[known["other"]], site_ids=[known["demo/ES"]]))
    assert response.status_code == 302
    assert memberships(app, "fac@test.example") == (["demo", "other"], ["demo/ES"])


def test_only_facilitators_belong_to_sites(app, client, auth, make_project):
    make_project("demo", sites=("ES",))
    known = ids(app)
    auth.login_as("admin")
    refused = client.post("/users/new", data=account("r@test.example", "researcher", password="long enough secret",
                                                      site_ids=[known["demo/ES"]]))
    assert refused.status_code == 200
    assert "Only facilitators belong to pilot sites." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(User).where(User.email == "r@test.example")) is None

    in_spanish = client.post("/users/new?lang=es", data=account("r@test.example", "researcher",
                                                                  password="long enough secret",
                                                                  site_ids=[known["demo/ES"]]))
    assert "Only facilitators" not in in_spanish.get_data(as_text=True)
    assert "field__error" in in_spanish.get_data(as_text=True)

    assert client.post("/users/new", data=account("r@test.example", "researcher", password="long enough secret",
                                                   project_ids=[known["demo"]])).status_code == 302
    assert memberships(app, "r@test.example") == (["demo"], [])


def test_a_facilitator_made_researcher_must_leave_their_sites(app, client, auth, make_user, make_project):
    make_project("demo", sites=("ES",))
    known = ids(app)
    user_id, email = make_user("facilitator", sites=[("demo", "ES")])
    auth.login_as("admin")
    kept = client.post(f"/users/{user_id}/edit", data=account(email, "researcher", site_ids=[known["demo/ES"]]))
    assert "Only facilitators belong to pilot sites." in kept.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user_id).role.value == "facilitator"  # nothing of the refused save stays
    moved = client.post(f"/users/{user_id}/edit", data=account(email, "researcher", project_ids=[known["demo"]]))
    assert moved.status_code == 302
    assert memberships(app, email) == (["demo"], [])


def test_the_demo_binds_facilitators_to_their_sites_and_the_others_to_the_project(seeded):
    assert memberships(seeded, "facilitator.it2@miict.example") == (["miict"], ["miict/IT"])
    assert memberships(seeded, "facilitator.cy1@miict.example") == (["miict"], ["miict/CY"])
    assert memberships(seeded, "researcher1@miict.example") == (["miict"], [])
    assert memberships(seeded, "officer.health@miict.example") == (["miict"], [])
    assert memberships(seeded, "admin@miict.example") == ([], [])


def test_seeding_again_keeps_the_memberships(app, runner):
    runner.invoke(args=["seed-demo", "--password", "demo password 1"])
    with app.app_context():
        first = db.session.execute(sa.text("SELECT * FROM project_members UNION ALL SELECT * FROM site_members")).all()
    assert len(first) == 11 + 6  # every account but the administrator's; the six facilitators' sites
    runner.invoke(args=["seed-demo", "--password", "demo password 1"])
    with app.app_context():
        again = db.session.execute(sa.text("SELECT * FROM project_members UNION ALL SELECT * FROM site_members")).all()
    assert sorted(again) == sorted(first)


def test_create_user_command_gives_projects_and_sites(app, runner, make_project):
    make_project("demo", sites=("ES",))
    result = runner.invoke(args=["create-user", "--email", "f@test.example", "--role", "facilitator",
                                 "--password", "long enough secret", "--site", "demo/ES"])
    assert result.exit_code == 0, result.output
    assert memberships(app, "f@test.example") == (["demo"], ["demo/ES"])
    unknown = runner.invoke(args=["create-user", "--email", "g@test.example", "--role", "researcher",
                                  "--password", "long enough secret", "--project", "nope"])
    assert unknown.exit_code != 0 and "no project 'nope'" in unknown.output
    refused = runner.invoke(args=["create-user", "--email", "h@test.example", "--role", "researcher",
                                  "--password", "long enough secret", "--site", "demo/ES"])
    assert refused.exit_code != 0 and "Only facilitators belong to pilot sites." in refused.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
