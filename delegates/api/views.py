"""API endpoints. Views stay thin: the work is in the domains' services."""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from werkzeug.exceptions import HTTPException

from delegates.api.auth import token_required
from delegates.api.errors import ApiError
from delegates.api.openapi import openapi_document
from delegates.api.serializers import participant_json
from delegates.extensions import csrf, db
from delegates.registration import services as registration
from delegates.registration.models import STATUSES

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer tokens, not cookies: no cross-site request can carry them

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    db.session.rollback()
    return error.response()


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    code = (error.name or "error").lower().replace(" ", "_")
    return jsonify(error=code, message=error.description or error.name), error.code


def _event(slug: str):
    event = registration.get_event(slug)
    if event is None:
        raise ApiError(404, "not_found", f"There is no event '{slug}'.")
    return event


def _positive_int(name: str, default: int, maximum: int | None = None) -> int:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ApiError(400, "invalid", f"'{name}' must be a whole number from 1.")
    value = int(raw)
    if maximum and value > maximum:
        raise ApiError(400, "invalid", f"'{name}' may be at most {maximum}.")
    return value


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.get("/events/<slug>/participants")
@token_required("registrar", "programme", "printer", "checkin", "protocol")
def list_participants(slug: str):
    event = _event(slug)
    status = request.args.get("status") or None
    if status and status not in STATUSES:
        raise ApiError(400, "invalid", f"'status' must be one of {', '.join(STATUSES)}.")
    page = _positive_int("page", 1)
    per_page = _positive_int("per_page", PAGE_SIZE, MAX_PAGE_SIZE)
    items, total = registration.search_participants(
        event, country=request.args.get("country") or None, category=request.args.get("category") or None,
        status=status, q=request.args.get("q") or None, page=page, per_page=per_page,
    )
    return jsonify(items=[participant_json(p) for p in items], total=total, page=page, per_page=per_page)


@bp.get("/events/<slug>/stats")
@token_required("registrar", "programme", "printer", "checkin", "protocol")
def stats(slug: str):
    event = _event(slug)
    figures = registration.event_figures(event)
    return jsonify(
        event=event.slug,
        participants=figures["total"],
        by_status=figures["by_status"],
        by_category={name: n for name, _colour, n in figures["by_category"]},
        by_region={(region or "other"): n for region, n in figures["by_region"]},
        member_countries=figures["members"],
        countries_represented=figures["represented"],
        ministers=figures["ministers"],
        observer_organisations=figures["observers"],
    )
