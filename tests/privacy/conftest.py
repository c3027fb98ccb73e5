"""A participant of the demo who said, drew and answered things: the person whose rights the tests exercise.

ES-M-001 (Arabic speaker at the Spanish site) has a quote, a survey response, attendance at workshops, a
profile of special-category attributes and consents; here they are also shown in a storyboard frame, and
their quote, frame and survey answer are coded.
"""
import shutil
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from cocreate.evidence.models import Code, Coding
from cocreate.evidence.registry import EVIDENCE_KINDS, Ref
from cocreate.evidence.services import apply_code
from cocreate.extensions import db
from cocreate.participants.models import Participant
from cocreate.surveys.evidence import answers_of
from cocreate.surveys.models import Response
from cocreate.workshops.models import Quote, StoryboardFrame
from cocreate.workshops.services import set_frame_people

CODE = "ES-M-001"


@dataclass(frozen=True)
class Person:
    id: int
    code: str
    quotes: list
    frames: list
    responses: list
    codings: list


def codings_of(kind, ids):
    return db.session.scalars(sa.select(Coding.id).where(Coding.target_type == kind,
                                                         Coding.target_id.in_(ids))).all()


@pytest.fixture
def person(seeded, tmp_path):
    """The participant ES-M-001 of the demo, shown in a frame, with their quote, frame and answer coded.

    The pictures are a copy of the demo's, so that erasing one removes no file other tests read."""
    pictures = tmp_path / "uploads"
    shutil.copytree(seeded.config["WORKSHOP_UPLOAD_FOLDER"], pictures)
    seeded.config["WORKSHOP_UPLOAD_FOLDER"] = str(pictures)
    with seeded.app_context():
        participant = db.session.scalar(sa.select(Participant).where(Participant.code == CODE))
        frame = db.session.scalars(sa.select(StoryboardFrame).order_by(StoryboardFrame.id)).first()
        set_frame_people(frame, [CODE], actor=None)
        code = db.session.scalars(sa.select(Code).where(Code.project_id == participant.site.project_id)
                                  .order_by(Code.id)).first()
        quotes = EVIDENCE_KINDS["quote"].of_participant(participant.id)
        responses = EVIDENCE_KINDS["survey_answer"].of_participant(participant.id)
        for quote in db.session.scalars(sa.select(Quote).where(Quote.id.in_(quotes))):
            apply_code(code, Ref("quote", quote.id), actor=None)
        apply_code(code, Ref("frame", frame.id), actor=None)
        answers = answers_of(db.session.scalars(sa.select(Response).where(Response.id.in_(responses))).all())
        assert answers, "the demo gives ES-M-001 a free-text answer"
        apply_code(code, Ref("survey_answer", answers[0].response.id, answers[0].key), actor=None)
        db.session.commit()
        frames = EVIDENCE_KINDS["frame"].of_participant(participant.id)
        codings = (codings_of("quote", quotes) + codings_of("frame", frames)
                   + codings_of("survey_answer", responses))
        assert quotes and frames and responses and len(codings) >= 3
        return Person(participant.id, CODE, quotes, frames, responses, codings)
