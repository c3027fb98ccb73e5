"""`flask --app cocreate prototypes purge-pending`: delete the voice recordings whose walk was never sent."""
import click
from flask.cli import with_appcontext

from ..extensions import db
from . import services


@click.group("prototypes")
def prototypes_cli():
    """Prototype feedback."""


@prototypes_cli.command("purge-pending")
@with_appcontext
def purge_pending_command():
    """Delete recordings that waited longer than PROTOTYPE_PENDING_AUDIO_SECONDS for their feedback to be sent."""
    try:
        removed = services.purge_pending()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    click.echo(f"Deleted {removed} pending recording{'' if removed == 1 else 's'}.")
