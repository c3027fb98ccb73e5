"""`flask --app cocreate esco …` (the taxonomy) and `flask --app cocreate profiles import …` (CSV files)."""
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from ..extensions import db
from ..projects.services import get_project_by_slug
from . import esco, importing
from .labels import problem_message, refusal_message
from .services import refresh_unknown_uris


@click.group("esco")
def esco_cli():
    """Load the ESCO taxonomy (this service uses the ESCO classification of the European Commission)."""


@esco_cli.command("load")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def load_command(folder):
    """Load ESCO's CSV download from FOLDER (occupations_xx.csv, skills_xx.csv, occupationSkillRelations_xx.csv,
    in one language or several)."""
    try:
        report = esco.load_download(folder)
    except esco.EscoFileError as refused:
        db.session.rollback()
        raise click.ClickException(str(refused)) from None
    flagged = refresh_unknown_uris()
    db.session.commit()
    click.echo(f"languages: {', '.join(report.languages)}")
    click.echo(f"{report.occupations} occupations and {report.skills} skills read: {report.added} added, "
               f"{report.updated} updated")
    click.echo(f"relations: {report.relations_added} added, {report.relations_changed} changed, "
               f"{report.relations_skipped} skipped (naming a concept not loaded)")
    click.echo(f"profiles and opportunities whose unknown URIs changed: {flagged}")


@esco_cli.command("load-subset")
@with_appcontext
def load_subset_command():
    """Load the ESCO subset CoCreate ships (safe to run again)."""
    added, updated = esco.load_subset()
    refresh_unknown_uris()
    db.session.commit()
    click.echo(f"ESCO subset: {added} concepts added, {updated} updated, {len(esco.subset_uris())} in the subset")


@click.group("profiles")
def profiles_cli():
    """IMMERSE profiles and opportunities."""


@profiles_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--project", "slug", required=True, help="Short name of the project.")
@click.option("--kind", type=click.Choice(sorted(importing.KINDS)), default=None,
              help="What the file holds (found from its columns when not given).")
@click.option("--dry-run", is_flag=True, help="Check every row and write nothing.")
@click.option("--language", default="en", show_default=True, help="The language of the report.")
@with_appcontext
def import_command(file, slug, kind, dry_run, language):
    """Import profiles or opportunities from a CSV file: all rows or none, with a report per row."""
    project = get_project_by_slug(slug)
    if project is None:
        raise click.BadParameter(f"no project {slug}", param_hint="--project")
    with force_locale(language):
        try:
            plan = importing.plan(project, file.read_bytes(), kind)
        except importing.ImportRefused as refused:
            raise click.ClickException(refusal_message(refused)) from None
        for row in plan.rows:
            for problem in row.problems:
                level = "warning" if problem.warning else "error"
                click.echo(f"line {row.line}: {level}: {problem_message(problem)}")
    summary = (f"{len(plan.rows)} {plan.kind} read, {plan.refused_rows} refused, {plan.errors} errors, "
               f"{plan.warnings} warnings")
    if not plan.ok:
        db.session.rollback()
        raise click.ClickException(f"{summary}; nothing was written")
    if dry_run:
        db.session.rollback()
        click.echo(f"{summary}; nothing was written (--dry-run)")
        return
    written = importing.apply(project, plan, actor=None)
    db.session.commit()
    click.echo(f"{summary}; {written} {plan.kind} written")
