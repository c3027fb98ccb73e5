"""The register's pages: create, edit, delete, filters, refused changes with their messages, the history diff,
and who may write."""
import re

import pytest

from cocreate.extensions import db
from cocreate.projects.services import get_project_by_slug
from cocreate.requirements.models import Requirement

FORM = {"title": "Forms in Arabic", "statement": "The service offers its forms in Arabic.", "type": "language",
        "priority": "must", "stakeholder_groups": ["migrant"], "site_codes": ["ES"]}


@pytest.fixture
def researcher(client, auth, make_project):
    make_project("demo", sites=("ES", "IT"))
    auth.login_as("researcher")
    return client


def _create(client, **changes):
    return client.post("/requirements/projects/demo/new", data={**FORM, **changes})


def test_a_researcher_creates_a_requirement_and_sees_it_in_the_register(researcher):
    response = _create(researcher)
    assert response.status_code == 302
    page = researcher.get(response.location).get_data(as_text=True)
    assert "REQ-001 Forms in Arabic" in page and "REQ-001 was added to the register." in page
    assert "REQ-001" in researcher.get("/requirements/projects/demo").get_data(as_text=True)


def test_a_derived_requirement_without_justification_is_refused(researcher, app):
    response = _create(researcher, derived="y", derived_justification="")
    assert response.status_code == 400
    assert "A derived requirement needs a justification" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Requirement).count() == 0


def test_filters_narrow_the_register(researcher):
    _create(researcher)
    _create(researcher, title="Clear consent", type="legal_ethical", priority="should", site_codes=["IT"],
            stakeholder_groups=["ngo"])
    for query, shown, hidden in (("type=language", "Forms in Arabic", "Clear consent"),
                                 ("priority=should", "Clear consent", "Forms in Arabic"),
                                 ("site=IT", "Clear consent", "Forms in Arabic"),
                                 ("group=migrant", "Forms in Arabic", "Clear consent"),
                                 ("text=consent", "Clear consent", "Forms in Arabic"),
                                 ("status=accepted", None, "Forms in Arabic")):
        page = researcher.get(f"/requirements/projects/demo?{query}").get_data(as_text=True)
        assert hidden not in page, query
        assert shown is None or shown in page, query


def test_a_status_change_that_skips_a_step_is_refused_with_a_message(researcher, app):
    detail = _create(researcher).location
    page = researcher.post(f"{detail}/status", data={"status": "verified"}, follow_redirects=True)
    assert "one step at a time" in page.get_data(as_text=True)
    page = researcher.post(f"{detail}/status", data={"status": "rejected"}, follow_redirects=True)
    assert "Say why the requirement is rejected or deferred." in page.get_data(as_text=True)
    researcher.post(f"{detail}/status", data={"status": "accepted"})
    with app.app_context():
        assert db.session.query(Requirement).one().status.value == "accepted"


def test_the_refused_step_names_the_statuses_in_the_readers_language(researcher):
    detail = _create(researcher).location
    researcher.get("/?lang=es")
    page = researcher.post(f"{detail}/status", data={"status": "verified"}, follow_redirects=True)
    message = re.search(r'class="flash flash--error"[^>]*>(.*?)</', page.get_data(as_text=True), re.S).group(1)
    assert "Propuesto" in message and "Verificado" in message
    assert "proposed" not in message and "verified" not in message


def test_the_page_shows_each_change_as_old_and_new(researcher):
    detail = _create(researcher).location
    researcher.post(detail + "/edit", data={**FORM, "title": "Forms in Arabic and Tigrinya"})
    page = researcher.get(detail).get_data(as_text=True)
    assert "<del>Forms in Arabic</del> → <ins>Forms in Arabic and Tigrinya</ins>" in page


def test_a_refines_cycle_is_refused_on_the_page(researcher, app):
    first, second = _create(researcher).location, _create(researcher, title="Second").location
    with app.app_context():
        ids = [r.id for r in db.session.query(Requirement).order_by(Requirement.number)]
    researcher.post(f"{first}/relations", data={"kind": "refines", "target": ids[1]})
    page = researcher.post(f"{second}/relations", data={"kind": "refines", "target": ids[0]},
                           follow_redirects=True).get_data(as_text=True)
    assert "REQ-002 cannot refine REQ-001" in page


def test_deleting_says_what_goes_and_the_identifier_is_not_reused(researcher, app):
    _create(researcher)
    second = _create(researcher, title="Second").location
    with app.app_context():
        target = db.session.query(Requirement).filter_by(number=1).one().id
    researcher.post(f"{second}/relations", data={"kind": "conflicts", "target": target})
    confirm = researcher.get(f"{second}/delete").get_data(as_text=True)
    assert "1 relation with another requirement" in confirm
    researcher.post(f"{second}/delete")
    assert _create(researcher, title="Third").status_code == 302
    with app.app_context():
        assert sorted(r.identifier for r in db.session.query(Requirement)) == ["REQ-001", "REQ-003"]


def test_a_facilitator_reads_but_does_not_write(client, auth, make_project, app):
    make_project("demo")
    with app.app_context():
        from cocreate.requirements.services import create_requirement
        create_requirement(get_project_by_slug("demo"), actor=None, title="Forms in Arabic",
                           statement="In Arabic.", type="language", priority="must")
        db.session.commit()
    auth.login_as("facilitator")
    page = client.get("/requirements/projects/demo").get_data(as_text=True)
    assert "REQ-001" in page and "New requirement" not in page
    assert _create(client).status_code == 403
