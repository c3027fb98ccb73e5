"""From a piece of evidence: "Create a requirement from this" (the form pre-filled, the requirement and its
first citation saved together) and "Cite in a requirement", offered on the pages that show evidence."""
import re

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.requirements.models import EvidenceLink, Requirement

NEW = {"title": "Forms people understand", "statement": "I do not understand the forms", "type": "language",
       "priority": "must", "site_codes": ["ES"], "stakeholder_groups": ["migrant"],
       "justification": "The speaker cannot read the forms."}


def workshop_of_quote(app, world):
    from cocreate.workshops.models import Quote

    with app.app_context():
        return db.session.get(Quote, world["quote_es"]).workshop_id


def count(app, model):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_workshop_page_offers_both_actions_to_researchers_only(trace_world, app, client, auth):
    page_address = f"/workshops/{workshop_of_quote(app, trace_world)}"
    auth.login_as("researcher")
    page = client.get(page_address).get_data(as_text=True)
    quote = page.split(f'id="quote-{trace_world["quote_es"]}"', 1)[1].split("</article>", 1)[0]
    assert f'href="/requirements/evidence/quote/{trace_world["quote_es"]}/new">Create a requirement from this' in quote
    assert f'href="/requirements/evidence/quote/{trace_world["quote_es"]}/cite">Cite in a requirement' in quote
    note = page.split(f'id="note-{trace_world["note_es"]}"', 1)[1].split("</article>", 1)[0]
    assert "Create a requirement from this" in note
    auth.logout()
    auth.login_as("facilitator")
    assert "Create a requirement from this" not in client.get(page_address).get_data(as_text=True)


def test_a_withdrawn_quote_offers_no_action(trace_world, app, client, auth):
    from cocreate.participants.services import get_participant_by_code, withdraw_consent

    with app.app_context():
        person = get_participant_by_code(trace_world["withdrawn_speaker"])
        withdraw_consent(next(c for c in person.consents if c.scope.value == "quotes"), actor=None)
        db.session.commit()
    auth.login_as("researcher")
    page = client.get(f"/workshops/{workshop_of_quote(app, trace_world)}").get_data(as_text=True)
    quote = page.split(f'id="quote-{trace_world["quote_es"]}"', 1)[1].split("</article>", 1)[0]
    assert "Create a requirement from this" not in quote


def test_the_form_starts_from_the_evidence(trace_world, client, auth):
    auth.login_as("researcher")
    page = client.get(f"/requirements/evidence/quote/{trace_world['quote_es']}/new").get_data(as_text=True)
    statement = re.search(r'<textarea[^>]*name="statement"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert statement.strip() == "I do not understand the forms"
    assert re.search(r'<option selected value="ES">|<option value="ES" selected>', page)
    assert re.search(r'<option selected value="migrant">|<option value="migrant" selected>', page)
    assert 'lang="ar"' in page and "لا أفهم الاستمارات" in page
    assert 'name="justification"' in page


def test_saving_creates_the_requirement_and_its_first_citation(trace_world, app, client, auth):
    auth.login_as("researcher")
    response = client.post(f"/requirements/evidence/quote/{trace_world['quote_es']}/new", data=NEW)
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "REQ-002 was added to the register, citing the evidence it came from." in page
    assert "لا أفهم الاستمارات" in page and "The speaker cannot read the forms." in page
    with app.app_context():
        link = db.session.scalar(sa.select(EvidenceLink))
        assert link.requirement.identifier == "REQ-002" and link.site.code == "ES"


def test_without_a_justification_nothing_is_created(trace_world, app, client, auth):
    auth.login_as("researcher")
    response = client.post(f"/requirements/evidence/quote/{trace_world['quote_es']}/new",
                           data={**NEW, "justification": ""})
    assert response.status_code == 400
    assert count(app, Requirement) == 1 and count(app, EvidenceLink) == 0


def test_evidence_withdrawn_meanwhile_creates_nothing(trace_world, app, client, auth):
    from cocreate.participants.services import get_participant_by_code, withdraw_consent

    auth.login_as("researcher")
    address = f"/requirements/evidence/quote/{trace_world['quote_es']}/new"
    assert client.get(address).status_code == 200
    with app.app_context():
        person = get_participant_by_code(trace_world["withdrawn_speaker"])
        withdraw_consent(next(c for c in person.consents if c.scope.value == "quotes"), actor=None)
        db.session.commit()
    response = client.post(address, data=NEW)
    assert response.status_code == 400 and "was withdrawn on" in response.get_data(as_text=True)
    assert count(app, Requirement) == 1 and count(app, EvidenceLink) == 0


def test_citing_from_the_evidence_in_an_existing_requirement(trace_world, app, client, auth):
    auth.login_as("researcher")
    address = f"/requirements/evidence/quote/{trace_world['quote_it']}/cite"
    assert "REQ-001 Forms in Arabic" in client.get(address).get_data(as_text=True)
    response = client.post(address, data={"requirement": trace_world["requirement"], "justification": "Same."})
    assert response.status_code == 302
    assert "REQ-001 cites this evidence now." in client.get(response.location).get_data(as_text=True)
    # evidence of another project is cited only in that project's requirements (it has none)
    other = client.get(f"/requirements/evidence/quote/{trace_world['quote_other']}/cite").get_data(as_text=True)
    assert "REQ-001" not in other and "The register has no requirement yet." in other
    assert client.get("/requirements/evidence/quote/99999/cite").status_code == 404


def test_survey_results_and_answers_pages_offer_the_actions(trace_world, client, auth):
    auth.login_as("researcher")
    page = client.get(f"/surveys/{trace_world['survey']}/results").get_data(as_text=True)
    assert f'href="/requirements/evidence/survey_question/{trace_world["survey"]}/cite?part=city"' in page
