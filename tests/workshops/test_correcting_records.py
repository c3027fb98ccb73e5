"""Correcting and removing what was recorded at a workshop: each kind can be edited and deleted, a confirmation
says what goes with it, codings and picture files go with the rows (files only once that is committed), agenda
items and storyboard frames can be reordered, and every change is in the record of changes."""
import random
from datetime import date

import pytest
import sqlalchemy as sa

from cocreate.evidence import services as evidence
from cocreate.evidence.models import Coding
from cocreate.evidence.registry import Ref
from cocreate.extensions import db
from cocreate.history.models import Change
from cocreate.participants import services as participants
from cocreate.participants.services import get_participant_by_code
from cocreate.projects.services import get_project_by_slug
from cocreate.workshops import images, services
from cocreate.workshops.models import (
    Activity, Artifact, Attendance, Note, Quote, Reflection, Storyboard, StoryboardFrame, Workshop,
)

from .conftest import image_bytes


def page(response):
    return response.get_data(as_text=True)


def count(model, *where):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def codings_of(kind, row_id):
    return count(Coding, Coding.target_type == kind, Coding.target_id == row_id)


def files_of(artifact_filename):
    return [images.path_of(artifact_filename), images.path_of(artifact_filename, thumbnail=True)]


@pytest.fixture
def recorded(app, world):
    """At the ES workshop: a note and a quote with two codings each, two pictures, a storyboard of three frames
    (one coded, with its own picture), attendance, a reflection and a survey handed out there."""
    from cocreate.surveys import services as surveys

    from ..surveys.conftest import small_definition

    with app.app_context():
        workshop = db.session.get(Workshop, world["workshop"])
        project = get_project_by_slug("demo")
        activity = db.session.get(Activity, world["activity"])
        waiting = evidence.save_code(project, None, name="Waiting times", actor=None)
        language = evidence.save_code(project, None, name="Language", actor=None)
        note = services.add_note(workshop, body="Two people waited three months for an appointment.",
                                 activity=activity, actor=None)
        quote = services.add_quote(workshop, speaker_code=world["consenting"], text="I waited three months.",
                                   language="en", actor=None)
        for ref in (Ref("note", note.id), Ref("quote", quote.id)):
            evidence.apply_code(waiting, ref, excerpt="three months", actor=None)
            evidence.apply_code(language, ref, actor=None)
        map_picture = services.add_artifact(workshop, upload=image_bytes("PNG"), kind="context_map",
                                            title="Map of services", activity=activity, actor=None)
        board = services.create_storyboard(workshop, title="A job search", actor=None)
        frames = [services.add_frame(board, caption=caption, narration=f"Narration {n}", actor=None,
                                     upload=image_bytes("JPEG", colour="blue") if n == 2 else None)
                  for n, caption in enumerate(["Arriving", "At the job centre", "A first job"], start=1)]
        evidence.apply_code(waiting, Ref("frame", frames[1].id), excerpt="job centre", actor=None)
        services.mark_present(workshop, get_participant_by_code(world["consenting"]), actor=None)
        services.save_reflection(workshop, what_worked="Maps", what_did_not="", adaptations="", actor=None)
        survey = surveys.create_from_definition(project, small_definition(), site=workshop.site, workshop=workshop,
                                                actor=None)
        db.session.commit()
        return {**world, "note": note.id, "quote": quote.id, "map": map_picture.id, "map_file": map_picture.filename,
                "board": board.id, "frames": [f.id for f in frames], "frame_picture": frames[1].artifact.id,
                "frame_file": frames[1].artifact.filename, "survey": survey.id, "waiting": waiting.id}


# --- deleting, with what goes with it --------------------------------------

def test_deleting_a_note_says_its_codings_go_with_it_and_removes_them(app, client, auth, recorded):
    auth.login_as("facilitator")
    confirmation = page(client.get(f"/workshops/notes/{recorded['note']}/delete"))
    assert "2 codings of it go with it." in confirmation and "Delete the note" in confirmation
    with app.app_context():
        assert count(Note, Note.id == recorded["note"]) == 1  # asking deletes nothing
    response = client.post(f"/workshops/notes/{recorded['note']}/delete")
    assert response.status_code == 302 and response.location.endswith(f"/workshops/{recorded['workshop']}#notes")
    with app.app_context():
        assert count(Note, Note.id == recorded["note"]) == 0 and codings_of("note", recorded["note"]) == 0
        assert codings_of("quote", recorded["quote"]) == 2  # only the note's
        actions = db.session.scalars(sa.select(Change.action).order_by(Change.id)).all()
        assert actions == ["evidence.coding_removed"] * 2 + ["workshops.note_deleted"]


def test_deleting_a_quote_removes_its_two_codings(app, client, auth, recorded):
    auth.login_as("facilitator")
    confirmation = page(client.get(f"/workshops/quotes/{recorded['quote']}/delete"))
    assert f"Delete this quote by {recorded['consenting']}?" in confirmation
    assert "2 codings of it go with it." in confirmation
    assert client.post(f"/workshops/quotes/{recorded['quote']}/delete").status_code == 302
    with app.app_context():
        assert count(Quote) == 0 and codings_of("quote", recorded["quote"]) == 0
        change = db.session.scalar(sa.select(Change).where(Change.action == "workshops.quote_deleted"))
        assert change.details == {"codings": 2}
        assert change.label == f"{recorded['consenting']} · Focus group on work"  # never the words


def test_deleting_a_picture_removes_its_files_and_leaves_the_frame_that_showed_it(app, client, auth, recorded):
    with app.app_context():
        paths = files_of(recorded["frame_file"])
    assert all(p.exists() for p in paths)
    auth.login_as("facilitator")
    confirmation = page(client.get(f"/workshops/artifacts/{recorded['frame_picture']}/delete"))
    assert "1 storyboard frame that shows it stays, without a picture." in confirmation
    assert client.post(f"/workshops/artifacts/{recorded['frame_picture']}/delete").status_code == 302
    assert not any(p.exists() for p in paths)
    with app.app_context():
        assert db.session.get(Artifact, recorded["frame_picture"]) is None
        frame = db.session.get(StoryboardFrame, recorded["frames"][1])
        assert frame.artifact_id is None and codings_of("frame", frame.id) == 1
    assert client.get(f"/workshops/storyboards/{recorded['board']}").status_code == 200


def test_picture_files_go_only_when_the_deletion_is_committed(app, recorded):
    with app.app_context():
        paths = files_of(recorded["map_file"])
        services.delete_artifact(db.session.get(Artifact, recorded["map"]), actor=None)
        assert all(p.exists() for p in paths)  # deleted, not yet committed
        db.session.rollback()
        assert all(p.exists() for p in paths) and db.session.get(Artifact, recorded["map"]) is not None
        db.session.commit()  # the rollback forgot them: committing something else removes nothing
        assert all(p.exists() for p in paths)
        services.delete_artifact(db.session.get(Artifact, recorded["map"]), actor=None)
        db.session.commit()
        assert not any(p.exists() for p in paths)


def test_deleting_a_frame_takes_its_codings_and_picture_and_closes_the_gap(app, client, auth, recorded):
    first, middle, last = recorded["frames"]
    with app.app_context():
        paths = files_of(recorded["frame_file"])
    auth.login_as("facilitator")
    confirmation = page(client.get(f"/workshops/frames/{middle}/delete"))
    assert "Delete frame 2, At the job centre?" in confirmation
    assert "1 coding of it goes with it." in confirmation and "The picture uploaded for it goes with it." in confirmation
    assert client.post(f"/workshops/frames/{middle}/delete").status_code == 302
    assert not any(p.exists() for p in paths)
    with app.app_context():
        board = db.session.get(Storyboard, recorded["board"])
        assert [(f.id, f.position) for f in board.frames] == [(first, 1), (last, 2)]
        assert codings_of("frame", middle) == 0 and db.session.get(Artifact, recorded["frame_picture"]) is None
    assert "2. A first job" in page(client.get(f"/workshops/storyboards/{recorded['board']}"))


def test_deleting_a_storyboard_takes_its_frames_their_codings_and_pictures(app, client, auth, recorded):
    with app.app_context():
        paths = files_of(recorded["frame_file"])
    auth.login_as("facilitator")
    confirmation = page(client.get(f"/workshops/storyboards/{recorded['board']}/delete"))
    for line in ("3 frames", "1 picture uploaded for its frames", "1 coding of its frames"):
        assert f"<li>{line}</li>" in confirmation
    assert client.post(f"/workshops/storyboards/{recorded['board']}/delete").status_code == 302
    assert not any(p.exists() for p in paths)
    with app.app_context():
        assert count(Storyboard) == count(StoryboardFrame) == 0
        assert count(Coding, Coding.target_type == "frame") == 0
        assert count(Artifact) == 1  # the map stays


def test_deleting_a_workshop_says_what_goes_and_that_its_surveys_stay(app, client, auth, recorded):
    from cocreate.surveys.models import Survey

    with app.app_context():
        paths = files_of(recorded["map_file"]) + files_of(recorded["frame_file"])
    auth.login_as("facilitator")
    confirmation = page(client.get(f"/workshops/{recorded['workshop']}/delete"))
    for line in ("1 agenda item", "the attendance of 1 participant", "1 note", "1 quote", "2 pictures",
                 "1 storyboard (3 frames)", "5 codings of its notes, quotes and frames",
                 "the facilitators&#39; reflection"):
        assert f"<li>{line}</li>" in confirmation, line
    assert "1 survey handed out at it stays, no longer tied to this workshop." in confirmation
    response = client.post(f"/workshops/{recorded['workshop']}/delete")
    assert response.status_code == 302 and response.location.endswith("/workshops/")
    assert not any(p.exists() for p in paths)
    with app.app_context():
        for model in (Workshop, Activity, Attendance, Note, Quote, Artifact, Storyboard, StoryboardFrame, Reflection,
                      Coding):
            assert count(model) == 0, model
        assert db.session.get(Survey, recorded["survey"]).workshop_id is None
        change = db.session.scalar(sa.select(Change).where(Change.action == "workshops.deleted"))
        assert change.label == "Focus group on work" and change.details["codings"] == 5
    assert "was deleted, with everything recorded at it." in page(client.get("/workshops/"))
    assert "Focus group on work" not in page(client.get("/workshops/"))  # the message was shown once
    assert client.get(f"/surveys/{recorded['survey']}").status_code == 200


def test_a_failed_deletion_leaves_everything_as_it_was(app, client, auth, recorded, monkeypatch):
    """The view commits once, at the end: an error before it loses no row, no coding and no file."""
    real_emit = services.emit

    def failing_emit(action, obj, **kwargs):
        if action == "workshops.deleted":
            raise RuntimeError("the database went away")
        return real_emit(action, obj, **kwargs)

    monkeypatch.setattr(services, "emit", failing_emit)
    with app.app_context():
        paths = files_of(recorded["map_file"]) + files_of(recorded["frame_file"])
    auth.login_as("facilitator")
    assert client.post(f"/workshops/{recorded['workshop']}/delete").status_code == 500
    assert all(p.exists() for p in paths)
    with app.app_context():
        assert count(Workshop) == 1 and count(Note) == count(Quote) == 1 and count(StoryboardFrame) == 3
        assert count(Coding) == 5 and count(Artifact) == 2
        assert count(Change, Change.action == "evidence.coding_removed") == 0


def test_removing_an_agenda_item_says_what_stays(app, client, auth, recorded):
    auth.login_as("facilitator")
    confirmation = page(client.get(f"/workshops/activities/{recorded['activity']}/delete"))
    assert "1 note recorded during it stays, no longer tied to it." in confirmation
    assert "1 picture taken during it stays, no longer tied to it." in confirmation
    assert "quote recorded" not in confirmation  # the quote was not recorded during it
    assert client.post(f"/workshops/activities/{recorded['activity']}/delete").status_code == 302
    with app.app_context():
        assert count(Activity) == 0 and db.session.get(Note, recorded["note"]).activity_id is None


# --- editing ----------------------------------------------------------------

def test_quote_picture_storyboard_and_frame_can_be_corrected(app, client, auth, recorded):
    auth.login_as("facilitator")
    form = page(client.get(f"/workshops/quotes/{recorded['quote']}/edit"))
    assert "I waited three months." in form and f'value="{recorded["consenting"]}"' in form
    assert client.post(f"/workshops/quotes/{recorded['quote']}/edit", data={
        "speaker_code": recorded["consenting"], "text": "I waited for three months.", "language": "EN",
        "translation": "Esperé tres meses.", "translation_language": "es", "activity": recorded["activity"],
    }).status_code == 302
    assert client.post(f"/workshops/artifacts/{recorded['map']}/edit", data={
        "kind": "cognitive_map", "title": "Map of help", "description": "Redrawn", "activity": 0}).status_code == 302
    assert client.post(f"/workshops/storyboards/{recorded['board']}/edit",
                       data={"title": "Looking for work", "description": "Three frames"}).status_code == 302
    assert client.post(f"/workshops/frames/{recorded['frames'][0]}/edit",
                       data={"caption": "Arriving in Madrid", "narration": "", "reactions": "Nods"}).status_code == 302
    with app.app_context():
        quote = db.session.get(Quote, recorded["quote"])
        assert (quote.text, quote.language, quote.translation, quote.activity_id) == (
            "I waited for three months.", "en", "Esperé tres meses.", recorded["activity"])
        assert "espere tres meses" in quote.search_text
        picture = db.session.get(Artifact, recorded["map"])
        assert (picture.kind.value, picture.title, picture.activity_id) == ("cognitive_map", "Map of help", None)
        assert db.session.get(Storyboard, recorded["board"]).title == "Looking for work"
        frame = db.session.get(StoryboardFrame, recorded["frames"][0])
        assert (frame.caption, frame.narration, frame.reactions) == ("Arriving in Madrid", "", "Nods")
        actions = set(db.session.scalars(sa.select(Change.action)))
        assert {"workshops.quote_changed", "workshops.artifact_changed", "workshops.storyboard_changed",
                "workshops.frame_changed"} <= actions


def test_an_edit_that_drops_a_coded_excerpt_asks_first_then_removes_that_coding(app, client, auth, recorded):
    auth.login_as("facilitator")
    url = f"/workshops/notes/{recorded['note']}/edit"
    with app.app_context():
        version = db.session.get(Note, recorded["note"]).version
    kept = client.post(url, data={"body": "Two people waited THREE months, one of them twice.",
                                  "version": version, "activity": 0})
    assert kept.status_code == 302  # the excerpt is still there (case aside): nothing to ask
    version += 1
    asked = client.post(url, data={"body": "Two people waited a long time.", "version": version, "activity": 0})
    assert asked.status_code == 200
    assert "no longer contains the excerpt that 1 coding highlights" in page(asked)
    assert "three months" in page(asked) and 'name="remove_lost_codings"' in page(asked)
    with app.app_context():
        assert db.session.get(Note, recorded["note"]).body.startswith("Two people waited THREE")
        assert codings_of("note", recorded["note"]) == 2
    saved = client.post(url, data={"body": "Two people waited a long time.", "version": version, "activity": 0,
                                   "remove_lost_codings": "y"})
    assert saved.status_code == 302
    with app.app_context():
        left = db.session.scalars(sa.select(Coding).where(Coding.target_type == "note")).all()
        assert [(c.code.name, c.excerpt) for c in left] == [("Language", "")]  # the whole-note coding stays
        assert count(Change, Change.action == "evidence.coding_removed") == 1


def test_a_frame_edit_that_drops_a_coded_excerpt_removes_it_once_agreed(app, client, auth, recorded):
    auth.login_as("facilitator")
    url = f"/workshops/frames/{recorded['frames'][1]}/edit"
    data = {"caption": "At the employment office", "narration": "", "reactions": ""}
    assert "1 coding highlights" in page(client.post(url, data=data))
    assert client.post(url, data={**data, "remove_lost_codings": "y"}).status_code == 302
    with app.app_context():
        assert codings_of("frame", recorded["frames"][1]) == 0


def test_a_withdrawn_quote_stays_hidden_and_cannot_be_edited(app, client, auth, recorded):
    with app.app_context():
        speaker = get_participant_by_code(recorded["consenting"])
        consent = participants.active_consent(speaker, "quotes")
        participants.withdraw_consent(consent, on=date.today(), actor=None)
        db.session.commit()
    auth.login_as("facilitator")
    url = f"/workshops/quotes/{recorded['quote']}/edit"
    form = page(client.get(url))
    assert "I waited three months." not in form and "can no longer be changed" in form and "<textarea" not in form
    client.post(url, data={"speaker_code": recorded["consenting"], "text": "Shown again", "language": "en"})
    with app.app_context():
        assert db.session.get(Quote, recorded["quote"]).text == "I waited three months."
        with pytest.raises(services.WorkshopError, match="withdrew consent to quotes"):
            services.update_quote(db.session.get(Quote, recorded["quote"]), speaker_code=recorded["consenting"],
                                  text="Shown again", language="en", actor=None)
    detail = page(client.get(f"/workshops/{recorded['workshop']}"))
    assert f"/workshops/quotes/{recorded['quote']}/delete" in detail
    assert f"/workshops/quotes/{recorded['quote']}/edit" not in detail


def test_a_quote_cannot_be_given_to_someone_who_does_not_consent_or_is_from_another_site(app, client, auth,
                                                                                         recorded):
    auth.login_as("facilitator")
    url = f"/workshops/quotes/{recorded['quote']}/edit"
    base = {"text": "I waited three months.", "language": "en"}
    for code, message in ((recorded["no_quotes"], "does not consent to being quoted"),
                          (recorded["no_consent"], "does not consent to being quoted"),
                          (recorded["elsewhere"], "belongs to another pilot site"),
                          ("ES-M-999", "There is no participant")):
        refused = client.post(url, data={**base, "speaker_code": code})
        assert refused.status_code == 200 and message in page(refused), code
    assert client.post(url, data={**base, "speaker_code": recorded["consenting"], "text": ""}).status_code == 200
    with app.app_context():
        quote = db.session.get(Quote, recorded["quote"])
        assert quote.speaker.code == recorded["consenting"] and quote.text == "I waited three months."


# --- reordering -------------------------------------------------------------

def test_agenda_items_move_up_and_down_with_buttons_that_name_them(app, client, auth, world):
    with app.app_context():
        workshop = db.session.get(Workshop, world["workshop"])
        for title in ("Welcome", "Mapping"):
            services.save_activity(workshop, None, title=title, method="context_mapping", actor=None)
        db.session.commit()
    auth.login_as("facilitator")
    detail = page(client.get(f"/workshops/{world['workshop']}"))
    assert 'value="down" class="button">Move down<span class="visually-hidden">: Looking for work</span>' in detail
    assert "Move up<span class=\"visually-hidden\">: Looking for work" not in detail  # the first cannot go up
    assert "Move down<span class=\"visually-hidden\">: Mapping" not in detail  # nor the last down
    with app.app_context():
        welcome = db.session.scalar(sa.select(Activity.id).where(Activity.title == "Welcome"))
    response = client.post(f"/workshops/activities/{welcome}/move", data={"direction": "up"})
    assert response.status_code == 302 and response.location.endswith(f"#activity-{welcome}")
    client.post(f"/workshops/activities/{welcome}/move", data={"direction": "up"})  # already first: no change
    client.post(f"/workshops/activities/{welcome}/move", data={"direction": "sideways"})
    with app.app_context():
        titles = [a.title for a in db.session.get(Workshop, world["workshop"]).activities]
        assert titles == ["Welcome", "Looking for work", "Mapping"]
        moves = db.session.scalars(sa.select(Change).where(Change.action == "workshops.activity_moved")).all()
        assert len(moves) == 1 and moves[0].details == {"direction": "up", "position": 1}


def test_frames_move_with_buttons_on_the_storyboard(app, client, auth, recorded):
    first, middle, last = recorded["frames"]
    auth.login_as("facilitator")
    board = page(client.get(f"/workshops/storyboards/{recorded['board']}"))
    assert "Move up<span class=\"visually-hidden\">: A first job</span>" in board
    assert client.post(f"/workshops/frames/{last}/move", data={"direction": "up"}).status_code == 302
    with app.app_context():
        frames = db.session.get(Storyboard, recorded["board"]).frames
        assert [(f.id, f.position) for f in frames] == [(first, 1), (last, 2), (middle, 3)]
    assert page(client.get(f"/workshops/storyboards/{recorded['board']}")).index("2. A first job") > 0


def test_positions_stay_dense_and_unique_whatever_is_added_moved_or_deleted(app, world):
    rng = random.Random(7)
    with app.app_context():
        workshop = db.session.get(Workshop, world["workshop"])
        board = services.create_storyboard(workshop, title="Story", actor=None)
        for step in range(60):
            activities, frames = list(workshop.activities), list(board.frames)
            choice = rng.choice(["add", "move", "move", "delete"])
            if choice == "add" or not activities or not frames:
                services.save_activity(workshop, None, title=f"Item {step}", method="focus_group", actor=None)
                services.add_frame(board, caption=f"Frame {step}", actor=None)
            elif choice == "move":
                services.move_activity(rng.choice(activities), rng.choice(["up", "down"]), actor=None)
                services.move_frame(rng.choice(frames), rng.choice(["up", "down"]), actor=None)
            else:
                services.delete_activity(rng.choice(activities), actor=None)
                services.delete_frame(rng.choice(frames), actor=None)
            db.session.commit()
            stored = db.session.scalars(sa.select(Activity.position).where(Activity.workshop_id == workshop.id)
                                        .order_by(Activity.position)).all()
            assert stored == list(range(1, len(stored) + 1)), step
            stored = db.session.scalars(sa.select(StoryboardFrame.position).where(
                StoryboardFrame.storyboard_id == board.id).order_by(StoryboardFrame.position)).all()
            assert stored == list(range(1, len(stored) + 1)), step


# --- who may, in which language, and the record -----------------------------

def test_a_facilitator_of_another_site_can_neither_correct_nor_remove_nor_reorder(app, client, auth, recorded):
    auth.login_as("facilitator", projects=["demo"], sites=[("demo", "CY")])
    attempts = [f"/workshops/{recorded['workshop']}/delete", f"/workshops/notes/{recorded['note']}/delete",
                f"/workshops/quotes/{recorded['quote']}/edit", f"/workshops/quotes/{recorded['quote']}/delete",
                f"/workshops/artifacts/{recorded['map']}/edit", f"/workshops/artifacts/{recorded['map']}/delete",
                f"/workshops/storyboards/{recorded['board']}/edit",
                f"/workshops/storyboards/{recorded['board']}/delete",
                f"/workshops/frames/{recorded['frames'][0]}/edit", f"/workshops/frames/{recorded['frames'][0]}/delete",
                f"/workshops/activities/{recorded['activity']}/delete"]
    for url in attempts:
        assert client.get(url).status_code == 403, url
        assert client.post(url, data={"title": "Mine", "caption": "Mine", "text": "Mine", "language": "en",
                                      "speaker_code": recorded["consenting"]}).status_code == 403, url
    for url in (f"/workshops/activities/{recorded['activity']}/move", f"/workshops/frames/{recorded['frames'][2]}/move"):
        assert client.post(url, data={"direction": "up"}).status_code == 403, url
    with app.app_context():
        assert count(Workshop) == count(Note) == count(Quote) == count(Storyboard) == 1
        assert [f.caption for f in db.session.get(Storyboard, recorded["board"]).frames] == [
            "Arriving", "At the job centre", "A first job"]
        assert count(Change) == 0


@pytest.mark.parametrize("language, lines", [
    ("es", ["1 nota", "2 imágenes", "5 codificaciones de sus notas, citas y viñetas"]),
    ("ar", ["ملاحظة واحدة (1)", "صورتان (2)", "5 ترميزات لملاحظاتها واقتباساتها ولقطاتها"]),
])
def test_the_confirmation_counts_in_the_readers_language(app, client, auth, recorded, language, lines):
    auth.login_as("facilitator")
    confirmation = page(client.get(f"/workshops/{recorded['workshop']}/delete?lang={language}"))
    assert f'lang="{language}"' in confirmation and ('dir="rtl"' in confirmation) == (language == "ar")
    for line in lines:
        assert f"<li>{line}</li>" in confirmation, line
    note = page(client.get(f"/workshops/notes/{recorded['note']}/delete?lang={language}"))
    assert {"es": "2 codificaciones suyas se van con ella.", "ar": "يُحذف معه ترميزان (2)."}[language] in note


def test_the_record_of_changes_lists_the_corrections(app, client, auth, recorded):
    auth.login_as("facilitator")
    client.post(f"/workshops/frames/{recorded['frames'][2]}/move", data={"direction": "up"})
    client.post(f"/workshops/quotes/{recorded['quote']}/delete")
    client.post(f"/workshops/storyboards/{recorded['board']}/delete")
    record = page(client.get("/changes/demo"))
    for label in ("moved a storyboard frame", "deleted a quote", "deleted a storyboard", "removed a coding"):
        assert label in record, label
