"""The record of processing activities (GDPR Art. 30) is generated from the configuration and the registries:
the evidence kinds, the special categories and the IMMERSE profile's attributes, the firewall in force per
project (its authorities, purposes and what each receives), RETENTION_DAYS and the safeguards; a page for
administrators and a .docx with header rows repeated, in six languages, right to left for Arabic."""
import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from cocreate.evidence.registry import EVIDENCE_KINDS
from cocreate.extensions import db
from cocreate.projects.services import get_project_by_slug

from ..conftest import TEST_PASSWORD

ADMIN = "admin@miict.example"


@pytest.fixture
def admin(seeded, client, auth):
    assert auth.login(ADMIN, TEST_PASSWORD).status_code == 302
    return client


def text(response):
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_the_page_lists_what_the_registries_and_the_firewall_hold(seeded, admin):
    seeded.config["RETENTION_DAYS"] = {"survey_responses": 1825}
    page = text(admin.get("/privacy/ropa?lang=en"))
    with seeded.app_context():
        for kind in EVIDENCE_KINDS.values():
            assert str(kind.label) in page
    assert "Religion or belief" in page and "Health condition" in page  # special categories
    assert "work_permit" in page and "interpreter_needed" in page  # what an IMMERSE profile holds
    assert "employment-office" in page and "job-matching" in page and "health-service" in page
    assert "1825 days" in page and "No period set" in page
    assert "&lt;5" in page  # the suppression threshold


def test_a_new_firewall_rule_shows_at_once(seeded, admin):
    """Nothing is typed: a change to the firewall in force is in the next record."""
    from cocreate.immerse import services as immerse

    assert "tax-office" not in text(admin.get("/privacy/ropa"))
    with seeded.app_context():
        project = get_project_by_slug("miict")
        document = immerse.current(project, "firewall").document
        rules = document["rules"] + [{"authority": "tax-office", "purpose": "benefit-check", "attribute": "region",
                                      "action": "allow", "requirements": ["REQ-002"]}]
        immerse.save(project, "firewall", {"rules": rules}, actor=None)
        db.session.commit()
    page = text(admin.get("/privacy/ropa"))
    assert "tax-office" in page and "benefit-check" in page and "region: released as it is" in page


def test_what_the_firewall_drops_is_not_a_disclosure(seeded, admin):
    page = text(admin.get("/privacy/ropa"))
    assert "ethnicity: " not in page  # the demo's firewall drops ethnicity for every purpose


@pytest.mark.parametrize("language", ["es", "it", "el", "fr", "ar"])
def test_the_page_is_translated(seeded, admin, language):
    page = text(admin.get(f"/privacy/ropa?lang={language}"))
    assert f'lang="{language}"' in page
    for english in ("Record of processing activities", "Purposes of processing", "Recipients", "Safeguards",
                    "Retention periods", "Categories of personal data"):
        assert english not in page, (language, english)
    if language == "ar":
        assert 'dir="rtl"' in page


def test_the_docx_repeats_header_rows_and_reads_right_to_left_in_arabic(seeded, admin):
    response = admin.get("/privacy/ropa.docx?lang=ar")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    document = Document(io.BytesIO(response.data))
    assert len(document.tables) == 6
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert table._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    english = admin.get("/privacy/ropa.docx?lang=en")
    words = "\n".join(cell.text for table in Document(io.BytesIO(english.data)).tables
                      for row in table.rows for cell in row.cells)
    assert "employment-office" in words and "Record of processing activities" in Document(
        io.BytesIO(english.data)).paragraphs[0].text
