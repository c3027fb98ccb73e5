"""Profiles and opportunities from CSV: a report row by row, in the reader's language; a file with any error
writes nothing; unknown ESCO URIs are warnings, kept and flagged."""
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.profiles import services
from cocreate.profiles.models import Opportunity, Profile, ProtectedAttributes

from .conftest import OCCUPATION, OTHER_SKILL, SKILL, UNKNOWN

HEADER = ("site,skills,languages,qualifications,work_experience,region,availability,work_permit,"
          "contact_preferences,preferred_language,interpreter_needed,gender,date_of_birth,nationality")
GOOD = (f'ES,{SKILL} {OTHER_SKILL},ar:C2;es:A2,Diploma in catering|4|pending,{OCCUPATION}|3.5,Comunidad de Madrid,'
        f'part_time;evenings,granted,sms;phone,ar,yes,female,1990-05-17,MA')


def csv_file(tmp_path, *rows, header=HEADER, name="profiles.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return str(path)


def _counts(app):
    with app.app_context():
        return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model))
                     for model in (Profile, ProtectedAttributes, Opportunity))


def test_a_good_file_is_imported_with_every_attribute(app, runner, project, tmp_path):
    result = runner.invoke(args=["profiles", "import", csv_file(tmp_path, GOOD, GOOD), "--project", "immerse"])
    assert result.exit_code == 0, result.output
    assert "2 profiles read, 0 refused, 0 errors, 0 warnings; 2 profiles written" in result.output
    with app.app_context():
        first = services.records(project, ["skills", "languages", "qualifications", "work_experience",
                                           "availability", "interpreter_needed", "gender", "date_of_birth"])[0]
        assert first["skills"] == sorted([SKILL, OTHER_SKILL])
        assert first["languages"] == [{"language": "ar", "level": "C2"}, {"language": "es", "level": "A2"}]
        assert first["qualifications"] == [{"title": "Diploma in catering", "eqf": 4, "recognition": "pending"}]
        assert first["work_experience"] == [{"occupation": OCCUPATION, "years": 3.5}]
        assert first["availability"] == ["evenings", "part_time"] and first["interpreter_needed"] is True
        assert first["gender"] == "female" and first["date_of_birth"].isoformat() == "1990-05-17"
        assert db.session.scalar(sa.select(Profile.site_id)) is not None


def test_a_dry_run_reports_and_writes_nothing(app, runner, project, tmp_path):
    result = runner.invoke(args=["profiles", "import", csv_file(tmp_path, GOOD), "--project", "immerse",
                                 "--dry-run"])
    assert result.exit_code == 0 and "nothing was written (--dry-run)" in result.output
    assert _counts(app) == (0, 0, 0)


def test_each_bad_value_is_reported_on_its_line_and_nothing_is_written(app, runner, project, tmp_path):
    rows = [GOOD,
            GOOD.replace("ar:C2;es:A2", "ar:C2;es:C3"),
            GOOD.replace("Diploma in catering|4|pending", "Diploma in catering|9|pending"),
            GOOD.replace("|4|pending", "|4|approved"),
            GOOD.replace("1990-05-17", "17/05/1990"),
            GOOD.replace(SKILL, UNKNOWN)]
    result = runner.invoke(args=["profiles", "import", csv_file(tmp_path, *rows), "--project", "immerse"])
    assert result.exit_code == 1
    output = result.output
    assert "line 3: error: Languages: the level C3 is not a CEFR level (A1, A2, B1, B2, C1, C2)" in output
    assert "line 4: error: Qualifications: the level 9 is not an EQF level (1 to 8)" in output
    assert "line 5: error: Qualifications: approved is not a recognition status" in output
    assert "line 6: error: Date of birth: 17/05/1990 is not a date written YYYY-MM-DD" in output
    assert f"line 7: warning: ESCO classification: {UNKNOWN} is not in the loaded ESCO taxonomy: kept and flagged" in output
    assert "line 2:" not in output
    assert "6 profiles read, 4 refused, 4 errors, 1 warnings; nothing was written" in output
    assert _counts(app) == (0, 0, 0)


def test_unknown_uris_are_a_warning_and_the_rows_are_written_flagged(app, runner, project, tmp_path):
    result = runner.invoke(args=["profiles", "import", csv_file(tmp_path, GOOD.replace(SKILL, UNKNOWN)),
                                 "--project", "immerse"])
    assert result.exit_code == 0, result.output
    assert "1 warnings; 1 profiles written" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(Profile)).unknown_uris == [UNKNOWN]


def test_the_report_reads_in_the_language_asked_for(runner, project, tmp_path):
    result = runner.invoke(args=["profiles", "import", csv_file(tmp_path, GOOD.replace("es:A2", "es:Z1")),
                                 "--project", "immerse", "--language", "es"])
    assert "line 2: error: Idiomas: el nivel Z1 no es un nivel del MCER" in result.output


def test_a_file_with_unknown_columns_is_refused_as_a_whole(app, runner, project, tmp_path):
    result = runner.invoke(args=["profiles", "import", csv_file(tmp_path, "x", header="site,address"),
                                 "--project", "immerse"])
    assert result.exit_code == 1 and "Unknown columns: address." in result.output


def test_a_file_that_is_not_utf8_is_refused(runner, project, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(HEADER.encode() + b"\nES,,,,,M\xe1laga\n")
    result = runner.invoke(args=["profiles", "import", str(path), "--project", "immerse"])
    assert result.exit_code == 1 and "not UTF-8" in result.output


def test_an_unknown_site_is_an_error(runner, project, tmp_path):
    result = runner.invoke(args=["profiles", "import", csv_file(tmp_path, GOOD.replace("ES,", "GR,", 1)),
                                 "--project", "immerse"])
    assert result.exit_code == 1 and "line 2: error: Pilot site: the project has no pilot site GR" in result.output


def test_opportunities_are_imported_from_their_own_columns(app, runner, project, tmp_path):
    header = "site,kind,title,provider,occupation,essential_skills,optional_skills,languages,min_eqf,region,schedule"
    rows = [(f"ES,job,Kitchen porter,Hostelería Castellana,{OCCUPATION},{SKILL},{OTHER_SKILL},es:A2,2,"
            f"Comunidad de Madrid,full_time"),
            f"ES,training,Food hygiene,Asociación Puentes,,{OTHER_SKILL},,es:A1,,Comunidad de Madrid,evenings"]
    result = runner.invoke(args=["profiles", "import", csv_file(tmp_path, *rows, header=header, name="o.csv"),
                                 "--project", "immerse"])
    assert result.exit_code == 0, result.output
    assert "2 opportunities written" in result.output
    with app.app_context():
        job, training = services.opportunities(project)
        assert job["kind"] == "job" and job["min_eqf"] == 2 and job["essential_skills"] == [SKILL]
        assert training["kind"] == "training" and training["schedule"] == "evenings"
    bad = [f"ES,internship,Kitchen porter,,,{SKILL},,es:A2,0,,daily"]
    result = runner.invoke(args=["profiles", "import", csv_file(tmp_path, *bad, header=header, name="b.csv"),
                                 "--project", "immerse"])
    assert result.exit_code == 1
    assert "Kind: internship is not a kind of opportunity" in result.output
    assert "Minimum EQF level: the level 0 is not an EQF level" in result.output
    assert "Schedule: daily is not a schedule" in result.output
    assert _counts(app)[2] == 2


def test_checking_a_file_asks_the_taxonomy_once_whatever_its_length(app, project, tmp_path):
    from cocreate.profiles import importing
    from cocreate.projects.services import get_project_by_slug

    from .test_records import Statements

    data = "\n".join([HEADER, *[GOOD] * 200]).encode()
    with app.app_context():
        with Statements(db.engine) as statements:
            plan = importing.plan(get_project_by_slug("immerse"), data)
        assert plan.ok and len(plan.rows) == 200
        assert len(statements.touching("esco_concepts")) == 1
