"""Guessing the 4-character codes of surveys and feedback rounds: after HANDOUT_CODE_GUESSES codes that open
nothing from one address within the window, that address is refused (429, Retry-After, the one wording of too
many attempts) on the code page, the participant pages and the API, the right code included, until the window
is over.  Survey and round codes count together; another address is counted apart."""
import itertools
import re

import pytest

from cocreate import throttle
from cocreate.sharing import CODE_ALPHABET

from .conftest import UUID1

LIMIT = 20  # the default


@pytest.fixture
def survey(make_survey):
    return make_survey()[1]


def wrong_codes(right, n):
    codes = ("".join(letters) for letters in itertools.product(CODE_ALPHABET, repeat=4))
    return list(itertools.islice((c for c in codes if c != right), n))


def text(response):
    return re.sub(r'nonce="[^"]*"', "", response.get_data(as_text=True))


def enter(client, code, address="192.0.2.20", lang=None):
    query = {"code": code, **({"lang": lang} if lang else {})}
    return client.get("/s/", query_string=query, environ_base={"REMOTE_ADDR": address})


def test_thirty_wrong_codes_pause_the_address_and_the_right_code_waits_for_the_window(client, survey, clock):
    answers = [enter(client, code) for code in wrong_codes(survey, 30)]
    assert [r.status_code for r in answers[:LIMIT - 1]] == [200] * (LIMIT - 1)
    assert "No survey has this code" in text(answers[0])
    assert {r.status_code for r in answers[LIMIT - 1:]} == {429}
    right = enter(client, survey)
    assert right.status_code == 429 and int(right.headers["Retry-After"]) > 0
    assert "Too many tries from this device" in text(right)
    assert client.get(f"/s/{survey}", environ_base={"REMOTE_ADDR": "192.0.2.20"}).status_code == 429
    assert enter(client, survey, address="192.0.2.21").status_code == 302  # another address is not paused
    clock(16)
    assert enter(client, survey).status_code == 302


def test_codes_tried_in_the_address_bar_and_on_the_api_count_too(client, survey):
    for code in wrong_codes(survey, LIMIT - 1):
        assert client.get(f"/s/{code}", environ_base={"REMOTE_ADDR": "192.0.2.30"}).status_code == 404
    last = client.get(f"/api/v1/surveys/{wrong_codes(survey, LIMIT)[-1]}", environ_base={"REMOTE_ADDR": "192.0.2.30"})
    assert last.status_code == 429 and last.is_json and "Too many tries" in last.json["error"]
    definition = client.get(f"/api/v1/surveys/{survey}", environ_base={"REMOTE_ADDR": "192.0.2.30"})
    posted = client.post(f"/api/v1/surveys/{survey}/responses", environ_base={"REMOTE_ADDR": "192.0.2.30"},
                         json={"client_uuid": UUID1, "language": "en", "answers": {"working": "no"}})
    assert (definition.status_code, posted.status_code) == (429, 429)
    assert posted.json["error"] == definition.json["error"] and posted.headers["Retry-After"]


def test_wrong_codes_posted_to_the_api_count(client, survey):
    for n, code in enumerate(wrong_codes(survey, LIMIT)):
        posted = client.post(f"/api/v1/surveys/{code}/responses", environ_base={"REMOTE_ADDR": "192.0.2.40"},
                             json={"client_uuid": UUID1, "language": "en", "answers": {}})
        assert posted.status_code == (404 if n < LIMIT - 1 else 429)
    assert client.get(f"/api/v1/surveys/{survey}", environ_base={"REMOTE_ADDR": "192.0.2.40"}).status_code == 429


def test_the_pause_on_a_participant_page_is_in_the_participants_language(client, survey):
    for code in wrong_codes(survey, LIMIT):
        enter(client, code)
    page = client.get(f"/s/{survey}/ar", environ_base={"REMOTE_ADDR": "192.0.2.20"})
    assert page.status_code == 429 and '<html lang="ar" dir="rtl">' in text(page)
    assert "Too many tries" not in text(page) and re.search("[\u0600-\u06ff]{3,}", text(page).split("<main")[-1])


def test_the_code_page_speaks_the_chosen_language_without_scripts(client):
    page = text(client.get("/s/?lang=fr"))
    assert "Le code de 4 caractères sur votre fiche" in page and "<script" not in page
    arabic = text(client.get("/p/?lang=ar"))
    assert 'dir="rtl"' in arabic and "The 4-character code" not in arabic


def test_survey_and_round_codes_count_together(app, client, survey):
    for code in wrong_codes(survey, LIMIT):
        client.get("/p/", query_string={"code": code}, environ_base={"REMOTE_ADDR": "192.0.2.50"})
    assert enter(client, survey, address="192.0.2.50").status_code == 429


def test_every_refusal_of_too_many_attempts_has_the_one_wording(app, client, survey):
    """The error page of any 429 (here one from werkzeug with a Retry-After) says what the participant pages say."""
    from werkzeug.exceptions import TooManyRequests

    from cocreate import create_app
    from cocreate.config import TestConfig

    other = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])

    @other.get("/busy")
    def busy():
        raise TooManyRequests(retry_after=120)

    @other.get("/api/v1/busy")
    def busy_api():
        raise TooManyRequests()
    page = other.test_client().get("/busy?lang=fr")
    assert page.status_code == 429 and page.headers["Retry-After"] == "120"
    with other.test_request_context("/?lang=fr"):
        from flask_babel import force_locale
        with force_locale("fr"):
            wording = throttle.too_many_attempts(120)
    assert wording in page.get_data(as_text=True).replace("&#39;", "'")
    api = other.test_client().get("/api/v1/busy")
    assert api.status_code == 429 and "Too many tries from this device" in api.json["message"]
    assert "Please wait a moment" not in page.get_data(as_text=True)
    with other.app_context():
        from cocreate.extensions import db
        db.engine.dispose()
