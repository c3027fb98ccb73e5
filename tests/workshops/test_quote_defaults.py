"""A new quote's language starts as the workshop's first language (host languages come first)."""
import re

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.workshops.models import Workshop


def language_field_value(page):
    tag = re.search(r'<input[^>]*\bname="language"[^>]*>', page).group(0)
    return re.search(r'\bvalue="([^"]*)"', tag).group(1)


def test_madrid_quote_language_defaults_to_the_workshops_first_language(seeded, client, auth):
    with seeded.app_context():
        workshop = db.session.scalar(sa.select(Workshop).where(Workshop.title == "Focus group: looking for work in Madrid"))
        workshop_id, languages = workshop.id, list(workshop.languages)
    assert languages[0] == "es" and "wo" in languages
    auth.login("facilitator.es1@miict.example")
    page = client.get(f"/workshops/{workshop_id}/quotes/new").get_data(as_text=True)
    assert language_field_value(page) == "Spanish"  # shown by name, kept as its code
