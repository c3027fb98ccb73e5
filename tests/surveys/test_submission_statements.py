"""A response posted to the API costs three SQL statements: the count of submissions from the client's address (one
upsert, see cocreate/throttle.py), the survey with its version's definition, and the insert.

A retry (a client_uuid stored before) costs one more, the SELECT of the stored response, and only then.
The statements are counted by a SQLAlchemy event listener, not timed.
"""
from contextlib import contextmanager

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys.models import Response, Survey

from .conftest import UUID1, UUID2

GOOD = {"working": "yes", "age": 30, "needs": ["work", "health"], "hours": 38, "employer": "Casa Aperta"}


@contextmanager
def statements_of(app):
    """The SQL statements the app's engine runs inside the block (SAVEPOINTs and RELEASEs included)."""
    with app.app_context():
        engine = db.engine
    seen = []

    def before(_conn, _cursor, statement, *_args):
        seen.append(statement)
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


def post(client, code, client_uuid, answers=GOOD, language="en"):
    return client.post(f"/api/v1/surveys/{code}/responses",
                       json={"client_uuid": client_uuid, "language": language, "answers": answers})


def test_a_new_submission_runs_three_statements(app, client, make_survey):
    app.config["SUBMISSION_WINDOW"] = 10 ** 9  # one window throughout: no old windows to clear on the way
    _id, code = make_survey()
    post(client, code, UUID2)  # the first request of a process also sets its connection up
    with statements_of(app) as seen:
        response = post(client, code, UUID1)
    assert response.status_code == 201, response.json
    assert len(seen) == 3, seen
    assert seen[0].lstrip().upper().startswith("INSERT INTO THROTTLE_COUNTS")
    assert seen[1].lstrip().upper().startswith("SELECT") and seen[2].lstrip().upper().startswith("INSERT")


def test_a_retry_runs_one_select_more_and_gets_the_stored_id(app, client, make_survey):
    app.config["SUBMISSION_WINDOW"] = 10 ** 9
    _id, code = make_survey()
    first = post(client, code, UUID1)
    with statements_of(app) as seen:
        again = post(client, code, UUID1)
    assert again.status_code == 200 and again.json["id"] == first.json["id"]
    assert len(seen) == 4, seen
    assert not any(s.lstrip().upper().startswith(("SAVEPOINT", "RELEASE")) for s in seen), seen
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 1


def test_an_edit_before_any_response_is_what_the_next_submission_is_checked_against(app, client, make_survey):
    """A version is rewritten in place while nobody has answered it: what the API reads cannot be an old copy."""
    survey_id, code = make_survey()
    post(client, code, UUID2, answers={"working": "no"})  # version 1 answered: the edit below starts version 2
    edit_city(app, survey_id, required=True)
    refused = post(client, code, UUID1, answers={"working": "no"})
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"city"}
    edit_city(app, survey_id, required=False)  # version 2 has no response yet: changed in place
    with app.app_context():
        assert db.session.get(Survey, survey_id).version == 2
    taken = post(client, code, UUID1, answers={"working": "no"})
    assert taken.status_code == 201 and taken.json["survey_version"] == 2


def edit_city(app, survey_id, *, required):
    from cocreate.surveys import services

    with app.app_context():
        survey = services.get_survey(survey_id)
        city = services.find_question(survey, "city")
        services.save_question(city.section, city, key="city", kind="single_choice", label="City",
                               required=required, choices=[("madrid", "Madrid"), ("rome", "Rome")], actor=None)
        db.session.commit()
