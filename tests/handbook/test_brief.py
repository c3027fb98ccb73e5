"""The demo's policy brief, read back with python-docx: each pilot country with its barriers, the requirements
they led to and the team's recommendations in their order; nothing that may not be published."""
import re
from datetime import date

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table

from handbook import snapshot as s
from handbook import text

from .conftest import all_text, build_brief, package_text

EN = text.words(text.translations("en"))
BRIEF = text.brief_words(text.translations("en"))


def chapters(path):
    """{Heading 1 text: (paragraph texts, tables as rows of cell texts)}, in document order."""
    doc = Document(str(path))
    found, current = {}, None
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            style = child.find(qn("w:pPr"))
            style = style.find(qn("w:pStyle")) if style is not None else None
            words = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if style is not None and style.get(qn("w:val")) == "Heading1":
                current = words
                found[current] = ([], [])
            elif current is not None:
                found[current][0].append(words)
        elif child.tag == qn("w:tbl") and current is not None:
            found[current][1].append([[cell.text for cell in row.cells] for row in Table(child, doc).rows])
    return found


def expected_countries(app):
    """{country heading: (barrier rows, requirement rows, recommendation texts)} as the app's own services
    give them: `evidence.services.theme_strength` over each country's coded excerpts (the brief page's
    function), the register, and the recommendations in their order."""
    from flask_babel import force_locale

    from cocreate.evidence.services import codebook, coded_excerpts, theme_strength
    from cocreate.i18n import country_name
    from cocreate.projects.services import get_project_by_slug
    from cocreate.requirements.recommendations import (
        pilot_countries,
        recommendations_of,
        sites_in,
    )
    from cocreate.requirements.services import requirements_of

    found = {}
    with app.app_context(), force_locale("en"):
        project = get_project_by_slug("miict")
        names = {code.id: code.name for code, _depth in codebook(project)}
        for country in pilot_countries(project):
            codes = {site.code for site in sites_in(project, country)}
            strength = theme_strength([e for e in coded_excerpts(project) if e.site.code in codes])
            barriers = sorted(([names[i], "<5" if 0 < n.excerpts < 5 else str(n.excerpts), str(n.sites),
                                str(n.groups)] for i, n in strength.items()), key=lambda row: row[0])
            recommendations = recommendations_of(project, country)
            cited = {r.id for rec in recommendations for r in rec.requirements}
            requirements = [[r.identifier, r.title, str(r.priority.label), str(r.status.label)]
                            for r in requirements_of(project) if set(r.site_code_list) & codes or r.id in cited]
            found[BRIEF.country % {"country": country_name(country)}] = (
                barriers, requirements, [rec.text for rec in recommendations])
    return found


def test_each_pilot_country_has_its_barriers_requirements_and_recommendations(demo_app, demo_briefs):
    written = chapters(demo_briefs["en"])
    expected = expected_countries(demo_app)
    assert list(written) == list(expected) and len(expected) == 3
    for heading, (barriers, requirements, recommendations) in expected.items():
        lines, tables = written[heading]
        assert barriers and requirements and len(recommendations) == 3, heading
        barrier_table = next(t for t in tables if t[0] == [BRIEF.theme, BRIEF.excerpts, BRIEF.evidence_sites,
                                                           BRIEF.evidence_groups])
        assert sorted(barrier_table[1:], key=lambda row: row[0]) == barriers
        requirement_table = next(t for t in tables if t[0] == [EN.identifier, EN.title, EN.priority, EN.status])
        assert requirement_table[1:] == requirements
        numbered = [line for line in lines if re.match(r"\d+\. ", line)]
        assert numbered == [f"{n}. {text}" for n, text in enumerate(recommendations, start=1)]


def test_recommendations_say_their_language_themes_and_requirements(demo_briefs):
    lines, _tables = chapters(demo_briefs["en"])[BRIEF.country % {"country": "Spain"}]
    assert "2. Reconocer la experiencia laboral informal en los perfiles de empleo, y no solo los títulos " \
           "homologados." in lines
    assert "Written in Spanish · Themes: Informal skills and Recognition of qualifications · " \
           "Requirements: REQ-003 and REQ-008" in lines


def test_no_participant_code_or_special_category_value(demo_briefs, demo_secrets):
    codes, values, hidden = demo_secrets
    for path in demo_briefs.values():
        everything = all_text(path) + package_text(path)
        assert [code for code in codes if code in everything] == []
        written = all_text(path)
        assert [value for value in values if re.search(rf"(?<!\w){re.escape(value)}(?!\w)", written)] == []
        assert [quote for quote in hidden if quote in written] == []


def test_no_count_of_what_people_said_below_five(demo_briefs):
    excerpts = []
    for _lines, tables in chapters(demo_briefs["en"]).values():
        for table in tables:
            if table[0][:2] == [BRIEF.theme, BRIEF.excerpts]:
                excerpts += [row[1] for row in table[1:]]
    assert excerpts and "<5" in excerpts
    assert [count for count in excerpts if count in {"1", "2", "3", "4"}] == []


def test_the_arabic_brief_reads_right_to_left(demo_briefs):
    body = Document(str(demo_briefs["ar"])).element.body
    paragraphs = list(body.iter(qn("w:p")))
    assert paragraphs and all(p.find(qn("w:pPr")).find(qn("w:bidi")) is not None for p in paragraphs)
    tables = list(body.iter(qn("w:tbl")))
    assert tables and all(t.tblPr.find(qn("w:bidiVisual")) is not None for t in tables)
    arabic = text.brief_words(text.translations("ar"))
    assert arabic.brief != BRIEF.brief and arabic.brief in all_text(demo_briefs["ar"])
    assert next(Document(str(demo_briefs["en"])).element.body.iter(qn("w:bidi")), None) is None


def test_two_builds_of_one_snapshot_are_the_same_bytes(demo_snapshots, tmp_path):
    first = build_brief(demo_snapshots["en"], tmp_path / "first.docx").read_bytes()
    assert build_brief(demo_snapshots["en"], tmp_path / "second.docx").read_bytes() == first


def test_a_project_without_sites_gives_a_brief_that_says_so(tmp_path):
    snapshot = s.Snapshot(project=s.Project("empty", "An empty project"), language="en", made_on=date(2026, 1, 1))
    lines = [p.text for p in Document(str(build_brief(snapshot, tmp_path / "empty.docx"))).paragraphs]
    assert BRIEF.no_countries in lines


def test_a_country_without_data_says_what_is_missing(tmp_path):
    snapshot = s.Snapshot(project=s.Project("p", "A project"), language="en", made_on=date(2026, 1, 1),
                          sites=(s.Site("GR", "Athens", "Greece"),),
                          countries=(s.Country("GR", "Greece", ("GR",)),))
    lines = [p.text for p in Document(str(build_brief(snapshot, tmp_path / "greece.docx"))).paragraphs]
    assert BRIEF.country % {"country": "Greece"} in lines
    for line in (BRIEF.no_barriers, BRIEF.no_requirements, BRIEF.no_recommendations):
        assert line in lines


def test_the_cli_writes_the_brief_for_one_site_in_a_language(seeded, tmp_path):
    out = tmp_path / "brief-es.docx"
    result = seeded.test_cli_runner().invoke(args=["handbook", "build", "--project", "miict", "--out", str(out),
                                                   "--brief", "--lang", "es", "--site", "ES"])
    assert result.exit_code == 0, result.output
    spanish = text.brief_words(text.translations("es"))
    assert result.output.splitlines()[:2] == [f"written: {spanish.brief}",
                                              f"written: {spanish.country % {'country': 'España'}}"]
    headings = [p.text for p in Document(str(out)).paragraphs if p.style.name == "Heading 1"]
    assert headings == [spanish.country % {"country": "España"}]
