"""The coverage report counts the evidence from each pilot site with the one disclosure rule (`privacy.table`):
what one or a few people said at a site reads "<5", and it cannot be worked back from the evidence of the whole
register, which the traceability matrix prints requirement by requirement."""
import re

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.projects.services import get_project_by_slug
from cocreate.requirements.models import Requirement

from ..conftest import TEST_PASSWORD
from ..html_tables import table_with_caption
from ..requirements.test_coverage import ADMIN, _cite, _quotes, _requirement

HIDDEN = "<5"


def _evidence_by_site(html):
    table = table_with_caption(html, "By pilot site")
    return {row["Pilot site"].split(" ·")[0]: row["Evidence items from the site"] for row in table.rows()}


def _matrix_total(html):
    return sum(int(n) for n in re.findall(r'data-label="Evidence">(\d+) items?,', html))


def test_one_item_from_a_site_is_hidden_and_not_left_to_the_registers_total(seeded, client, auth):
    # Six items from Spain, one from Italy: "ES 6, IT 1" named what one person said, and "ES 6, IT <5" beside
    # the matrix's 7 items gave it back.
    with seeded.app_context():
        project = get_project_by_slug("miict")
        db.session.execute(sa.delete(Requirement).where(Requirement.project_id == project.id))
        quotes = _quotes(project)
        for number in range(6):
            _cite(_requirement(project, f"Heard in Spain {number}"), quotes["ES"][0])
        _cite(_requirement(project, "Heard in Italy"), quotes["IT"][0])
        db.session.commit()
    assert auth.login(ADMIN, TEST_PASSWORD).status_code == 302
    by_site = _evidence_by_site(client.get("/requirements/projects/miict/coverage?lang=en").get_data(as_text=True))
    total = _matrix_total(client.get("/requirements/projects/miict/matrix?lang=en").get_data(as_text=True))
    assert total == 7 and by_site["IT"] == HIDDEN and by_site["CY"] == "0"
    hidden = [text for text in by_site.values() if text == HIDDEN]
    rest = total - sum(int(text) for text in by_site.values() if text != HIDDEN)
    assert len(hidden) >= 2 and rest - (len(hidden) - 1) >= 5


def test_counts_of_five_or_more_are_shown(seeded, client, auth):
    with seeded.app_context():
        project = get_project_by_slug("miict")
        db.session.execute(sa.delete(Requirement).where(Requirement.project_id == project.id))
        quotes = _quotes(project)
        for site in ("ES", "IT"):
            for number in range(5):
                _cite(_requirement(project, f"Heard in {site} {number}"), quotes[site][0])
        db.session.commit()
    assert auth.login(ADMIN, TEST_PASSWORD).status_code == 302
    by_site = _evidence_by_site(client.get("/requirements/projects/miict/coverage?lang=en").get_data(as_text=True))
    assert by_site == {"ES": "5", "IT": "5", "CY": "0"}
