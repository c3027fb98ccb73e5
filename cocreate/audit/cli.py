"""`flask --app cocreate audit verify`: check that no entry of the audit log was changed, removed or inserted."""
import click
from flask.cli import with_appcontext

from . import services


@click.group("audit")
def audit_cli():
    """The audit log."""


@audit_cli.command("verify")
@with_appcontext
def verify_command():
    """Walk the audit log's chain of digests; exit status 1 when it does not hold."""
    verdict = services.verify()
    if verdict.intact:
        click.echo(f"The audit log holds: {verdict.entries} entries, each chained to the one before.")
        return
    click.echo(f"The audit log does not hold at entry {verdict.broken_at}: {REASONS[verdict.reason]} "
               f"(entries 1 to {verdict.entries} hold).", err=True)
    raise SystemExit(1)


REASONS = {"missing": "an entry is missing", "link": "it is not chained to the entry before",
           "changed": "its content was changed after it was written"}
