"""The chapters written from prototypes, the IMMERSE configuration, the traceability matrix and the
facilitators' reflections, read back from the demo's handbook with python-docx."""
import sqlalchemy as sa
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table

from cocreate.extensions import db
from cocreate.projects.services import get_project_by_slug
from handbook import text

from .conftest import MADE_ON, all_text, build_docx

EN = text.words(text.translations("en"))


def section(path, title):
    """The paragraphs and tables of the chapter called `title` (a Heading 1), in document order, as text."""
    doc = Document(str(path))
    body, inside, lines, tables = doc.element.body, False, [], []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            style = child.find(qn("w:pPr"))
            style = style.find(qn("w:pStyle")) if style is not None else None
            words = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if style is not None and style.get(qn("w:val")) == "Heading1":
                inside = words == title
            if inside:
                lines.append(words)
        elif child.tag == qn("w:tbl") and inside:
            tables.append([[cell.text for cell in row.cells] for row in Table(child, doc).rows])
    return lines, tables


def test_prototype_iterations_show_versions_sus_tasks_and_verdicts(demo_app, demo_handbooks):
    from cocreate.prototypes import analysis
    from cocreate.prototypes.services import list_prototypes

    lines, tables = section(demo_handbooks["en"], EN.prototypes)
    assert lines, "no prototype chapter"
    with demo_app.app_context():
        prototypes = list_prototypes(get_project_by_slug("miict"))
        assert prototypes
        for prototype in prototypes:
            assert any(prototype.title in line for line in lines)
            summaries = [analysis.summarise(v) for v in prototype.versions]
            for version in prototype.versions:
                if version.note:
                    assert f"Version {version.number}. What changed: {version.note}" in lines
            sus_rows = next(t for t in tables if t[0][:2] == [EN.version_label, EN.respondents])
            for summary in summaries:
                if summary.sus:
                    mean, low, high = summary.sus
                    assert [f"Version {summary.version.number}", str(summary.count),
                            str(len(summary.sus_scores)), f"{mean:.1f}", f"{low:.1f} – {high:.1f}"] in sus_rows
            verdicts = [row[2] for t in tables if t[0][0] == EN.versions for row in t[1:]]
            for before, after in zip(summaries, summaries[1:]):
                if before.shown and after.shown:
                    for change in analysis.compare(before, after):
                        assert str(change.sentence) in verdicts
            task_rows = [row for t in tables if t[0][0] == EN.task for row in t[1:]]
            assert task_rows and all(row[1] == "<5" or int(row[1]) >= 5 for row in task_rows)


def test_the_sus_figure_has_alternative_text_with_its_numbers(demo_handbooks, demo_snapshots):
    doc = Document(str(demo_handbooks["en"]))
    alts = [d.get("descr") for d in doc.element.body.iter(qn("wp:docPr"))]
    prototype = next(p for p in demo_snapshots["en"].prototypes if any(v.sus_mean for v in p.versions))
    version = next(v for v in prototype.versions if v.sus_mean is not None)
    alt = next(a for a in alts if a.startswith(f"Bar chart of the mean SUS score of each version of {prototype.title}"))
    assert f"Version {version.number}: {round(version.sus_mean, 1)}" in alt
    assert f"{EN.figure}: " + EN.sus_caption % {"prototype": prototype.title} in all_text(demo_handbooks["en"])


def test_a_version_with_fewer_than_five_respondents_shows_no_score(demo_snapshots, tmp_path):
    from dataclasses import replace

    from immerse_core.privacy import Count

    snapshot = demo_snapshots["en"]
    prototype = snapshot.prototypes[0]
    small = replace(prototype.versions[0], respondents=Count(None), sus_n=Count(0), sus_mean=None, sus_low=None,
                    sus_high=None, tasks=())
    leaky = replace(snapshot, prototypes=(replace(prototype, versions=(small,), changes=()),))
    _lines, tables = section(build_docx(leaky, tmp_path / "small.docx"), EN.prototypes)
    assert tables[0][1] == [f"Version {small.number}", "<5", "0", "", ""]


def test_the_configuration_chapter_lists_items_by_module_with_the_requirements_behind_them(demo_app, demo_handbooks):
    from cocreate import configuration_items
    from cocreate.requirements.coverage import module_label, module_of
    from cocreate.requirements.services import requirements_behind

    lines, tables = section(demo_handbooks["en"], EN.configuration)
    rows = {row[0]: row for table in tables for row in table[1:]}
    with demo_app.app_context():
        project = get_project_by_slug("miict")
        items = configuration_items.items_of(project)
        assert items
        traced = 0
        for key in items:
            assert key in rows
            assert str(module_label(module_of(key))) in lines
            behind = requirements_behind(project, key)
            for link in behind:
                assert f"{link.requirement.identifier}: {link.requirement.title}" in rows[key][2].split("\n")
            traced += bool(behind)
            if not behind:
                assert rows[key][2] == "—"
    assert traced


def test_the_matrix_appendix_is_the_register_s_matrix_with_repeating_headers(demo_app, demo_handbooks):
    from cocreate.requirements.coverage import matrix, matrix_table

    _lines, tables = section(demo_handbooks["en"], EN.matrix)
    assert len(tables) == 1
    with demo_app.app_context():
        header, rows = matrix_table(*matrix(get_project_by_slug("miict")))
    assert tables[0][0] == header
    assert [row[:5] for row in tables[0][1:]] == [[str(cell) for cell in row[:5]] for row in rows]
    for written, row in zip(tables[0][1:], rows):
        assert written[5] == ("<5" if 0 < row[5] < 5 else str(row[5]))  # evidence items: what people said
        for index in (6, 7):  # pilot sites, stakeholder groups: not people, shown as they are
            assert written[index] == str(row[index])
    assert any(row[6] in {"1", "2", "3"} for row in tables[0][1:])
    table = next(t for t in Document(str(demo_handbooks["en"])).tables if t.rows[0].cells[0].text == header[0]
                 and len(t.columns) == len(header))
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    sections = Document(str(demo_handbooks["en"])).sections
    assert sections[0].orientation == WD_ORIENT.PORTRAIT and sections[-1].orientation == WD_ORIENT.LANDSCAPE
    assert sections[-1].page_width > sections[-1].page_height


def test_lessons_quote_the_facilitators_reflections(demo_app, demo_handbooks):
    from cocreate.workshops.models import Reflection

    lines, _tables = section(demo_handbooks["en"], EN.lessons)
    with demo_app.app_context():
        reflections = list(db.session.scalars(sa.select(Reflection)))
        assert reflections
        for reflection in reflections:
            for said in (reflection.what_worked, reflection.what_did_not, reflection.adaptations):
                assert f"“{said}”" in lines
    assert EN.what_worked in lines and EN.adaptations in lines


def test_a_participant_code_in_a_reflection_is_taken_out(seeded, tmp_path):
    from cocreate.handbook_data import build_snapshot
    from cocreate.participants.models import Participant
    from cocreate.workshops.models import Reflection

    with seeded.app_context():
        code = db.session.scalars(sa.select(Participant.code)).first()
        reflection = db.session.scalars(sa.select(Reflection)).first()
        reflection.what_worked = f"Asking {code} to lead the second table worked well."
        db.session.commit()
        snapshot = build_snapshot(get_project_by_slug("miict"), made_on=MADE_ON)
    written = all_text(build_docx(snapshot, tmp_path / "codes.docx"))
    assert code not in written
    assert "“Asking […] to lead the second table worked well.”" in written


def test_an_empty_project_says_what_these_chapters_miss(app, make_project, tmp_path):
    from cocreate.handbook_data import build_snapshot

    make_project("empty", name="A project just begun")
    with app.app_context():
        snapshot = build_snapshot(get_project_by_slug("empty"), made_on=MADE_ON)
    written = all_text(build_docx(snapshot, tmp_path / "empty.docx"))
    for line in (EN.no_prototypes, EN.no_reflections, EN.no_matrix):
        assert line in written


def test_the_new_chapters_are_titled_in_the_language_of_the_build(demo_handbooks):
    doc = Document(str(demo_handbooks["ar"]))
    titles = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    for title in ("تكرارات النماذج الأولية", "إعداد IMMERSE وأسبابه", "الدروس المستفادة وأفضل الممارسات",
                  "ملحق: مصفوفة التتبّع"):
        assert title in titles
