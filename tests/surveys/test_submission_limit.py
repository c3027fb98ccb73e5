"""Submissions per address: beyond SUBMISSIONS_PER_ADDRESS within the window, the API and the web answer 429 with
Retry-After (the API in JSON); other addresses, and the same one in the next window, go on."""
import uuid
from datetime import timedelta

import pytest

from cocreate import throttle

from .test_answering import SHOWN

LIMIT = 3


@pytest.fixture
def limited(app, make_survey):
    app.config.update(SUBMISSIONS_PER_ADDRESS=LIMIT, SUBMISSION_WINDOW=600)
    return make_survey()[1]


def api(client, code, address="192.0.2.20", language="en"):
    return client.post(f"/api/v1/surveys/{code}/responses",
                       json={"client_uuid": str(uuid.uuid4()), "language": language, "answers": {"working": "no"}},
                       environ_base={"REMOTE_ADDR": address})


def web(client, code, address="192.0.2.20", language="en"):
    return client.post(f"/s/{code}/{language}", data={"client_uuid": str(uuid.uuid4()), "section": "end",
                                                      "nav": "submit", "shown": SHOWN["end"], "q-working": "no"},
                       environ_base={"REMOTE_ADDR": address})


def test_the_api_answers_429_in_json_beyond_the_limit(app, client, limited, monkeypatch):
    assert [api(client, limited).status_code for _ in range(LIMIT)] == [201] * LIMIT
    refused = api(client, limited, language="fr")
    assert refused.status_code == 429 and refused.is_json
    assert int(refused.headers["Retry-After"]) > 0 and "appareil" in refused.json["error"]
    assert api(client, limited, address="198.51.100.9").status_code == 201  # another address goes on
    later = throttle._now() + timedelta(minutes=11)
    monkeypatch.setattr(throttle, "_now", lambda: later)
    assert api(client, limited).status_code == 201  # the next window


def test_the_web_answers_429_beyond_the_limit(app, client, limited):
    sent = [web(client, limited) for _ in range(LIMIT)]
    assert all(r.status_code == 302 and r.location.endswith("/thanks") for r in sent), [r.status_code for r in sent]
    refused = web(client, limited)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Too many tries from this device" in refused.get_data(as_text=True)
    assert web(client, limited, address="198.51.100.9").status_code == 302


def test_invalid_submissions_count_too(app, client, limited):
    for _ in range(LIMIT):
        assert client.post(f"/api/v1/surveys/{limited}/responses", json={"answers": "nothing"},
                           environ_base={"REMOTE_ADDR": "192.0.2.20"}).status_code == 422
    assert api(client, limited).status_code == 429


def test_a_valid_submission_beyond_the_limit_stores_nothing_and_its_count_stays(app, client, limited):
    """The count of a stored submission is committed with it; one refused for the limit is committed alone."""
    import sqlalchemy as sa

    from cocreate.extensions import db
    from cocreate.surveys.models import Response

    assert [api(client, limited).status_code for _ in range(LIMIT)] == [201] * LIMIT
    assert [api(client, limited).status_code for _ in range(2)] == [429, 429]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == LIMIT
        hits = db.session.scalar(sa.select(throttle.ThrottleCount.hits).where(
            throttle.ThrottleCount.scope == throttle.SUBMISSION, throttle.ThrottleCount.client == "192.0.2.20"))
    assert hits == LIMIT + 2
