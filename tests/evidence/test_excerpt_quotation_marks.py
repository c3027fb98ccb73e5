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


def test_the_link_to_evidence_in_its_place_is_a_verb_in_every_language(seeded, client, auth):
    """The link once borrowed the survey-state adjective ("Abierta", "مفتوح")."""
    auth.login_as("researcher")
    for language, text, wrong in (("es", "Ver en su contexto", "Abierta"), ("ar", "عرض في سياقه", "مفتوح")):
        page = client.get(f"/evidence/note/1/codes?lang={language}").get_data(as_text=True)
        assert text in page and f">{wrong}<" not in page, language
