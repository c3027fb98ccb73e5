"""`flask privacy export|erase|purge-expired`: the same rights from the command line, each one transaction."""
import io
import json
import zipfile

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.participants.models import Participant

from .conftest import CODE


def exists(app, participant_id):
    with app.app_context():
        return db.session.get(Participant, participant_id) is not None


def test_export_writes_the_zip(seeded, person, tmp_path):
    out = tmp_path / "data.zip"
    result = seeded.test_cli_runner().invoke(args=["privacy", "export", "--project", "miict", CODE.lower(),
                                                   "--out", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        assert json.loads(archive.read("data.json"))["participant"]["code"] == CODE


def test_a_code_of_another_project_is_not_found(seeded, person, tmp_path):
    with seeded.app_context():
        from cocreate.projects.models import Project
        db.session.add(Project(slug="other", name="Other project"))
        db.session.commit()
    runner = seeded.test_cli_runner()
    result = runner.invoke(args=["privacy", "erase", "--project", "other", CODE, "--yes"])
    assert result.exit_code != 0 and "There is no participant" in result.output
    result = runner.invoke(args=["privacy", "erase", "--project", "nowhere", CODE, "--yes"])
    assert result.exit_code != 0 and "There is no project" in result.output
    assert exists(seeded, person.id)


def test_erase_asks_first_and_stops_on_no(seeded, person):
    result = seeded.test_cli_runner().invoke(args=["privacy", "erase", "--project", "miict", CODE], input="n\n")
    assert result.exit_code != 0
    assert "Erase ES-M-001 and all of it?" in result.output and "Quote" in result.output
    assert exists(seeded, person.id)


def test_erase_goes_ahead_on_yes(seeded, person):
    result = seeded.test_cli_runner().invoke(args=["privacy", "erase", "--project", "miict", CODE], input="y\n")
    assert result.exit_code == 0, result.output
    assert "Erased ES-M-001" in result.output
    assert not exists(seeded, person.id)


def test_erase_with_yes_asks_nothing(seeded, person):
    result = seeded.test_cli_runner().invoke(args=["privacy", "erase", "--project", "miict", CODE, "--yes"])
    assert result.exit_code == 0, result.output
    assert "Erase ES-M-001 and all of it?" not in result.output
    assert not exists(seeded, person.id)
    with seeded.app_context():
        assert db.session.scalar(sa.select(Participant).where(Participant.code == CODE)) is None
