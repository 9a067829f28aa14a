"""Error pages in the house layout, and JSON errors under /api."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

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


def register_errorhandlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if wants_json():
            code = (error.name or "error").lower().replace(" ", "_")
            return jsonify(error=code, message=error.description or error.name), error.code
        template = f"errors/{error.code}.html" if error.code in (400, 403, 404, 500, 503) else "errors/error.html"
        return render_template(template, error=error), error.code

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        if wants_json():
            return jsonify(error="csrf", message=error.description), 400
        return render_template("errors/csrf.html", error=error), 400

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
