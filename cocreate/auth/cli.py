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
@with_appcontext
def create_user_command(email, role, password, display_name, organisation):
    """Create a staff account."""
    try:
        user = services.create_user(email, role, password, display_name=display_name, organisation=organisation)
    except services.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.role.value} account {user.email}")
