"""A storyboard frame names the participants it shows, so that erasing one of them erases the frame."""
import sqlalchemy as sa

from cocreate.evidence.registry import EVIDENCE_KINDS
from cocreate.extensions import db
from cocreate.history.models import Change
from cocreate.participants.models import Participant
from cocreate.workshops.models import StoryboardFrame


def test_a_facilitator_says_who_a_frame_shows(seeded, client, auth):
    auth.login_as("admin")
    with seeded.app_context():
        frame = db.session.scalars(sa.select(StoryboardFrame).order_by(StoryboardFrame.id)).first()
        frame_id, caption = frame.id, frame.caption
        people = {code: db.session.scalar(sa.select(Participant.id).where(Participant.code == code))
                  for code in ("ES-M-001", "ES-M-002")}
    response = client.post(f"/workshops/frames/{frame_id}/edit",
                           data={"caption": caption, "people": "es-m-002, ES-M-001"})
    assert response.status_code == 302, response.get_data(as_text=True)
    with seeded.app_context():
        for person in people.values():
            assert EVIDENCE_KINDS["frame"].of_participant(person) == [frame_id]
        assert db.session.scalars(sa.select(Change).where(Change.action == "workshops.frame_people_changed")).one()
    page = client.get(f"/workshops/frames/{frame_id}/edit").get_data(as_text=True)
    assert 'value="ES-M-001, ES-M-002"' in page


def test_a_code_of_another_site_is_refused(seeded, client, auth):
    auth.login_as("admin")
    with seeded.app_context():
        frame = db.session.scalars(sa.select(StoryboardFrame).order_by(StoryboardFrame.id)).first()
        frame_id, caption = frame.id, frame.caption
    response = client.post(f"/workshops/frames/{frame_id}/edit", data={"caption": caption, "people": "IT-M-001"})
    assert response.status_code == 200
    assert "IT-M-001 belongs to another pilot site" in response.get_data(as_text=True)
    with seeded.app_context():
        assert db.session.get(StoryboardFrame, frame_id).people == []
