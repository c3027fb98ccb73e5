"""The demo's prototype: two versions, rounds at the three sites, version 2 measurably better; its results,
comparison and exports as researchers see them."""
import csv
import io

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.prototypes import analysis
from cocreate.prototypes.models import Feedback, Prototype, Round


def _prototype(seeded):
    with seeded.app_context():
        prototype = db.session.scalars(sa.select(Prototype)).one()
        return prototype.id, [v.id for v in prototype.versions]


def test_the_demo_has_two_versions_with_rounds_at_three_sites_and_version_2_better(seeded):
    with seeded.test_request_context():
        prototype = db.session.scalars(sa.select(Prototype)).one()
        assert prototype.title == "IMMERSE job matching" and len(prototype.versions) == 2
        sites = {r.site.code for r in db.session.scalars(sa.select(Round))}
        assert sites == {"ES", "IT", "CY"}
        first, second = (analysis.summarise(v) for v in prototype.versions)
        assert second.sus[0] > first.sus[0] and second.tasks[0].rate > first.tasks[0].rate
        verdicts = [change.verdict for change in analysis.compare(first, second)]
        assert verdicts == ["improved", "improved"]


def test_results_page_shows_sus_tasks_pins_and_a_chart(seeded, client, auth):
    prototype_id, (v1, v2) = _prototype(seeded)
    auth.login("researcher1@miict.example")
    page = client.get(f"/prototypes/versions/{v1}/results").get_data(as_text=True)
    assert "Mean SUS score 44.4" in page and "Wilson" in page and "data-bokeh-chart" in page
    assert "Pinned comments" in page and "Clear" in page
    compare = client.get(f"/prototypes/{prototype_id}/compare").get_data(as_text=True)
    assert compare.count("Improved, by more than the noise") == 2


def test_small_groups_are_suppressed(seeded, client, auth):
    prototype_id, (v1, v2) = _prototype(seeded)
    with seeded.app_context():
        feedback = db.session.scalars(sa.select(Feedback).join(Round).where(Round.version_id == v1)).all()
        for f in feedback[:3]:
            f.stakeholder_group = "ngo"
        db.session.commit()
    auth.login("researcher1@miict.example")
    page = client.get(f"/prototypes/versions/{v1}/results?group=ngo").get_data(as_text=True)
    assert "&lt;5" in page and "Fewer than 5 respondents" in page and "Mean SUS score" not in page


def test_the_feedback_export_is_logged_and_formula_safe(seeded, client, auth):
    prototype_id, _versions = _prototype(seeded)
    auth.login("researcher1@miict.example")
    response = client.get(f"/prototypes/{prototype_id}/export/feedback.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["feedback_id", "version", "round"]
    parts = {row[9] for row in rows[1:]}
    assert {"pin", "reaction", "task", "sus"} <= parts
    xlsx = client.get(f"/prototypes/{prototype_id}/export/feedback.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    from cocreate.audit.models import AuditEntry
    with seeded.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "prototypes.feedback_exported")) == 2
