"""A note's version guards against overwriting: a tampered version is a conflict, not a crash."""
import pytest

from cocreate.extensions import db
from cocreate.workshops import services
from cocreate.workshops.models import Note, Workshop


def page(response):
    return response.get_data(as_text=True)


@pytest.mark.parametrize("version", ["abc", "1.5", ""])
def test_tampered_note_version_is_a_conflict(world, client, auth, app, version):
    with app.app_context():
        note_id = services.add_note(db.session.get(Workshop, world["workshop"]), body="Original", actor=None).id
        db.session.commit()
    auth.login_as("facilitator")
    response = client.post(f"/workshops/notes/{note_id}/edit", data={"body": "My new text", "version": version})
    assert response.status_code == 409
    assert "My new text" in page(response) and "Original" in page(response)
    with app.app_context():
        assert db.session.get(Note, note_id).body == "Original"
