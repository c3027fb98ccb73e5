"""The SQL statements a request runs, counted by a SQLAlchemy `before_cursor_execute` listener (not timed).

The tests that pin how many statements a page runs, on a small data set and on one ten times larger, read
them here: `statements(app, client, url)` gives the statements of one GET (each with its whitespace
squeezed) and its response, after checking that the page answered 200.
"""
from contextlib import contextmanager

import sqlalchemy as sa

from cocreate.extensions import db


@contextmanager
def recorded(app):
    """The statements run on the app's engine while the block runs, in a list that fills as they come."""
    seen = []

    def keep(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", keep)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", keep)


def statements(app, client, url, *, status=200):
    """The statements of `GET url` and its response, which must have `status`."""
    with recorded(app) as seen:
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return seen, response


def count(app, client, url, *, status=200):
    """How many statements `GET url` runs."""
    return len(statements(app, client, url, status=status)[0])
