"""Error pages: translated, styled, with the right status, and never a stack trace.

Requests under `/api/` get JSON instead of a page.  Whatever a failing request
had written is rolled back before the error is shown.
"""
import logging

from flask import jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InternalError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from . import throttle
from .extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please check what you entered and try again.")),
    403: (_l("Not allowed"), _l("Your account is not allowed to open this page.")),
    404: (_l("Page not found"), _l("There is no page at this address. It may have been moved or deleted.")),
    405: (_l("Method not allowed"), _l("This page cannot be used this way. Please go back and use the buttons on the page.")),
    413: (_l("File too large"), _l("What you sent is larger than this server accepts.")),
    500: (_l("Something went wrong"), _l("An unexpected error happened on the server. Nothing you sent was saved. Please try again.")),
    503: (_l("The server is busy"), _l("The database cannot take what you sent just now. Nothing was saved. Please try again in a moment.")),
}
RETRY_AFTER = 5  # seconds, for a busy or read-only database
READ_ONLY_TRANSACTION = "25006"  # PostgreSQL's SQLSTATE for a write in a read-only transaction (a standby, a failover)
CSRF_MESSAGE = (_l("This form has expired"),
                _l("For your security, forms expire after a while. Go back, reload the page and send it again."))


def render_error(status, title, message):
    if request.path.startswith("/api/"):
        return jsonify({"error": str(title), "message": str(message)}), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def handle_http_error(error):
    db.session.rollback()
    status = error.code or 500
    if status == 429:  # the one wording of every refusal of too many attempts
        retry_after = getattr(error, "retry_after", None)
        seconds = retry_after if isinstance(retry_after, int) and retry_after > 0 else throttle.DEFAULT_WAIT
        body, code = render_error(429, throttle.TITLE, throttle.too_many_attempts(seconds))
        return body, code, {"Retry-After": str(seconds)}
    title, message = MESSAGES.get(status, (error.name, error.description))
    response = render_error(status, title, message)
    if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        body, code = response
        return body, code, {"Allow": ", ".join(error.valid_methods)}
    return response


def handle_csrf_error(error):
    db.session.rollback()
    return render_error(400, *CSRF_MESSAGE)


def handle_unexpected_error(error):
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    if database_unavailable(error):  # locked, read-only or unreachable: the request may be retried
        log.warning("database unavailable on %s %s: %s", request.method, request.path, error.orig)
        db.session.rollback()
        body, status = render_error(503, *MESSAGES[503])
        return body, status, {"Retry-After": str(RETRY_AFTER)}
    log.exception("unhandled error on %s %s", request.method, request.path)
    db.session.rollback()
    return render_error(500, *MESSAGES[500])


def database_unavailable(error):
    """Whether `error` says the database cannot take writes now (the request may be sent again), rather
    than that something is wrong with the request or the code."""
    if isinstance(error, OperationalError):
        return True
    return isinstance(error, InternalError) and getattr(error.orig, "sqlstate", None) == READ_ONLY_TRANSACTION


def init_app(app):
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected_error)
    app.register_error_handler(Exception, handle_unexpected_error)
