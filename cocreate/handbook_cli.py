"""`flask --app cocreate handbook build`: the handbook of a project, or its policy brief (`--brief`), as a .docx."""
import click
from flask.cli import AppGroup

from handbook import brief as policy_brief
from handbook import document
from handbook import text as handbook_text

from .handbook_data import ScopeError, build_snapshot
from .projects.services import get_project_by_slug


handbook_cli = AppGroup("handbook", help="The Co-Design for Public Service Transformation Handbook.")


@handbook_cli.command("build")
@click.option("--project", "slug", required=True, help="The project's slug, e.g. miict.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True),
              help="The .docx file to write.")
@click.option("--lang", "language", default="en", show_default=True,
              help="Language of the fixed text: " + ", ".join(handbook_text.LANGUAGES) + ".")
@click.option("--site", "site_code", default=None, help="Only this pilot site (its code, e.g. ES).")
@click.option("--from", "date_from", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Only what happened on or after this day (YYYY-MM-DD).")
@click.option("--to", "date_to", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Only what happened on or before this day (YYYY-MM-DD).")
@click.option("--template", type=click.Path(dir_okay=False), default=None,
              help="An organisation's .docx whose styles the handbook uses.")
@click.option("--brief", "brief", is_flag=True, default=False,
              help="Write the policy brief (per pilot country) instead of the handbook.")
def build_command(slug, out, language, site_code, date_from, date_to, template, brief):
    """Write the handbook (or the policy brief) of a project, printing a line per chapter."""
    if language not in handbook_text.LANGUAGES:
        raise click.BadParameter(f"unknown language {language!r}; choose one of "
                                 f"{', '.join(handbook_text.LANGUAGES)}", param_hint="--lang")
    project = get_project_by_slug(slug)
    if project is None:
        raise click.BadParameter(f"no project {slug!r}", param_hint="--project")
    date_from = date_from.date() if date_from else None
    date_to = date_to.date() if date_to else None
    if date_from and date_to and date_from > date_to:
        raise click.BadParameter("--from is after --to", param_hint="--from")
    try:
        snapshot = build_snapshot(project, language=language, site_code=site_code, date_from=date_from,
                                  date_to=date_to)
    except ScopeError:
        known = ", ".join(site.code for site in project.sites) or "none"
        raise click.BadParameter(f"project {slug!r} has no pilot site {site_code!r} (its sites: {known})",
                                 param_hint="--site") from None
    writer = policy_brief if brief else document
    try:
        writer.build(snapshot, out, handbook_text.translations(language), template=template,
                       progress=lambda title: click.echo(f"written: {title}"))
    except document.HandbookError as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"The {'policy brief' if brief else 'handbook'} is in {out}")
