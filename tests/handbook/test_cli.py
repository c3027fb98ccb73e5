"""`flask handbook build`: options, a line per chapter, clear messages for what cannot be built."""
import pytest
from docx import Document
from docx.shared import RGBColor

from .conftest import all_text


@pytest.fixture
def demo_runner(seeded):
    return seeded.test_cli_runner()


def test_build_writes_the_handbook_with_a_line_per_chapter(demo_runner, tmp_path):
    out = tmp_path / "miict.docx"
    result = demo_runner.invoke(args=["handbook", "build", "--project", "miict", "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:4] == ["written: Co-Design for Public Service Transformation Handbook", "written: Contents",
                         "written: Executive summary", "written: The co-design approach"]
    assert len([line for line in lines if line.startswith("written: ")]) == 14  # one per chapter
    assert "Executive summary" in all_text(out)


def test_build_in_a_language_for_one_site_and_a_period(demo_runner, tmp_path):
    out = tmp_path / "es.docx"
    result = demo_runner.invoke(args=["handbook", "build", "--project", "miict", "--out", str(out), "--lang", "es",
                                      "--site", "ES", "--from", "2019-01-01", "--to", "2019-06-30"])
    assert result.exit_code == 0, result.output
    assert "written: Resumen ejecutivo" in result.output
    written = all_text(out)
    assert "Sitio piloto: Madrid (España)" in written
    assert "Del 2019-01-01 al 2019-06-30" in written
    assert "Paper prototypes of IMMERSE, version 2" not in written  # held in 2020


@pytest.mark.parametrize("option, value, message", [
    ("--site", "XX", "project 'miict' has no pilot site 'XX' (its sites: CY, ES, IT)"),
    ("--lang", "de", "unknown language 'de'; choose one of en, es, it, el, fr, ar"),
    ("--project", "nope", "no project 'nope'"),
])
def test_unknown_site_language_or_project_is_a_clear_message(demo_runner, tmp_path, option, value, message):
    args = {"--project": "miict", "--out": str(tmp_path / "x.docx")}
    args[option] = value
    result = demo_runner.invoke(args=["handbook", "build", *[part for pair in args.items() for part in pair]])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "x.docx").exists()


def test_a_template_that_is_not_a_docx_is_refused(demo_runner, tmp_path):
    template = tmp_path / "house-style.docx"
    template.write_text("not a word document")
    result = demo_runner.invoke(args=["handbook", "build", "--project", "miict", "--out", str(tmp_path / "x.docx"),
                                      "--template", str(template)])
    assert result.exit_code == 2
    assert f"The template {template} is not a Word document (.docx)." in result.output


def test_an_organisations_template_gives_its_styles(demo_runner, tmp_path):
    template = Document()
    heading = template.styles["Heading 1"]
    heading.font.name = "Liberation Serif"
    heading.font.color.rgb = RGBColor(0x8B, 0x00, 0x00)
    template.add_paragraph("Letterhead text of the template")
    template.save(tmp_path / "house-style.docx")
    out = tmp_path / "styled.docx"
    result = demo_runner.invoke(args=["handbook", "build", "--project", "miict", "--out", str(out),
                                      "--template", str(tmp_path / "house-style.docx")])
    assert result.exit_code == 0, result.output
    built = Document(str(out))
    assert built.styles["Heading 1"].font.name == "Liberation Serif"
    assert built.styles["Heading 1"].font.color.rgb == RGBColor(0x8B, 0x00, 0x00)
    assert "Letterhead text of the template" not in all_text(out)
    assert "Executive summary" in [p.text for p in built.paragraphs if p.style.name == "Heading 1"]
