"""Voice comments: a participant records one on a screen (a file field without JavaScript), it waits on the
server for the walk's signed client id and joins the feedback when it is sent; what is not a recording, too
big, too long or sent with a forged or expired walk is refused in the participant's language; pending files
are cleaned up; staff of the feedback's own site hear it, type its transcript, and code and cite that; deleting
and erasing remove the file."""
import html
import io
import re
import time
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner

from cocreate.database import utcnow
from cocreate.evidence import services as evidence
from cocreate.evidence.registry import EVIDENCE_KINDS, Ref
from cocreate.extensions import db
from cocreate.participants.models import Consent, ConsentScope, Participant, StakeholderGroup
from cocreate.participants.services import issue_link_code
from cocreate.projects.services import get_project_by_slug, save_site
from cocreate.prototypes import services
from cocreate.prototypes.models import Feedback, PendingRecording, Round, RoundMode, VoiceComment
from cocreate.recordings import check_audio

from .conftest import CLIENT1, picture, recording


def hidden(page, name):
    return html.unescape(re.search(rf'name="{name}" value="([^"]*)"', page).group(1))


def post(client, code, language, page, files=None, state=None, **fields):
    data = {"state": state or hidden(page, "state"), "step": hidden(page, "step"),
            "shown_at": hidden(page, "shown_at"), **fields}
    for name, (content, filename) in (files or {}).items():
        data[name] = (io.BytesIO(content), filename)
    return client.post(f"/p/{code}/{language}", data=data, content_type="multipart/form-data")


def audio_files(uploads):
    folder = uploads / "audio"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def to_home(client, proto, language="en"):
    """The walk up to the first screen: the start page, then the task answered from the list."""
    code = proto["code"]
    start = client.get(f"/p/{code}/{language}").get_data(as_text=True)
    task = post(client, code, language, start, go="next").get_data(as_text=True)
    return post(client, code, language, task, tap_hotspot=str(proto["to_skills"]), go="next")


@pytest.mark.parametrize("container", ["webm", "ogg", "mp4", "mp3", "wav"])
def test_each_recording_format_is_accepted_with_its_duration(app, container):
    with app.app_context():
        extension, content_type, seconds = check_audio(recording(container, seconds=2.0))
    assert content_type.startswith("audio/") and seconds == pytest.approx(2.0, abs=0.1)
    assert extension == {"mp4": "m4a"}.get(container, container)


def test_a_voice_comment_is_sent_without_javascript_and_stored_once(app, client, proto, uploads):
    code = proto["code"]
    home = to_home(client, proto)
    page = home.get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert re.search(r'<input type="file" id="voice" name="voice" accept="audio/\*" capture', page)
    assert "microphone=(self)" in home.headers["Permissions-Policy"]
    assert "media-src 'self' blob:" in home.headers["Content-Security-Policy"]
    skills = post(client, code, "en", page, files={"voice": (recording("webm", 1.5), "voice.webm")},
                  reaction="unsure", go="next")
    assert skills.status_code == 200
    back = post(client, code, "en", skills.get_data(as_text=True), go="back").get_data(as_text=True)
    assert "Your voice comment (2 seconds) is kept" in back  # 1.5 s, rounded
    with app.app_context():
        assert db.session.query(Feedback).count() == 0 and db.session.query(PendingRecording).count() == 1
    assert len(audio_files(uploads)) == 1
    skills = post(client, code, "en", back, go="next").get_data(as_text=True)
    sus = post(client, code, "en", skills, go="next").get_data(as_text=True)
    assert post(client, code, "en", sus, go="next").status_code == 302
    assert post(client, code, "en", sus, go="next").status_code == 302  # Send pressed twice
    with app.app_context():
        voice = db.session.query(VoiceComment).one()
        assert voice.screen_id == proto["home"] and voice.seconds == pytest.approx(1.5, abs=0.1)
        assert voice.filename == audio_files(uploads)[0] and voice.transcript == ""
        assert db.session.query(PendingRecording).count() == 0
    assert len(audio_files(uploads)) == 1
    assert "microphone=()" in client.get(f"/p/{code}/en").headers["Permissions-Policy"]  # only where it records


def test_a_recording_is_discarded_or_replaced_before_sending(app, client, proto, uploads):
    code = proto["code"]
    page = to_home(client, proto).get_data(as_text=True)
    skills = post(client, code, "en", page, files={"voice": (recording("ogg"), "a.ogg")}, go="next")
    home = post(client, code, "en", skills.get_data(as_text=True), go="back").get_data(as_text=True)
    skills = post(client, code, "en", home, files={"voice": (recording("mp3"), "b.mp3")}, go="next")
    with app.app_context():
        assert db.session.query(PendingRecording).one().filename.endswith(".mp3")
    assert [name[-4:] for name in audio_files(uploads)] == [".mp3"]  # the first one left the disk
    home = post(client, code, "en", skills.get_data(as_text=True), go="back").get_data(as_text=True)
    post(client, code, "en", home, voice_discard="1", go="next")
    with app.app_context():
        assert db.session.query(PendingRecording).count() == 0
    assert audio_files(uploads) == []


@pytest.mark.parametrize("language, message", [
    ("en", "This file is not a sound recording."),
    ("ar", "هذا الملف ليس تسجيلًا صوتيًا."),
])
def test_a_picture_renamed_webm_is_refused_in_the_participants_language(app, client, proto, uploads, language,
                                                                        message):
    page = to_home(client, proto, language).get_data(as_text=True)
    refused = post(client, proto["code"], language, page, files={"voice": (picture(), "voice.webm")}, go="next")
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert message in text and 'aria-invalid="true"' in text
    assert f'dir="{"rtl" if language == "ar" else "ltr"}"' in text
    with app.app_context():
        assert db.session.query(PendingRecording).count() == 0
    assert audio_files(uploads) == []


def test_a_broken_recording_with_the_right_first_bytes_is_refused(app, client, proto, uploads):
    page = to_home(client, proto).get_data(as_text=True)
    broken = recording("webm")[:60]  # the EBML header of a WebM file, then nothing
    refused = post(client, proto["code"], "en", page, files={"voice": (broken, "voice.webm")}, go="next")
    assert refused.status_code == 422 and "cannot be read" in refused.get_data(as_text=True)
    assert audio_files(uploads) == []


def test_a_recording_too_big_or_too_long_is_refused(app, client, proto, uploads):
    app.config["PROTOTYPE_MAX_AUDIO_BYTES"] = 200 * 1024
    page = to_home(client, proto).get_data(as_text=True)
    big = recording("wav", seconds=3.0)  # 288 KB
    refused = post(client, proto["code"], "en", page, files={"voice": (big, "voice.wav")}, go="next")
    assert refused.status_code == 422 and "larger than 0.2 MB" in refused.get_data(as_text=True)
    app.config["PROTOTYPE_MAX_AUDIO_SECONDS"] = 60
    page = refused.get_data(as_text=True)
    long = recording("webm", seconds=61.0)
    refused = post(client, proto["code"], "en", page, files={"voice": (long, "voice.webm")}, go="next")
    assert refused.status_code == 422 and "longer than 1 minute" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(PendingRecording).count() == 0
    assert audio_files(uploads) == []


def test_a_forged_or_expired_walk_keeps_no_recording(app, client, proto, uploads, monkeypatch):
    import json

    code = proto["code"]
    page = to_home(client, proto).get_data(as_text=True)
    state = json.loads(hidden(page, "state"))
    forged = json.dumps({**state, "client": CLIENT1})  # another walk's client id, with this walk's signature
    refused = post(client, code, "en", page, state=forged, files={"voice": (recording(), "v.webm")}, go="next")
    assert refused.status_code == 422 and "too old to keep a recording" in refused.get_data(as_text=True)

    issued = int(time.time()) - 7 * 3600  # a walk begun seven hours ago: past PROTOTYPE_PENDING_AUDIO_SECONDS
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: issued)
    old = to_home(client, proto).get_data(as_text=True)
    monkeypatch.undo()
    refused = post(client, code, "en", old, files={"voice": (recording(), "v.webm")}, go="next")
    assert refused.status_code == 422 and "too old to keep a recording" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(PendingRecording).count() == 0
    assert audio_files(uploads) == []


def test_a_forged_walk_does_not_take_another_walks_recording(app, proto, ctx):
    round_ = db.session.get(Round, proto["round"])
    screen = round_.version.screens[0]
    services.keep_recording(round_, CLIENT1, screen, recording())
    assert not services.walk_token_valid(round_, CLIENT1, "forged")
    services.submit_feedback(round_, client_uuid=CLIENT1, language="en", data={}, attach_recordings=False)
    assert db.session.query(VoiceComment).count() == 0 and db.session.query(PendingRecording).count() == 1


def test_pending_recordings_left_behind_are_purged(app, proto, uploads, runner):
    with app.app_context():
        round_ = db.session.get(Round, proto["round"])
        screen = round_.version.screens[0]
        old = services.keep_recording(round_, CLIENT1, screen, recording())
        old.created_at = utcnow() - timedelta(hours=7)
        fresh = services.keep_recording(round_, "7c1e4f6a-2b3d-4e5f-8a9b-0c1d2e000003", screen, recording("ogg"))
        old_file, fresh_file = old.filename, fresh.filename
        db.session.commit()
    assert sorted(audio_files(uploads)) == sorted([old_file, fresh_file])
    result = runner.invoke(args=["prototypes", "purge-pending"])
    assert result.exit_code == 0 and "Deleted 1 pending recording." in result.output
    assert audio_files(uploads) == [fresh_file]
    with app.app_context():
        assert [p.filename for p in db.session.query(PendingRecording)] == [fresh_file]


def test_sending_feedback_purges_old_pending_recordings(app, client, proto, uploads):
    with app.app_context():
        round_ = db.session.get(Round, proto["round"])
        old = services.keep_recording(round_, CLIENT1, round_.version.screens[0], recording())
        old.created_at = utcnow() - timedelta(hours=7)
        db.session.commit()
    home = to_home(client, proto).get_data(as_text=True)
    skills = post(client, proto["code"], "en", home, go="next").get_data(as_text=True)
    sus = post(client, proto["code"], "en", skills, go="next").get_data(as_text=True)
    assert post(client, proto["code"], "en", sus, go="next").status_code == 302
    assert audio_files(uploads) == []


def _participant(proto, code="ES-M-001", scopes=(ConsentScope.TAKE_PART, ConsentScope.QUOTES, ConsentScope.AUDIO)):
    person = Participant(site_id=proto["site"], code=code, stakeholder_group=StakeholderGroup.MIGRANT,
                         number=int(code[-3:]), languages=["ar"])
    db.session.add(person)
    db.session.flush()
    for scope in scopes:
        db.session.add(Consent(participant_id=person.id, scope=scope, form_version="v1", given_on=date(2024, 1, 1)))
    db.session.flush()
    return person


def _voiced_feedback(proto, n=1, *, linked=True, transcript=""):
    """`n` feedback on the round, each with a pin, a comment, a task result and a voice comment on Home."""
    round_ = db.session.get(Round, proto["round"])
    link_code = None
    if linked:
        round_.mode = RoundMode.LINKED
        link_code = issue_link_code(_participant(proto), actor=None)
    home = db.session.get(Round, proto["round"]).version.screens[0]
    made = []
    for i in range(n):
        client = f"7c1e4f6a-2b3d-4e5f-8a9b-0c1d2e0001{i:02d}"
        services.keep_recording(round_, client, home, recording())
        feedback, _ = services.submit_feedback(
            round_, client_uuid=client, language="ar", link_code=link_code,
            attach_recordings=True,
            data={"pins": [{"screen": home.id, "x": 0.2, "y": 0.3, "comment": "لا أفهم هذا الزر"}],
                  "comments": {str(home.id): "الصفحة مزدحمة"},
                  "tasks": {proto["task"]: {"x": 0.5, "y": 0.2, "ms": 2100}}})
        if transcript:
            feedback.voice_comments[0].transcript = transcript
        made.append(feedback)
    db.session.flush()
    return made


def test_the_recording_is_heard_only_by_staff_of_its_site(app, client, auth, proto, make_user):
    with app.app_context():
        voice_id = _voiced_feedback(proto, linked=False)[0].voice_comments[0].id
        save_site(get_project_by_slug("demo"), None, code="IT", country="IT", city="Rome", host_languages=["it"],
                  participant_languages=["ar"], actor=None)
        db.session.commit()
    url = f"/prototypes/voice/{voice_id}/audio"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.location  # a participant has no account
    for role, sites, status in (("facilitator", [("demo", "IT")], 403), ("officer", [], 403),
                                ("facilitator", [("demo", "ES")], 200), ("researcher", [], 200),
                                ("admin", [], 200)):
        auth.login_as(role, projects=["demo"], sites=sites)
        response = client.get(url)
        assert response.status_code == status, (role, sites)
        if status == 200:
            assert response.mimetype == "audio/webm" and "no-store" in response.headers["Cache-Control"]
            with app.app_context():
                assert response.data == services.RECORDINGS.path_of(
                    db.session.get(VoiceComment, voice_id).filename).read_bytes()
        response.close()
        auth.logout()
    from cocreate.audit.models import AuditEntry

    partial = client.get(url, headers={"Range": "bytes=100-"})  # the player asking for the rest: not again
    assert partial.status_code == 302  # signed out
    auth.login_as("admin", projects=["demo"])
    rest = client.get(url, headers={"Range": "bytes=100-"})
    assert rest.status_code == 206
    rest.close()
    with app.app_context():
        heard = db.session.scalars(sa.select(AuditEntry.label).where(
            AuditEntry.action == "prototypes.recording_heard")).all()
        assert len(heard) == 3  # the site's facilitator, the researcher, the administrator; not the range


def test_deleting_feedback_removes_its_recording(app, client, auth, proto, uploads):
    with app.app_context():
        feedback_id = _voiced_feedback(proto, linked=False)[0].id
        db.session.commit()
    assert len(audio_files(uploads)) == 1
    auth.login_as("facilitator", projects=["demo"], sites=[("demo", "ES")])
    page = client.get(f"/prototypes/feedback/{feedback_id}/delete").get_data(as_text=True)
    assert "1 voice comment with its recording" in page
    assert client.post(f"/prototypes/feedback/{feedback_id}/delete", data={"confirm": "1"}).status_code == 302
    with app.app_context():
        assert db.session.query(VoiceComment).count() == 0
    assert audio_files(uploads) == []


def test_erasing_a_participant_removes_their_recordings(app, proto, uploads):
    from cocreate.privacy import services as privacy

    with app.app_context():
        _voiced_feedback(proto, n=2)
        db.session.commit()
        assert len(audio_files(uploads)) == 2
        person = db.session.query(Participant).one()
        erasure = privacy.erase(person, actor=None)
        assert erasure.counts["prototype_voice"] == 2
        assert len(audio_files(uploads)) == 2  # not before the commit: a rollback would keep the rows
        db.session.commit()
        assert db.session.query(VoiceComment).count() == 0
    assert audio_files(uploads) == []


def test_voice_comments_past_their_retention_period_go_with_their_files(app, proto, uploads):
    from cocreate.privacy import services as privacy

    with app.app_context():
        _voiced_feedback(proto, linked=False)
        db.session.commit()
        report = privacy.purge_expired({"prototype_voice_comments": 30}, now=utcnow() + timedelta(days=31))
        db.session.commit()
    assert report == {"prototype_voice_comments": 1} and audio_files(uploads) == []


def test_a_voice_comment_is_coded_by_its_transcript_not_before(app, proto, ctx):
    feedback = _voiced_feedback(proto)[0]
    voice = feedback.voice_comments[0]
    code = evidence.save_code(get_project_by_slug("demo"), None, name="Unclear buttons", actor=None)
    with pytest.raises(evidence.EvidenceError, match="no transcript yet"):
        evidence.apply_code(code, Ref("prototype_voice", voice.id), actor=None)
    services.set_transcript(voice, "The button for skills is hard to find", actor=None)
    coding = evidence.apply_code(code, Ref("prototype_voice", voice.id), actor=None)
    assert (coding.target_type, coding.target_id) == ("prototype_voice", voice.id)
    kind = EVIDENCE_KINDS["prototype_voice"]
    assert [v.id for v in kind.search(get_project_by_slug("demo"), ["skills"])] == [voice.id]
    assert kind.site(kind.get(Ref("prototype_voice", voice.id))).code == "ES"


def test_anonymous_voice_comments_are_not_coded(app, proto, ctx):
    voice = _voiced_feedback(proto, linked=False, transcript="Too small")[0].voice_comments[0]
    code = evidence.save_code(get_project_by_slug("demo"), None, name="Small", actor=None)
    with pytest.raises(evidence.EvidenceError, match="anonymously"):
        evidence.apply_code(code, Ref("prototype_voice", voice.id), actor=None)


def test_in_a_linked_round_only_a_participant_consenting_to_audio_may_record(app, client, proto):
    with app.app_context():
        db.session.get(Round, proto["round"]).mode = RoundMode.LINKED
        link_code = issue_link_code(_participant(proto, "ES-M-002", scopes=(ConsentScope.TAKE_PART,)), actor=None)
        db.session.commit()
    code = proto["code"]
    start = client.get(f"/p/{code}/en").get_data(as_text=True)
    task = post(client, code, "en", start, participant=link_code, go="next").get_data(as_text=True)
    home = post(client, code, "en", task, go="next").get_data(as_text=True)
    assert 'name="voice"' not in home
    refused = post(client, code, "en", home, files={"voice": (recording(), "v.webm")}, go="next")
    assert refused.status_code == 422 and "not agreed to be recorded" in refused.get_data(as_text=True)


def test_a_facilitator_types_the_transcript_and_the_results_page_offers_the_evidence_actions(
        app, client, auth, proto):
    with app.app_context():
        feedback = _voiced_feedback(proto, n=5)
        voice_id = feedback[0].voice_comments[0].id
        db.session.commit()
    auth.login_as("facilitator", projects=["demo"], sites=[("demo", "ES")])
    results = f"/prototypes/versions/{proto['version']}/results"
    page = client.get(results).get_data(as_text=True)
    assert f'src="/prototypes/voice/{voice_id}/audio"' in page and "No transcript yet" not in page
    assert f'name="voice-{voice_id}-transcript"' in page  # the facilitator of the site types it here
    saved = client.post(f"/prototypes/voice/{voice_id}/transcript",
                        data={f"voice-{voice_id}-transcript": "  The skills button is hard to find  "})
    assert saved.status_code == 302 and saved.location.endswith(f"#voice-{voice_id}")
    with app.app_context():
        voice = db.session.get(VoiceComment, voice_id)
        assert voice.transcript == "The skills button is hard to find" and voice.transcribed_by_id is not None
    too_long = client.post(f"/prototypes/voice/{voice_id}/transcript",
                           data={f"voice-{voice_id}-transcript": "x" * 5001})
    assert too_long.status_code == 302
    with app.app_context():
        assert db.session.get(VoiceComment, voice_id).transcript == "The skills button is hard to find"
    auth.logout()

    auth.login_as("researcher", projects=["demo"])
    page = client.get(results).get_data(as_text=True)
    for kind, count in (("prototype_pin", 5), ("prototype_comment", 5), ("prototype_task_result", 5),
                        ("prototype_voice", 1)):  # only the transcribed voice comment
        assert len(re.findall(rf'href="/requirements/evidence/{kind}/\d+/new"', page)) == count, kind
        assert len(re.findall(rf'href="/requirements/evidence/{kind}/\d+/cite"', page)) == count, kind
    assert f'name="voice-{voice_id}-transcript"' not in page  # researchers read it; facilitators type it
    assert "The skills button is hard to find" in page


def test_the_export_lists_voice_comments_with_their_transcript_and_no_audio(app, client, auth, proto):
    with app.app_context():
        _voiced_feedback(proto, linked=False, transcript="Where are the jobs?")
        db.session.commit()
    auth.login_as("researcher", projects=["demo"])
    export = client.get(f"/prototypes/{proto['prototype']}/export/feedback.csv").get_data(as_text=True)
    rows = [line for line in export.splitlines() if ",voice," in line]
    assert len(rows) == 1 and "Where are the jobs?" in rows[0] and ".webm" not in export


def test_a_forged_walk_cannot_discard_another_walks_recording(app, client, proto):
    import json

    with app.app_context():
        round_ = db.session.get(Round, proto["round"])
        services.keep_recording(round_, CLIENT1, round_.version.screens[0], recording())
        db.session.commit()
    page = to_home(client, proto).get_data(as_text=True)
    forged = json.dumps({**json.loads(hidden(page, "state")), "client": CLIENT1})
    refused = post(client, proto["code"], "en", page, state=forged, voice_discard="1", go="next")
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.query(PendingRecording).count() == 1


def test_a_voice_comment_is_cited_by_a_requirement_once_it_has_a_transcript(app, proto, ctx):
    from cocreate.requirements import services as requirements

    voice = _voiced_feedback(proto)[0].voice_comments[0]
    project = get_project_by_slug("demo")
    ref = Ref("prototype_voice", voice.id)
    with pytest.raises(requirements.RequirementError, match="no transcript yet"):
        requirements.create_from_evidence(project, ref, justification="Heard in round 1", actor=None,
                                          title="Skills button", type="usability",
                                          statement="The skills button is easy to find.", priority="should")
    services.set_transcript(voice, "I cannot find the skills button", actor=None)
    requirement = requirements.create_from_evidence(project, ref, justification="Heard in round 1", actor=None,
                                                    title="Skills button", type="usability",
                                                    statement="The skills button is easy to find.",
                                                    priority="should")
    from cocreate.requirements.models import EvidenceLink

    links = db.session.query(EvidenceLink).filter_by(requirement_id=requirement.id).all()
    assert [(link.kind, link.target_id, link.site.code) for link in links] == [("prototype_voice", voice.id, "ES")]
