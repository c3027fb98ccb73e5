"""The record of who changed what: written with the change, read back per project in the reader's language."""
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.history.models import Change


def test_a_change_by_a_person_is_recorded_with_the_change_and_a_systems_change_is_not(app, make_user, make_project):
    from cocreate.auth.models import User
    from cocreate.projects.services import get_project_by_slug, get_site, save_site

    slug = make_project()  # made by the system (actor None)
    user_id, _email = make_user("admin")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Change.id))) == 0
        project, admin = get_project_by_slug(slug), db.session.get(User, user_id)
        site = get_site(project, "ES")
        save_site(project, site, code="ES", country="ES", city="Sevilla", host_languages=["es"],
                  participant_languages=["ar"], actor=admin)
        db.session.rollback()  # undone with the change it records
        assert db.session.scalar(sa.select(sa.func.count(Change.id))) == 0
        save_site(project, get_site(project, "ES"), code="ES", country="ES", city="Sevilla", host_languages=["es"],
                  participant_languages=["ar"], actor=admin)
        db.session.commit()
        change = db.session.scalar(sa.select(Change))
        assert (change.action, change.object_type, change.label, change.actor_name) == (
            "projects.site_changed", "pilot_sites", "ES", admin.display_name)
        assert (change.project_id, change.site_id) == (project.id, site.id)


def test_every_action_a_service_announces_has_a_name_in_the_record():
    import re
    from pathlib import Path

    import cocreate
    from cocreate.history.services import ACTION_LABELS

    package = Path(cocreate.__file__).parent
    emitted = {action for path in package.rglob("*.py") for line in path.read_text().splitlines()
               if "emit(" in line for action in re.findall(r'"([a-z]+\.[a-z_]+)"', line)}
    assert emitted and sorted(emitted - ACTION_LABELS.keys()) == []


def test_the_changes_page_lists_who_did_what_in_the_readers_language(app, auth, make_project):
    slug = make_project()
    auth.login_as("admin")
    client = auth._client
    form = {"code": "ES", "country": "ES", "city": "Sevilla", "host_languages": "es", "participant_languages": "ar"}
    assert client.post(f"/projects/{slug}/sites/ES/edit", data=form).status_code == 302
    page = client.get(f"/changes/{slug}?lang=es").get_data(as_text=True)
    assert "Cambios" in page and "modificó un sitio piloto" in page and "ES" in page
    assert "Quién cambió qué" in client.get(f"/projects/{slug}?lang=es").get_data(as_text=True)
    assert client.get(f"/changes/{slug}?site=ES").status_code == 200
    assert client.get("/changes/nowhere").status_code == 404


def test_the_changes_page_is_for_the_projects_staff_only(app, auth, make_project):
    slug = make_project()
    make_project("other")
    auth.login_as("researcher", projects=["other"])
    assert auth._client.get(f"/changes/{slug}").status_code == 403
    auth.logout()
    auth.login_as("officer")
    assert auth._client.get(f"/changes/{slug}").status_code == 403
