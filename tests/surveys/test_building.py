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


def test_edits_after_responses_start_a_new_version_and_keep_old_meaning(app, client, auth, make_survey):
    """A question reworded after responses exist: results and exports read each response through the
    version it was answered in, and the translations of the changed texts are flagged as outdated."""
    import csv
    import io

    from cocreate.surveys import exports, results
    survey_id, _code = make_survey()
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        services.submit_response(survey, client_uuid=UUID1, language="en",
                                 answers={"working": "yes", "hours": "10", "needs": ["health"]})
        db.session.commit()
        needs = services.find_question(survey, "needs")
        needs_id = needs.id
        services.save_question(needs.section, needs, key="needs", kind="multiple_choice",
                               label="What do you need most?", choices=[("work", "Work"), ("health", "Health care"),
                                                                        ("school", "School")],
                               help="Choose every answer that applies.", actor=None)
        db.session.commit()
        assert survey.version == 2
        services.submit_response(survey, client_uuid="0b7e4c1e-5f0e-4c57-9a3e-6f1d2a000009", language="en",
                                 answers={"working": "no", "needs": ["health", "work"]})
        for n in range(3):  # results are shown from five responses on
            services.submit_response(survey, client_uuid=f"0b7e4c1e-5f0e-4c57-9a3e-6f1d2a00010{n}", language="en",
                                     answers={"working": "no"})
        db.session.commit()
        old = services.definition_of_version(survey, 1)
        assert services.questions_of(old)[2]["label"]["en"] == "What do you need?"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SurveyVersion)
                                 .where(SurveyVersion.survey_id == survey_id)) == 2
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        _total, found = results.summarise(survey, services.definition(survey), "en")
        shown = [(r.label, r.versions, {row.label: str(row.count) for row in r.rows})
                 for r in found if r.question["key"] == "needs"]
        assert shown == [("What do you need?", [1], {"Work": "0", "Health": "1", "School": "0"}),
                         ("What do you need most?", [2], {"Work": "1", "Health care": "1", "School": "0"})]
        working = [r for r in found if r.question["key"] == "working"]
        assert len(working) == 1 and working[0].versions is None  # unchanged wording: one result
        header, rows = exports.table(survey)
        assert [(row[header.index("survey_version")], row[header.index("needs")]) for row in rows] == \
            [(1, "health"), (2, "work health")] + [(2, "")] * 3
        book = list(csv.reader(io.StringIO(exports.to_csv(*exports.codebook(survey)).decode("utf-8-sig"))))
        health = [(row[5], row[-1]) for row in book if row[0] == "needs" and row[4] == "health"]
        assert health == [("Health", "1"), ("Health care", "2")]
        assert ["working", "working", "yes_no", "yes", "", "Do you work?", "هل تعمل؟", "", ""] in book
        # the Arabic label and choice label were written for the old wording: flagged as outdated
        assert services.outdated_items(survey, "ar") == {f"q{needs_id}.label", f"q{needs_id}.help"}
        assert f"q{needs_id}.c0" not in services.outdated_items(survey, "ar")  # "Work" did not change
    auth.login_as("researcher")
    html = client.get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    assert "The wording of this question changed" in html and 'id="result-needs-v1"' in html
    auth.logout()
    auth.login_as("facilitator")
    page = client.get(f"/surveys/{survey_id}/translate/ar").get_data(as_text=True)
    assert page.count("outdated: the source text changed") == 2
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        services.save_translations(survey, "ar", {f"q{needs_id}.label": "ما الذي تحتاجه أكثر؟",
                                                  f"q{needs_id}.help": "اختر كل ما ينطبق."}, actor=None)
        db.session.commit()
        assert services.outdated_items(survey, "ar") == {f"q{needs_id}.help"}  # unchanged text stays flagged


def test_answered_questions_keep_their_key_type_and_chosen_values(app, make_survey):
    survey_id, _code = make_survey()
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        services.submit_response(survey, client_uuid=UUID1, language="en",
                                 answers={"working": "yes", "hours": "10", "needs": ["health"]})
        db.session.commit()
        needs = services.find_question(survey, "needs")
        with pytest.raises(services.SurveyError, match="cannot be removed: health"):
            services.save_question(needs.section, needs, key="needs", kind="multiple_choice", label="N",
                                   choices=[("work", "Work"), ("school", "School")], actor=None)
        db.session.rollback()
        with pytest.raises(services.SurveyError, match="key and type cannot change"):
            services.save_question(needs.section, needs, key="needs2", kind="multiple_choice", label="N",
                                   choices=[("work", "Work"), ("health", "Health")], actor=None)
        db.session.rollback()
        with pytest.raises(services.SurveyError, match="cannot be deleted"):
            services.delete_question(services.find_question(survey, "hours"), actor=None)
        db.session.rollback()
        services.delete_question(services.find_question(survey, "story"), actor=None)  # never answered
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
    assert code in handout and f"http://127.0.0.1:5000/s/{code}" in handout and "العمل والخدمات" in handout


def test_researchers_see_results_but_cannot_edit(client, auth, make_survey):
    survey_id, _code = make_survey()
    auth.login_as("researcher")
    assert client.get(f"/surveys/{survey_id}/results").status_code == 200
    assert client.get(f"/surveys/{survey_id}/settings").status_code == 403
    assert client.post(f"/surveys/{survey_id}/state", data={"open": "0"}).status_code == 403
