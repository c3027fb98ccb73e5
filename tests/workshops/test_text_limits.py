"""A note or quote over the length limit gets a message under its field in the user's language; nothing is stored."""
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.forms import LONG_TEXT
from cocreate.workshops.models import Note, Quote


def test_a_megabyte_note_or_quote_is_refused_with_a_message(world, client, auth, app):
    auth.login_as("facilitator")
    huge = "a" * 1_000_000
    for url, data in ((f"/workshops/{world['workshop']}/notes/new", {"body": huge}),
                      (f"/workshops/{world['workshop']}/quotes/new", {"text": huge, "language": "es"})):
        response = client.post(url, data=data)
        assert response.status_code == 200
        assert f"Use at most {LONG_TEXT} characters." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Note)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Quote)) == 0


def test_the_limit_speaks_the_users_language(world, client, auth):
    auth.login_as("facilitator")
    client.get("/language/es")
    response = client.post(f"/workshops/{world['workshop']}/notes/new", data={"body": "a" * (LONG_TEXT + 1)},
                           headers={"Accept-Language": "es"})
    text = response.get_data(as_text=True)
    assert f"Use at most {LONG_TEXT} characters." not in text and "20" in text
