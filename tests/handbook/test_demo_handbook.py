"""The demo's handbook, read back with python-docx: every chapter, and nothing that may not be published."""
import re
import zipfile

from docx import Document
from docx.oxml.ns import qn

from handbook import text

from .conftest import all_text, build_docx, package_text

EN = text.words(text.translations("en"))


def headings(path, level):
    return [p.text for p in Document(str(path)).paragraphs if p.style.name == f"Heading {level}"]


def test_every_chapter_is_there_for_the_demo(demo_handbooks, demo_snapshots):
    found = headings(demo_handbooks["en"], 1)
    sites = [EN.site_chapter % {"site": site.name} for site in demo_snapshots["en"].sites]
    assert found == [EN.summary, EN.approach, *sites, EN.themes, EN.surveys, EN.prototypes, EN.requirements,
                     EN.configuration, EN.lessons, EN.ethics, EN.appendix, EN.matrix]
    assert len(sites) == 3
    doc = Document(str(demo_handbooks["en"]))
    assert doc.paragraphs[6].text == demo_snapshots["en"].project.name  # the title page
    assert doc.core_properties.author == demo_snapshots["en"].project.name
    assert 'TOC \\o "1-3"' in package_text(demo_handbooks["en"])
    assert '<w:updateFields w:val="true"/>' in package_text(demo_handbooks["en"])


def test_the_demo_has_substance(demo_handbooks):
    written = all_text(demo_handbooks["en"])
    for expected in ("Focus group", "Women-only focus group", "Information scattered",
                     "I don't know which office gives the health card.", "Needs questionnaire: work and public services",
                     "Mean SUS score", "Quotes in publications"):
        assert expected in written


def test_no_participant_code_anywhere(demo_handbooks, demo_secrets):
    codes, _values, _quotes = demo_secrets
    assert len(codes) > 50
    for path in demo_handbooks.values():
        everything = all_text(path) + package_text(path)
        assert [code for code in codes if code in everything] == []


def test_no_special_category_value(demo_handbooks, demo_secrets):
    _codes, values, _quotes = demo_secrets
    assert {"woman", "SY", "25-34"} <= values
    for path in demo_handbooks.values():
        written = all_text(path)
        assert [value for value in values if re.search(rf"(?<!\w){re.escape(value)}(?!\w)", written)] == []


def test_no_quote_of_someone_who_may_not_be_quoted(demo_handbooks, demo_secrets):
    _codes, _values, hidden = demo_secrets
    assert hidden  # the demo has a speaker who withdrew consent to quotes
    written = all_text(demo_handbooks["en"])
    assert [quote for quote in hidden if quote in written] == []


SMALL = {"1", "2", "3", "4"}
# Tables that count people (or what they said), by their first header: the columns that hold those counts.
PEOPLE_COLUMNS = {
    EN.date: (EN.attended,),                          # a pilot site's workshops: who was present
    EN.group: (EN.people,),                           # who took part, by stakeholder group
    EN.consent_scope: (EN.consenting,),
    EN.version_label: (EN.respondents, EN.sus_answers),
    EN.task: (EN.attempts,),
    EN.answer: (EN.count,),                           # a survey question's answers
    EN.code: None,                                    # codes applied to what people said: every column but the first
    EN.pair: (EN.times,),
    EN.identifier: (EN.evidence,),                    # the register and the matrix: evidence items behind each
}
PEOPLE_FIGURES = (EN.participants_label, EN.responses_label)  # rows of the key figures
PEOPLE_PHRASES = (f"{EN.responses}: ", f"{EN.answered}: ", f"{EN.respondents}: ")


def people_counts(path):
    """Every count of people the document prints: the cells of the columns that count people, the key figures
    of people, and the phrases "Responses: …", "Answered: …", "Respondents: …"."""
    doc = Document(str(path))
    found = []
    for table in doc.tables:
        header = [cell.text for cell in table.rows[0].cells]
        body = [[cell.text for cell in row.cells] for row in table.rows[1:]]
        if header[0] == EN.measure:
            found += [row[1] for row in body if row[0] in PEOPLE_FIGURES]
        elif header[0] in PEOPLE_COLUMNS:
            columns = PEOPLE_COLUMNS[header[0]]
            indexes = range(1, len(header)) if columns is None else [header.index(name) for name in columns
                                                                     if name in header]
            found += [row[index] for row in body for index in indexes]
    for paragraph in doc.paragraphs:
        for phrase in PEOPLE_PHRASES:
            if paragraph.text.startswith(phrase):
                found.append(paragraph.text[len(phrase):])
    return found


def test_no_count_of_people_below_five(demo_handbooks):
    counts = people_counts(demo_handbooks["en"])
    assert len(counts) > 100 and "<5" in counts
    assert [count for count in counts if count.strip() in SMALL] == []


def test_counts_that_are_not_of_people_are_plain_numbers(demo_handbooks, demo_snapshots):
    """Three pilot sites are 3: sessions, workshops, requirements and the sites and groups behind a
    requirement are not people, and a small one is printed as it is (its evidence items are suppressed)."""
    doc = Document(str(demo_handbooks["en"]))
    tables = {}
    for table in doc.tables:  # the first table of each kind (the matrix also starts with "Identifier")
        tables.setdefault(table.rows[0].cells[0].text, [[cell.text for cell in row.cells] for row in table.rows])
    figures = dict(row for row in tables[EN.measure][1:])
    assert figures[EN.workshops_label] == str(len(demo_snapshots["en"].workshops))
    assert figures[EN.requirements_label] == str(len(demo_snapshots["en"].requirements))
    register = tables[EN.identifier]
    sites, groups = register[0].index(EN.evidence_sites), register[0].index(EN.evidence_groups)
    assert {row[sites] for row in register[1:]} & SMALL and {row[groups] for row in register[1:]} & SMALL
    assert "<5" not in [row[index] for row in register[1:] for index in (sites, groups)]
    sessions = [cell for row in tables[EN.method][1:] for cell in row[1:]]
    assert set(sessions) & SMALL and "<5" not in sessions


def test_the_count_check_sees_a_small_count_of_people(demo_snapshots, tmp_path):
    """The check itself: a snapshot with an unsuppressed small count of people is caught."""
    from dataclasses import replace

    from immerse_core.privacy import Count

    snapshot = demo_snapshots["en"]
    site = snapshot.sites[0]
    leaky = replace(snapshot, sites=(replace(site, groups=(replace(site.groups[0], count=Count(3)),)),
                                     *snapshot.sites[1:]))
    found = people_counts(build_docx(leaky, tmp_path / "leaky.docx"))
    assert [count for count in found if count in SMALL] == ["3"]


def test_every_figure_has_alternative_text_and_a_caption(demo_handbooks):
    doc = Document(str(demo_handbooks["en"]))
    body = doc.element.body
    pictures = list(body.iter(qn("wp:docPr")))
    assert pictures
    for doc_pr in pictures:
        assert doc_pr.get("descr", "").startswith(("Bar chart of how often each code was applied: ",
                                                   "Bar chart of the mean SUS score of each version of "))
    paragraphs = doc.paragraphs
    for index, paragraph in enumerate(paragraphs):
        if paragraph._p.findall(".//" + qn("wp:docPr")):
            assert paragraphs[index + 1].style.name == "Caption"
            assert paragraphs[index + 1].text.startswith(f"{EN.figure}: ")


def test_the_arabic_build_reads_right_to_left(demo_handbooks):
    doc = Document(str(demo_handbooks["ar"]))
    body = doc.element.body
    paragraphs = list(body.iter(qn("w:p")))
    assert paragraphs and all(p.find(qn("w:pPr")).find(qn("w:bidi")) is not None for p in paragraphs)
    tables = list(body.iter(qn("w:tbl")))
    assert tables and all(t.tblPr.find(qn("w:bidiVisual")) is not None for t in tables)
    assert "الملخص التنفيذي" in headings(demo_handbooks["ar"], 1)
    english = Document(str(demo_handbooks["en"])).element.body
    assert next(english.iter(qn("w:bidi")), None) is None


def test_header_rows_repeat_on_every_page(demo_handbooks):
    doc = Document(str(demo_handbooks["en"]))
    assert doc.tables
    for table in doc.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_two_builds_of_one_snapshot_are_the_same_bytes(demo_snapshots, tmp_path):
    first = build_docx(demo_snapshots["en"], tmp_path / "first.docx").read_bytes()
    second = build_docx(demo_snapshots["en"], tmp_path / "second.docx").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "first.docx") as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_two_snapshots_of_the_same_data_give_the_same_text(demo_app, demo_snapshots, tmp_path):
    from cocreate.handbook_data import build_snapshot
    from cocreate.projects.services import get_project_by_slug

    with demo_app.app_context():
        again = build_snapshot(get_project_by_slug("miict"), language="en", made_on=demo_snapshots["en"].made_on)
    assert again == demo_snapshots["en"]
    assert all_text(build_docx(again, tmp_path / "again.docx")) == all_text(
        build_docx(demo_snapshots["en"], tmp_path / "before.docx"))
