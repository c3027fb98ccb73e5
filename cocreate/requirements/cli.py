"""`flask --app cocreate requirements …`: a project's register to and from files."""
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..extensions import db
from ..projects.services import get_project_by_slug
from . import exchange


@click.group("requirements")
def requirements_cli():
    """Export and import a project's requirements."""


def _project(slug):
    project = get_project_by_slug(slug)
    if project is None:
        raise click.BadParameter(f"no project {slug}", param_hint="--project")
    return project


@requirements_cli.command("export")
@click.option("--project", "slug", required=True, help="Short name of the project.")
@click.option("--format", "fmt", type=click.Choice(sorted(exchange.FORMATS)), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The file to write.")
@with_appcontext
def export_command(slug, fmt, out):
    """Write the project's register as ReqIF 1.2, CSV or XLSX."""
    project = _project(slug)
    data, _mimetype, _name = exchange.export(project, fmt, actor=None)
    db.session.commit()  # the audit log's record of the export
    out.write_bytes(data)
    click.echo(f"wrote {out}")


@requirements_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--project", "slug", required=True, help="Short name of the project.")
@click.option("--dry-run", is_flag=True, help="Show what the import would change, and change nothing.")
@with_appcontext
def import_command(file, slug, dry_run):
    """Import a ReqIF file into the project: prints, per requirement, whether it is new, changed (with each
    field's old and new value) or unchanged."""
    project = _project(slug)
    try:
        plan = exchange.plan(project, file.read_bytes())
    except (exchange.ImportRefused, exchange.ReqIFError) as refused:
        db.session.rollback()
        raise click.ClickException(str(refused)) from None
    for line in exchange.report_lines(plan):
        click.echo(line)
    summary = (f"{plan.count('new')} new, {plan.count('changed')} changed, "
               f"{plan.count('unchanged')} unchanged")
    if dry_run:
        db.session.rollback()
        click.echo(f"{summary}; nothing was written (--dry-run)")
        return
    exchange.apply(project, plan, actor=None)
    db.session.commit()
    click.echo(f"{summary}; imported")
