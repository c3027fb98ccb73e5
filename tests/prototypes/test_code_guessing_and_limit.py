"""A linked feedback round pauses an address after CODE_GUESSES wrong participant codes (429, Retry-After, one
page whatever the code, in the participant's language), and the feedback sent from one address is limited."""
import re
from datetime import date, timedelta

import pytest

from cocreate import throttle
from cocreate.extensions import db
from cocreate.prototypes.models import Round, RoundMode

from .test_participant_flow import hidden, post

GUESSES = 3
LINK_CODES = {}  # participant code -> the link code on their card, for the round of `linked`


@pytest.fixture
def linked(app, proto):
    """The round of `proto`, linked, with ES-M-001 consenting to take part and ES-M-002 never asked."""
    from cocreate.participants.models import Consent, ConsentScope, Participant, StakeholderGroup
    from cocreate.participants.services import issue_link_code

    app.config.update(CODE_GUESSES=GUESSES, CODE_GUESS_WINDOW=900)
    with app.app_context():
        db.session.get(Round, proto["round"]).mode = RoundMode.LINKED
        for number in (1, 2):
            person = Participant(site_id=proto["site"], code=f"ES-M-{number:03d}", number=number, languages=["ar"],
                                 stakeholder_group=StakeholderGroup.MIGRANT)
            db.session.add(person)
            db.session.flush()
            LINK_CODES[person.code] = issue_link_code(person, actor=None)
            if number == 1:
                db.session.add(Consent(participant_id=person.id, scope=ConsentScope.TAKE_PART, form_version="v1",
                                       given_on=date(2024, 1, 1)))
        db.session.commit()
    return proto["code"]


def start(client, code, participant, language="en"):
    page = client.get(f"/p/{code}/{language}").get_data(as_text=True)
    return post(client, code, language, page, participant=LINK_CODES.get(participant, participant), go="next")


def text(response):
    return re.sub(r'nonce="[^"]*"', "", response.get_data(as_text=True))


def test_wrong_codes_pause_the_address_with_one_refusal(app, client, linked, monkeypatch):
    for n in range(GUESSES):
        assert start(client, linked, f"ES-M-9{n:02d}").status_code == 422
    unknown, not_consenting, right = (start(client, linked, p) for p in ("ES-M-999", "ES-M-002", "ES-M-001"))
    assert {r.status_code for r in (unknown, not_consenting, right)} == {429}
    assert text(unknown) == text(not_consenting) == text(right) and int(right.headers["Retry-After"]) > 0
    assert start(client, linked, "ES-M-001", language="ar").status_code == 429
    arabic = text(start(client, linked, "ES-M-001", language="ar"))
    assert '<html lang="ar" dir="rtl">' in arabic and "Too many tries" not in arabic and "الانتظار" in arabic
    later = throttle._now() + timedelta(minutes=16)
    monkeypatch.setattr(throttle, "_now", lambda: later)
    assert start(client, linked, "ES-M-001").status_code == 200


def test_feedback_beyond_the_limit_gets_429(app, client, proto):
    app.config.update(SUBMISSIONS_PER_ADDRESS=2, SUBMISSION_WINDOW=600)
    code = proto["code"]

    def send():
        page = client.get(f"/p/{code}/en").get_data(as_text=True)
        return client.post(f"/p/{code}/en", data={"state": hidden(page, "state"), "step": "sus",
                                                  "shown_at": hidden(page, "shown_at"), "go": "next",
                                                  **{f"sus-{i}": "3" for i in range(1, 11)}})
    assert [send().status_code for _ in range(2)] == [302, 302]
    refused = send()
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Too many tries from this device" in refused.get_data(as_text=True)
