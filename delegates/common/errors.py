"""Error pages in the house layout, and JSON errors under /api."""
from __future__ import annotations

import logging
from typing import NoReturn

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable, default_exceptions

from delegates.common.logs import log_unhandled

log = logging.getLogger(__name__)

# SQLSTATE classes and codes that say the database cannot take writes (or any work) for now, not that the
# request was wrong: 08 connection, 53 insufficient resources (disk full), 57P admin shutdown,
# 25006 read-only transaction, 42501 privilege revoked
UNAVAILABLE_SQLSTATES = ("08", "53", "57P", "25006", "42501")
# what SQLite says when its file or disk cannot be written, or the write lock did not come in time
UNAVAILABLE_SQLITE = ("readonly database", "disk is full", "disk i/o error", "unable to open database file",
                      "database is locked")
RETRY_AFTER_SECONDS = 30

# The heading and the sentence of each error page, in the page's language (Werkzeug's names and descriptions
# are English): the errors a person can meet, whatever they did to meet them.
PAGES = {
    400: (_l("This request could not be understood"),
          _l("Something in what was sent was not right. If you were filling in a form, go back, reload the page "
             "and try again.")),
    401: (_l("Please sign in"), _l("This page is for signed-in organisers.")),
    403: (_l("You may not do this"),
          _l("Your account does not have the role this page needs. Ask an administrator if you should have it.")),
    404: (_l("Page not found"),
          _l("There is nothing at this address. Check the link, or start again from the list of events.")),
    405: (_l("This address does not take that request"),
          _l("This page cannot be used that way. Start again from the link or the form that leads to it.")),
    408: (_l("The request took too long"),
          _l("The connection was too slow to send everything in time. Please try again.")),
    410: (_l("This page is gone"), _l("What was at this address has been removed.")),
    413: (_l("What was sent is too large"),
          _l("What a form sends may be at most %(limit)d MB in all. Go back, choose a smaller file and send the "
             "form again: your browser keeps what you typed.")),
    415: (_l("This kind of content cannot be used here"),
          _l("What was sent is not in a form this page reads. Go back and send it again from the page.")),
    429: (_l("Too many attempts"),
          _l("Too many attempts from your address. Wait a few minutes, then try again.")),
    500: (_l("Something went wrong on our side"),
          _l("The error has been logged. Nothing you sent was saved half-way; please try again in a moment.")),
    503: (_l("Temporarily unavailable"), _l("The service cannot answer right now. Please try again in a moment.")),
}
OTHER = (_l("This request could not be completed"), _l("Please go back and try again."))
CSRF = (_l("The form had expired"),
        _l("For your safety, a form is only valid in the browser session that showed it. Go back, reload the page, "
           "and send the form again."))


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` means the database cannot be written right now (read-only, full, gone), so that the
    answer is 503 and the request can be tried again, not a 500 that calls for a fix."""
    if not isinstance(error, DBAPIError):
        return False
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith(UNAVAILABLE_SQLSTATES)
    message = str(error.orig).lower()
    return error.connection_invalidated or any(part in message for part in UNAVAILABLE_SQLITE)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def abort_saying(code: int, message: str) -> NoReturn:
    """Stop the request with ``code``, its page saying ``message`` (translated by the caller) in place of the
    code's usual sentence. A plain ``abort(code, description=...)`` is not shown: libraries write English
    descriptions (Flask-WTF's "The CSRF token is missing.") that a person should not read."""
    error = default_exceptions[code](description=message)
    error.for_people = True
    raise error


def upload_limit_mb() -> int:
    """The most a request's body may be (MAX_CONTENT_LENGTH), in whole megabytes, as the pages say it."""
    return (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024)


def page_text(error: HTTPException) -> tuple[str, str]:
    """The heading and the sentence of ``error``'s page: its code's, or the sentence given to abort_saying()."""
    heading, message = PAGES.get(error.code, OTHER)
    if getattr(error, "for_people", False):
        return heading, error.description
    if error.code == 413:
        return heading, message % {"limit": upload_limit_mb()}
    return heading, message


def error_page(error: HTTPException, heading: str, message: str):
    """The page for ``error`` in the house layout, with ``heading`` as its title."""
    return render_template("errors/error.html", error=error, heading=heading, message=message), error.code


def register_errorhandlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if wants_json():
            code = (error.name or "error").lower().replace(" ", "_")
            return jsonify(error=code, message=error.description or error.name), error.code
        return error_page(error, *page_text(error))

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        if wants_json():
            return jsonify(error="csrf", message=error.description), 400
        return error_page(error, *CSRF)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        # log the kind of failure, never the request's data
        # (the route pattern, not the path: paths can hold private tokens)
        rule = request.url_rule.rule if request.url_rule else "?"
        from delegates.extensions import db

        db.session.rollback()
        if database_unavailable(error):
            # the statement is not logged: it can hold personal data
            log.error("database unavailable (%s) on %s %s", type(getattr(error, "orig", error)).__name__,
                      request.method, rule)
            response = make_response(http_error(ServiceUnavailable()))
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        log_unhandled(log, error, f"{request.method} {rule}")
        return http_error(InternalServerError())
