"""Commands that concern the whole application."""
import click

from . import i18n


@click.group("translations")
def translations_cli():
    """Keep the interface's message catalogs up to date."""


def selected_catalogs(packages):
    """The catalog folders of the named packages ('cocreate' for the core one), or all of them."""
    dirs = i18n.every_catalog_dir()
    if not packages:
        return dirs
    chosen = [d for d in dirs if d.parent.name in packages]
    unknown = set(packages) - {d.parent.name for d in chosen}
    if unknown:
        raise click.BadParameter(f"no catalog for {', '.join(sorted(unknown))}", param_hint="--package")
    return chosen


@translations_cli.command("update")
@click.option("--package", "packages", multiple=True,
              help="Only this package's catalog (e.g. surveys, or cocreate for the core); repeatable.")
def update_command(packages):
    """Extract every message from code and templates and merge it into each language's catalog."""
    for catalog_dir in selected_catalogs(packages):
        i18n.update_catalogs(catalog_dir)
        click.echo(f"updated {catalog_dir.relative_to(i18n.PACKAGE_ROOT.parent)}")


@translations_cli.command("compile")
def compile_command():
    """Build the .mo files the running app reads."""
    for catalog_dir in i18n.every_catalog_dir():
        i18n.compile_catalogs(catalog_dir)


@translations_cli.command("check")
def check_command():
    """Fail when a language misses a translation of a message used in code."""
    problems = 0
    for catalog_dir in i18n.every_catalog_dir():
        for language, msgids in i18n.missing_translations(catalog_dir).items():
            for msgid in msgids:
                problems += 1
                click.echo(f"{catalog_dir.parent.name} [{language}] missing: {msgid}")
    if problems:
        raise click.ClickException(f"{problems} missing translations")
    click.echo("every catalog is complete")
