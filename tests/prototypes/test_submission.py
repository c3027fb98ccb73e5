"""Submitting feedback: stored whole once per client id, tasks judged by their target, linked rounds refusing every
code the same way, closed rounds taking nothing."""
from datetime import date

import pytest

from cocreate.extensions import db
from cocreate.prototypes import services
from cocreate.prototypes.models import Feedback, Pin, Round, RoundMode, TaskResult

from .conftest import CLIENT1, CLIENT2


def _data(proto, **changes):
    return {"reactions": {str(proto["home"]): "confusing", str(proto["skills"]): "clear"},
            "pins": [{"screen": proto["home"], "x": 0.25, "y": 0.75, "comment": "What does this button do?"}],
            "comments": {str(proto["skills"]): "Too many words"},
            "tasks": {str(proto["task"]): {"x": 0.5, "y": 0.3, "ms": 2400}},
            "sus": [4, 2] * 5, **changes}


def test_the_same_client_id_stores_one_feedback(proto, ctx):
    round_ = db.session.get(Round, proto["round"])
    first, created = services.submit_feedback(round_, client_uuid=CLIENT1, language="ar", data=_data(proto))
    again, created_again = services.submit_feedback(round_, client_uuid=CLIENT1, language="ar", data=_data(proto))
    assert created and not created_again and again.id == first.id
    assert db.session.query(Feedback).count() == 1 and db.session.query(Pin).count() == 1
    assert first.sus_score == 75 and first.language == "ar" and first.site_id == proto["site"]
    services.submit_feedback(round_, client_uuid=CLIENT2, language="en", data=_data(proto))
    assert db.session.query(Feedback).count() == 2


@pytest.mark.parametrize("tap, success", [((0.5, 0.3), True), ((0.1, 0.1), True), ((0.5, 0.8), False),
                                          ((0.95, 0.3), False)])
def test_a_task_succeeds_when_the_first_tap_is_inside_the_target(proto, ctx, tap, success):
    round_ = db.session.get(Round, proto["round"])
    x, y = tap
    services.submit_feedback(round_, client_uuid=CLIENT1, language="en",
                             data=_data(proto, tasks={proto["task"]: {"x": x, "y": y, "ms": 1500}}))
    result = db.session.query(TaskResult).one()
    assert result.success is success and result.ms == 1500 and (result.x, result.y) == (x, y)


def test_a_task_given_up_is_a_failure_without_a_position(proto, ctx):
    round_ = db.session.get(Round, proto["round"])
    services.submit_feedback(round_, client_uuid=CLIENT1, language="en",
                             data=_data(proto, tasks={proto["task"]: {"gave_up": True, "ms": 9000}}))
    result = db.session.query(TaskResult).one()
    assert not result.success and result.x is None and result.ms == 9000


def test_incomplete_sus_and_unknown_reactions_are_refused_whole(proto, ctx):
    round_ = db.session.get(Round, proto["round"])
    with pytest.raises(services.FeedbackRefused) as refused:
        services.submit_feedback(round_, client_uuid=CLIENT1, language="en",
                                 data=_data(proto, sus=[3] * 9, reactions={proto["home"]: "meh"}))
    assert set(refused.value.errors) == {"sus", "reactions"}
    assert db.session.query(Feedback).count() == 0


def test_a_closed_round_takes_no_feedback(proto, ctx):
    round_ = db.session.get(Round, proto["round"])
    services.set_round_open(round_, False, actor=None)
    with pytest.raises(services.RoundClosed):
        services.submit_feedback(round_, client_uuid=CLIENT1, language="en", data=_data(proto))


def test_linked_rounds_take_consenting_participants_only_with_one_message(proto, ctx, make_project):
    from cocreate.participants.models import Consent, ConsentScope, Participant, StakeholderGroup
    from cocreate.participants.services import issue_link_code
    from cocreate.projects.services import get_project_by_slug

    round_ = db.session.get(Round, proto["round"])
    round_.mode = RoundMode.LINKED
    other_site = get_project_by_slug(make_project("elsewhere", sites=("IT",))).sites[0]
    codes = {}
    for number, (name, site_id, consent) in enumerate([("yes", proto["site"], "active"), ("never", proto["site"], None),
                                                       ("withdrawn", proto["site"], "withdrawn"),
                                                       ("other", other_site.id, "active")], start=1):
        person = Participant(site_id=site_id, code=f"ES-M-{number:03d}", stakeholder_group=StakeholderGroup.MIGRANT,
                             number=number, languages=["ar"])
        db.session.add(person)
        db.session.flush()
        if consent:
            db.session.add(Consent(participant_id=person.id, scope=ConsentScope.TAKE_PART, form_version="v1",
                                   given_on=date(2024, 1, 1),
                                   withdrawn_on=date(2024, 2, 1) if consent == "withdrawn" else None))
        codes[name] = issue_link_code(person, actor=None)
    db.session.flush()
    messages = set()
    for n, name in enumerate(["never", "withdrawn", "other", "unknown"]):
        with pytest.raises(services.FeedbackRefused) as refused:
            services.submit_feedback(round_, client_uuid=f"7c1e4f6a-2b3d-4e5f-8a9b-0c1d2e0001{n:02d}", language="en",
                                     data=_data(proto), link_code=codes.get(name, "ES-M-001"))
        messages.add(str(refused.value.errors["participant"]))
    assert len(messages) == 1
    feedback, created = services.submit_feedback(round_, client_uuid=CLIENT1, language="en", data=_data(proto),
                                                 link_code=codes["yes"].lower().replace("-", " "))
    assert created and feedback.participant.code == "ES-M-001" and feedback.stakeholder_group == "migrant"
