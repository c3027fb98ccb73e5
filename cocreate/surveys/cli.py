"""`flask --app cocreate surveys …`: XLSForm import and exports from the command line."""
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..extensions import db
from ..projects.services import get_project_by_slug
from ..spreadsheets import csv_chunks
from . import exports, prompts, services, xlsform


@click.group("surveys")
def surveys_cli():
    """Import and export surveys."""


@surveys_cli.command("import-xlsform")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--project", "slug", required=True, help="Short name of the project the survey belongs to.")
@click.option("--media", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A zip of the pictures and sounds the form's media columns name, matched by file name.")
@with_appcontext
def import_xlsform_command(file, slug, media=None):
    """Import an XLSForm (.xlsx); prints the new survey's id and code, and what could not be imported."""
    project = get_project_by_slug(slug)
    if project is None:
        raise click.BadParameter(f"no project {slug}", param_hint="--project")
    try:
        reading = xlsform.read(file.read_bytes())
        survey = services.create_from_definition(project, reading.definition, actor=None)
    except (xlsform.XLSFormError, services.SurveyError) as error:
        db.session.rollback()
        for line in xlsform.report_lines(getattr(error, "problems", ())):
            click.echo(f"not imported: {line}", err=True)
        raise click.ClickException(str(error)) from None
    stored, refused = prompts.attach_zip(survey, media.read_bytes(), actor=None) if media else ([], [])
    db.session.commit()
    click.echo(f"survey {survey.id} code {survey.code}")
    for line in xlsform.report_lines(reading.problems):
        click.echo(f"not imported: {line}", err=True)
    for name, message in refused:
        click.echo(f"media not kept: {name}: {message}", err=True)
    missing = prompts.missing_media(survey)
    if media or missing:
        click.echo(f"media files kept: {len(stored)}; still expected: {len(missing)}")


@surveys_cli.command("export")
@click.argument("survey_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "xlsform", "xlsform-with-media"]), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write (csv also writes <name>.codebook.csv and <name>.<group>.csv per repeated "
                   "group beside it).")
@with_appcontext
def export_command(survey_id, fmt, out):
    """Export a survey's responses (csv, xlsx) or the survey itself (xlsform; xlsform-with-media: a zip of the
    form and, in media/, the files of its pictures and sounds)."""
    survey = services.get_survey(survey_id)
    if survey is None:
        raise click.BadParameter(f"no survey {survey_id}", param_hint="SURVEY_ID")
    if fmt == "csv":
        with out.open("wb") as file:
            file.writelines(exports.csv_stream(survey))
        written = [out]
        for group, (header, rows) in exports.entry_tables(survey).items():  # a file per repeated group
            written.append(out.with_name(f"{out.stem}.{group}.csv"))
            with written[-1].open("wb") as file:
                file.writelines(csv_chunks(header, rows))
        codebook = out.with_name(out.stem + ".codebook.csv")
        codebook.write_bytes(exports.to_csv(*exports.codebook(survey)))
        click.echo(f"wrote {', '.join(map(str, written))} and {codebook}")
    elif fmt == "xlsx":
        with out.open("wb") as file:
            exports.write_responses_xlsx(survey, file)
        click.echo(f"wrote {out}")
    elif fmt == "xlsform":
        out.write_bytes(xlsform.write(services.definition(survey)))
        click.echo(f"wrote {out}")
    else:
        out.write_bytes(prompts.export_zip(survey, xlsform.write(services.definition(survey)),
                                           f"survey-{survey.code}.xlsx"))
        click.echo(f"wrote {out}")
