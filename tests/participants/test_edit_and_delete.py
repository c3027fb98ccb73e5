"""Correcting a participant's stakeholder group and deleting a participant: codes are never given twice, and
nobody whose words are evidence is deleted with them."""
from datetime import date

import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.history.models import Change
from cocreate.participants import services as participants
from cocreate.participants.models import (
    Consent, Participant, ParticipantProfile, StakeholderGroup,
)
from cocreate.projects.services import get_project_by_slug, get_site
from cocreate.surveys import services as surveys
from cocreate.surveys.models import SurveyMode
from cocreate.workshops import services as workshops
from cocreate.workshops.models import Attendance


@pytest.fixture
def site(app, make_project):
    make_project("demo", sites=("ES",))
    with app.app_context():
        yield get_site(get_project_by_slug("demo"), "ES")
        db.session.rollback()


def person(site, group="migrant"):
    return participants.create_participant(site, stakeholder_group=group, actor=None)


def consenting(site, group="migrant"):
    someone = person(site, group)
    participants.record_consent(someone, "take_part", form_version="v1", given_on=date(2019, 3, 1), actor=None)
    return someone


def test_the_code_of_a_deleted_participant_is_never_given_again(site):
    first, second = person(site), person(site)
    assert (first.code, second.code) == ("ES-M-001", "ES-M-002")
    participants.delete_participant(second, actor=None)
    assert person(site).code == "ES-M-003"
    participants.delete_participant(participants.get_participant(first.id), actor=None)
    assert person(site).code == "ES-M-004"


def test_codes_given_without_the_counter_are_not_given_again_either(site):
    """The demo and older databases hold participants numbered without the counter."""
    db.session.add(Participant(site=site, stakeholder_group=StakeholderGroup.MIGRANT, number=7, code="ES-M-007"))
    db.session.flush()
    assert person(site).code == "ES-M-008"
    db.session.add(Participant(site=site, stakeholder_group=StakeholderGroup.NGO, number=3, code="ES-N-003"))
    db.session.flush()
    ngo = db.session.scalar(sa.select(Participant).where(Participant.code == "ES-N-003"))
    participants.delete_participant(ngo, actor=None)
    assert person(site, "ngo").code == "ES-N-004"


def test_moving_to_another_group_gives_the_next_code_of_that_group(site, changes):
    someone, _other = person(site), person(site, "ngo")
    old = participants.change_stakeholder_group(someone, "ngo", actor=None)
    assert old == "ES-M-001"
    assert (someone.code, someone.stakeholder_group, someone.number) == ("ES-N-002", StakeholderGroup.NGO, 2)
    assert person(site).code == "ES-M-002"  # ES-M-001 was the last migrant's code: still never given again
    assert changes[-2][0] == "participants.group_changed"
    assert changes[-2][3]["old_code"] == "ES-M-001" and changes[-2][3]["new_code"] == "ES-N-002"
    assert participants.get_participant_by_code("ES-M-001", site=site) is None
    assert participants.get_participant_by_code("ES-N-002", site=site) is someone


def test_the_same_group_again_changes_nothing(site, changes):
    someone = person(site)
    before = len(changes)
    assert participants.change_stakeholder_group(someone, "migrant", actor=None) is None
    assert someone.code == "ES-M-001" and len(changes) == before


def test_consents_profile_and_attendance_go_with_the_person(site):
    someone = consenting(site)
    participants.record_profile(someone, gender="woman", actor=None)
    workshop = workshops.save_workshop(None, site=site, title="Focus group", phase="requirements",
                                       date=date(2019, 4, 10), actor=None)
    workshops.mark_present(workshop, someone, actor=None)
    keeping, goes = participants.deletion_ties(someone)
    assert keeping == []
    assert {tie.name: n for tie, n in goes} == {"consents": 1, "profile": 1, "workshops.attendance": 1}
    participant_id = someone.id
    participants.delete_participant(someone, actor=None)
    for model, column in ((Consent, Consent.participant_id), (ParticipantProfile, ParticipantProfile.participant_id),
                          (Attendance, Attendance.participant_id)):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model).where(column == participant_id)) == 0
    assert db.session.get(Participant, participant_id) is None


def test_a_participant_with_quotes_is_not_deleted(site):
    someone = consenting(site)
    workshop = workshops.save_workshop(None, site=site, title="Focus group", phase="requirements",
                                       date=date(2019, 4, 10), actor=None)
    workshops.add_quote(workshop, speaker_code=someone.code, text="Nadie me explicó nada", language="es", actor=None)
    keeping, _goes = participants.deletion_ties(someone)
    assert [(tie.name, n) for tie, n in keeping] == [("evidence.quote", 1)]
    with pytest.raises(participants.ParticipantError, match="ES-M-001 cannot be deleted.*Quote: 1"):
        participants.delete_participant(someone, actor=None)
    assert db.session.get(Participant, someone.id) is not None


def test_a_participant_with_linked_survey_answers_is_not_deleted(site):
    """Deleting would detach their responses, which would come back as anonymous answers."""
    someone = consenting(site)
    survey = surveys.create_survey(site.project, title="Needs", source_language="en", site=site,
                                   mode=SurveyMode.LINKED, actor=None)
    surveys.save_question(survey.sections[0], key="working", kind="short_text", label="What do you do?", actor=None)
    surveys.set_open(survey, True, actor=None)
    surveys.submit_response(survey, client_uuid="0b7e4c1e-5f0e-4c57-9a3e-6f1d2a000001", language="en",
                            answers={"working": "Cooking"}, link_code=participants.issue_link_code(someone, actor=None))
    keeping, _goes = participants.deletion_ties(someone)
    assert [(tie.name, n) for tie, n in keeping] == [("evidence.survey_answer", 1)]
    with pytest.raises(participants.ParticipantError, match="Survey responses: 1"):
        participants.delete_participant(someone, actor=None)


# --- in the browser's place: the pages --------------------------------------------------------------------


@pytest.fixture
def facilitator_at_es(app, make_project, auth):
    make_project("demo", sites=("ES",))
    auth.login_as("facilitator")
    with app.app_context():
        site = get_site(get_project_by_slug("demo"), "ES")
        someone = consenting(site)
        participants.record_profile(someone, gender="woman", actor=None)
        db.session.commit()
        return someone.id


def test_the_confirmation_says_what_goes_and_deleting_is_recorded(app, client, facilitator_at_es):
    page = client.get(f"/participants/{facilitator_at_es}/delete").get_data(as_text=True)
    assert "Delete participant ES-M-001?" in page
    assert "Consent records: 1" in page and "Recorded special-category attributes: 1" in page
    assert "woman" not in page.lower()  # what the profile holds is never shown
    response = client.post(f"/participants/{facilitator_at_es}/delete", data={})
    assert response.status_code == 302
    assert "Participant ES-M-001 was deleted." in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Participant, facilitator_at_es) is None
        change = db.session.scalar(sa.select(Change).where(Change.action == "participants.deleted"))
        assert change.label == "ES-M-001" and change.details == {"code": "ES-M-001"}
        assert change.actor_name and change.site_id is not None


def test_the_confirmation_of_someone_quoted_offers_no_button_and_a_post_deletes_nothing(app, client,
                                                                                       facilitator_at_es):
    with app.app_context():
        someone = participants.get_participant(facilitator_at_es)
        workshop = workshops.save_workshop(None, site=someone.site, title="Focus group", phase="requirements",
                                           date=date(2019, 4, 10), actor=None)
        workshops.add_quote(workshop, speaker_code=someone.code, text="Nadie me explicó nada", language="es",
                            actor=None)
        db.session.commit()
    client.get("/", query_string={"lang": "es"})  # the reasons read in the facilitator's language
    page = client.get(f"/participants/{facilitator_at_es}/delete").get_data(as_text=True)
    assert "No se puede eliminar a ES-M-001" in page and "Cita: 1" in page
    assert "Eliminar participante" not in page.split("</h1>", 1)[1]  # no delete button
    assert client.post(f"/participants/{facilitator_at_es}/delete", data={}).status_code == 409
    with app.app_context():
        assert db.session.get(Participant, facilitator_at_es) is not None


def test_changing_the_group_on_the_page_tells_the_new_code_in_arabic(app, client, facilitator_at_es):
    client.get("/", query_string={"lang": "ar"})
    response = client.post(f"/participants/{facilitator_at_es}/group", data={"stakeholder_group": "ngo"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ES-N-001" in page and "ES-M-001" in page and "الرمز الجديد" in page
    with app.app_context():
        assert participants.get_participant(facilitator_at_es).code == "ES-N-001"
        change = db.session.scalar(sa.select(Change).where(Change.action == "participants.group_changed"))
        assert change.details["old_code"] == "ES-M-001" and change.details["new_code"] == "ES-N-001"


def test_a_group_that_does_not_exist_is_refused_on_the_page(app, client, facilitator_at_es):
    response = client.post(f"/participants/{facilitator_at_es}/group", data={"stakeholder_group": "boss"})
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    with app.app_context():
        assert participants.get_participant(facilitator_at_es).code == "ES-M-001"
