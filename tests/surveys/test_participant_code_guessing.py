"""Guessing participant codes on a linked survey: after CODE_GUESSES wrong codes from one address within the window,
that address gets one refusal (429 with Retry-After) whatever code it sends, known or not, on the web and the API;
the window over, the right code works; another address is counted apart.  Counts live in the database."""
import re

import pytest

from cocreate import throttle

from .conftest import UUID1
from .test_consent_for_linked_surveys import _participants

GUESSES = 3


@pytest.fixture
def linked(app, make_survey, make_project):
    app.config.update(CODE_GUESSES=GUESSES, CODE_GUESS_WINDOW=900)
    survey_id, code = make_survey(mode="linked")
    return code, _participants(app, survey_id, make_project)


def web(client, code, participant, language="en", address="192.0.2.10"):
    return client.post(f"/s/{code}/{language}", data={"client_uuid": UUID1, "section": "", "nav": "next",
                                                      "participant": participant},
                       environ_base={"REMOTE_ADDR": address})


def api(client, code, participant, n=1, language="en", address="192.0.2.10"):
    return client.post(f"/api/v1/surveys/{code}/responses",
                       json={"client_uuid": f"0b7e4c1e-5f0e-4c57-9a3e-6f1d2a0000{n:02d}", "language": language,
                             "participant": participant, "answers": {"working": "no"}},
                       environ_base={"REMOTE_ADDR": address})


def message(response):
    """The page's text without its per-request nonce."""
    return re.sub(r'nonce="[^"]*"', "", response.get_data(as_text=True))


def test_wrong_codes_on_the_web_pause_the_address_with_one_refusal_for_any_code(app, client, linked, clock):
    code, people = linked
    for n in range(GUESSES):
        wrong = web(client, code, f"ES-M-9{n:02d}")
        assert wrong.status_code == 200 and "This link code is not known" in wrong.get_data(as_text=True)
    unknown, known_not_consenting, right = (web(client, code, p) for p in ("ES-M-999", people["never"],
                                                                         people["yes"]))
    assert {r.status_code for r in (unknown, known_not_consenting, right)} == {429}
    assert message(unknown) == message(known_not_consenting) == message(right)  # nothing tells codes apart
    assert "Too many tries from this device" in message(right)
    assert int(right.headers["Retry-After"]) > 0
    clock(16)  # the window is over
    after = web(client, code, people["yes"])
    assert after.status_code == 200 and "This link code is not known" not in after.get_data(as_text=True)


def test_the_api_pauses_wrong_codes_alike_and_answers_json(app, client, linked, clock):
    code, people = linked
    for n in range(GUESSES):
        assert api(client, code, f"ES-M-9{n:02d}", n).status_code == 422
    paused = [api(client, code, p, 10 + n) for n, p in enumerate(("ES-M-999", people["never"], people["yes"]))]
    assert {r.status_code for r in paused} == {429}
    assert len({r.json["error"] for r in paused}) == 1 and all(r.headers["Retry-After"] for r in paused)
    clock(16)
    assert api(client, code, people["yes"], 20).status_code == 201


def test_the_web_and_the_api_count_against_the_same_survey(app, client, linked):
    code, people = linked
    web(client, code, "ES-M-900")
    api(client, code, "ES-M-901", 1)
    web(client, code, "ES-M-902")
    assert api(client, code, people["yes"], 2).status_code == 429


def test_two_addresses_are_counted_apart(app, client, linked):
    code, people = linked
    for n in range(GUESSES):
        web(client, code, f"ES-M-9{n:02d}", address="192.0.2.10")
    assert web(client, code, people["yes"], address="192.0.2.10").status_code == 429
    other = web(client, code, people["yes"], address="198.51.100.7")
    assert other.status_code == 200 and "This link code is not known" not in other.get_data(as_text=True)


def test_behind_a_proxy_the_forwarded_address_is_counted(app, linked):
    from cocreate import create_app
    from cocreate.config import TestConfig

    code, people = linked
    behind = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"], PROXY_HOPS=1,
                        CODE_GUESSES=GUESSES)
    client = behind.test_client()

    def post(participant, address):
        return client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "", "nav": "next",
                                                  "participant": participant}, headers={"X-Forwarded-For": address})
    for n in range(GUESSES):
        post(f"ES-M-9{n:02d}", "203.0.113.5")
    assert (post(people["yes"], "203.0.113.5").status_code, post(people["yes"], "203.0.113.6").status_code) == (
        429, 200)
    with behind.app_context():
        from cocreate.extensions import db
        db.engine.dispose()


def test_the_refusal_page_in_arabic_is_right_to_left_and_translated(app, client, linked):
    code, people = linked
    for n in range(GUESSES):
        web(client, code, f"ES-M-9{n:02d}", language="ar")
    page = web(client, code, people["yes"], language="ar")
    text = page.get_data(as_text=True)
    assert page.status_code == 429
    assert '<html lang="ar" dir="rtl">' in text
    assert "Too many tries" not in text and "Please wait" not in text
    assert re.search("[\u0600-\u06ff]{3,}", text.split("<main", 1)[-1])
    assert api(client, code, people["yes"], 30, language="ar").json["error"] != api(
        client, code, people["yes"], 31, language="en").json["error"]


def test_old_counts_are_cleared_away(app, client, linked, clock):
    import sqlalchemy as sa

    from cocreate.extensions import db
    code, _people = linked
    web(client, code, "ES-M-900")
    clock(2 * 24 * 60)  # two days later: the next count starts a new window and clears the old one
    web(client, code, "ES-M-901")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(throttle.ThrottleCount)) == 1
