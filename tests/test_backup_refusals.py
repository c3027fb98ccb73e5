"""A restore refuses, with a message and before anything changes, an archive it cannot bring back whole: one
made from the other kind of database (a PostgreSQL dump into SQLite, an SQLite file into PostgreSQL), one
whose database is at a migration this version does not know (made by a newer version), one that is truncated
or corrupted, and one whose member names would write outside the folder it is unpacked into (`../x`, an
absolute path) or that holds links.  Runs on SQLite and PostgreSQL."""
import hashlib
import io
import json
import sqlite3
import tarfile

import pytest

from cocreate.extensions import db

from .test_backup import backed, change_everything, files, rows  # noqa: F401  (fixture)

SQLITE_MEMBER, POSTGRES_MEMBER = "database.sqlite3", "database.pgdump"


def _backup(app, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    made = app.test_cli_runner().invoke(args=["backup", "--out", str(archive)])
    assert made.exit_code == 0, made.output
    return archive


def _members(archive):
    """{name: bytes} of the archive's files."""
    with tarfile.open(archive) as opened:
        return {member.name: opened.extractfile(member).read() for member in opened.getmembers() if member.isfile()}


def _write(target, members, *, manifest_change=None, extra=()):
    """An archive of `members` ({name: bytes}), its manifest listing them with their true checksums (after
    `manifest_change(manifest)`), and `extra` raw TarInfo members appended as they are."""
    manifest = json.loads(members.pop("manifest.json"))
    manifest["files"] = {name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
                         for name, data in members.items()}
    if manifest_change is not None:
        manifest_change(manifest)
    data = json.dumps(manifest).encode()
    with tarfile.open(target, "w:gz") as out:
        for name, content in {"manifest.json": data, **members}.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            out.addfile(info, io.BytesIO(content))
        for info, content in extra:
            out.addfile(info, io.BytesIO(content) if content is not None else None)
    return target


def _an_sqlite_database(tmp_path):
    path = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE projects (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO projects (name) VALUES ('from another installation')")
    connection.commit()
    connection.close()
    return path.read_bytes()


def _refused(app, bad, *words):
    """Restore `bad`, assert a clean refusal naming `words`, and that nothing changed."""
    folder = app.config["WORKSHOP_UPLOAD_FOLDER"]
    change_everything(app, folder)
    changed, pictures = rows(app), files(folder)
    refused = app.test_cli_runner().invoke(args=["restore", str(bad), "--yes"])
    assert refused.exit_code == 1, refused.output
    assert "Traceback" not in refused.output and "Error:" in refused.output
    for word in words:
        assert word in refused.output, refused.output
    assert rows(app) == changed and files(folder) == pictures
    return refused.output


def test_a_dump_of_the_other_kind_of_database_is_refused(backed, tmp_path):  # noqa: F811
    archive = _backup(backed, tmp_path)
    members = _members(archive)
    with backed.app_context():
        dialect = db.engine.dialect.name
    if dialect == "sqlite":   # a PostgreSQL dump brought to SQLite
        del members[SQLITE_MEMBER]
        members[POSTGRES_MEMBER] = b"PGDMP" + bytes(200)
        other = "postgresql"
    else:                     # an SQLite database brought to PostgreSQL
        del members[POSTGRES_MEMBER]
        members[SQLITE_MEMBER] = _an_sqlite_database(tmp_path)
        other = "sqlite"
    bad = _write(tmp_path / "other.tar.gz", members, manifest_change=lambda m: m.update(database=other))
    _refused(backed, bad, f"{other} database", f"this app uses {dialect}")


def test_a_manifest_that_names_the_wrong_kind_of_dump_is_refused(backed, tmp_path):  # noqa: F811
    # The manifest says this kind of database, but the archive holds the other kind's dump: restoring it would
    # copy an empty database over this one.
    archive = _backup(backed, tmp_path)
    members = _members(archive)
    with backed.app_context():
        dialect = db.engine.dialect.name
    if dialect == "sqlite":
        del members[SQLITE_MEMBER]
        members[POSTGRES_MEMBER] = b"PGDMP" + bytes(200)
    else:
        del members[POSTGRES_MEMBER]
        members[SQLITE_MEMBER] = _an_sqlite_database(tmp_path)
    _refused(backed, _write(tmp_path / "mixed.tar.gz", members), "holds no database")


def test_a_backup_made_at_a_migration_this_version_does_not_know_is_refused(backed, tmp_path):  # noqa: F811
    members = _members(_backup(backed, tmp_path))
    bad = _write(tmp_path / "newer.tar.gz", members, manifest_change=lambda m: m.update(migration_head="9999"))
    output = _refused(backed, bad, "migration 9999", "does not know")
    assert "Replace everything" not in output   # refused before the question is asked


def test_an_sqlite_database_at_an_unknown_migration_is_refused_whatever_the_manifest_says(backed, tmp_path):  # noqa: F811
    with backed.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the migration of a PostgreSQL dump is read from its manifest")
    members = _members(_backup(backed, tmp_path))
    path = tmp_path / "newer.sqlite3"
    path.write_bytes(members[SQLITE_MEMBER])
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL)")
    connection.execute("DELETE FROM alembic_version")
    connection.execute("INSERT INTO alembic_version VALUES ('9999')")
    connection.commit()
    connection.close()
    members[SQLITE_MEMBER] = path.read_bytes()
    _refused(backed, _write(tmp_path / "newer.tar.gz", members), "migration 9999", "does not know")


def test_a_database_member_that_is_not_a_database_is_refused(backed, tmp_path):  # noqa: F811
    # Its checksum matches a manifest written for it: the damage was there when the backup was made.
    with backed.app_context():
        member = SQLITE_MEMBER if db.engine.dialect.name == "sqlite" else POSTGRES_MEMBER
    members = _members(_backup(backed, tmp_path))
    members[member] = members[member][: len(members[member]) // 3]
    _refused(backed, _write(tmp_path / "cut.tar.gz", members), "damaged")


@pytest.mark.parametrize("cut", ["end", "middle"])
def test_a_truncated_or_corrupted_archive_is_refused(backed, tmp_path, cut):  # noqa: F811
    data = bytearray(_backup(backed, tmp_path).read_bytes())
    if cut == "end":
        data = data[: len(data) * 2 // 3]
    else:
        middle = len(data) // 2
        data[middle:middle + 64] = bytes(64)
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(bytes(data))
    _refused(backed, bad, "damaged")


@pytest.mark.parametrize("name", ["../x", "files/WORKSHOP_UPLOAD_FOLDER/../../x", "/tmp/cocreate-restore-x"])
def test_a_member_named_outside_the_archive_is_refused(backed, tmp_path, name):  # noqa: F811
    members = _members(_backup(backed, tmp_path))
    members[name] = b"written outside"
    bad = _write(tmp_path / "escape.tar.gz", members)
    _refused(backed, bad, "unsafe", name)
    assert not (tmp_path / "x").exists() and not (tmp_path.parent / "x").exists()


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE])
def test_a_member_that_is_a_link_is_refused(backed, tmp_path, kind):  # noqa: F811
    members = _members(_backup(backed, tmp_path))
    link = tarfile.TarInfo("files/WORKSHOP_UPLOAD_FOLDER/link.png")
    link.type, link.linkname = kind, "manifest.json"
    bad = _write(tmp_path / "link.tar.gz", members, extra=[(link, None)])
    _refused(backed, bad, "unsafe", "link.png")
