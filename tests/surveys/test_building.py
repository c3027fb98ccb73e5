"""The builder: surveys, sections and questions through the pages and the services; refusals; translations;
versions that keep the meaning of existing answers; distribution."""
import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys import services
from cocreate.surveys.models import Survey, SurveyVersion

from .conftest import UUID1


@pytest.fixture
def facilitator(auth, make_project):
    make_project("demo")
    return auth.login_as("facilitator")


def only_survey(app):
    with app.app_context():
        return db.session.scalars(sa.select(Survey)).one().id


def test_build_a_survey_through_the_pages(app, client, facilitator):
    response = client.post("/surveys/new/demo", data={
        "title": "Needs", "source_language": "en", "languages": "ar, fr", "site_id": 0, "workshop_id": 0,
        "mode": "anonymous"})
    assert response.status_code == 302
    survey_id = only_survey(app)
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        section_id, code = survey.sections[0].id, survey.code
        assert survey.languages == ["en", "ar", "fr"] and len(code) == 4
    url = f"/surveys/{survey_id}/sections/{section_id}/questions/new"
    assert client.post(url, data={"kind": "yes_no", "key": "working", "label": "Do you work?",
                                  "required": "y"}).status_code == 302
    assert client.post(url, data={"kind": "integer", "key": "hours", "label": "Hours?", "minimum": "1",
                                  "maximum": "80", "condition": "${working} = 'yes'"}).status_code == 302
    assert client.post(url, data={"kind": "single_choice", "key": "need", "label": "Main need",
                                  "choices": "work = Work\nhealth = Health"}).status_code == 302
    with app.app_context():
        questions = services.all_questions(db.session.get(Survey, survey_id))
        assert [(q.key, q.kind, q.required) for q in questions] == [
            ("working", "yes_no", True), ("hours", "integer", False), ("need", "single_choice", False)]
        assert questions[1].settings == {"min": 1, "max": 80}
        assert questions[1].condition == {"op": "eq", "q": "working", "value": "yes"}
        assert questions[2].choices == [{"value": "work", "label": {"en": "Work"}},
                                        {"value": "health", "label": {"en": "Health"}}]
    page = client.get(f"/surveys/{survey_id}").get_data(as_text=True)
    assert "${working} = &#39;yes&#39;" in page and code in page


def test_the_builder_refuses_forward_references_and_cycles(app, client, facilitator):
    client.post("/surveys/new/demo", data={"title": "T", "source_language": "en", "site_id": 0, "workshop_id": 0,
                                           "mode": "anonymous"})
    survey_id = only_survey(app)
    with app.app_context():
        section_id = db.session.get(Survey, survey_id).sections[0].id
    url = f"/surveys/{survey_id}/sections/{section_id}/questions/new"
    client.post(url, data={"kind": "yes_no", "key": "a", "label": "A"})
    forward = client.post(url, data={"kind": "yes_no", "key": "b", "label": "B", "condition": "${c} = 'yes'"})
    assert forward.status_code == 200 and "not a question of this survey" in forward.get_data(as_text=True)
    client.post(url, data={"kind": "yes_no", "key": "b", "label": "B", "condition": "${a} = 'yes'"})
    with app.app_context():
        a_id = services.find_question(db.session.get(Survey, survey_id), "a").id
    # a made to depend on b, which depends on a: a circle
    circle = client.post(f"/surveys/{survey_id}/questions/{a_id}",
                         data={"kind": "yes_no", "key": "a", "label": "A", "condition": "${b} = 'yes'"})
    assert "circle" in circle.get_data(as_text=True)
    # moving b above a would make it look forwards
    with app.app_context():
        b_id = services.find_question(db.session.get(Survey, survey_id), "b").id
    client.post(f"/surveys/{survey_id}/questions/{b_id}/up", follow_redirects=False)
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        assert [q.key for q in services.all_questions(survey)] == ["a", "b"]
        assert services.find_question(survey, "a").condition is None
    bad_syntax = client.post(url, data={"kind": "yes_no", "key": "c", "label": "C", "condition": "${a} == 'x'"})
    assert bad_syntax.status_code == 200 and "field__error" in bad_syntax.get_data(as_text=True)


def test_translations_side_by_side_and_flagged(app, client, facilitator, make_survey):
    survey_id, _code = make_survey()
    page = client.get(f"/surveys/{survey_id}/translate/fr").get_data(as_text=True)
    assert "Do you work?" in page and "not translated" in page
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        missing = services.missing_translations(survey, "fr")
        working = services.find_question(survey, "working")
        item = f"q{working.id}.label"
        health = f"q{services.find_question(survey, 'needs').id}.c1"
    response = client.post(f"/surveys/{survey_id}/translate/fr",
                           data={f"t-{item}": "Travaillez-vous ?", f"t-{health}": "Santé"})
    assert response.status_code == 302
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        assert services.find_question(survey, "working").label["fr"] == "Travaillez-vous ?"
        assert services.find_question(survey, "needs").choices[1]["label"] == {"en": "Health", "fr": "Santé"}
        assert services.missing_translations(survey, "fr") == missing - 2
    assert client.get(f"/surveys/{survey_id}/translate/en").status_code == 404
    assert client.get(f"/surveys/{survey_id}/translate/de").status_code == 404


def test_edits_after_responses_start_a_new_version_and_keep_old_meaning(app, make_survey):
    survey_id, _code = make_survey()
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        services.submit_response(survey, client_uuid=UUID1, language="en",
                                 answers={"working": "yes", "hours": "10", "needs": ["health"]})
        db.session.commit()
        needs = services.find_question(survey, "needs")
        services.save_question(None, needs.section, needs, key="needs", kind="multiple_choice",
                               label="What do you need most?", choices=[("work", "Work"), ("health", "Health care"),
                                                                        ("school", "School")])
        db.session.commit()
        assert survey.version == 2
        old = services.definition_of_version(survey, 1)
        assert services.questions_of(old)[2]["label"]["en"] == "What do you need?"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SurveyVersion)
                                 .where(SurveyVersion.survey_id == survey_id)) == 2
        with pytest.raises(services.SurveyError, match="cannot be removed: health"):
            services.save_question(None, needs.section, needs, key="needs", kind="multiple_choice", label="N",
                                   choices=[("work", "Work"), ("school", "School")])
        db.session.rollback()
        with pytest.raises(services.SurveyError, match="key and type cannot change"):
            services.save_question(None, needs.section, needs, key="needs2", kind="multiple_choice", label="N",
                                   choices=[("work", "Work"), ("health", "Health")])
        db.session.rollback()
        with pytest.raises(services.SurveyError, match="cannot be deleted"):
            services.delete_question(None, services.find_question(survey, "hours"))
        db.session.rollback()
        services.delete_question(None, services.find_question(survey, "story"))  # never answered
        db.session.commit()


def test_open_close_and_dates(app, client, facilitator, make_survey):
    survey_id, code = make_survey()
    assert client.post(f"/surveys/{survey_id}/state", data={"open": "0"}).status_code == 302
    with app.app_context():
        assert services.state(db.session.get(Survey, survey_id)) == "closed"
    client.post(f"/surveys/{survey_id}/state", data={"open": "1"})
    with app.app_context():
        assert services.state(db.session.get(Survey, survey_id)) == "open"
    response = client.post(f"/surveys/{survey_id}/settings", data={
        "title": "T", "source_language": "en", "site_id": 0, "workshop_id": 0, "mode": "anonymous",
        "opens_at": "2030-01-02T10:00", "closes_at": "2030-01-01T10:00"})
    assert "must close after it opens" in response.get_data(as_text=True)


def test_qr_code_and_handout(client, facilitator, make_survey):
    survey_id, code = make_survey()
    qr = client.get(f"/surveys/{survey_id}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    handout = client.get(f"/surveys/{survey_id}/handout").get_data(as_text=True)
    assert code in handout and f"http://localhost/s/{code}" in handout and "العمل والخدمات" in handout


def test_researchers_see_results_but_cannot_edit(client, auth, make_survey):
    survey_id, _code = make_survey()
    auth.login_as("researcher")
    assert client.get(f"/surveys/{survey_id}/results").status_code == 200
    assert client.get(f"/surveys/{survey_id}/settings").status_code == 403
    assert client.post(f"/surveys/{survey_id}/state", data={"open": "0"}).status_code == 403
