"""A phone passed from one participant to the next: a web form sent again with other answers is a response of its
own, while the API keeps answering a repeated client_uuid with the first response."""
from .conftest import UUID1


def test_a_web_resubmission_with_other_answers_is_a_new_response(app, client, make_survey):
    import sqlalchemy as sa

    from cocreate.extensions import db
    from cocreate.surveys.models import Response
    _id, code = make_survey()
    base = {"client_uuid": UUID1, "section": "end", "nav": "submit", "shown": "story sus"}
    first = {**base, "q-working": "no", "q-story": "First person"}
    assert client.post(f"/s/{code}/en", data=first).status_code == 302
    assert client.post(f"/s/{code}/en", data=first).status_code == 302  # pressing send twice: one response
    # the next person on the same phone got the first person's client_uuid back from a draft
    assert client.post(f"/s/{code}/en", data={**base, "q-working": "yes", "q-hours": "20",
                                              "q-story": "Second person"}).status_code == 302
    with app.app_context():
        stored = db.session.scalars(sa.select(Response).order_by(Response.id)).all()
        assert [r.answers.get("story") for r in stored] == ["First person", "Second person"]
        assert stored[0].client_uuid == UUID1 and stored[1].client_uuid != UUID1


def test_the_api_keeps_returning_the_first_response_for_the_same_uuid(client, make_survey):
    _id, code = make_survey()
    url = f"/api/v1/surveys/{code}/responses"
    first = client.post(url, json={"client_uuid": UUID1, "language": "en", "answers": {"working": "no"}})
    other = client.post(url, json={"client_uuid": UUID1, "language": "en",
                                   "answers": {"working": "yes", "hours": 20}})
    assert first.status_code == 201 and other.status_code == 200 and other.json["id"] == first.json["id"]
