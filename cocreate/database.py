"""Database set-up shared by every feature: engine options and SQLite pragmas."""
import sqlite3
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from werkzeug.routing import IntegerConverter

from .extensions import db


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Foreign keys on and write-ahead logging for every SQLite connection (its wait for a lock is the
    connection's `timeout`, SQLITE_TIMEOUT in the configuration)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def analyze(connection=None):
    """Refresh the query planner's statistics (`ANALYZE`, on SQLite and PostgreSQL alike): after migrations
    and after large imports, without which SQLite may choose a poor index (and PostgreSQL guesses row counts)
    for the consent filters of analyses."""
    if connection is None:
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
    else:
        connection.execute(sa.text("ANALYZE"))


def utcnow():
    """The current time, timezone-aware, in UTC: the default of every `created_at`."""
    return datetime.now(timezone.utc)


def as_utc(moment):
    """SQLite hands back naive datetimes; every time stored here is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def enum_column(enum_class, length=30):
    """A string column holding an enum's values (portable: no native enum type on PostgreSQL)."""
    return sa.Enum(enum_class, native_enum=False, length=length,
                   values_callable=lambda members: [m.value for m in members])


def init_app(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # SQLite has no connection pool worth checking, and pre-ping costs a query per checkout.
        options = {k: v for k, v in app.config["SQLALCHEMY_ENGINE_OPTIONS"].items() if k != "pool_pre_ping"}
        # How long a request waits for another one's write lock before the database counts as busy (503).
        options["connect_args"] = {**options.get("connect_args", {}), "timeout": app.config["SQLITE_TIMEOUT"]}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)


class RowIdConverter(IntegerConverter):
    """`<int:...>` in URLs: a number the database can hold as an id (a signed 64-bit integer).  A longer one
    names nothing, so its URL is not found (instead of failing in the database driver)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2 ** 63 - 1)
        super().__init__(map, *args, **kwargs)


class byte_length(sa.sql.expression.FunctionElement):
    """SQL: the length of a text in bytes (UTF-8), `octet_length` on PostgreSQL and on SQLite the length of
    the text read as a blob (SQLite before 3.43 has no `octet_length`).  A text whose byte length is not its
    length in characters holds a character outside ASCII."""

    type = sa.Integer()
    inherit_cache = True


@compiles(byte_length)
def _byte_length(element, compiler, **kw):
    return f"octet_length({compiler.process(element.clauses, **kw)})"


@compiles(byte_length, "sqlite")
def _byte_length_sqlite(element, compiler, **kw):
    return f"length(CAST({compiler.process(element.clauses, **kw)} AS BLOB))"
