"""`flask --app cocreate authority …`: the API tokens of authorities' systems."""
import click
from flask.cli import with_appcontext

from ..database import as_utc
from ..extensions import db
from ..projects.services import get_project_by_slug
from . import services


@click.group("authority")
def authority_cli():
    """API tokens of public authorities."""


def _authority(slug, project_slug):
    if project_slug:
        project = get_project_by_slug(project_slug)
        if project is None:
            raise click.BadParameter(f"no project {project_slug}", param_hint="--project")
        found = [authority for authority in [services.get_authority(project, slug)] if authority is not None]
    else:
        found = services.authorities_by_slug(slug)
    if not found:
        raise click.BadParameter(f"no authority {slug}", param_hint="--authority")
    if len(found) > 1:
        raise click.BadParameter(f"{slug} is an authority of several projects: name one with --project",
                                 param_hint="--authority")
    return found[0]


@authority_cli.command("create-token")
@click.option("--authority", "slug", required=True, help="Short name of the authority (employment-office).")
@click.option("--purpose", "purposes", multiple=True, required=True,
              help="A purpose the token may declare (repeatable); the authority must declare it.")
@click.option("--days", type=int, default=services.DAYS_DEFAULT, show_default=True,
              help=f"How many days the token is valid (1 to {services.DAYS_MAX}).")
@click.option("--project", "project_slug", default=None, help="The authority's project, when several have it.")
@with_appcontext
def create_token_command(slug, purposes, days, project_slug):
    """Create a token and print it once: only its digest is kept."""
    authority = _authority(slug, project_slug)
    try:
        token, secret = services.create_token(authority, list(purposes), days=days, actor=None)
    except services.AuthorityError as refused:
        db.session.rollback()
        raise click.ClickException(str(refused)) from None
    expires = as_utc(token.expires_at).strftime("%Y-%m-%d %H:%M UTC")
    db.session.commit()
    click.echo(secret)
    click.echo(f"token {token.id} of {authority.slug} for {', '.join(token.purposes)}, valid until {expires}. "
               f"It is shown this once only.", err=True)


@authority_cli.command("revoke-token")
@click.argument("token_id", type=int)
@with_appcontext
def revoke_token_command(token_id):
    """Revoke a token from now on."""
    token = services.get_token(token_id)
    if token is None:
        raise click.BadParameter(f"no token {token_id}", param_hint="TOKEN_ID")
    if not services.revoke_token(token, actor=None):
        click.echo(f"token {token_id} was revoked already")
        return
    db.session.commit()
    click.echo(f"token {token_id} revoked")


@authority_cli.command("tokens")
@with_appcontext
def tokens_command():
    """List the tokens, newest first, without their secrets."""
    page, number = services.list_tokens(page=1, per_page=500), 1
    while True:
        for token in page.items:
            expires = as_utc(token.expires_at).strftime("%Y-%m-%d")
            click.echo(f"{token.id}\t{token.authority.slug}\t{','.join(token.purposes)}\t{token.state()}\t"
                       f"expires {expires}")
        if not page.has_next:
            break
        number += 1
        page = services.list_tokens(page=number, per_page=500)
