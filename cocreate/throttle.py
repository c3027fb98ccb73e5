"""Limits on what one client address may try on the public pages: guessing participant codes, and submitting.

Counts live in the database (`throttle_counts`), so every worker of the server sees the same ones.  Each count
is of one client address (as `security` reads it: behind PROXY_HOPS proxies, the one they forward), one kind of
attempt (`scope`) and what is tried (`subject`, such as one survey) within a fixed window of time; the first
count of a new window clears away the windows of that client that ended more than a day ago.

- Participant codes: after CODE_GUESSES wrong codes on one linked survey or round within CODE_GUESS_WINDOW
  seconds, that address gets the same refusal, whatever code it sends, until the window ends.
- Handout codes (the 4-character codes of surveys and feedback rounds): after HANDOUT_CODE_GUESSES codes that
  open nothing within HANDOUT_CODE_GUESS_WINDOW seconds, that address is refused on every page and API call
  that opens something by such a code, the right code included, until the window ends (see `sharing`).
- Submissions: beyond SUBMISSIONS_PER_ADDRESS within SUBMISSION_WINDOW seconds, further submissions from that
  address are refused until the window ends.

A count is committed at once: it must outlive the rollback of the request it belongs to.  The one exception is
a submission to the API that goes on to be stored: its count joins the transaction that stores it
(`submission_and_handout_wait(commit=False)`, asked once the submission is valid, just before its INSERT), so that
it costs no commit of its own; a submission that is refused or fails validation is counted in a commit of its own
before the answer goes out.  The limit stays exact either way: each count is one atomic upsert whose RETURNING gives
the attempts so far, and a count is lost only when the database refuses the whole request (503: nothing stored).

The statements are built once per database dialect, their values bound at each use.
"""
import math
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from flask import current_app, jsonify, request
from flask_babel import force_locale, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db

CODE_GUESS = "code"
HANDOUT_CODE = "handout"
SUBMISSION = "submission"


class ThrottleCount(db.Model):
    """How many attempts of one kind one client address made on one subject in the window from `window_start`."""

    __tablename__ = "throttle_counts"
    __table_args__ = (sa.UniqueConstraint("scope", "client", "subject", "window_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(sa.String(16))
    client: Mapped[str] = mapped_column(sa.String(64))
    subject: Mapped[str] = mapped_column(sa.String(64))
    window_start: Mapped[int] = mapped_column(sa.BigInteger)  # its start, in seconds since 1970 (UTC)
    hits: Mapped[int] = mapped_column(default=1)

    def __repr__(self):
        return f"<ThrottleCount {self.scope} {self.client} {self.subject} {self.hits}>"


def _now():
    return datetime.now(timezone.utc)


def client_address():
    return (request.remote_addr or "")[:64]


def _limits(scope):
    config = current_app.config
    if scope == CODE_GUESS:
        return config["CODE_GUESSES"], config["CODE_GUESS_WINDOW"]
    if scope == HANDOUT_CODE:
        return config["HANDOUT_CODE_GUESSES"], config["HANDOUT_CODE_GUESS_WINDOW"]
    return config["SUBMISSIONS_PER_ADDRESS"], config["SUBMISSION_WINDOW"]


def _window(scope, now):
    """(start of the current window in seconds, seconds left in it)."""
    _limit, length = _limits(scope)
    seconds = int(now.timestamp())
    start = seconds - seconds % length
    return start, start + length - seconds


_statements = {}


def _statement(name, build):
    """The statement `name` for the database in use, built by `build(dialect name)` the first time."""
    dialect = db.engine.dialect.name
    statement = _statements.get((name, dialect))
    if statement is None:
        statement = _statements[name, dialect] = build(dialect)
    return statement


TABLE = ThrottleCount.__table__


def _hits_select(_dialect):
    return sa.select(TABLE.c.hits).where(
        TABLE.c.scope == sa.bindparam("scope"), TABLE.c.client == sa.bindparam("client"),
        TABLE.c.subject == sa.bindparam("subject"), TABLE.c.window_start == sa.bindparam("window_start"))


def _upsert(dialect, *also):
    """INSERT … ON CONFLICT DO UPDATE hits = hits + 1 RETURNING hits (and `also`), its values bound by name."""
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(TABLE)
    statement = insert.values(scope=sa.bindparam("scope"), client=sa.bindparam("client"),
                              subject=sa.bindparam("subject"), window_start=sa.bindparam("window_start"), hits=1)
    return statement.on_conflict_do_update(
        index_elements=["scope", "client", "subject", "window_start"],
        set_={"hits": TABLE.c.hits + 1}).returning(TABLE.c.hits, *also)


def _upsert_with_handout_codes(dialect):
    """The upsert of a submission, also returning the address's handout codes that opened nothing in their
    window (`code_window_start`)."""
    other = TABLE.alias("handout")
    code_hits = sa.select(other.c.hits).where(
        other.c.scope == HANDOUT_CODE, other.c.client == sa.bindparam("client"), other.c.subject == "",
        other.c.window_start == sa.bindparam("code_window_start")).scalar_subquery()
    return _upsert(dialect, code_hits)


def wait(scope, subject, *, now=None):
    """Seconds this client must wait before trying `subject` again, or None."""
    now = now or _now()
    limit, _length = _limits(scope)
    start, left = _window(scope, now)
    hits = db.session.scalar(_statement("hits", _hits_select), {
        "scope": scope, "client": client_address(), "subject": str(subject)[:64], "window_start": start})
    return left if (hits or 0) >= limit else None


def count(scope, subject, *, now=None):
    """Count one attempt of this client on `subject` (and commit it); returns the attempts in this window."""
    now = now or _now()
    start, _left = _window(scope, now)
    return _count_returning(scope, subject, start, now)[0]


def _count_returning(scope, subject, start, now, *, statement=None, commit=True, **also):
    """Count one attempt (committed unless `commit` is false); the row of `statement` (default: the plain
    upsert), attempts in this window first, `also` bound beside the count's own values."""
    client = client_address()
    row = db.session.connection().execute(statement if statement is not None else _statement("upsert", _upsert), {
        "scope": scope, "client": client, "subject": str(subject)[:64], "window_start": start, **also}).one()
    if row[0] == 1:  # a new window: forget this client's windows that ended more than a day ago
        _limit, length = _limits(scope)
        ended = int((now - timedelta(days=1)).timestamp()) - length
        db.session.execute(sa.delete(ThrottleCount).where(
            ThrottleCount.scope == scope, ThrottleCount.client == client, ThrottleCount.window_start < ended))
    if commit:
        db.session.commit()
    return tuple(row)


def code_guess_wait(subject):
    """Seconds before this client may try another participant code on `subject`, or None."""
    return wait(CODE_GUESS, subject)


def code_guess_failed(subject):
    """Count a participant code that was refused on `subject` (committed)."""
    count(CODE_GUESS, subject)


def submission_wait():
    """Count a submission from this client; seconds it must wait when it is beyond the limit, else None."""
    limit, _length = _limits(SUBMISSION)
    _start, left = _window(SUBMISSION, _now())
    return left if count(SUBMISSION, "") > limit else None


def handout_code_wait():
    """Seconds before this client may open anything by a handout code again, or None."""
    return wait(HANDOUT_CODE, "")


def handout_code_failed():
    """Count a handout code that opened nothing (committed); seconds to wait when that reached the limit."""
    limit, _length = _limits(HANDOUT_CODE)
    now = _now()
    _start, left = _window(HANDOUT_CODE, now)
    return left if count(HANDOUT_CODE, "", now=now) >= limit else None


def submission_and_handout_wait(*, commit=True):
    """`submission_wait` and `handout_code_wait` in one statement, for the API's submissions: the seconds this
    client must wait for either reason, else None.

    With `commit=False` the count stays in the request's transaction, for a submission about to be stored: the
    caller commits it with the response, or alone when this refuses (it never rolls it back)."""
    now = _now()
    sub_limit, _length = _limits(SUBMISSION)
    sub_start, sub_left = _window(SUBMISSION, now)
    code_limit, _length = _limits(HANDOUT_CODE)
    code_start, code_left = _window(HANDOUT_CODE, now)
    hits, guesses = _count_returning(SUBMISSION, "", sub_start, now, commit=commit,
                                     statement=_statement("upsert_with_handout_codes", _upsert_with_handout_codes),
                                     code_window_start=code_start)
    if (guesses or 0) >= code_limit:
        return code_left
    return sub_left if hits > sub_limit else None


TITLE = _l("Too many attempts")
DEFAULT_WAIT = 60  # seconds, for a refusal that does not say how long to wait


def too_many_attempts(seconds):
    """The one wording of every "too many attempts" refusal (429), web page or JSON, in the current locale."""
    minutes = max(1, math.ceil((seconds or DEFAULT_WAIT) / 60))
    return ngettext("Too many tries from this device. Please wait %(num)d minute and try again, or ask the "
                    "facilitator for help.",
                    "Too many tries from this device. Please wait %(num)d minutes and try again, or ask the "
                    "facilitator for help.", minutes)


def paused_page(language, seconds):
    """The refusal page, in the participant's language (without one, the page's): 429 with Retry-After, the
    same whatever was tried."""
    from .participants.shell import render_participant

    if language is None:
        return (render_participant("throttle/paused.html", title=TITLE, message=too_many_attempts(seconds)), 429,
                {"Retry-After": str(seconds)})
    with force_locale(_interface(language)):
        message = too_many_attempts(seconds)
    return (render_participant("throttle/paused.html", language, title=TITLE, message=message), 429,
            {"Retry-After": str(seconds)})


def paused_json(language, seconds):
    """The refusal for the JSON API: 429 with Retry-After and {"error": message}."""
    with force_locale(_interface(language)):
        body = jsonify({"error": too_many_attempts(seconds)})
    return body, 429, {"Retry-After": str(seconds)}


def _interface(language):
    from .participants.shell import interface_language

    return interface_language(language if isinstance(language, str) else "en")
