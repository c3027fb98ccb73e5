"""`flask seed-demo`: the one demo story (see the project's DEMO notes), told by every feature.

Each feature contributes a seeding function; they run in order, in one
transaction, and each finds what exists before it creates anything, so the
command can run again and again with the same result.
"""
import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from .database import analyze
from .extensions import db

DEMO_PASSWORD_DEFAULT = "cocreate-demo"


def demo_seeders():
    """(name, function) of every feature's demo seeder, in the order they build on each other."""
    from .auth import demo as auth_demo
    from .authorities import demo as authorities_demo
    from .immerse import demo as immerse_demo
    from .profiles import demo as profiles_demo
    from .projects import demo as projects_demo
    from .prototypes import demo as prototypes_demo
    from .requirements import demo as requirements_demo
    from .surveys import demo as surveys_demo
    from .workshops import demo as workshops_demo

    return [
        ("accounts", auth_demo.seed),
        ("projects", projects_demo.seed),
        ("memberships", auth_demo.seed_memberships),
        ("authorities", authorities_demo.seed),
        ("profiles", profiles_demo.seed),  # IMMERSE's people and offers, named in the shipped ESCO subset
        ("workshops", workshops_demo.seed),
        ("surveys", surveys_demo.seed),
        ("requirements", requirements_demo.seed),
        ("immerse", immerse_demo.seed),  # after the register: its changes make links to the items suspect
        ("prototypes", prototypes_demo.seed),
    ]


def seed_demo(password=None):
    """Run every seeder; returns the demo accounts as (email, role) pairs."""
    password = password or current_app.config.get("DEMO_PASSWORD") or DEMO_PASSWORD_DEFAULT
    try:
        for _name, seeder in demo_seeders():
            seeder(password=password)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    analyze()
    from .auth.demo import demo_accounts
    return demo_accounts()


def database_is_empty():
    from .auth.models import User

    return db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


@click.command("seed-demo")
@click.option("--password", envvar="DEMO_PASSWORD", default=None,
              help=f"Password of the demo accounts (default: {DEMO_PASSWORD_DEFAULT}).")
@click.option("--if-empty", is_flag=True, help="Seed only a database that has no accounts yet.")
@with_appcontext
def seed_demo_command(password, if_empty):
    """Fill the database with the demo project (safe to run again)."""
    if if_empty and not database_is_empty():
        from .auth.demo import demo_accounts
        from .auth.services import find_user

        click.echo("The database already has data; the demo was not added again.")
        accounts = [(email, role) for email, role in demo_accounts() if find_user(email) is not None]
        if accounts:
            click.echo("Demo accounts in this database (with the password they were created with):")
            for email, role in accounts:
                click.echo(f"  {role:<12} {email}")
        return
    accounts = seed_demo(password)
    click.echo("Demo data ready. Sign in with any of these accounts:")
    for email, role in accounts:
        click.echo(f"  {role:<12} {email}")
    click.echo(f"Password: {password or DEMO_PASSWORD_DEFAULT} (accounts that existed before keep theirs)")
