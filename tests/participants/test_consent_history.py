"""Consent is append-only history: a withdrawal is never undone by a back-dated consent."""
from datetime import date

import pytest

from cocreate.evidence import services as evidence
from cocreate.evidence.registry import Ref
from cocreate.extensions import db
from cocreate.participants import services as participants
from cocreate.projects.services import get_project_by_slug, get_site
from cocreate.workshops import services as workshops


@pytest.fixture
def quoted(app, make_project):
    """A coded quote by ES-M-001, who consented to quotes on 1 March 2019 and withdrew on 1 June 2019."""
    make_project("demo", sites=("ES",))
    with app.app_context():
        project = get_project_by_slug("demo")
        site = get_site(project, "ES")
        workshop = workshops.save_workshop(None, site=site, title="Focus group", phase="requirements",
                                           date=date(2019, 4, 10), actor=None)
        person = participants.create_participant(site, stakeholder_group="migrant", actor=None)
        for scope in ("take_part", "quotes"):
            participants.record_consent(person, scope, form_version="v1", given_on=date(2019, 3, 1), actor=None)
        quote = workshops.add_quote(workshop, speaker_code=person.code, text="Nadie me explicó nada", language="es",
                                    actor=None)
        code = evidence.save_code(project, None, name="Information", actor=None)
        evidence.apply_code(code, Ref("quote", quote.id), actor=None)
        participants.withdraw_consent(participants.active_consent(person, "quotes"), on=date(2019, 6, 1), actor=None)
        db.session.commit()
        return {"person": person.id, "project": project.id, "quote": quote.id, "workshop": workshop.id}


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield
        db.session.rollback()


def test_a_back_dated_consent_cannot_undo_a_withdrawal(quoted, ctx):
    person = participants.get_participant(quoted["person"])
    project = get_project_by_slug("demo")
    for day in (date(2019, 2, 1), date(2019, 5, 31), date(2019, 6, 1)):
        with pytest.raises(participants.ParticipantError, match="dated after the withdrawal"):
            participants.record_consent(person, "quotes", form_version="v1", given_on=day,
                                        how_obtained="asked again", actor=None)
    assert evidence.coded_excerpts(project) == []
    assert evidence.search(project, "explico") == []
    assert "Nadie" not in evidence.export_coded_excerpts(project)
    assert len([c for c in person.consents if c.scope == "quotes"]) == 1


def test_a_renewal_needs_a_later_date_and_says_how_it_was_obtained(quoted, ctx):
    person = participants.get_participant(quoted["person"])
    with pytest.raises(participants.ParticipantError, match="how it was obtained"):
        participants.record_consent(person, "quotes", form_version="v2", given_on=date(2019, 7, 1), actor=None)
    renewed = participants.record_consent(person, "quotes", form_version="v2", given_on=date(2019, 7, 1),
                                          how_obtained="New form read aloud with an interpreter", actor=None)
    assert renewed.how_obtained == "New form read aloud with an interpreter"
    withdrawn = [c for c in person.consents if c.scope == "quotes" and c.withdrawn_on]
    assert [c.withdrawn_on for c in withdrawn] == [date(2019, 6, 1)]  # the history keeps the withdrawal
    assert [e.text for e in evidence.coded_excerpts(get_project_by_slug("demo"))] == ["Nadie me explicó nada"]


def test_a_withdrawn_quote_is_hidden_and_cannot_be_coded(app, quoted, client, auth):
    auth.login_as("researcher")
    with app.app_context():
        code = evidence.save_code(get_project_by_slug("demo"), None, name="Another", actor=None)
        db.session.commit()
        code_id = code.id
    coding = client.get(f"/evidence/quote/{quoted['quote']}/codes").get_data(as_text=True)
    assert "Nadie" not in coding and "Withdrawn on" in coding and 'name="excerpt"' not in coding
    refused = client.post(f"/evidence/quote/{quoted['quote']}/codes", data={"code": code_id})
    assert "withdrawn" in refused.get_data(as_text=True)
    with app.app_context():
        with pytest.raises(evidence.EvidenceError, match="withdrawn"):
            evidence.apply_code(evidence.get_code(code_id), Ref("quote", quoted["quote"]), actor=None)
    workshop = client.get(f"/workshops/{quoted['workshop']}").get_data(as_text=True)
    assert "Nadie" not in workshop and "Withdrawn on" in workshop


def test_the_consent_form_asks_how_a_renewal_was_obtained(app, quoted, client, auth):
    auth.login_as("facilitator")
    url = f"/participants/{quoted['person']}/consents"
    back_dated = client.post(url, data={"scope": "quotes", "form_version": "v1", "given_on": "2019-05-01",
                                        "how_obtained": "asked again"})
    assert "dated after the withdrawal" in back_dated.get_data(as_text=True)
    in_arabic = client.post(url + "?lang=ar", data={"scope": "quotes", "form_version": "v2",
                                                    "given_on": "2019-07-01"})
    assert "اذكر كيف حُصل عليها من جديد" in in_arabic.get_data(as_text=True)
    saved = client.post(url, data={"scope": "quotes", "form_version": "v2", "given_on": "2019-07-01",
                                   "how_obtained": "Signed again at the NGO"})
    assert saved.status_code == 302
    assert "Signed again at the NGO" in client.get(f"/participants/{quoted['person']}").get_data(as_text=True)
