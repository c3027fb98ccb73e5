"""Coverage of the register: evidence strength, every rule of a hole, the matrix with its filters and exports,
and the report per pilot site."""
import csv
import io
from datetime import date

import openpyxl
import pytest
import sqlalchemy as sa

from cocreate.configuration_items import items_of
from cocreate.evidence.registry import kind_of
from cocreate.extensions import db
from cocreate.participants.models import Consent, ConsentScope
from cocreate.participants.services import withdraw_consent
from cocreate.projects.services import get_project_by_slug
from cocreate.requirements import coverage
from cocreate.requirements.coverage import Hole
from cocreate.requirements.services import Strength
from cocreate.requirements.models import EvidenceLink, ItemLink, Requirement, Status, SuspectReason
from cocreate.requirements.services import create_requirement, strength
from cocreate.workshops.models import Quote

from ..conftest import TEST_PASSWORD

ADMIN = "admin@miict.example"


def _requirement(project, title, **fields):
    fields = {"type": "functional", "priority": "should", "statement": f"{title}.", **fields}
    return create_requirement(project, actor=None, title=title, **fields)


def _cite(requirement, quote):
    """Link a quote as the trace does: with the site and stakeholder group it came from."""
    link = EvidenceLink(requirement_id=requirement.id, kind="quote", target_id=quote.id, justification="Said so.",
                        site_id=quote.workshop.site_id, stakeholder_group=quote.speaker.stakeholder_group.value)
    db.session.add(link)
    db.session.flush()
    return link


def _quotes(project):
    """The demo's quotes of `project`, by pilot site code, each list by stakeholder group then id."""
    quotes = {}
    for quote in db.session.scalars(sa.select(Quote).order_by(Quote.id)):
        if quote.workshop.site.project_id == project.id and kind_of("quote").publishable(quote):
            quotes.setdefault(quote.workshop.site.code, []).append(quote)
    return quotes


@pytest.fixture
def register(seeded):
    """A small register in the demo project, one requirement per rule of a hole, and its ids by name."""
    with seeded.app_context():
        project = get_project_by_slug("miict")
        db.session.execute(sa.delete(Requirement).where(Requirement.project_id == project.id))
        quotes = _quotes(project)
        spain, italy, cyprus = quotes["ES"][0], quotes["IT"][0], quotes["CY"]
        cyprus_ngo = next(q for q in cyprus if q.speaker.stakeholder_group != spain.speaker.stakeholder_group)
        cyprus_same = next(q for q in cyprus if q.speaker.stakeholder_group == spain.speaker.stakeholder_group)
        made = {}
        made["none"] = _requirement(project, "Nothing behind it")
        made["derived"] = _requirement(project, "From the analysis", derived=True,
                                       derived_justification="Follows from REQ-001 and the law.")
        made["one_site"] = _requirement(project, "Heard in Cyprus only")
        _cite(made["one_site"], cyprus_same), _cite(made["one_site"], cyprus_ngo)
        made["one_group"] = _requirement(project, "One group says so")
        _cite(made["one_group"], spain), _cite(made["one_group"], italy)
        for name, title in (("broad", "Heard everywhere"), ("accepted", "Accepted, nothing implements it"),
                            ("suspect", "Its item changed")):
            made[name] = _requirement(project, title)
            _cite(made[name], spain), _cite(made[name], italy), _cite(made[name], cyprus_ngo)
        made["accepted"].status = Status.ACCEPTED
        db.session.add(ItemLink(requirement_id=made["suspect"].id, key="matching/weight/optional_skill",
                                suspect=True, suspect_reason=SuspectReason.ITEM_CHANGED))
        db.session.add(ItemLink(requirement_id=made["broad"].id,
                                key="firewall/employment-office/job-matching/gender"))
        db.session.commit()
        return {name: requirement.id for name, requirement in made.items()}


def _rows(**filters):
    rows, _modules = coverage.matrix(get_project_by_slug("miict"), **filters)
    return {row.requirement.title: row for row in rows}


def test_every_rule_of_a_hole(seeded, register):
    with seeded.app_context():
        rows = _rows()
        assert rows["Nothing behind it"].holes == (Hole.NO_EVIDENCE,)
        assert rows["From the analysis"].holes == ()  # derived, with its justification: not a hole
        assert rows["Heard in Cyprus only"].holes == (Hole.ONE_SITE,)
        assert rows["One group says so"].holes == (Hole.ONE_GROUP,)
        assert rows["Accepted, nothing implements it"].holes == (Hole.NO_ITEM,)
        assert rows["Its item changed"].holes == (Hole.SUSPECT,)
        assert rows["Heard everywhere"].holes == ()


def test_a_derived_requirement_without_justification_is_still_a_hole(seeded, register):
    with seeded.app_context():
        requirement = db.session.get(Requirement, register["derived"])
        requirement.derived_justification = " "
        assert _rows()["From the analysis"].holes == (Hole.NO_EVIDENCE,)


def test_strength_counts_items_sites_and_groups(seeded, register):
    with seeded.app_context():
        strengths = strength(db.session.scalars(sa.select(Requirement)).all())
        assert strengths[register["broad"]] == Strength(items=3, sites=3, groups=2)
        assert strengths[register["one_site"]] == Strength(items=2, sites=1, groups=2)
        assert strengths[register["none"]] == Strength()


def test_tombstones_and_withdrawn_consent_strengthen_nothing(seeded, register):
    with seeded.app_context():
        broad = db.session.get(Requirement, register["broad"])
        links = db.session.scalars(sa.select(EvidenceLink).where(EvidenceLink.requirement_id == broad.id)
                                   .order_by(EvidenceLink.id)).all()
        links[2].removed_on = date.today()  # the quote from Cyprus was erased
        assert strength([broad])[broad.id] == Strength(items=2, sites=2, groups=1)
        quote = db.session.get(Quote, links[1].target_id)
        consent = db.session.scalar(sa.select(Consent).where(Consent.participant_id == quote.speaker_id,
                                                             Consent.scope == ConsentScope.QUOTES))
        withdraw_consent(consent, actor=None)
        assert strength([broad])[broad.id] == Strength(items=1, sites=1, groups=1)
        assert _rows()["Heard everywhere"].holes == (Hole.ONE_SITE, Hole.ONE_GROUP)


def test_one_site_is_no_hole_in_a_project_of_one_site():
    requirement = Requirement(title="Local", status=Status.PROPOSED, derived=False, derived_justification="")
    assert coverage.holes_of(requirement, Strength(2, 1, 2), [], several_sites=False) == ()
    assert coverage.holes_of(requirement, Strength(2, 1, 2), [], several_sites=True) == (Hole.ONE_SITE,)


def test_filters_and_holes_only(seeded, register):
    with seeded.app_context():
        assert set(_rows(holes_only=True)) == {"Nothing behind it", "Heard in Cyprus only", "One group says so",
                                               "Accepted, nothing implements it", "Its item changed"}
        assert set(_rows(status="accepted")) == {"Accepted, nothing implements it"}
        # A site keeps the requirements that rest on evidence from it or are said to concern it.
        assert "Heard in Cyprus only" not in _rows(site="IT")
        assert "Heard everywhere" in _rows(site="IT")
        requirement = db.session.get(Requirement, register["none"])
        requirement.site_codes = "IT"
        assert "Nothing behind it" in _rows(site="IT")


def test_items_no_requirement_is_behind(seeded, register):
    with seeded.app_context():
        orphans = dict(coverage.items_without_requirement(get_project_by_slug("miict")))
        assert "firewall/employment-office/job-matching/gender" not in orphans
        assert "matching/weight/optional_skill" not in orphans
        assert set(orphans) == set(items_of(get_project_by_slug("miict"))) - {
            "firewall/employment-office/job-matching/gender",
                                                              "matching/weight/optional_skill"}


def test_the_report_counts_per_pilot_site(seeded, register):
    with seeded.app_context():
        requirement = db.session.get(Requirement, register["one_site"])
        requirement.site_codes = "CY,IT"
        report = coverage.report(get_project_by_slug("miict"))
        assert report.total == 7 and report.with_evidence == 5 and report.derived == 1
        assert report.holes[Hole.NO_EVIDENCE] == 1 and report.holes[Hole.SUSPECT] == 1
        by_code = {entry.site.code: entry for entry in report.sites}
        assert [by_code[code].backed for code in ("ES", "IT", "CY")] == [4, 4, 4]
        assert [by_code[code].evidence for code in ("ES", "IT", "CY")] == [4, 4, 5]
        assert [by_code[code].concerned_unbacked for code in ("ES", "IT", "CY")] == [0, 1, 0]


def test_the_matrix_page_with_its_filters(seeded, client, auth, register):
    assert auth.login(ADMIN, TEST_PASSWORD).status_code == 302
    html = client.get("/requirements/projects/miict/matrix?holes=1").get_data(as_text=True)
    assert "Heard in Cyprus only" in html and "Heard everywhere" not in html
    assert "Evidence from one pilot site only" in html and "matching/weight/optional_skill" in html
    assert "firewall/health-service/healthcare-access/preferred_language" in html  # an item with no requirement
    html = client.get("/requirements/projects/miict/matrix?status=nonsense&site=XX").get_data(as_text=True)
    assert "Heard everywhere" in html  # unknown filter values are dropped, not an error
    html = client.get("/requirements/projects/miict/matrix?lang=es").get_data(as_text=True)
    assert "Sin evidencia" in html


def test_the_matrix_exports_as_csv_and_xlsx_with_the_filters(seeded, client, auth, register):
    with seeded.app_context():
        db.session.get(Requirement, register["broad"]).title = "=HYPERLINK(\"http://x\")"
        db.session.commit()
    assert auth.login(ADMIN, TEST_PASSWORD).status_code == 302
    response = client.get("/requirements/projects/miict/matrix.csv?holes=1")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:3] == ["Identifier", "Title", "Type"] and rows[0][-1] == "Holes"
    assert len(rows) == 1 + 5
    suspect = next(row for row in rows if row[1] == "Its item changed")
    assert "matching/weight/optional_skill (suspect)" in suspect
    response = client.get("/requirements/projects/miict/matrix.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    sheet = book["traceability"]
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(\"http://x\")" in titles and len(titles) == 7
    assert sheet.cell(row=2, column=2).data_type == "s"
    orphans = [row[0] for row in book["items without requirement"].iter_rows(min_row=2, values_only=True)]
    assert "firewall/health-service/healthcare-access/preferred_language" in orphans


def test_the_coverage_page(seeded, client, auth, register):
    assert auth.login(ADMIN, TEST_PASSWORD).status_code == 302
    html = client.get("/requirements/projects/miict/coverage?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in html and 'data-bokeh-chart="site-coverage-chart"' in html
