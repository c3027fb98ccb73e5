"""A read-only question of the kinds XLSForms bring (geopoint, barcode, time, datetime, range, acknowledge, a
picture or recording as the answer) shows its value on the web form and cannot be changed there."""
from html.parser import HTMLParser

import pytest

from .conftest import UUID1, question

READ_ONLY = {"read_only": True}


def definition(read_only):
    settings = READ_ONLY if read_only else {}
    return {
        "source_language": "en", "languages": ["en"], "mode": "anonymous", "title": {"en": "Fixed"},
        "description": {},
        "sections": [{"key": "all", "title": {"en": "All"}, "condition": None, "questions": [
            question("where", "geopoint", {"en": "Office location"}, settings=dict(settings)),
            question("card", "barcode", {"en": "Card number"},
                     settings={**settings, "default": {"op": "lit", "value": "978-3-16"}} if read_only else {}),
            question("opens", "time", {"en": "Opening time"}, settings=dict(settings)),
            question("visit", "datetime", {"en": "Visit"}, settings=dict(settings)),
            question("wait", "range", {"en": "Wait"}, settings={**settings, "start": 0, "end": 10, "step": 2}),
            question("rooms", "range", {"en": "Rooms"}, settings={**settings, "start": 0, "end": 100, "step": 5}),
            question("read", "acknowledge", {"en": "I have read it."}, settings=dict(settings)),
            question("photo", "image", {"en": "A photo"}, settings=dict(settings)),
            question("voice", "audio", {"en": "A recording"}, settings=dict(settings)),
        ]}],
    }


class Fields(HTMLParser):
    """The input fields of a page: {id or name: attributes}, and whether a location button is offered."""

    def __init__(self):
        super().__init__()
        self.fields, self.locate = {}, False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") != "hidden":
            self.fields.setdefault(attributes.get("name"), []).append(attributes)
        if "data-geopoint-locate" in attributes:
            self.locate = True


def fields_of_page(client, code):
    html = client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "", "nav": "next"}).get_data(
        as_text=True)
    parser = Fields()
    parser.feed(html)
    return parser


# the form fields of each question: those a read-only question marks readonly (text) or disabled (boxes, files)
FIELDS = {"q-where-lat": "readonly", "q-where-lon": "readonly", "q-card": "readonly", "q-opens": "readonly",
          "q-visit": "readonly", "q-wait": "disabled", "q-rooms": "readonly", "q-read": "disabled"}


@pytest.mark.parametrize("read_only", [True, False])
def test_read_only_questions_cannot_be_changed_on_the_page(client, make_survey, read_only):
    _id, code = make_survey(**definition(read_only))
    page = fields_of_page(client, code)
    for name, attribute in FIELDS.items():
        assert page.fields[name], name
        for field in page.fields[name]:
            assert (attribute in field) is read_only, name
    uploads = [field for name, found in page.fields.items() for field in found if field.get("type") == "file"]
    assert len(uploads) == 2
    assert all(("disabled" in field) is read_only for field in uploads)
    assert page.locate is not read_only  # no button that would fill the location in


def test_a_read_only_barcode_shows_its_default(client, make_survey):
    _id, code = make_survey(**definition(True))
    assert fields_of_page(client, code).fields["q-card"][0]["value"] == "978-3-16"
