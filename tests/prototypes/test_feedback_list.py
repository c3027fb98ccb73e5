"""Staff list a round's feedback (paged, without what it says; participant codes only for a round tied to
codes) and delete feedback that should not count, after a confirmation, with the codings of its pins and
comments; the record of changes keeps who did it."""
import sqlalchemy as sa

from cocreate.evidence import services as evidence
from cocreate.evidence.models import Coding
from cocreate.evidence.registry import Ref
from cocreate.extensions import db
from cocreate.history.models import Change
from cocreate.projects.services import get_project_by_slug
from cocreate.prototypes import services
from cocreate.prototypes.models import Comment, Feedback, Pin, Round
from cocreate.prototypes.views import PER_PAGE

from .test_evidence import _linked_feedback


def anonymous_feedback(proto, count):
    round_ = db.session.get(Round, proto["round"])
    for i in range(count):
        services.submit_feedback(round_, client_uuid=f"7c1e4f6a-0000-4000-8000-{i:012d}", language="en",
                                 data={"comments": {"": f"Secret words {i}"}})


def test_an_anonymous_rounds_feedback_is_listed_in_pages_without_codes_or_words(app, client, auth, proto):
    with app.app_context():
        anonymous_feedback(proto, PER_PAGE + 1)
        db.session.commit()
    auth.login_as("facilitator")
    round_page = client.get(f"/prototypes/rounds/{proto['round']}").get_data(as_text=True)
    assert f'href="/prototypes/rounds/{proto["round"]}/feedback"' in round_page
    first = client.get(f"/prototypes/rounds/{proto['round']}/feedback").get_data(as_text=True)
    assert first.count('<tr id="feedback-') == PER_PAGE and "Page 1 of 2" in first
    assert f"{PER_PAGE + 1} feedbacks" in first
    assert "Secret words" not in first and "Participant</th>" not in first
    second = client.get(f"/prototypes/rounds/{proto['round']}/feedback?page=2").get_data(as_text=True)
    assert second.count('<tr id="feedback-') == 1 and "Page 2 of 2" in second


def test_a_linked_round_shows_the_participant_code_and_nothing_of_the_person(app, client, auth, proto):
    with app.app_context():
        _linked_feedback(proto)
        db.session.commit()
    auth.login_as("facilitator")
    page = client.get(f"/prototypes/rounds/{proto['round']}/feedback").get_data(as_text=True)
    assert "ES-M-001" in page and "Participant</th>" in page
    assert "لا أفهم هذا الزر" not in page and "Migrant" not in page


def test_deleting_feedback_says_what_goes_and_takes_its_codings(app, client, auth, proto):
    with app.app_context():
        _round, feedback = _linked_feedback(proto)
        code = evidence.save_code(get_project_by_slug("demo"), None, name="Unclear buttons", actor=None)
        pin = db.session.query(Pin).one()
        comment = db.session.query(Comment).one()
        evidence.apply_code(code, Ref("prototype_pin", pin.id), actor=None)
        evidence.apply_code(code, Ref("prototype_comment", comment.id), actor=None)
        db.session.commit()
        feedback_id, pin_id, comment_id = feedback.id, pin.id, comment.id
    auth.login_as("facilitator")
    url = f"/prototypes/feedback/{feedback_id}/delete"
    listed = client.get(f"/prototypes/rounds/{proto['round']}/feedback").get_data(as_text=True)
    assert f'href="{url}"' in listed
    confirm = client.get(url).get_data(as_text=True)
    assert "1 pinned comment" in confirm and "1 comment<" in confirm and "1 task result" in confirm
    assert "2 codings of them" in confirm and "لا أفهم هذا الزر" not in confirm
    assert client.post(url, data={}).status_code == 302  # not confirmed: nothing happens
    with app.app_context():
        assert db.session.get(Feedback, feedback_id) is not None
    done = client.post(url, data={"confirm": "1"}, follow_redirects=True)
    assert f"Feedback {feedback_id} deleted." in done.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Feedback, feedback_id) is None and db.session.query(Pin).count() == 0
        assert db.session.scalars(sa.select(Coding).where(
            Coding.target_type.in_(["prototype_pin", "prototype_comment"]),
            Coding.target_id.in_([pin_id, comment_id]))).all() == []
        change = db.session.scalars(sa.select(Change).where(Change.action == "prototypes.feedback_deleted")).one()
        assert change.object_id == feedback_id and change.actor_name
    assert client.get(url).status_code == 404


def test_a_researcher_reads_the_list_but_cannot_delete(app, client, auth, proto):
    with app.app_context():
        anonymous_feedback(proto, 1)
        db.session.commit()
        feedback_id = db.session.query(Feedback).one().id
    auth.login_as("researcher")
    page = client.get(f"/prototypes/rounds/{proto['round']}/feedback").get_data(as_text=True)
    assert f'id="feedback-{feedback_id}"' in page and "/delete" not in page
    assert client.get(f"/prototypes/feedback/{feedback_id}/delete").status_code == 403
