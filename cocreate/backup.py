"""Backups of the whole platform: the database and the uploaded files, in one archive, and bringing one back.

`flask --app cocreate backup --out FILE` writes a gzipped tar holding

- `database.sqlite3` (SQLite, copied through its backup API, so that the copy is consistent while the app
  writes) or `database.pgdump` (PostgreSQL, `pg_dump --format=custom`, one snapshot);
- `files/<SETTING>/…`: every upload folder (each feature's pictures and recordings, `pictures.FOLDERS`, and
  any other `…_UPLOAD_FOLDER` or `…_AUDIO_FOLDER` setting), named by its setting so that a restore finds it
  on another host;
- `manifest.json`: the format, the version of CoCreate, the date, the database's migration head and a
  SHA-256 checksum and size of every other member.

`flask --app cocreate restore FILE [--yes]` checks the archive before it touches anything, and refuses with a
message: a member whose name would land outside the folder it is unpacked into (`../x`, an absolute path) or
that is not a plain file or folder (a link, a device); a member missing, unlisted or whose checksum differs
from the manifest; a dump of the other kind of database than this app's, or none of its kind; a database at a
migration this version does not know (the manifest's, and the SQLite file's own); an
SQLite file that is not a sound database, a PostgreSQL dump `pg_restore` cannot read.  Then it asks for
confirmation, brings the database back (SQLite's backup API, or `pg_restore --clean`) and makes each upload folder hold exactly what
the archive holds.  Both are recorded in the audit log (the restore in the restored log, which continues the
chain it had when the backup was made).
"""
import hashlib
import io
import json
import os
import shutil
import sqlite3
# pg_dump and pg_restore are run with argument lists, never through a shell.
import subprocess  # nosec B404
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import lazy_gettext as _l

from .audit import register_audited
from .extensions import db
from .history import register_actions
from .pictures import FOLDERS
from .signals import emit

FORMAT = "cocreate-backup/1"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
CHUNK = 1 << 20

register_audited({"backup.made", "backup.restored"})
register_actions({"backup.made": _l("made a backup"), "backup.restored": _l("restored a backup")})


class BackupError(click.ClickException):
    """A backup that cannot be made or an archive that cannot be restored; the message says why."""


# --- what is backed up ------------------------------------------------------------------------------------------

def upload_folders(app):
    """{setting name: folder} of every upload folder: each feature's pictures and recordings
    (`pictures.FOLDERS`) and any other setting of that kind (`…_UPLOAD_FOLDER`, `…_AUDIO_FOLDER`).  A folder
    inside another one (recordings kept under the feature's uploads) is backed up with it; two settings
    that name one folder: the first of them."""
    found = [(key, folder.root()) for key, folder in sorted(FOLDERS.items())]
    suffixes = tuple(sorted({f"_{folder.SETTING}" for folder in FOLDERS.values()} | {"_UPLOAD_FOLDER"}))
    found += [(key, Path(value)) for key, value in sorted(app.config.items()) if key.endswith(suffixes) and value]
    folders = {}
    for key, folder in found:
        resolved = folder.resolve()
        if key in folders or any(resolved == kept.resolve() or resolved.is_relative_to(kept.resolve())
                                 for kept in folders.values()):
            continue
        for other, kept in list(folders.items()):  # a folder found earlier inside this one goes with it
            if kept.resolve().is_relative_to(resolved):
                del folders[other]
        folders[key] = folder
    return folders


def _dialect():
    return db.engine.dialect.name


def migration_head():
    """The revision the database is at (Alembic's `alembic_version`), or None for a schema built without it."""
    if not sa.inspect(db.engine).has_table("alembic_version"):
        return None
    with db.engine.connect() as connection:
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _version():
    try:
        return metadata.version("cocreate")
    except metadata.PackageNotFoundError:
        return "unknown"


def _libpq_url():
    """The database URL as pg_dump and pg_restore read it (no SQLAlchemy driver name)."""
    return db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_tool(app, name):
    folder = app.config.get("PG_BIN_DIR") or os.environ.get("PG_BIN_DIR")
    return str(Path(folder) / name) if folder else (shutil.which(name) or name)


def _run(command, what):
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # nosec B603
    except FileNotFoundError:
        raise BackupError(f"{command[0]} was not found: install the PostgreSQL client or set PG_BIN_DIR") from None
    if done.returncode != 0:
        raise BackupError(f"{what} failed: {done.stderr.strip()}")


# --- making a backup --------------------------------------------------------------------------------------------

def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _dump_database(app, folder):
    """The database, copied consistently into `folder`; returns the member name and the file."""
    if _dialect() == "sqlite":
        target = folder / SQLITE_MEMBER
        source = sqlite3.connect(db.engine.url.database)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return SQLITE_MEMBER, target
    if _dialect() == "postgresql":
        target = folder / POSTGRES_MEMBER
        _run([_pg_tool(app, "pg_dump"), "--format=custom", "--no-owner", f"--file={target}", _libpq_url()],
             "pg_dump")
        return POSTGRES_MEMBER, target
    raise BackupError(f"cannot back up a {_dialect()} database")


def make_backup(out, app=None):
    """Write the backup archive to `out`; returns its manifest."""
    app = app or current_app
    out = Path(out)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        name, dumped = _dump_database(app, scratch)
        members = {name: dumped}
        for key, folder in upload_folders(app).items():
            for path in sorted(Path(folder).rglob("*")) if Path(folder).is_dir() else ():
                if path.is_file():
                    members[str(PurePosixPath("files", key, *path.relative_to(folder).parts))] = path
        manifest = {"format": FORMAT, "version": _version(), "created": datetime.now(UTC).isoformat(),
                    "database": _dialect(), "migration_head": migration_head(),
                    "folders": sorted(upload_folders(app)),
                    "files": {member: {"sha256": _sha256(path), "bytes": path.stat().st_size}
                              for member, path in members.items()}}
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(datetime.now(UTC).timestamp())
            archive.addfile(info, io.BytesIO(data))
            for member, path in members.items():
                archive.add(path, arcname=member, recursive=False)
        partial.replace(out)  # a backup cut short never takes the place of a good one
    emit("backup.made", None, actor=None, file=out.name, database=manifest["database"],
         files=len(manifest["files"]), migration_head=manifest["migration_head"])
    db.session.commit()
    return manifest


# --- restoring one ----------------------------------------------------------------------------------------------

@dataclass
class Checked:
    manifest: dict
    folder: Path  # where the archive was unpacked, checked


def known_revisions():
    """Every migration revision this version of CoCreate has."""
    from alembic.script import ScriptDirectory

    return {revision.revision for revision in ScriptDirectory(str(Path(__file__).parent / "migrations"))
            .walk_revisions()}


def _unsafe(member):
    """Why an archive member may not be unpacked (None when it may): its name leaves the folder it is unpacked
    into, or it is not a plain file or folder."""
    name = PurePosixPath(member.name)
    if name.is_absolute() or member.name.startswith("\\") or ".." in name.parts or ":" in member.name:
        return "name"
    if not (member.isfile() or member.isdir()):
        return "type"
    return None


def check_archive(path, into):
    """Unpack the archive at `path` into `into` and check it against its manifest; raises BackupError."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = archive.getmembers()
            for member in members:
                if _unsafe(member):
                    raise BackupError(f"{path} holds a member with an unsafe {_unsafe(member)}, {member.name!r}: "
                                      "nothing was restored")
            names = [member.name for member in members]
            if MANIFEST not in names:
                raise BackupError(f"{path} is not a CoCreate backup: it has no {MANIFEST}")
            archive.extractall(into, filter="data")
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise BackupError(f"{path} is damaged or not a backup archive ({error})") from None
    try:
        manifest = json.loads((Path(into) / MANIFEST).read_text())
    except ValueError:
        raise BackupError(f"{path}: its manifest is damaged") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a backup this version can read (format {manifest.get('format')!r})")
    listed = manifest.get("files") or {}
    extra = set(names) - set(listed) - {MANIFEST} - {n for n in names if (Path(into) / n).is_dir()}
    if extra:
        raise BackupError(f"{path} holds files its manifest does not list: {', '.join(sorted(extra)[:5])}")
    for member, expected in listed.items():
        found = Path(into) / member
        if not found.is_file():
            raise BackupError(f"{path} is damaged: {member} is missing")
        if found.stat().st_size != expected.get("bytes") or _sha256(found) != expected.get("sha256"):
            raise BackupError(f"{path} is damaged: the checksum of {member} does not match its manifest")
    return Checked(manifest, Path(into))


def _sqlite_head(path, archive):
    """The migration head of the SQLite database at `path` (None without `alembic_version`), once SQLite has
    found it sound; BackupError when it is not a sound database."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if connection.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise sqlite3.DatabaseError("quick_check found faults")
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in tables:
                return None
            return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        finally:
            connection.close()
    except (sqlite3.Error, TypeError) as error:
        raise BackupError(f"{archive} is damaged: {SQLITE_MEMBER} is not a sound SQLite database ({error})") from None


def check_restorable(app, archive, checked):
    """Refuse (BackupError) a checked archive this app cannot bring back whole: a dump of the other kind of
    database, none of this kind, one at a migration this version does not know, or one that cannot be read."""
    manifest = checked.manifest
    if manifest.get("database") != _dialect():
        raise BackupError(f"this backup is of a {manifest.get('database')} database; this app uses {_dialect()}: "
                          "nothing was restored")
    member = SQLITE_MEMBER if _dialect() == "sqlite" else POSTGRES_MEMBER
    if member not in (manifest.get("files") or {}):
        raise BackupError(f"{archive} holds no database of the kind its manifest names ({member}): "
                          "nothing was restored")
    heads = [manifest.get("migration_head")]
    if _dialect() == "sqlite":
        heads.append(_sqlite_head(checked.folder / member, archive))
    else:
        _run([_pg_tool(app, "pg_restore"), "--list", str(checked.folder / member)],
             f"reading {member} (the dump is damaged or not a PostgreSQL dump)")
    for head in heads:
        if head is not None and head not in known_revisions():
            raise BackupError(f"this backup's database is at migration {head}, which this version of CoCreate "
                              "does not know: restore it with the version that made it")


def _restore_database(app, checked):
    db.session.remove()
    db.engine.dispose()
    if _dialect() == "sqlite":
        source = sqlite3.connect(checked.folder / SQLITE_MEMBER)
        target = sqlite3.connect(db.engine.url.database)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        _run([_pg_tool(app, "pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
              f"--dbname={_libpq_url()}", str(checked.folder / POSTGRES_MEMBER)],
             "pg_restore (the dump may be damaged; in one transaction, the database was left as it was)")
    db.engine.dispose()


def _restore_files(app, checked):
    """Make each upload folder hold exactly the archive's files for it."""
    folders = upload_folders(app)
    for key in checked.manifest.get("folders", []):
        folder = folders.get(key)
        if folder is None:
            click.echo(f"{key} is not set here: its files were left in the archive", err=True)
            continue
        folder = Path(folder)
        source = checked.folder / "files" / key
        if folder.exists():
            shutil.rmtree(folder)
        if source.is_dir():
            shutil.copytree(source, folder)
        else:
            folder.mkdir(parents=True)


def restore_backup(path, app=None, *, confirm=None):
    """Bring back the backup at `path`, checked first; `confirm(manifest)`, when given, is asked once the
    archive is checked and before anything changes (it aborts by raising).  Returns the manifest."""
    app = app or current_app
    with tempfile.TemporaryDirectory() as scratch:
        checked = check_archive(path, scratch)
        check_restorable(app, path, checked)
        if confirm is not None:
            confirm(checked.manifest)
        _restore_database(app, checked)
        _restore_files(app, checked)
    manifest = checked.manifest
    emit("backup.restored", None, actor=None, file=Path(path).name, created=manifest["created"],
         migration_head=manifest.get("migration_head"))
    db.session.commit()
    return manifest


# --- the commands -----------------------------------------------------------------------------------------------

@click.command("backup")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True),
              help="The archive to write (a .tar.gz).")
@with_appcontext
def backup_command(out):
    """Back up the database and the uploaded files into one archive, with a manifest of checksums."""
    manifest = make_backup(out)
    click.echo(f"backed up the {manifest['database']} database and {len(manifest['files']) - 1} files to {out}")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(archive, yes):
    """Replace the database and the uploaded files by those of a backup (checked before anything changes)."""
    def confirm(manifest):
        click.echo(f"{archive}: a backup made on {manifest['created']} by CoCreate {manifest['version']}, "
                   f"{len(manifest['files'])} files, checksums correct")
        if not yes:
            click.confirm("Replace everything in this app's database and upload folders with it?", abort=True)
    restore_backup(archive, confirm=confirm)
    click.echo("restored; `flask --app cocreate db upgrade` brings an older backup's database up to date")
