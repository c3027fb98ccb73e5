"""A requirement's page names the stakeholder groups concerned in the reader's language, not by stored value."""
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.requirements.models import Requirement

from ..conftest import TEST_PASSWORD


def test_groups_concerned_are_named_in_the_readers_language(seeded, client, auth):
    with seeded.app_context():
        requirement = db.session.scalars(sa.select(Requirement).where(Requirement.stakeholder_groups.like("%ngo%"))
                                         .order_by(Requirement.number)).first()
        requirement_id = requirement.id
    assert auth.login("admin@miict.example", TEST_PASSWORD).status_code == 302
    html = client.get(f"/requirements/{requirement_id}?lang=es").get_data(as_text=True)
    concerned = html.split("Grupos de interés afectados")[1].split("</dd>")[0]
    assert "ngo" not in concerned and "ONG" in concerned
