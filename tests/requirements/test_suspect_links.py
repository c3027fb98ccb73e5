"""Suspect links, both ways: a requirement whose statement or acceptance criteria change, and a configuration
item that changes, make their links suspect until a reviewer clears them (recorded)."""
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.history.models import Change
from cocreate.requirements import services
from cocreate.requirements.models import ItemLink, Requirement, SuspectReason
from cocreate.signals import configuration_item_changed

KEY = "matching/criterion/informal_skills"
OTHER = "matching/weight/optional_skill"


def traced(world):
    requirement = db.session.get(Requirement, world["requirement"])
    for key in (KEY, OTHER):
        services.link_item(requirement, key, actor=None)
    return requirement


def links(requirement):
    return {link.key: link for link in services.items_of(requirement)}


def test_a_new_statement_or_acceptance_criteria_make_the_links_suspect(trace_world, ctx):
    requirement = traced(trace_world)
    services.update_requirement(requirement, title="Forms in Arabic and Tigrinya", actor=None)
    assert not any(link.suspect for link in links(requirement).values())  # the title is not what is implemented
    services.update_requirement(requirement, acceptance_criteria="Every form, in Arabic and Tigrinya.", actor=None)
    for link in links(requirement).values():
        assert link.suspect and link.suspect_reason is SuspectReason.REQUIREMENT_CHANGED
        assert link.suspect_since is not None
    services.clear_suspect(links(requirement)[KEY], actor=None)
    services.update_requirement(requirement, statement="The forms are offered in Arabic and Tigrinya.", actor=None)
    assert links(requirement)[KEY].suspect


def test_a_changed_item_makes_the_links_to_it_suspect(trace_world, ctx):
    requirement = traced(trace_world)
    configuration_item_changed.send(KEY, project=requirement.project, actor=None)
    found = links(requirement)
    assert found[KEY].suspect and found[KEY].suspect_reason is SuspectReason.ITEM_CHANGED
    assert not found[OTHER].suspect


def test_a_reviewer_clears_a_suspect_link_and_it_is_recorded(trace_world, app, client, auth):
    with app.app_context():
        requirement = traced(trace_world)
        db.session.commit()
        configuration_item_changed.send(KEY, project=requirement.project, actor=None)
        db.session.commit()
    auth.login_as("researcher")
    detail = f"/requirements/{trace_world['requirement']}"
    page = client.get(detail).get_data(as_text=True)
    assert "Suspect since" in page and "The configuration item changed since the link was made" in page
    page = client.post(f"{detail}/items/review", data={"key": KEY}, follow_redirects=True).get_data(as_text=True)
    assert f"The link to {KEY} was reviewed and is no longer suspect." in page
    assert "Suspect since" not in page and "reviewed a suspect link and cleared it" in page
    with app.app_context():
        link = db.session.get(ItemLink, (trace_world["requirement"], KEY))
        assert not link.suspect and link.suspect_reason is None
        change = db.session.scalar(sa.select(Change).where(Change.action == "requirements.suspect_cleared"))
        assert change.details == {"target": KEY, "reason": "item_changed"}


def test_editing_the_statement_on_the_page_flags_the_links(trace_world, app, client, auth):
    with app.app_context():
        traced(trace_world)
        db.session.commit()
    auth.login_as("researcher")
    detail = f"/requirements/{trace_world['requirement']}"
    client.post(f"{detail}/edit", data={"title": "Forms in Arabic", "statement": "Forms in Arabic and Farsi.",
                                        "type": "language", "priority": "must",
                                        "acceptance_criteria": "Every form has an Arabic version."})
    page = client.get(detail).get_data(as_text=True)
    assert page.count("The requirement changed since the link was made or last reviewed.") == 2
