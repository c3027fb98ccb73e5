"""The survey's source language (the language its questions are first written in) is chosen by name, like its other
languages: unknown names and codes are refused in the reader's language, and the survey keeps the code."""
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys.models import Survey


def new_survey(client, source, lang="en"):
    return client.post("/surveys/new/demo", headers={"Accept-Language": lang}, data={
        "title": "Needs", "source_language": source, "languages": "", "site_id": 0, "workshop_id": 0,
        "mode": "anonymous"})


def test_the_source_language_is_typed_by_name_and_kept_as_its_code(app, client, auth, make_project):
    make_project("demo")
    auth.login_as("facilitator")
    assert new_survey(client, "Arabic").status_code == 302
    with app.app_context():
        survey = db.session.scalars(sa.select(Survey)).one()
        assert survey.source_language == "ar" and survey.languages == ["ar"]
        survey_id = survey.id
    page = client.get(f"/surveys/{survey_id}/settings").get_data(as_text=True)
    assert 'name="source_language"' in page and 'value="Arabic"' in page  # shown by name, not as "ar"
    assert 'list="' in page  # with the suggestions of every language


def test_an_unknown_source_language_is_refused_in_the_readers_language(app, client, auth, make_project):
    make_project("demo")
    auth.login_as("facilitator")
    for lang, message in (("en", "Not a language we know: “elvish”"),
                          ("es", "No es un idioma que conozcamos: “elvish”")):
        response = new_survey(client, "elvish", lang)
        assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert "Choose one language" in new_survey(client, "en, ar").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Survey)) == 0
