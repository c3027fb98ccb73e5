"""Every staff table reflows into one card per row on a phone, each value named by its column's header in the
reader's language; the few grids of numbers that must stay grids scroll inside a region of their own instead."""
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

import cocreate
from cocreate.extensions import db
from cocreate.i18n import LANGUAGES
from cocreate.participants.models import Participant
from cocreate.projects.models import PilotSite
from cocreate.surveys.models import QuestionMedia, Survey
from cocreate.workshops.models import Workshop

from .conftest import TEST_PASSWORD
from .html_tables import tables

# Tables that stay tables on a phone, because reading them means comparing numbers across rows and columns.
GRIDS = {
    "participants/statistics.html": "counts of each value of an attribute, read down the column",
    "surveys/results.html": "counts and percentages of each answer, beside the chart that draws the same numbers",
    "evidence/analysis.html": "codes against pilot sites, stakeholder groups and each other: cross-tabulations",
}

ADMIN = "admin@miict.example"
OFFICER = "officer.employment@miict.example"


def templates_with_tables():
    root = Path(cocreate.__file__).parent
    return {str(path.relative_to(path.parents[1])).replace("\\", "/")
            for path in root.glob("*/templates/**/*.html") if "<table" in path.read_text(encoding="utf-8")}


@pytest.fixture
def pages(seeded, client, auth):
    """page(template) -> the HTML of a page drawn from `template`, as the demo's administrator sees it."""
    from cocreate.authorities import services as authorities
    from cocreate.projects.services import get_project_by_slug
    from cocreate.requirements.models import Requirement

    with seeded.app_context():
        # the demo's REQ-001 cites a survey question, whose result shows as a table on its page
        requirement = db.session.scalar(sa.select(Requirement.id).where(Requirement.number == 1))
        site = db.session.scalar(sa.select(PilotSite).where(PilotSite.code == "ES"))
        workshop = db.session.scalar(sa.select(Workshop).where(Workshop.site_id == site.id, Workshop.activities.any())
                                     .order_by(Workshop.id))
        participant = db.session.scalar(sa.select(Participant).where(Participant.site_id == site.id,
                                                                     Participant.consents.any())
                                        .order_by(Participant.id))
        survey = db.session.scalar(sa.select(Survey).where(Survey.code == "MDR3"))
    with seeded.app_context():  # a token and a release, for the tables of tokens and of the release log
        employment = authorities.get_authority(get_project_by_slug("miict"), "employment-office")
        authorities.create_token(employment, ["job-matching"], actor=None)
        authorities.record_release(employment, "job-matching", [{"skills": []}], channel="ui")
        question = db.session.get(Survey, survey.id).sections[0].questions[0]  # a picture it expects
        db.session.add(QuestionMedia(survey_id=survey.id, question_id=question.id, kind="image", language="*",
                                     name="map.jpg"))
        question_id = question.id
        db.session.commit()
    addresses = {
        "projects/detail.html": "/projects/miict",
        "history/changes.html": "/changes/miict",
        "auth/users.html": "/users",
        "participants/participants.html": f"/participants/sites/{site.id}",
        "participants/statistics.html": f"/participants/sites/{site.id}/statistics",
        "participants/participant.html": f"/participants/{participant.id}",
        "surveys/index.html": "/surveys/",
        "surveys/results.html": f"/surveys/{survey.id}/results",
        "surveys/translate.html": f"/surveys/{survey.id}/translate/fr",
        "evidence/codebook.html": "/evidence/projects/miict/codebook",
        "evidence/analysis.html": "/evidence/projects/miict/codebook/analysis",
        "workshops/index.html": "/workshops/",
        "workshops/detail.html": f"/workshops/{workshop.id}",
        "surveys/responses.html": f"/surveys/{survey.id}/responses",
        "surveys/media.html": f"/surveys/{survey.id}/questions/{question_id}/media",
        "surveys/media_zip.html": f"/surveys/{survey.id}/media",
        "audit/index.html": "/audit/",
        "privacy/ropa.html": "/privacy/ropa",
        "requirements/register.html": "/requirements/projects/miict",
        "requirements/_trace.html": f"/requirements/{requirement}",
        "requirements/items.html": "/requirements/projects/miict/items",
        "requirements/matrix.html": "/requirements/projects/miict/matrix",
        "requirements/coverage.html": "/requirements/projects/miict/coverage",
        "requirements/country_brief.html": "/requirements/projects/miict/brief/ES",
        "immerse/modules.html": "/immerse/projects/miict",
        "immerse/module.html": "/immerse/projects/miict/firewall",
        "immerse/diff.html": "/immerse/projects/miict/matching/diff?from=0&to=1",
        "immerse/preview.html": "/immerse/projects/miict/firewall/preview?authority=employment-office"
                                "&purpose=job-matching&profile=1",
        "immerse/matching.html": "/immerse/matching/projects/miict",
        "immerse/ranked.html": "/immerse/matching/profiles/1",
        "immerse/fairness.html": "/immerse/matching/projects/miict/fairness?attribute=gender",
        "profiles/list.html": "/profiles/projects/miict",
        "profiles/opportunities.html": "/profiles/projects/miict/opportunities",
        "prototypes/index.html": "/prototypes/",
        "prototypes/results.html": "/prototypes/versions/1/results",
        "prototypes/compare.html": "/prototypes/1/compare",
        "prototypes/feedback.html": "/prototypes/rounds/1/feedback",
        "authorities/index.html": "/authorities/",
        "authorities/tokens.html": "/authorities/tokens",
        "authorities/releases.html": "/authorities/releases",
        "authorities/officer.html": "/authorities/officer?purpose=job-matching",
    }
    as_officer = {"authorities/officer.html": OFFICER}  # pages only officers open
    assert auth.login(ADMIN, TEST_PASSWORD).status_code == 302

    def page(template):
        if template in as_officer:
            client.post("/logout")
            assert auth.login(as_officer[template], TEST_PASSWORD).status_code == 302
        response = client.get(addresses[template])
        if template in as_officer:
            client.post("/logout")
            assert auth.login(ADMIN, TEST_PASSWORD).status_code == 302
        assert response.status_code == 200, template
        return response.get_data(as_text=True)
    page.templates = set(addresses)
    return page


def test_every_template_with_a_table_is_checked(pages):
    assert templates_with_tables() == pages.templates
    assert set(GRIDS) <= pages.templates


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_body_cell_is_labelled_with_its_column_header(pages, client, language):
    client.get(f"/?lang={language}")
    for template in sorted(pages.templates):
        html = pages(template)
        assert re.search(rf'<html[^>]* lang="{language}"', html), template
        found = tables(html)
        assert found, template
        for table in found:
            where = f"{template}: {table.caption or table.headers}"
            if template in GRIDS:
                assert "reflow" not in table.classes, where
                continue
            assert "reflow" in table.classes, where
            assert table.body_rows, f"{where} has rows to check"
            assert all(table.headers), f"{where}: every column has a header"
            for row in table.body_rows:
                for header, cell in table.cells_by_header(row):
                    if header is None:  # a cell across the whole row, e.g. "nothing yet"
                        continue
                    assert cell.label == header, f"{where}: {cell.text!r} is labelled {cell.label!r}"


@pytest.mark.parametrize("language", ("en", "ar"))
def test_grids_of_numbers_scroll_inside_a_named_region(pages, client, language):
    client.get(f"/?lang={language}")
    for template in GRIDS:
        for table in tables(pages(template)):
            wrapper = table.parent
            assert "table-wrap" in (wrapper.get("class") or "").split(), template
            assert wrapper.get("role") == "region" and wrapper.get("tabindex") == "0", template
            assert wrapper.get("aria-label") == table.caption != "", template  # named as the table is
