"""Copies of one submission arriving at the same moment (a phone that retried before its first request was
answered) are stored once, and every copy is answered with the stored id."""
import threading

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys.models import Response

from .conftest import UUID1

COPIES = 4


def test_copies_sent_at_once_store_one_response(app, make_survey):
    _id, code = make_survey()
    app.test_client().get(f"/api/v1/surveys/{code}")  # the app's first request done before the copies race
    barrier = threading.Barrier(COPIES)
    answers = []

    def send():
        client = app.test_client()
        barrier.wait()
        reply = client.post(f"/api/v1/surveys/{code}/responses",
                            json={"client_uuid": UUID1, "language": "en", "answers": {"working": "no"}})
        answers.append((reply.status_code, reply.json))

    threads = [threading.Thread(target=send) for _ in range(COPIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _body in answers) == [200] * (COPIES - 1) + [201], answers
    assert len({body["id"] for _status, body in answers}) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 1
