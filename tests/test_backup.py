"""A backup holds the database and the uploaded files with a manifest of checksums; a restore checks it,
asks first, and brings back every table's rows and every file exactly as they were; a damaged archive is
refused with a message and changes nothing.  Both are in the audit log.  Runs on SQLite and PostgreSQL."""
import gzip
import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from cocreate.audit import services as audit
from cocreate.audit.models import AuditEntry
from cocreate.extensions import db
from cocreate.projects.models import Project
from cocreate.workshops.models import Quote

AUDIT_TABLES = {"audit_entries", "audit_head"}


@pytest.fixture
def backed(seeded, tmp_path):
    """The demo with upload folders of its own (a copy of the demo's pictures), and a CLI runner."""
    uploads = tmp_path / "uploads"
    shutil.copytree(seeded.config["WORKSHOP_UPLOAD_FOLDER"], uploads)
    seeded.config.update(WORKSHOP_UPLOAD_FOLDER=str(uploads), PROTOTYPE_UPLOAD_FOLDER=str(uploads),
                         SURVEY_UPLOAD_FOLDER=str(uploads))
    return seeded


def rows(app):
    """{table: sorted rows} of every table, each value as text."""
    with app.app_context():
        found = {}
        for table in db.metadata.sorted_tables:
            found[table.name] = sorted(tuple(str(value) for value in row)
                                       for row in db.session.execute(sa.select(table)).all())
        db.session.remove()
        return found


def files(folder):
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(Path(folder).rglob("*")) if path.is_file()}


def change_everything(app, folder):
    with app.app_context():
        db.session.execute(sa.delete(Quote).where(Quote.id == db.session.scalar(sa.select(sa.func.min(Quote.id)))))
        db.session.execute(sa.update(Project).values(name="Renamed after the backup"))
        db.session.add(Project(slug="new-after-backup", name="New after the backup"))
        db.session.commit()
    pictures = sorted(p for p in Path(folder).rglob("*") if p.is_file())
    assert len(pictures) >= 3
    pictures[0].unlink()
    pictures[1].write_bytes(b"changed")
    (Path(folder) / "added-after-backup.png").write_bytes(b"new")


def test_a_restore_brings_back_every_row_and_every_file(backed, tmp_path):
    folder = backed.config["WORKSHOP_UPLOAD_FOLDER"]
    before, pictures = rows(backed), files(folder)
    runner = backed.test_cli_runner()
    archive = tmp_path / "backup.tar.gz"
    made = runner.invoke(args=["backup", "--out", str(archive)])
    assert made.exit_code == 0, made.output
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
    assert manifest["format"] == "cocreate-backup/1" and manifest["database"] in {"sqlite", "postgresql"}
    assert {"version", "created", "migration_head"} <= set(manifest)
    assert sum(name.startswith("files/") for name in manifest["files"]) == len(pictures)
    change_everything(backed, folder)
    assert rows(backed) != before and files(folder) != pictures
    done = runner.invoke(args=["restore", str(archive), "--yes"])
    assert done.exit_code == 0, done.output
    after = rows(backed)
    assert {t: r for t, r in after.items() if t not in AUDIT_TABLES} == {
        t: r for t, r in before.items() if t not in AUDIT_TABLES}
    assert files(folder) == pictures
    with backed.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [entry.action for entry in entries][-1] == "backup.restored"
        assert len(entries) == len(before["audit_entries"]) + 1  # the log as backed up, then the restore
        assert audit.verify().intact


def test_the_backup_is_recorded_in_the_audit_log(backed, tmp_path):
    assert backed.test_cli_runner().invoke(args=["backup", "--out", str(tmp_path / "b.tar.gz")]).exit_code == 0
    with backed.app_context():
        entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.action == "backup.made" and "b.tar.gz" in entry.details


def test_a_restore_asks_first_and_a_no_changes_nothing(backed, tmp_path):
    runner = backed.test_cli_runner()
    archive = tmp_path / "backup.tar.gz"
    assert runner.invoke(args=["backup", "--out", str(archive)]).exit_code == 0
    change_everything(backed, backed.config["WORKSHOP_UPLOAD_FOLDER"])
    changed, pictures = rows(backed), files(backed.config["WORKSHOP_UPLOAD_FOLDER"])
    refused = runner.invoke(args=["restore", str(archive)], input="n\n")
    assert refused.exit_code == 1 and "checksums correct" in refused.output and "Replace everything" in refused.output
    assert rows(backed) == changed and files(backed.config["WORKSHOP_UPLOAD_FOLDER"]) == pictures


def rewrite(archive, target, change):
    """A copy of `archive` with the member `change` names altered (its manifest left as it was)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if data is not None and change(member.name):
                data = data[:-1] + bytes([data[-1] ^ 1])
            if data is None:
                out.addfile(member)
            else:
                member.size = len(data)
                out.addfile(member, io.BytesIO(data))


@pytest.mark.parametrize("damage", ["truncated", "a picture changed", "the database changed", "not a backup"])
def test_a_damaged_archive_is_refused_with_a_message_and_changes_nothing(backed, tmp_path, damage):
    runner = backed.test_cli_runner()
    archive = tmp_path / "backup.tar.gz"
    assert runner.invoke(args=["backup", "--out", str(archive)]).exit_code == 0
    change_everything(backed, backed.config["WORKSHOP_UPLOAD_FOLDER"])
    changed, pictures = rows(backed), files(backed.config["WORKSHOP_UPLOAD_FOLDER"])
    bad = tmp_path / "bad.tar.gz"
    if damage == "truncated":
        bad.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    elif damage == "not a backup":
        bad.write_bytes(gzip.compress(b"just some text"))
    else:
        rewrite(archive, bad, (lambda name: name.startswith("files/")) if damage == "a picture changed"
                else (lambda name: name.startswith("database.")))
    refused = runner.invoke(args=["restore", str(bad), "--yes"])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert ("damaged" in refused.output or "not a" in refused.output), refused.output
    assert rows(backed) == changed and files(backed.config["WORKSHOP_UPLOAD_FOLDER"]) == pictures


def test_recordings_kept_in_a_folder_of_their_own_are_backed_up_too(backed, tmp_path):
    audio = tmp_path / "audio"
    audio.mkdir()
    (audio / "comment.webm").write_bytes(b"a recording")
    backed.config["PROTOTYPE_AUDIO_FOLDER"] = str(audio)
    runner = backed.test_cli_runner()
    archive = tmp_path / "backup.tar.gz"
    assert runner.invoke(args=["backup", "--out", str(archive)]).exit_code == 0
    (audio / "comment.webm").unlink()
    assert runner.invoke(args=["restore", str(archive), "--yes"]).exit_code == 0
    assert (audio / "comment.webm").read_bytes() == b"a recording"


@pytest.mark.parametrize("setting", ["SURVEY_UPLOAD_FOLDER", "SURVEY_MEDIA_UPLOAD_FOLDER"])
def test_survey_pictures_and_the_files_beside_them_are_backed_up(backed, tmp_path, setting):
    folder = tmp_path / setting.lower()
    (folder / "files").mkdir(parents=True)
    (folder / "answer.jpg").write_bytes(b"a picture")
    (folder / "files" / "answer.pdf").write_bytes(b"a document")
    backed.config[setting] = str(folder)
    runner = backed.test_cli_runner()
    archive = tmp_path / "backup.tar.gz"
    assert runner.invoke(args=["backup", "--out", str(archive)]).exit_code == 0
    shutil.rmtree(folder)
    assert runner.invoke(args=["restore", str(archive), "--yes"]).exit_code == 0
    assert (folder / "answer.jpg").read_bytes() == b"a picture"
    assert (folder / "files" / "answer.pdf").read_bytes() == b"a document"
