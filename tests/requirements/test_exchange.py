"""The register as CSV and XLSX (cells a spreadsheet never runs as formulas), and the command line:
`requirements export --format reqif|csv|xlsx` and `requirements import` with its report and `--dry-run`;
every export is recorded in the audit log as data accessed."""
import csv
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from cocreate.audit.models import AuditEntry
from cocreate.extensions import db
from cocreate.projects.services import get_project_by_slug
from cocreate.requirements import exchange
from cocreate.requirements import services as requirements
from cocreate.requirements.models import ItemLink, Requirement

KEY = "matching/weight/optional_skill"


@pytest.fixture
def register(app, make_project):
    make_project("demo", sites=("ES",))
    make_project("empty", sites=("ES",))
    with app.app_context():
        project = get_project_by_slug("demo")
        first = requirements.create_requirement(project, actor=None, title="=HYPERLINK(\"http://x\")",
                                                statement="+1 forms in Arabic", type="language", priority="must",
                                                site_codes="ES")
        second = requirements.create_requirement(project, actor=None, title="Optional skills count",
                                                 statement="Optional skills weigh less.", type="functional",
                                                 priority="should")
        requirements.relate(second, "refines", first, actor=None)
        db.session.add(ItemLink(requirement_id=second.id, key=KEY))
        db.session.commit()
    return "demo"


def test_the_csv_has_a_row_per_requirement_and_no_formula(app, register):
    with app.app_context():
        rows = list(csv.reader(io.StringIO(exchange.to_csv(get_project_by_slug("demo")).decode("utf-8-sig"))))
    header, first, second = rows
    assert header[:3] == ["identifier", "title", "statement"]
    assert first[:3] == ["REQ-001", "'=HYPERLINK(\"http://x\")", "'+1 forms in Arabic"]
    assert second[header.index("refines")] == "REQ-001" and second[header.index("items")] == KEY


def test_the_xlsx_holds_the_same_rows_as_text(app, register):
    with app.app_context():
        workbook = load_workbook(io.BytesIO(exchange.to_xlsx(get_project_by_slug("demo"))))
    sheet = workbook["requirements"]
    cell = sheet["B2"]
    assert cell.value == "'=HYPERLINK(\"http://x\")" and cell.data_type == "s"
    assert [c.value for c in sheet[3]][:2] == ["REQ-002", "Optional skills count"]


@pytest.mark.parametrize("fmt", ["reqif", "csv", "xlsx"])
def test_the_command_line_exports_and_the_audit_log_records_it(app, runner, register, tmp_path, fmt):
    out = tmp_path / f"register.{fmt}"
    result = runner.invoke(args=["requirements", "export", "--project", "demo", "--format", fmt,
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    with app.app_context():
        entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "requirements.exported")).one()
        assert fmt in entry.details


def test_the_command_line_imports_with_a_report_and_a_dry_run_writes_nothing(app, runner, register, tmp_path):
    out = tmp_path / "register.reqif"
    runner.invoke(args=["requirements", "export", "--project", "demo", "--format", "reqif", "--out", str(out)])
    out.write_text(out.read_text().replace("Optional skills count", "Optional skills count less"))

    dry = runner.invoke(args=["requirements", "import", "--project", "demo", "--dry-run", str(out)])
    assert dry.exit_code == 0, dry.output
    assert "REQ-001: unchanged" in dry.output and "REQ-002: changed" in dry.output
    assert "'Optional skills count' → 'Optional skills count less'" in dry.output
    assert "nothing was written" in dry.output
    with app.app_context():
        assert db.session.scalar(sa.select(Requirement.title).where(Requirement.number == 2)) == \
            "Optional skills count"

    done = runner.invoke(args=["requirements", "import", "--project", "demo", str(out)])
    assert done.exit_code == 0 and "0 new, 1 changed, 1 unchanged; imported" in done.output
    with app.app_context():
        assert db.session.scalar(sa.select(Requirement.title).where(Requirement.number == 2)) == \
            "Optional skills count less"

    fresh = runner.invoke(args=["requirements", "import", "--project", "empty", str(out)])
    assert "REQ-001: new" in fresh.output and "2 new" in fresh.output


def test_the_command_line_refuses_a_bad_file_with_its_message(app, runner, register, tmp_path):
    bad = tmp_path / "bad.reqif"
    bad.write_text("<html/>")
    result = runner.invoke(args=["requirements", "import", "--project", "demo", str(bad)])
    assert result.exit_code == 1 and "not ReqIF" in result.output
    unknown = runner.invoke(args=["requirements", "import", "--project", "nowhere", str(bad)])
    assert unknown.exit_code == 2
