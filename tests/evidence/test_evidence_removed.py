"""Deleting evidence announces which rows go (`evidence_removed`), so that whatever cites them can keep a
tombstone; the announcement is made by the one function every deletion goes through."""
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.signals import evidence_removed
from cocreate.surveys.models import Response
from cocreate.surveys.services import delete_response
from cocreate.workshops.models import Quote
from cocreate.workshops.services import delete_quote


def test_deleting_a_quote_or_a_response_announces_the_rows_that_go(seeded):
    seen = []

    def record(kind_name, *, ids, actor, erased):
        seen.append((kind_name, ids, erased))

    evidence_removed.connect(record)
    try:
        with seeded.app_context():
            quote = db.session.scalars(sa.select(Quote).order_by(Quote.id)).first()
            response = db.session.scalars(sa.select(Response).order_by(Response.id)).first()
            quote_id, response_id = quote.id, response.id
            delete_quote(quote, actor=None)
            delete_response(response, actor=None)
    finally:
        evidence_removed.disconnect(record)
    assert seen == [("quote", [quote_id], False), ("survey_answer", [response_id], False)]
