"""`flask --app cocreate privacy export|erase|purge-expired`: a participant's rights and the retention periods
from the command line.  Each command is one transaction: committed when it succeeds, rolled back otherwise."""
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from ..projects.models import Project
from . import services


@click.group("privacy")
def privacy_cli():
    """A participant's own data (export, erasure) and the retention periods."""


def _participant(project_slug, code):
    project = db.session.scalar(sa.select(Project).where(Project.slug == project_slug))
    if project is None:
        raise click.ClickException(f"There is no project {project_slug!r}.")
    participant = services.find_participant(project, code)
    if participant is None:
        raise click.ClickException(f"There is no participant {code!r} in the project {project_slug!r}.")
    return participant


@privacy_cli.command("export")
@click.option("--project", "project_slug", required=True, help="The project's slug, e.g. miict.")
@click.argument("code")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True),
              help="The zip file to write (data.json and index.html).")
@with_appcontext
def export_command(project_slug, code, out):
    """Write everything the platform holds about participant CODE to a zip, for them to take."""
    participant = _participant(project_slug, code)
    _name, content = services.export_archive(participant, actor=None)
    Path(out).write_bytes(content)
    db.session.commit()  # the record of the export
    click.echo(f"Wrote the data of {participant.code} to {out}.")


@privacy_cli.command("erase")
@click.option("--project", "project_slug", required=True, help="The project's slug, e.g. miict.")
@click.argument("code")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def erase_command(project_slug, code, yes):
    """Erase participant CODE: everything they said or did, their consents and attributes, and the code."""
    participant = _participant(project_slug, code)
    code = participant.code
    if not yes:
        held = ", ".join(f"{h.label}: {h.count}" for h in services.holdings(participant) if h.count)
        click.echo(f"{code} holds: {held or 'nothing but the participant record'}.")
        click.confirm(f"Erase {code} and all of it? This cannot be undone", abort=True)
    try:
        erasure = services.erase(participant, actor=None)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    counts = ", ".join(f"{name}: {n}" for name, n in erasure.counts.items())
    click.echo(f"Erased {code} ({counts or 'the participant record only'}).")


@privacy_cli.command("purge-expired")
@click.option("--dry-run", is_flag=True, help="Only count what is past its time; delete nothing.")
@with_appcontext
def purge_expired_command(dry_run):
    """Delete what is past its retention period (RETENTION_DAYS) and say how much of each category."""
    try:
        report = services.purge_expired(current_app.config.get("RETENTION_DAYS"), dry_run=dry_run)
    except services.PrivacyError as error:
        raise click.ClickException(str(error)) from None
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    if not report:
        click.echo("No retention period is configured (RETENTION_DAYS): nothing is deleted for its age.")
        return
    verb = "would be deleted" if dry_run else "deleted"
    for name, n in report.items():
        click.echo(f"{name}: {n} {verb}")
