"""A coded excerpt is quoted once: the page's <q> draws the quotation marks, the template adds none of its own."""
import re

import sqlalchemy as sa

from cocreate.evidence.models import Coding
from cocreate.extensions import db


def test_codes_page_quotes_an_excerpt_with_one_pair_of_marks(seeded, client, auth):
    with seeded.app_context():
        coding = db.session.scalar(sa.select(Coding).where(Coding.excerpt == "appointments take weeks"))
        url = f"/evidence/{coding.target_type}/{coding.target_id}/codes"
    auth.login("facilitator.es1@miict.example")
    page = client.get(url).get_data(as_text=True)
    assert '<q dir="auto">appointments take weeks</q>' in page
    assert not re.search(r'[“”"]\s*<q\b|</q>\s*[“”"]', page)
