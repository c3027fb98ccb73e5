"""Each evidence kind says which of its rows hold a participant's words or answers, consented to or not:
what deleting or erasing the person has to deal with, found without naming a feature."""
import sqlalchemy as sa

from cocreate.evidence.registry import EVIDENCE_KINDS
from cocreate.extensions import db
from cocreate.surveys.models import Response
from cocreate.workshops.models import Quote


def test_kinds_find_the_rows_of_one_participant(seeded):
    with seeded.app_context():
        speaker = db.session.scalars(sa.select(Quote.speaker_id).order_by(Quote.id)).first()
        quotes = db.session.scalars(sa.select(Quote.id).where(Quote.speaker_id == speaker).order_by(Quote.id)).all()
        assert EVIDENCE_KINDS["quote"].of_participant(speaker) == quotes != []
        respondent = db.session.scalars(sa.select(Response.participant_id).where(
            Response.participant_id.is_not(None)).order_by(Response.id)).first()
        responses = db.session.scalars(sa.select(Response.id).where(
            Response.participant_id == respondent).order_by(Response.id)).all()
        assert EVIDENCE_KINDS["survey_answer"].of_participant(respondent) == responses != []
        assert EVIDENCE_KINDS["note"].of_participant(speaker) == []  # a facilitator's note names nobody
        assert EVIDENCE_KINDS["frame"].of_participant(speaker) == []
        assert all(kind.of_participant(10**6) == [] for kind in EVIDENCE_KINDS.values())
