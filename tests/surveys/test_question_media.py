"""Pictures and sounds beside questions and choices: read from XLSForm media columns in pyxform's spellings and
languages, uploaded (one by one or as a zip) and recorded in the builder, checked as every kept upload is, kept
with the version they were published in, shown to participants in their language with a large play button and
picture choices, served only while the survey is open to them, listed by the API, and written back to an XLSForm
(and a zip of its files) that imports to the same survey."""
import io
import re
import zipfile

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from cocreate.extensions import db
from cocreate.history.models import Change
from cocreate.projects.services import get_project_by_slug
from cocreate.surveys import prompts, services, xlsform
from cocreate.surveys.models import QuestionMedia, Survey, SurveyVersion

from ..prototypes.conftest import recording
from .conftest import UUID1, question
from .test_answer_files import picture
from .test_xlsform import workbook_bytes


def definition():
    return {
        "source_language": "en", "languages": ["en", "ar", "fr"], "mode": "anonymous",
        "title": {"en": "Getting to the office", "ar": "الوصول إلى المكتب"}, "description": {},
        "sections": [
            {"key": "travel", "title": {"en": "Travel", "ar": "السفر"}, "condition": None, "questions": [
                question("how", "single_choice", {"en": "How do you come?", "ar": "كيف تأتي؟"},
                         choices=[("bus", {"en": "By bus", "ar": "بالحافلة"}),
                                  ("foot", {"en": "On foot", "ar": "مشيًا"})]),
                question("time", "integer", {"en": "How many minutes?", "ar": "كم دقيقة؟"}),
            ]},
        ],
    }


@pytest.fixture
def media_survey(app, make_project):
    """(survey id, code): the travel survey at site ES of project "media", a draft."""
    slug = make_project(slug="media", sites=("ES", "IT"))
    with app.app_context():
        project = get_project_by_slug(slug)
        survey = services.create_from_definition(project, definition(), actor=None)
        survey.site_id = next(site.id for site in project.sites if site.code == "ES")
        db.session.commit()
        return survey.id, survey.code


def question_id(app, survey_id, key="how"):
    with app.app_context():
        return db.session.scalar(sa.select(services.Question.id).where(services.Question.survey_id == survey_id,
                                                                       services.Question.key == key))


def upload(client, survey_id, qid, data, filename, *, kind="image", language="*", target="", lang="en"):
    return client.post(f"/surveys/{survey_id}/questions/{qid}/media?lang={lang}", data={
        "target": target, "kind": kind, "language": language, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data")


def media_rows(app, survey_id):
    with app.app_context():
        return [(m.choice_value, m.kind, m.language, m.name, m.filename is not None) for m in db.session.scalars(
            sa.select(QuestionMedia).where(QuestionMedia.survey_id == survey_id).order_by(QuestionMedia.id))]


def open_survey(app, survey_id):
    with app.app_context():
        services.set_open(db.session.get(Survey, survey_id), True, actor=None)
        db.session.commit()


def fetch(client, url, **kwargs):
    """The response to a GET of a file, read and closed."""
    response = client.get(url, **kwargs)
    response.get_data()
    response.close()
    return response


def stored(tmp_path):
    folder = tmp_path / "survey-media"
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# --- XLSForm import ----------------------------------------------------------------------------------------

MEDIA_FORM = {
    "survey": [
        ["type", "name", "label::English (en)", "label::Arabic (ar)", "media::image", "image::Arabic (ar)",
         "audio", "media::audio::Arabic (ar)", "Video", "image:French", "big-image", "image::Xyzzy"],
        ["select_one travel", "how", "How do you come?", "كيف تأتي؟", "pictures/bus-stop.jpg", "bus-stop-ar.png",
         "how.ogg", "how-ar.m4a", "", "arret.jpg", "huge.jpg", "k1.jpg"],
        ["integer", "time", "Minutes", "دقائق", "", "", "", "", "clock.mp4", "", "", "k2.jpg"],
    ],
    "choices": [
        ["list_name", "name", "label::English (en)", "label::Arabic (ar)", "image", "media::image::Arabic (ar)"],
        ["travel", "bus", "By bus", "بالحافلة", "bus.jpg", "bus-ar.jpg"],
        ["travel", "foot", "On foot", "مشيًا", "foot.jpg", ""],
    ],
}


def test_import_reads_the_media_columns_in_pyxforms_spellings_and_languages():
    reading = xlsform.read(workbook_bytes(MEDIA_FORM))
    how, time = services.questions_of(reading.definition)
    assert how["media"] == [
        {"kind": "audio", "language": "*", "name": "how.ogg"},
        {"kind": "audio", "language": "ar", "name": "how-ar.m4a"},
        {"kind": "image", "language": "*", "name": "bus-stop.jpg"},  # the folder it was written with is not kept
        {"kind": "image", "language": "ar", "name": "bus-stop-ar.png"},
        {"kind": "image", "language": "fr", "name": "arret.jpg"}]  # a single colon, as older forms write it
    assert time["media"] == [{"kind": "video", "language": "*", "name": "clock.mp4"}]
    assert how["choices"][0]["media"] == [{"kind": "image", "language": "*", "name": "bus.jpg"},
                                          {"kind": "image", "language": "ar", "name": "bus-ar.jpg"}]
    assert how["choices"][1]["media"] == [{"kind": "image", "language": "*", "name": "foot.jpg"}]
    lines = [(p.column, str(p.message)) for p in reading.problems]
    # nothing dropped without a line: a kind we do not show, and a language nobody can tell (once, not per row)
    assert [column for column, message in lines if column == "big-image"] == ["big-image"]
    assert [column for column, _message in lines if column == "image::Xyzzy"] == ["image::Xyzzy"]


def test_imported_media_are_expected_until_uploaded_and_the_zip_beside_the_form_brings_them(app, client, auth,
                                                                                            make_project):
    make_project(slug="media")
    auth.login_as("facilitator")
    media = io.BytesIO()
    with zipfile.ZipFile(media, "w") as archive:
        archive.writestr("pics/BUS.jpg", picture())  # matched by name, folders and letter case aside
        archive.writestr("how.ogg", recording("ogg"))
        archive.writestr("foot.jpg", b"not a picture at all")
        archive.writestr("stranger.jpg", picture())
    with app.app_context():
        project_id = get_project_by_slug("media").id
    page = client.post("/surveys/import", data={
        "project_id": project_id, "file": (io.BytesIO(workbook_bytes(MEDIA_FORM)), "travel.xlsx"),
        "media": (io.BytesIO(media.getvalue()), "media.zip")}, content_type="multipart/form-data")
    html = page.get_data(as_text=True)
    assert page.status_code == 200, html
    assert "2 media files were kept." in html
    assert "stranger.jpg" in html and "No question or choice of the survey names this file." in html
    assert "foot.jpg" in html and "This file is not a picture we can read." in html
    with app.app_context():
        survey_id = db.session.scalar(sa.select(Survey.id))
    rows = media_rows(app, survey_id)
    assert ("bus", "image", "*", "bus.jpg", True) in rows
    assert ("", "audio", "*", "how.ogg", True) in rows
    assert ("foot", "image", "*", "foot.jpg", False) in rows
    missing = client.get(f"/surveys/{survey_id}/media").get_data(as_text=True)
    assert "Files still missing" in missing
    assert "foot.jpg" in missing and "clock.mp4" in missing and "bus.jpg" not in missing


# --- the builder -------------------------------------------------------------------------------------------

def test_a_facilitator_uploads_sees_replaces_and_deletes_a_picture_recorded_in_the_history(app, client, auth,
                                                                                          media_survey, tmp_path):
    survey_id, _code = media_survey
    qid = question_id(app, survey_id)
    auth.login_as("facilitator")
    page = client.get(f"/surveys/{survey_id}/questions/{qid}/media")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'type="file" id="file" name="file"' in html and "data-voice" in html  # records, or a file without JS
    assert "microphone=(self)" in page.headers["Permissions-Policy"]
    response = upload(client, survey_id, qid, picture(), "stop.jpg")
    assert response.status_code == 302
    assert media_rows(app, survey_id) == [("", "image", "*", "how-image-all.jpg", True)]
    with app.app_context():
        first = db.session.scalar(sa.select(QuestionMedia.filename))
    shown = client.get(f"/surveys/{survey_id}/questions/{qid}/media").get_data(as_text=True)
    assert f"/surveys/{survey_id}/media/{first}" in shown
    served = fetch(client, f"/surveys/{survey_id}/media/{first}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert b"Secret model" not in served.data  # the camera's metadata is gone
    upload(client, survey_id, qid, picture(size=(50, 50)), "stop2.jpg")  # replaces it
    with app.app_context():
        second = db.session.scalar(sa.select(QuestionMedia.filename))
        media_id = db.session.scalar(sa.select(QuestionMedia.id))
    assert second != first and first not in stored(tmp_path)  # no version names the first any more
    client.post(f"/surveys/{survey_id}/media/{media_id}/delete")
    assert media_rows(app, survey_id) == [] and stored(tmp_path) == []
    with app.app_context():
        actions = list(db.session.scalars(sa.select(Change.action).order_by(Change.id)))
    assert actions[-3:] == ["surveys.question_media_saved", "surveys.question_media_saved",
                            "surveys.question_media_deleted"]


def test_a_recorded_sound_for_one_language_and_a_choice_picture(app, client, auth, media_survey):
    survey_id, _code = media_survey
    qid = question_id(app, survey_id)
    auth.login_as("facilitator")
    assert upload(client, survey_id, qid, recording("webm"), "voice.webm", kind="audio",
                  language="ar").status_code == 302
    assert upload(client, survey_id, qid, picture(), "bus.jpg", target="bus").status_code == 302
    assert media_rows(app, survey_id) == [("", "audio", "ar", "how-audio-ar.webm", True),
                                          ("bus", "image", "*", "how-bus-image-all.jpg", True)]


@pytest.mark.parametrize("lang, message", [
    ("en", "This file is not a picture we can read."),
    ("es", "Este archivo no es una imagen que podamos leer."),
])
def test_a_bad_file_is_refused_with_a_message_in_the_readers_language_and_nothing_is_kept(
        app, client, auth, media_survey, tmp_path, lang, message):
    survey_id, _code = media_survey
    qid = question_id(app, survey_id)
    auth.login_as("facilitator")
    with app.app_context():
        versions = db.session.scalar(sa.select(sa.func.count(SurveyVersion.id)))
        before = services.definition(db.session.get(Survey, survey_id))
    response = upload(client, survey_id, qid, b"MZ\x90\x00 a program, not a picture", "stop.jpg", lang=lang)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert media_rows(app, survey_id) == [] and stored(tmp_path) == []
    sound = upload(client, survey_id, qid, picture(), "a.jpg", kind="audio", lang=lang)
    assert sound.status_code == 422 and media_rows(app, survey_id) == [] and stored(tmp_path) == []
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(SurveyVersion.id))) == versions
        assert services.definition(db.session.get(Survey, survey_id)) == before


def test_a_facilitator_of_another_site_cannot_upload(app, client, auth, media_survey):
    survey_id, _code = media_survey
    qid = question_id(app, survey_id)
    auth.login_as("facilitator", projects=["media"], sites=[("media", "IT")])
    assert upload(client, survey_id, qid, picture(), "stop.jpg").status_code == 403
    assert media_rows(app, survey_id) == []


def test_a_published_version_keeps_the_picture_it_was_answered_with(app, client, auth, media_survey, tmp_path):
    survey_id, code = media_survey
    qid = question_id(app, survey_id)
    auth.login_as("facilitator")
    upload(client, survey_id, qid, picture(), "stop.jpg")
    open_survey(app, survey_id)
    with app.app_context():
        old = db.session.scalar(sa.select(QuestionMedia.filename))
        services.submit_response(db.session.get(Survey, survey_id), client_uuid=UUID1, language="en",
                                 answers={"how": "bus"})
        db.session.commit()
    upload(client, survey_id, qid, picture(size=(60, 20)), "stop2.jpg")
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        new = db.session.scalar(sa.select(QuestionMedia.filename))
        assert survey.version == 2
        answered = services.definition_of_version(survey, 1)
        assert services.questions_of(answered)[0]["media"][0]["file"] == old
        assert services.questions_of(services.definition(survey))[0]["media"][0]["file"] == new
    assert old in stored(tmp_path)  # version 1 still names it
    assert fetch(client, f"/surveys/{survey_id}/media/{old}").status_code == 200
    assert client.get(f"/s/{code}/media/{old}").status_code == 404  # participants answer version 2


# --- participants ----------------------------------------------------------------------------------------------

@pytest.fixture
def illustrated(app, client, auth, media_survey):
    """The travel survey, opened, with a picture and an Arabic sound beside "how", a picture for every language
    and an Arabic one beside choice "bus"; (survey id, code, {(choice, language): stored file})."""
    survey_id, code = media_survey
    qid = question_id(app, survey_id)
    auth.login_as("facilitator")
    upload(client, survey_id, qid, picture(), "stop.jpg")
    upload(client, survey_id, qid, recording("ogg"), "how.ogg", kind="audio", language="ar")
    upload(client, survey_id, qid, picture(), "bus.jpg", target="bus")
    upload(client, survey_id, qid, picture(size=(30, 30)), "bus-ar.jpg", target="bus", language="ar")
    auth.logout()
    open_survey(app, survey_id)
    with app.app_context():
        files = {(m.choice_value, m.kind, m.language): m.filename
                 for m in db.session.scalars(sa.select(QuestionMedia))}
    return survey_id, code, files


def screen(client, code, language):
    return client.post(f"/s/{code}/{language}", data={"client_uuid": UUID1, "section": "", "nav": "next"})


def test_the_arabic_page_shows_the_picture_a_large_play_button_and_picture_choices(client, illustrated):
    _id, code, files = illustrated
    html = screen(client, code, "ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in html
    picture_tag = re.search(r'<img class="question__picture" src="([^"]+)" alt="([^"]*)">', html)
    assert picture_tag.group(1) == f"/s/{code}/media/{files[('', 'image', '*')]}"
    assert picture_tag.group(2) == "كيف تأتي؟"  # its label, in the participant's language
    listen = re.search(r'<div class="listen" data-listen>.*?</div>', html, re.DOTALL).group(0)
    assert "استمع إلى السؤال" in listen  # "Listen to the question", in Arabic
    assert re.search(r'<button type="button" class="listen__button" data-listen-button hidden', listen)
    assert re.search(rf'<audio controls preload="none" class="listen__audio" src="/s/{code}/media/'
                     rf'{files[("", "audio", "ar")]}"', listen)  # plays without JavaScript
    assert 'class="options options--pictures"' in html
    bus = re.search(r'<label class="option option--picture">\s*<input type="radio" name="q-how" value="bus"'
                    r'.*?<img class="option__picture" src="([^"]+)" alt="">.*?<span>([^<]*)</span>', html, re.DOTALL)
    assert bus.group(1) == f"/s/{code}/media/{files[('bus', 'image', 'ar')]}"  # the Arabic one beside "bus"
    assert bus.group(2) == "بالحافلة"


def test_a_language_without_its_own_file_gets_the_one_for_every_language(client, illustrated):
    _id, code, files = illustrated
    html = screen(client, code, "fr").get_data(as_text=True)
    assert f"/s/{code}/media/{files[('bus', 'image', '*')]}" in html
    assert files[("bus", "image", "ar")] not in html
    assert "data-listen" not in html  # the sound is in Arabic only


def test_the_media_route_serves_an_open_surveys_files_with_cache_headers_and_refuses_others(
        app, client, illustrated, make_project):
    survey_id, code, files = illustrated
    sound = fetch(client, f"/s/{code}/media/{files[('', 'audio', 'ar')]}")
    assert sound.status_code == 200 and sound.mimetype == "audio/ogg"
    assert sound.headers["Cache-Control"] == "private, max-age=86400, immutable"
    assert sound.headers.get("ETag")
    ranged = fetch(client, f"/s/{code}/media/{files[('', 'audio', 'ar')]}", headers={"Range": "bytes=0-9"})
    assert ranged.status_code == 206 and len(ranged.data) == 10  # players seek
    with app.app_context():
        other = services.create_from_definition(get_project_by_slug(make_project(slug="other")), definition(),
                                                actor=None)
        services.set_open(other, True, actor=None)
        db.session.commit()
        other_code = other.code
    assert client.get(f"/s/{other_code}/media/{files[('', 'image', '*')]}").status_code == 404  # another survey's
    assert client.get(f"/s/{code}/media/{'0' * 32}.jpg").status_code == 404
    with app.app_context():
        services.set_open(db.session.get(Survey, survey_id), False, actor=None)
        db.session.commit()
    assert fetch(client, f"/s/{code}/media/{files[('', 'image', '*')]}").status_code == 404  # closed


def test_the_api_lists_each_question_and_choice_media_with_urls(client, illustrated):
    _id, code, files = illustrated
    defn = client.get(f"/api/v1/surveys/{code}").get_json()
    how = defn["sections"][0]["questions"][0]
    assert {(m["kind"], m["language"], m["url"].rsplit("/", 1)[-1]) for m in how["media"]} == {
        ("image", "*", files[("", "image", "*")]), ("audio", "ar", files[("", "audio", "ar")])}
    assert all(m["url"].endswith(f"/s/{code}/media/{m['file']}") for m in how["media"])
    assert [m["language"] for m in how["choices"][0]["media"]] == ["*", "ar"]
    assert "media" not in how["choices"][1]


# --- XLSForm export -------------------------------------------------------------------------------------------

def test_export_with_media_imports_back_to_the_same_media(app, client, auth, illustrated, tmp_path):
    survey_id, _code, _files = illustrated
    auth.login_as("facilitator")
    exported = client.get(f"/surveys/{survey_id}/export/xlsform-with-media.zip")
    assert exported.status_code == 200 and exported.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(exported.data)) as archive:
        names = sorted(archive.namelist())
        form_name = next(n for n in names if n.endswith(".xlsx"))
        form = archive.read(form_name)
        kept = {n.split("/", 1)[1]: archive.read(n) for n in names if n.startswith("media/")}
    assert sorted(kept) == ["how-audio-ar.ogg", "how-bus-image-all.jpg", "how-bus-image-ar.jpg", "how-image-all.jpg"]
    sheet = load_workbook(io.BytesIO(form))["survey"]
    header = [cell.value for cell in sheet[1]]
    assert {"image", "audio::Arabic (ar)"} <= set(header)
    # re-import the form and its files: the same media, the same bytes
    media = io.BytesIO()
    with zipfile.ZipFile(media, "w") as archive:
        for name, data in kept.items():
            archive.writestr(name, data)
    with app.app_context():
        project_id = db.session.get(Survey, survey_id).project_id
        original = services.definition(db.session.get(Survey, survey_id))
    page = client.post("/surveys/import", data={"project_id": project_id, "file": (io.BytesIO(form), form_name),
                                                "media": (io.BytesIO(media.getvalue()), "media.zip")},
                       content_type="multipart/form-data")
    assert "4 media files were kept." in page.get_data(as_text=True)
    with app.app_context():
        copy = db.session.scalar(sa.select(Survey).where(Survey.id != survey_id))
        again = services.definition(copy)

        def places(defn):
            return sorted((q["key"], c, m["kind"], m["language"], m["name"])
                          for q in services.questions_of(defn)
                          for c, items in [("", q.get("media", []))] + [(ch["value"], ch.get("media", []))
                                                                         for ch in q["choices"]]
                          for m in items)
        assert places(again) == places(original)
        for q in services.questions_of(again):
            for m in [*q.get("media", []), *(m for c in q["choices"] for m in c.get("media", []))]:
                assert prompts.path_of(m["kind"], m["file"]).read_bytes() == kept[m["name"]]
    # and the plain XLSForm export of the copy writes the same columns back
    with app.app_context():
        assert xlsform.read(xlsform.write(again)).definition["sections"][0]["questions"][0]["media"] == [
            {"kind": m["kind"], "language": m["language"], "name": m["name"]}
            for m in services.questions_of(again)[0]["media"]]


def test_pictures_of_a_fixed_choice_list_are_reported_not_dropped():
    reading = xlsform.read(workbook_bytes({
        "survey": [["type", "name", "label", "cocreate_kind"], ["select_one yes_no", "works", "Do you work?", "yes_no"]],
        "choices": [["list_name", "name", "label", "image"], ["yes_no", "yes", "Yes", "yes.png"],
                    ["yes_no", "no", "No", "no.png"]]}))
    assert services.questions_of(reading.definition)[0]["kind"] == "yes_no"
    assert [(p.column, str(p.message)) for p in reading.problems] == [
        ("type", "The choices of yes_no are the app's own: their pictures and sounds were not imported.")]


def test_deleting_a_question_or_the_survey_removes_their_files(app, client, auth, media_survey, tmp_path):
    survey_id, _code = media_survey
    auth.login_as("facilitator")
    upload(client, survey_id, question_id(app, survey_id), picture(), "stop.jpg")
    upload(client, survey_id, question_id(app, survey_id, "time"), recording("ogg"), "time.ogg", kind="audio")
    assert len(stored(tmp_path)) == 3  # a picture and its thumbnail, a sound
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        services.delete_question(services.find_question(survey, "how"), actor=None)
        db.session.commit()
    assert [name.rpartition(".")[2] for name in stored(tmp_path)] == ["ogg"]
    with app.app_context():
        services.delete_survey(db.session.get(Survey, survey_id), actor=None)
        db.session.commit()
    assert stored(tmp_path) == []


def test_a_damaged_file_in_the_zip_or_a_file_that_is_no_zip_gets_a_line(app, client, auth, make_project):
    make_project(slug="media")
    with app.app_context():
        survey = services.create_from_definition(get_project_by_slug("media"),
                                                 xlsform.read(workbook_bytes(MEDIA_FORM)).definition, actor=None)
        db.session.commit()
        survey_id = survey.id
    auth.login_as("facilitator")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("bus.jpg", picture())
    damaged = out.getvalue().replace(b"JFIF", b"JFIX", 1)  # its checksum no longer matches
    page = client.post(f"/surveys/{survey_id}/media", data={"file": (io.BytesIO(damaged), "media.zip")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "This file of the zip cannot be read." in page
    page = client.post(f"/surveys/{survey_id}/media", data={"file": (io.BytesIO(b"plain text"), "media.zip")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "This is not a zip file." in page
    assert ("bus", "image", "*", "bus.jpg", False) in media_rows(app, survey_id)


def test_the_commands_import_a_form_with_its_media_and_export_them_again(app, runner, make_project, tmp_path):
    make_project(slug="media")
    form, media = tmp_path / "travel.xlsx", tmp_path / "media.zip"
    form.write_bytes(workbook_bytes(MEDIA_FORM))
    with zipfile.ZipFile(media, "w") as archive:
        archive.writestr("bus.jpg", picture())
        archive.writestr("how.ogg", recording("ogg"))
    result = runner.invoke(args=["surveys", "import-xlsform", str(form), "--project", "media", "--media", str(media)])
    assert result.exit_code == 0, result.output
    assert "media files kept: 2; still expected: 7" in result.output
    survey_id = re.search(r"survey (\d+)", result.output).group(1)
    out = tmp_path / "out.zip"
    result = runner.invoke(args=["surveys", "export", survey_id, "--format", "xlsform-with-media", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        assert sorted(n for n in archive.namelist() if n.startswith("media/")) == ["media/bus.jpg", "media/how.ogg"]


def test_media_inside_a_repeated_group_are_reported_not_kept():
    reading = xlsform.read(workbook_bytes({
        "survey": [["type", "name", "label", "image"], ["begin repeat", "people", "People", ""],
                   ["text", "who", "Who?", "who.jpg"], ["end repeat", "", "", ""]]}))
    assert "media" not in str(reading.definition)
    assert [(p.row, str(p.message)) for p in reading.problems] == [
        (3, "Pictures and sounds are not shown inside repeated groups: who was imported without them.")]


def test_a_choice_renamed_in_the_builder_keeps_its_picture(app, client, auth, media_survey):
    survey_id, _code = media_survey
    qid = question_id(app, survey_id)
    auth.login_as("facilitator")
    assert upload(client, survey_id, qid, picture(), "bus.jpg", target="bus").status_code == 302
    with app.test_request_context():
        question = db.session.get(services.Question, qid)
        services.save_question(question.section, question, key="how", kind="single_choice",
                               label="How do you come?", choices=[("coach", "By bus"), ("foot", "On foot")],
                               actor=None)
        db.session.commit()
    assert media_rows(app, survey_id) == [("coach", "image", "*", "how-bus-image-all.jpg", True)]
