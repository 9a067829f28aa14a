"""Error pages in the house layout, and JSON errors under /api."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


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
        log.exception("unhandled %s on %s %s", type(error).__name__, request.method, rule)
        from delegates.extensions import db

        db.session.rollback()
        return http_error(InternalServerError())
