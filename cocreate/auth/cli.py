import click
from flask.cli import with_appcontext

from ..extensions import db
from . import services
from .permissions import Role


@click.command("create-user")
@click.option("--email", required=True, help="The account's email, used to sign in.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]), help="What the account may do.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked for when not given (give it only in scripts).")
@click.option("--name", "display_name", default=None, help="Name shown to colleagues (default: the email's user part).")
@click.option("--organisation", default="", help="The account's organisation, e.g. the authority of an officer.")
@click.option("--project", "project_slugs", multiple=True, metavar="SLUG",
              help="A project the account works on (repeatable).")
@click.option("--site", "site_names", multiple=True, metavar="SLUG/CODE",
              help="A pilot site a facilitator works at, such as miict/ES (repeatable; brings its project).")
@with_appcontext
def create_user_command(email, role, password, display_name, organisation, project_slugs, site_names):
    """Create a staff account."""
    projects, sites = [_project(slug) for slug in project_slugs], [_site(name) for name in site_names]
    try:
        user = services.create_user(email, role, password, display_name=display_name, organisation=organisation,
                                    actor=None)
        services.set_memberships(user, projects=projects, sites=sites, actor=None)
    except services.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.role.value} account {user.email}")


def _project(slug):
    from ..projects.services import get_project_by_slug

    project = get_project_by_slug(slug)
    if project is None:
        raise click.BadParameter(f"no project {slug!r}", param_hint="--project")
    return project


def _site(name):
    from ..projects.services import get_site

    slug, _, code = name.partition("/")
    site = get_site(_project(slug), code) if code else None
    if site is None:
        raise click.BadParameter(f"no pilot site {name!r} (write it as project/CODE, such as miict/ES)",
                                 param_hint="--site")
    return site
