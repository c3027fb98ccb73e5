"""The forward trace: a requirement traced to IMMERSE configuration items by key, and each item's page
listing the requirements behind it."""
import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.history.models import Change
from cocreate.requirements import services
from cocreate.requirements.models import ItemLink, Requirement
from cocreate.requirements.services import RequirementError

KEY = "firewall/employment-office/job-matching/date_of_birth"


def test_an_unknown_key_is_refused_with_a_message(trace_world, ctx):
    requirement = db.session.get(Requirement, trace_world["requirement"])
    with pytest.raises(RequirementError, match="firewall/nowhere/x is not a configuration item IMMERSE knows"):
        services.link_item(requirement, "firewall/nowhere/x", actor=None)
    services.link_item(requirement, KEY, actor=None)
    with pytest.raises(RequirementError, match="already traced"):
        services.link_item(requirement, KEY, actor=None)


def test_a_researcher_traces_a_requirement_to_an_item_and_the_item_lists_it(trace_world, app, client, auth):
    auth.login_as("researcher")
    detail = f"/requirements/{trace_world['requirement']}"
    page = client.post(f"{detail}/items", data={"key": KEY}, follow_redirects=True).get_data(as_text=True)
    assert f"The requirement is traced to {KEY}." in page and "traced a requirement to a configuration item" in page
    item_page = client.get(f"/requirements/projects/demo/items/{KEY}").get_data(as_text=True)
    assert "REQ-001 Forms in Arabic" in item_page
    assert "REQ-001" not in client.get("/requirements/projects/demo/items/matching/weight/optional_skill") \
        .get_data(as_text=True).split("<h2>", 1)[1]
    listing = client.get("/requirements/projects/demo/items").get_data(as_text=True)
    assert KEY in listing and "matching/criterion/informal_skills" in listing
    page = client.post(f"{detail}/items/delete", data={"key": KEY}, follow_redirects=True).get_data(as_text=True)
    assert f"The requirement is no longer traced to {KEY}." in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ItemLink)) == 0
        assert {"requirements.item_linked", "requirements.item_unlinked"} <= set(
            db.session.scalars(sa.select(Change.action)))


def test_an_unknown_key_posted_is_refused_on_the_page(trace_world, client, auth):
    auth.login_as("researcher")
    page = client.post(f"/requirements/{trace_world['requirement']}/items", data={"key": "matching/nothing"},
                       follow_redirects=True).get_data(as_text=True)
    assert "matching/nothing is not a configuration item IMMERSE knows" in page
    assert client.get("/requirements/projects/demo/items/matching/nothing").status_code == 404


def test_an_item_page_shows_only_its_projects_requirements(trace_world, app, client, auth, make_project):
    with app.app_context():
        from cocreate.projects.services import get_project_by_slug

        other = services.create_requirement(get_project_by_slug("other"), actor=None, title="Elsewhere only",
                                            statement="x", type="data", priority="must")
        services.link_item(other, KEY, actor=None)
        db.session.commit()
    auth.login_as("admin")
    assert "Elsewhere only" not in client.get(f"/requirements/projects/demo/items/{KEY}").get_data(as_text=True)
