"""GET /api/v1/projects/<slug>/traceability: the project's requirements with their evidence links and
configuration items, for signed-in staff of that project only; never a participant's code or what they said."""
from datetime import date

import pytest

from cocreate.extensions import db
from cocreate.projects.services import get_project_by_slug
from cocreate.requirements import services as requirements
from cocreate.requirements.models import EvidenceLink, ItemLink

URL = "/api/v1/projects/demo/traceability"
KEY = "firewall/employment-office/job-matching/date_of_birth"


@pytest.fixture
def traced(app, make_project):
    """REQ-001 (refined by REQ-002) resting on a quote by a migrant and on a withdrawn note, implemented by an
    item that is suspect."""
    from cocreate.participants import services as participants
    from cocreate.workshops import services as workshops

    make_project("demo", sites=("ES",))
    make_project("other", sites=("IT",))
    with app.app_context():
        project = get_project_by_slug("demo")
        site = project.sites[0]
        workshop = workshops.save_workshop(None, site=site, title="Mapping", phase="requirements",
                                           date=date(2026, 3, 2), languages=["es", "ar"], actor=None)
        person = participants.create_participant(site, stakeholder_group="migrant", actor=None)
        quote = workshops.add_quote(workshop, speaker_code=person.code, text="Quiero trabajar en mi idioma",
                                    language="es", actor=None)
        first = requirements.create_requirement(project, actor=None, title="Forms in Arabic",
                                                statement="The forms are offered in Arabic.", type="language",
                                                priority="must")
        second = requirements.create_requirement(project, actor=None, title="Arabic help", statement="Help too.",
                                                 type="language", priority="should")
        requirements.relate(second, "refines", first, actor=None)
        db.session.add_all([
            EvidenceLink(requirement_id=first.id, kind="quote", target_id=quote.id, justification="Asked for it",
                         site_id=site.id, stakeholder_group="migrant"),
            EvidenceLink(requirement_id=first.id, kind="note", target_id=99, justification="Noted",
                         removed_on=date(2026, 4, 1)),
            ItemLink(requirement_id=first.id, key=KEY, suspect=True, suspect_reason="item_changed")])
        db.session.commit()
        return {"code": person.code, "quote": quote.id}


def test_staff_of_the_project_get_the_whole_trace(client, auth, traced):
    auth.login_as("researcher", projects=["demo"])
    response = client.get(URL)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    first, second = body["requirements"]
    assert first["identifier"] == "REQ-001" and second["refines"] == ["REQ-001"]
    assert first["evidence"] == [
        {"kind": "quote", "ref": f"quote:{traced['quote']}", "justification": "Asked for it", "site": "ES",
         "stakeholder_group": "migrant", "withdrawn_on": None},
        {"kind": "note", "ref": "note:99", "justification": "Noted", "site": None, "stakeholder_group": None,
         "withdrawn_on": "2026-04-01"}]
    assert first["configuration_items"] == [{"key": KEY, "suspect": True, "suspect_reason": "item_changed"}]


def test_the_trace_names_no_participant_and_quotes_nothing(client, auth, traced):
    auth.login_as("facilitator", projects=["demo"])
    text = client.get(URL).get_data(as_text=True)
    assert traced["code"] not in text and "Quiero trabajar" not in text


def test_anonymous_callers_are_told_to_sign_in(client, traced):
    response = client.get(URL)
    assert response.status_code == 401 and "error" in response.get_json()


@pytest.mark.parametrize("role, projects", [("researcher", ["other"]), ("officer", ["demo"])])
def test_others_are_refused(client, auth, traced, role, projects):
    auth.login_as(role, projects=projects)
    response = client.get(URL)
    assert response.status_code == 403 and "error" in response.get_json()


def test_an_unknown_project_is_404(client, auth, traced):
    auth.login_as("admin")
    assert client.get("/api/v1/projects/nowhere/traceability").status_code == 404
