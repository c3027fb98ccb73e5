"""Image, audio, video and file questions: answered with a file on the web form without JavaScript (multipart),
checked as every kept upload is, held per response walk until the response is sent, shown to staff of the
response's site only, never on results pages, named in exports, removed with the response or the participant,
and read and written in XLSForms."""
import io
import re
from datetime import timedelta

import av
import numpy
import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from PIL import Image

from cocreate.extensions import db
from cocreate.projects.services import get_project_by_slug
from cocreate.surveys import exports, media, services, xlsform
from cocreate.surveys.models import AnswerFile, Response, Survey

from ..prototypes.conftest import recording
from .conftest import UUID1, UUID2, question
from .test_xlsform import workbook_bytes


def picture(fmt="JPEG", size=(40, 30), exif=True):
    image = Image.new("RGB", size, (200, 40, 40))
    out = io.BytesIO()
    extra = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"  # Make
        data[0x0110] = "Secret model"  # Model
        extra["exif"] = data.tobytes()
    image.save(out, fmt, **extra)
    return out.getvalue()


def video(seconds=1.0):
    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as file:
        stream = file.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(int(10 * seconds)):
            frame = av.VideoFrame.from_ndarray(numpy.full((48, 64, 3), i * 10 % 255, numpy.uint8), format="rgb24")
            for packet in stream.encode(frame):
                file.mux(packet)
        for packet in stream.encode(None):
            file.mux(packet)
    return out.getvalue()


PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def definition():
    return {
        "source_language": "en", "languages": ["en", "ar"], "mode": "anonymous",
        "title": {"en": "Your papers"}, "description": {},
        "sections": [
            {"key": "files", "title": {"en": "Files"}, "condition": None, "questions": [
                question("photo", "image", {"en": "A photo of the notice board"}, required=True),
                question("voice", "audio", {"en": "Tell us in your words"}),
                question("clip", "video", {"en": "Show us the way in"}),
                question("paper", "file", {"en": "The letter you received"}),
            ]},
            {"key": "end", "title": {"en": "Last"}, "condition": None, "questions": [
                question("story", "long_text", {"en": "Anything else?"}),
            ]},
        ],
    }


@pytest.fixture
def folder(app, tmp_path):
    app.config["SURVEY_UPLOAD_FOLDER"] = str(tmp_path / "survey-files")
    return tmp_path / "survey-files"


@pytest.fixture
def files_survey(app, make_project, folder):
    """(survey id, code): the survey of files at the ES site of project "files", opened."""
    slug = make_project(slug="files", sites=("ES", "IT"))
    with app.app_context():
        project = get_project_by_slug(slug)
        survey = services.create_from_definition(project, definition(), actor=None)
        survey.site_id = next(site.id for site in project.sites if site.code == "ES")
        services.set_open(survey, True, actor=None)
        db.session.commit()
        return survey.id, survey.code


def stored_files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def hidden(html, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else None


def first_screen(client, code, uuid=UUID1, **files):
    data = {"client_uuid": uuid, "section": "files", "nav": "next", "shown": "photo voice clip paper"}
    for name, (content, filename) in files.items():
        data[f"q-{name}-file"] = (io.BytesIO(content), filename)
    return client.post(f"/s/{code}/en", data=data, content_type="multipart/form-data")


def send(client, code, html, uuid=UUID1):
    data = {"client_uuid": uuid, "section": "end", "nav": "submit", "shown": "story", "q-story": "Thanks",
            **dict(re.findall(r'<input type="hidden" name="(q-[^"]+)" value="([^"]*)"', html))}
    return client.post(f"/s/{code}/en", data=data, content_type="multipart/form-data")


def answer_all(client, code, uuid=UUID1):
    screen = first_screen(client, code, uuid, photo=(picture(), "board.jpg"), voice=(recording("wav"), "v.wav"),
                          clip=(video(), "way.mp4"), paper=(PDF, "letter.pdf"))
    html = screen.get_data(as_text=True)
    assert hidden(html, "section") == "end", html
    return send(client, code, html, uuid)


def test_the_form_offers_file_inputs_that_work_without_javascript(client, files_survey):
    _id, code = files_survey
    html = client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "", "nav": "next"}).get_data(
        as_text=True)
    assert 'enctype="multipart/form-data"' in html
    assert re.search(r'name="q-photo-file" type="file"[^>]*accept="image/\*"[^>]*capture="environment"', html)
    assert re.search(r'name="q-voice-file" type="file"[^>]*accept="audio/\*"', html)
    assert re.search(r'name="q-clip-file" type="file"[^>]*accept="video/\*"', html)
    assert re.search(r'name="q-paper-file" type="file"[^>]*accept="application/pdf,image/\*"', html)


def test_each_kind_is_answered_and_the_answer_names_the_stored_file(app, client, files_survey, folder):
    _id, code = files_survey
    response = answer_all(client, code)
    assert response.status_code == 302 and response.headers["Location"].endswith("/thanks")
    with app.app_context():
        saved = db.session.scalars(sa.select(Response)).one()
        held = {f.question_key: f for f in db.session.scalars(sa.select(AnswerFile))}
        assert set(held) == {"photo", "voice", "clip", "paper"}
        for key, stored in held.items():
            assert saved.answers[key] == stored.filename and stored.response_id == saved.id
            assert media.path_of(stored).exists()
        assert held["photo"].content_type == "image/jpeg" and held["voice"].content_type == "audio/wav"
        assert held["clip"].content_type == "video/mp4" and held["paper"].content_type == "application/pdf"
        with Image.open(media.path_of(held["photo"])) as photo:
            assert not photo.getexif()
        assert b"Secret model" not in media.path_of(held["photo"]).read_bytes()
    assert not any("static" in name for name in stored_files(folder))


@pytest.mark.parametrize("key, content, filename, message", [
    ("clip", picture("PNG"), "renamed.mp4", "This file is not a video"),
    ("voice", picture("PNG"), "renamed.wav", "This file is not a sound recording"),
    ("photo", PDF, "letter.jpg", "This file is not a picture we can read"),
    ("paper", b"MZ\x90\x00" + b"\x00" * 200, "program.pdf", "This kind of file is not accepted"),
])
def test_a_file_that_is_not_what_it_claims_is_refused(app, client, files_survey, folder, key, content, filename,
                                                      message):
    _id, code = files_survey
    html = first_screen(client, code, **{key: (content, filename)}).get_data(as_text=True)
    assert hidden(html, "section") == "files" and message in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AnswerFile.id))) == 0
    assert stored_files(folder) == []


def test_too_big_and_too_long_files_are_refused(app, client, files_survey, folder):
    _id, code = files_survey
    app.config.update(SURVEY_MAX_VIDEO_SECONDS=2, SURVEY_MAX_FILE_BYTES=100)
    html = first_screen(client, code, clip=(video(seconds=4.0), "long.mp4")).get_data(as_text=True)
    assert "The video is longer than 1 minute" in html
    html = first_screen(client, code, paper=(PDF, "letter.pdf")).get_data(as_text=True)
    assert "The file is larger than" in html
    app.config.update(SURVEY_MAX_AUDIO_SECONDS=1)
    html = first_screen(client, code, voice=(recording("wav", seconds=3.0), "long.wav")).get_data(as_text=True)
    assert "The recording is longer than" in html
    assert stored_files(folder) == []


def test_a_refused_file_is_said_in_the_participants_language(client, files_survey):
    _id, code = files_survey
    data = {"client_uuid": UUID1, "section": "files", "nav": "next", "shown": "photo voice clip paper",
            "q-clip-file": (io.BytesIO(picture("PNG")), "renamed.mp4")}
    html = client.post(f"/s/{code}/ar", data=data, content_type="multipart/form-data").get_data(as_text=True)
    assert "This file is not a video" not in html and 'id="question-clip-error"' in html


def test_the_file_is_pending_until_sent_and_a_second_send_keeps_one_file(app, client, files_survey, folder):
    _id, code = files_survey
    screen = first_screen(client, code, photo=(picture(), "board.jpg"))
    html = screen.get_data(as_text=True)
    with app.app_context():
        pending = db.session.scalars(sa.select(AnswerFile)).one()
        assert pending.response_id is None and pending.client_uuid == UUID1
    # Back to the screen and the same photo again (a second tap): still one file
    again = first_screen(client, code, photo=(picture(), "board.jpg")).get_data(as_text=True)
    assert hidden(again, "q-photo") == hidden(html, "q-photo")
    assert send(client, code, html).status_code == 302
    assert send(client, code, html).status_code == 302  # Send pressed twice
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 1
        assert db.session.scalar(sa.select(sa.func.count(AnswerFile.id))) == 1
    assert len(stored_files(folder)) == 2  # the picture and its thumbnail


def test_a_replaced_file_leaves_with_the_sending_and_stale_pending_files_are_removed(app, client, files_survey,
                                                                                   folder):
    _id, code = files_survey
    first_screen(client, code, paper=(PDF, "letter.pdf"))
    html = first_screen(client, code, photo=(picture(), "board.jpg"),
                        paper=(PDF + b"% another\n", "letter2.pdf")).get_data(as_text=True)
    assert send(client, code, html).status_code == 302
    with app.app_context():
        kept = db.session.scalars(sa.select(AnswerFile).where(AnswerFile.question_key == "paper")).one()
        assert kept.response_id is not None
    assert [name for name in stored_files(folder) if name.endswith(".pdf")] == [f"files/{kept.filename}"]
    # A walk left half-way: its file is removed once older than the pending period
    first_screen(client, code, UUID2, paper=(PDF + b"% left\n", "left.pdf"))
    with app.app_context():
        left = db.session.scalars(sa.select(AnswerFile).where(AnswerFile.response_id.is_(None))).one()
        media.remove_stale(now=left.created_at + timedelta(hours=1))
        db.session.commit()
        assert db.session.get(AnswerFile, left.id) is not None
        media.remove_stale(now=left.created_at + timedelta(seconds=media.DEFAULT_PENDING_SECONDS + 1))
        db.session.commit()
        assert db.session.get(AnswerFile, left.id) is None
    assert [name for name in stored_files(folder) if name.endswith(".pdf")] == [f"files/{kept.filename}"]


def test_a_made_up_file_name_is_not_an_answer(app, client, files_survey):
    _id, code = files_survey
    html = first_screen(client, code, photo=(picture(), "board.jpg")).get_data(as_text=True)
    forged = html.replace(hidden(html, "q-photo"), "0" * 32 + ".jpg")
    response = send(client, code, forged)
    assert response.status_code == 200 and "was not received" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0


def test_only_staff_of_the_responses_site_open_a_file(app, client, auth, files_survey, make_user):
    survey_id, code = files_survey
    answer_all(client, code)
    with app.app_context():
        photo = db.session.scalars(sa.select(AnswerFile).where(AnswerFile.question_key == "photo")).one()
        url = f"/surveys/{survey_id}/files/{photo.filename}"
    assert client.get(url).status_code in (302, 401)  # a participant has no account
    auth.login_as("officer")
    assert client.get(url).status_code == 403
    auth.logout()
    auth.login_as("facilitator", projects=["files"], sites=[("files", "IT")])
    assert client.get(url).status_code == 403
    auth.logout()
    auth.login_as("facilitator", projects=["files"], sites=[("files", "ES")])
    with client.get(url) as opened:
        assert opened.status_code == 200 and opened.mimetype == "image/jpeg"
        assert "no-store" in opened.headers["Cache-Control"] and opened.get_data().startswith(b"\xff\xd8")
    assert client.get(f"/surveys/{survey_id}/files/{'0' * 32}.jpg").status_code == 404
    from cocreate.audit.models import AuditEntry

    with app.app_context():
        actions = list(db.session.scalars(sa.select(AuditEntry.action)))
    assert actions.count("surveys.answer_file_opened") == 1


def test_deleting_the_response_removes_its_files(app, client, files_survey, folder):
    _id, code = files_survey
    answer_all(client, code)
    assert stored_files(folder)
    with app.app_context():
        response = db.session.scalars(sa.select(Response)).one()
        services.delete_response(response, actor=None)
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(AnswerFile.id))) == 0
    assert stored_files(folder) == []


def test_erasing_the_participant_removes_their_files(app, client, files_survey, folder):
    from cocreate.participants.models import StakeholderGroup
    from cocreate.participants.services import create_participant
    from cocreate.privacy.services import erase

    survey_id, code = files_survey
    answer_all(client, code)
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        participant = create_participant(survey.site, stakeholder_group=StakeholderGroup.MIGRANT, actor=None)
        db.session.scalars(sa.select(Response)).one().participant_id = participant.id
        db.session.commit()
        erase(participant, actor=None)
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(AnswerFile.id))) == 0
    assert stored_files(folder) == []


def test_results_count_files_and_never_show_them_and_exports_name_them(app, client, auth, files_survey):
    survey_id, code = files_survey
    answer_all(client, code)
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        db.session.execute(sa.insert(Response), [  # results are shown from five responses on
            {"survey_id": survey.id, "survey_version": survey.version, "client_uuid": f"{UUID1[:-3]}20{n}",
             "language": "en", "channel": "web", "answers": {}} for n in range(4)])
        db.session.commit()
        held = {f.question_key: f.filename for f in db.session.scalars(sa.select(AnswerFile))}
        header, rows = exports.table(db.session.get(Survey, survey_id))
    for key, filename in held.items():
        assert rows[0][header.index(key)] == filename
    auth.login_as("facilitator")
    results = client.get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    assert "A photo of the notice board" in results
    for filename in held.values():
        assert filename not in results and filename.split(".")[0] not in results


def test_the_api_refuses_file_answers_and_says_to_use_the_web_form(client, files_survey):
    _id, code = files_survey
    response = client.post(f"/api/v1/surveys/{code}/responses",
                           json={"client_uuid": UUID1, "language": "en", "answers": {"photo": "a.jpg"}})
    assert response.status_code == 422
    assert "web form" in response.get_json()["errors"]["photo"]


def test_xlsforms_read_and_write_the_file_kinds(app):
    form = workbook_bytes({"survey": [
        ["type", "name", "label"],
        ["photo", "board", "A photo"], ["image", "face", "Another photo"], ["audio", "voice", "Say it"],
        ["video", "clip", "Show it"], ["file", "paper", "The letter"],
    ]})
    with app.test_request_context():
        reading = xlsform.read(form)
        assert reading.problems == []
        kinds = {q["key"]: q["kind"] for q in services.questions_of(reading.definition)}
        assert kinds == {"board": "image", "face": "image", "voice": "audio", "clip": "video", "paper": "file"}
        written = load_workbook(io.BytesIO(xlsform.write(reading.definition)), read_only=True)
        types = [row[0] for row in written["survey"].iter_rows(min_row=2, values_only=True)]
        assert [t for t in types if t in ("image", "audio", "video", "file")] == [
            "image", "image", "audio", "video", "file"]
        assert xlsform.read(xlsform.write(reading.definition)).definition["sections"] == \
            reading.definition["sections"]
