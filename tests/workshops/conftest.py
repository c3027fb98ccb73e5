"""Fixtures for the workshops tests: uploads in the test's own folder, and a small site with people and a workshop."""
import io
from datetime import date

import pytest
from PIL import Image

from cocreate.extensions import db


@pytest.fixture(autouse=True)
def uploads(request, app, tmp_path):
    """Pictures go to the test's own folder; except with the demo data, whose pictures were stored when the
    session's demo database was built (in the default folder, under stable names)."""
    if "seeded" in request.fixturenames:
        return None
    folder = tmp_path / "uploads"
    app.config["WORKSHOP_UPLOAD_FOLDER"] = str(folder)
    return folder


@pytest.fixture
def ctx(app):
    """An app context for tests that call services directly."""
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def world(app, make_project):
    """Project `demo` with sites ES and CY, a workshop at ES and people at both; returns their ids."""
    from cocreate.projects.services import get_project_by_slug, get_site
    from cocreate.participants import services as participants
    from cocreate.workshops import services

    make_project("demo", sites=("ES", "CY"))
    with app.app_context():
        project = get_project_by_slug("demo")
        es, cy = get_site(project, "ES"), get_site(project, "CY")
        cy.participant_languages = ["fa", "ar"]
        workshop = services.save_workshop(None, site=es, title="Focus group on work", phase="requirements",
                                          date=date(2019, 4, 10), languages=["es", "ar"], actor=None)
        activity = services.save_activity(workshop, None, title="Looking for work", method="focus_group", actor=None)
        consenting = participants.create_participant(es, stakeholder_group="migrant", languages=["ar"], actor=None)
        no_quotes = participants.create_participant(es, stakeholder_group="migrant", languages=["fr"], actor=None)
        no_consent = participants.create_participant(es, stakeholder_group="ngo", actor=None)
        elsewhere = participants.create_participant(cy, stakeholder_group="migrant", actor=None)
        for person in (consenting, no_quotes, elsewhere):
            participants.record_consent(person, "take_part", form_version="v1", given_on=date(2019, 3, 1), actor=None)
        for person in (consenting, elsewhere):
            participants.record_consent(person, "quotes", form_version="v1", given_on=date(2019, 3, 1), actor=None)
        db.session.commit()
        return {"project": project.id, "es": es.id, "cy": cy.id, "workshop": workshop.id, "activity": activity.id,
                "consenting": consenting.code, "no_quotes": no_quotes.code, "no_consent": no_consent.code,
                "elsewhere": elsewhere.code}


def image_bytes(fmt="JPEG", size=(64, 48), exif=None, colour="red"):
    out = io.BytesIO()
    image = Image.new("RGB", size, colour)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, fmt, **kwargs)
    return out.getvalue()
