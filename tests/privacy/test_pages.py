"""The administrators' pages: find a participant by project and code, see what is held, export, rectify,
erase after typing the code; in every language."""
import io
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.messages.pofile import read_po

from cocreate.extensions import db
from cocreate.history.models import Change
from cocreate.participants.models import Participant

from .conftest import CODE

CATALOGS = Path(__file__).parents[2] / "cocreate" / "privacy" / "translations"


@pytest.fixture
def admin(seeded, client, auth):
    auth.login_as("admin")
    return client


def test_an_administrator_finds_a_participant_by_project_and_code(admin, person):
    response = admin.get("/privacy/", query_string={"project": "miict", "code": " es-m-001 "})
    assert response.status_code == 302 and response.location.endswith(f"/privacy/participants/{person.id}")
    missing = admin.get("/privacy/", query_string={"project": "miict", "code": "ES-M-999"})
    assert missing.status_code == 404
    assert "There is no participant with this code in this project." in missing.get_data(as_text=True)


def test_the_page_shows_what_is_held_and_links_to_rectify_and_erase(admin, person):
    page = admin.get(f"/privacy/participants/{person.id}").get_data(as_text=True)
    assert f"Quote: {len(person.quotes)}" in page and f"Storyboard frame: {len(person.frames)}" in page
    assert f"Survey responses: {len(person.responses)}" in page and "Attendance at workshops: 4" in page
    assert f'id="rectify" href="/participants/{person.id}"' in page
    assert f'id="erase" href="/privacy/participants/{person.id}/erase"' in page


def test_the_export_is_a_zip_kept_by_no_cache(admin, person):
    response = admin.post(f"/privacy/participants/{person.id}/export")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    assert f"{CODE}-data.zip" in response.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert sorted(archive.namelist()) == ["data.json", "index.html"]


def test_erasure_needs_the_code_typed(admin, seeded, person):
    wrong = admin.post(f"/privacy/participants/{person.id}/erase", data={"code": "ES-M-002"})
    assert wrong.status_code == 400 and "This is not the participant" in wrong.get_data(as_text=True)
    with seeded.app_context():
        assert db.session.get(Participant, person.id) is not None
    done = admin.post(f"/privacy/participants/{person.id}/erase", data={"code": CODE.lower()})
    assert done.status_code == 302
    with seeded.app_context():
        assert db.session.get(Participant, person.id) is None
        change = db.session.scalars(sa.select(Change).where(Change.action == "privacy.erased")).one()
        # the record of changes says a participant's data was erased, and names them by nothing
        assert change.details == {} and change.label == "" and change.object_id is None


def test_a_correction_made_from_the_privacy_page_is_recorded(admin, seeded, person):
    page = admin.get(f"/privacy/participants/{person.id}").get_data(as_text=True)
    assert f'href="/participants/{person.id}"' in page
    response = admin.post(f"/participants/{person.id}/languages", data={"languages": "fr, ar"})
    assert response.status_code == 302
    with seeded.app_context():
        assert db.session.get(Participant, person.id).languages == ["fr", "ar"]
        change = db.session.scalars(sa.select(Change).where(Change.action == "participants.languages_changed",
                                                            Change.object_id == person.id)).one()
        assert change.actor_name


class Texts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in ("value", "aria-label", "title", "placeholder"):
                self.found.add(" ".join(value.split()))

    def handle_data(self, data):
        if data.strip():
            self.found.add(" ".join(data.split()))


def english_left(page, language):
    """The privacy catalog's sentences (without placeholders) that the page still shows in English."""
    with open(CATALOGS / language / "LC_MESSAGES" / "messages.po", "rb") as file:
        catalog = read_po(file, locale=language)
    translated = {m.id for m in catalog if m.id and isinstance(m.id, str) and m.string and m.string != m.id
                  and "%(" not in m.id}
    parser = Texts()
    parser.feed(page)
    return parser.found & translated


@pytest.mark.parametrize("language", ["es", "it", "el", "fr", "ar"])
def test_every_page_speaks_the_readers_language(admin, person, language):
    pages = [admin.get("/privacy/", query_string={"lang": language}),
             admin.get("/privacy/", query_string={"project": "miict", "code": "ES-M-999"}),
             admin.get(f"/privacy/participants/{person.id}"),
             admin.get(f"/privacy/participants/{person.id}/erase"),
             admin.post(f"/privacy/participants/{person.id}/erase", data={"code": "nobody"})]
    for response in pages:
        page = response.get_data(as_text=True)
        assert f'lang="{language}"' in page
        assert english_left(page, language) == set()
    direction = "rtl" if language == "ar" else "ltr"
    assert f'dir="{direction}"' in pages[2].get_data(as_text=True)
