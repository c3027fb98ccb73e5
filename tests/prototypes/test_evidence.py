"""Pins, comments and task results are evidence: a consenting participant's pinned comment is coded with the
codebook; anonymous words are refused; task results can always be coded."""
from datetime import date

import pytest

from cocreate.evidence import services as evidence
from cocreate.evidence.registry import EVIDENCE_KINDS, Ref
from cocreate.extensions import db
from cocreate.participants.models import Consent, ConsentScope, Participant, StakeholderGroup
from cocreate.participants.services import issue_link_code
from cocreate.projects.services import get_project_by_slug
from cocreate.prototypes import services
from cocreate.prototypes.models import Pin, Round, RoundMode, TaskResult

from .conftest import CLIENT1, CLIENT2


def _linked_feedback(proto):
    round_ = db.session.get(Round, proto["round"])
    round_.mode = RoundMode.LINKED
    person = Participant(site_id=proto["site"], code="ES-M-001", stakeholder_group=StakeholderGroup.MIGRANT,
                         number=1, languages=["ar"])
    db.session.add(person)
    db.session.flush()
    for scope in (ConsentScope.TAKE_PART, ConsentScope.QUOTES):
        db.session.add(Consent(participant_id=person.id, scope=scope, form_version="v1", given_on=date(2024, 1, 1)))
    db.session.flush()
    feedback, _ = services.submit_feedback(round_, client_uuid=CLIENT1, language="ar", link_code=issue_link_code(person, actor=None),
                                           data={"pins": [{"screen": proto["home"], "x": 0.2, "y": 0.3,
                                                           "comment": "لا أفهم هذا الزر"}],
                                                 "comments": {"": "الصفحة مزدحمة"},
                                                 "tasks": {proto["task"]: {"x": 0.5, "y": 0.2, "ms": 2100}}})
    return round_, feedback


def test_the_kinds_are_registered(app):
    assert {"prototype_pin", "prototype_comment", "prototype_task_result"} <= EVIDENCE_KINDS.keys()


def test_a_consenting_participants_pin_is_coded_and_found(proto, ctx):
    _round, feedback = _linked_feedback(proto)
    project = get_project_by_slug("demo")
    code = evidence.save_code(project, None, name="Unclear buttons", actor=None)
    pin = db.session.query(Pin).one()
    coding = evidence.apply_code(code, Ref("prototype_pin", pin.id), actor=None)
    assert coding.target_type == "prototype_pin" and coding.target_id == pin.id
    kind = EVIDENCE_KINDS["prototype_pin"]
    item = kind.get(Ref("prototype_pin", pin.id))
    assert kind.text(item) == "لا أفهم هذا الزر" and kind.site(item).code == "ES" and kind.publishable(item)
    assert [p.id for p in kind.search(project, ["الزر"])] == [pin.id]
    result = db.session.query(TaskResult).one()
    assert "first tap inside the target" in str(EVIDENCE_KINDS["prototype_task_result"].text(result))
    evidence.apply_code(code, Ref("prototype_task_result", result.id), actor=None)


def test_anonymous_words_are_not_coded(proto, ctx):
    round_ = db.session.get(Round, proto["round"])
    services.submit_feedback(round_, client_uuid=CLIENT2, language="en",
                             data={"pins": [{"screen": proto["home"], "x": 0.2, "y": 0.3, "comment": "Odd"}]})
    code = evidence.save_code(get_project_by_slug("demo"), None, name="Odd", actor=None)
    with pytest.raises(evidence.EvidenceError, match="anonymously"):
        evidence.apply_code(code, Ref("prototype_pin", db.session.query(Pin).one().id), actor=None)


def test_a_consenting_participants_free_text_comment_is_coded(proto, ctx):
    _round, feedback = _linked_feedback(proto)
    code = evidence.save_code(get_project_by_slug("demo"), None, name="Crowded", actor=None)
    comment = feedback.comments[0]
    coding = evidence.apply_code(code, Ref("prototype_comment", comment.id), actor=None)
    assert coding.target_type == "prototype_comment" and coding.target_id == comment.id
