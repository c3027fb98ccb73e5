"""A response posted to the API costs three SQL statements and one commit: the survey with its version's definition,
then, in one transaction, the count of submissions from the client's address (one upsert, see cocreate/throttle.py)
and the insert.

A retry (a client_uuid stored before) costs one more, the SELECT of the stored response, and only then; a
submission that stores nothing still commits its count. The statements and commits are counted by SQLAlchemy
event listeners, not timed.
"""
from contextlib import contextmanager

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys.models import Response, Survey

from .conftest import UUID1, UUID2

GOOD = {"working": "yes", "age": 30, "needs": ["work", "health"], "hours": 38, "employer": "Casa Aperta"}


@contextmanager
def statements_of(app):
    """The SQL statements the app's engine runs inside the block (SAVEPOINTs and RELEASEs included), and a
    "COMMIT" for each commit."""
    with app.app_context():
        engine = db.engine
    seen = []

    def before(_conn, _cursor, statement, *_args):
        seen.append(statement)

    def commit(_conn):
        seen.append("COMMIT")
    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "commit", commit)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "commit", commit)


def post(client, code, client_uuid, answers=GOOD, language="en"):
    return client.post(f"/api/v1/surveys/{code}/responses",
                       json={"client_uuid": client_uuid, "language": language, "answers": answers})


def starts(statement):
    return " ".join(statement.split()[:3]).upper()


def test_a_new_submission_runs_three_statements_and_one_commit(app, client, make_survey):
    app.config["SUBMISSION_WINDOW"] = 10 ** 9  # one window throughout: no old windows to clear on the way
    _id, code = make_survey()
    post(client, code, UUID2)  # the first request of a process also sets its connection up
    with statements_of(app) as seen:
        response = post(client, code, UUID1)
    assert response.status_code == 201, response.json
    assert [starts(s) for s in seen] == ["SELECT SURVEYS.ID, SURVEYS.PROJECT_ID,", "INSERT INTO THROTTLE_COUNTS",
                                         "INSERT INTO SURVEY_RESPONSES", "COMMIT"], seen


def test_a_retry_runs_one_select_more_and_gets_the_stored_id(app, client, make_survey):
    app.config["SUBMISSION_WINDOW"] = 10 ** 9
    _id, code = make_survey()
    first = post(client, code, UUID1)
    with statements_of(app) as seen:
        again = post(client, code, UUID1)
    assert again.status_code == 200 and again.json["id"] == first.json["id"]
    assert len(seen) == 5 and seen.count("COMMIT") == 1, seen
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


def test_a_refused_submission_commits_its_count_alone(app, client, make_survey):
    _id, code = make_survey()
    post(client, code, UUID2)
    with statements_of(app) as seen:
        refused = post(client, code, UUID1, answers={"working": "perhaps"})
    assert refused.status_code == 422
    assert [starts(s) for s in seen][-2:] == ["INSERT INTO THROTTLE_COUNTS", "COMMIT"], seen
    assert seen.count("COMMIT") == 1 and not any(starts(s).startswith("INSERT INTO SURVEY_RESPONSES") for s in seen)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 1


def edit_city(app, survey_id, *, required):
    from cocreate.surveys import services

    with app.app_context():
        survey = services.get_survey(survey_id)
        city = services.find_question(survey, "city")
        services.save_question(city.section, city, key="city", kind="single_choice", label="City",
                               required=required, choices=[("madrid", "Madrid"), ("rome", "Rome")], actor=None)
        db.session.commit()
