"""API endpoints. Views stay thin: the work is in the domains' services."""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request
from werkzeug.exceptions import HTTPException

from delegates.api.auth import token_required
from delegates.api.errors import ApiError
from delegates.api.openapi import openapi_document
from delegates.api.serializers import participant_json
from delegates.common.exceptions import DomainError
from delegates.common.urls import MAX_ID
from delegates.extensions import csrf, db
from delegates.programme import assignments
from delegates.programme import services as programme
from delegates.programme.models import ASSIGNMENT_ROLES, ConferenceSession
from delegates.registration import notifications, participants
from delegates.registration import services as registration
from delegates.registration.models import STATUSES, Participant
from delegates.registration.participants import Actor, AlreadyRegistered
from delegates.registration.rows import registration_from_row, unknown_columns

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer tokens, not cookies: no cross-site request can carry them

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    db.session.rollback()
    return error.response()


@bp.errorhandler(DomainError)
def domain_error(error: DomainError):
    db.session.rollback()
    body = {"error": error.code, "message": error.message}
    if error.field:
        body["field"] = error.field
    if isinstance(error, AlreadyRegistered):
        body["id"] = error.participant.id
    return jsonify(body), error.status if error.status >= 400 else 400


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
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:  # isdigit alone takes '²', which int() refuses
        raise ApiError(400, "invalid", f"'{name}' must be a whole number from 1.")
    value = int(raw)
    maximum = maximum or MAX_ID  # beyond it, no page exists (and the database could not count that far)
    if value > maximum:
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


def _participant(event, participant_id: int) -> Participant:
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.event_id != event.id:
        raise ApiError(404, "not_found", f"There is no participant {participant_id} at '{event.slug}'.")
    return participant


@bp.post("/events/<slug>/participants")
@token_required("registrar")
def create_participant(slug: str):
    """Register one person from the participants file's columns; 201 with the id and the private token."""
    event = _event(slug)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid", "Send a JSON object with the participants file's columns as keys.")
    unknown = unknown_columns(body.keys())
    if unknown:
        raise ApiError(400, "invalid", f"Unknown field(s): {', '.join(sorted(unknown))}.")
    if any(value is not None and not isinstance(value, str | int | float) for value in body.values()):
        raise ApiError(400, "invalid", "Every field's value must be a string.")
    data = registration_from_row(body, event.tz)
    participant, token = participants.register(event, data, via="api", public=False,
                                               actor=Actor.of(api_token=g.api_token))
    db.session.commit()
    notifications.mail_private_link(participant, token)
    return jsonify(participant_json(participant) | {"token": token}), 201


@bp.get("/events/<slug>/participants/<int:participant_id>")
@token_required("registrar", "programme", "printer", "checkin", "protocol")
def get_participant(slug: str, participant_id: int):
    event = _event(slug)
    return jsonify(participant_json(_participant(event, participant_id)))


@bp.post("/events/<slug>/participants/<int:participant_id>/accredit")
@token_required("registrar")
def accredit_participant(slug: str, participant_id: int):
    event = _event(slug)
    participant = _participant(event, participant_id)
    was = participant.status
    participants.accredit(participant, actor=Actor.of(api_token=g.api_token))
    db.session.commit()
    if was != "accredited":
        notifications.mail_accredited(participant)
    return jsonify(participant_json(participant))


# -- the programme --------------------------------------------------------------------------------------------

def _session_json(session) -> dict:
    return {"id": session.id, "code": session.code, "title": session.title, "kind": session.kind,
            "room": session.room.name if session.room else None, "starts_at": session.starts_at.isoformat(),
            "ends_at": session.ends_at.isoformat(), "capacity": session.capacity, "assigned": session.assigned}


@bp.get("/events/<slug>/sessions")
@token_required("registrar", "programme", "printer", "checkin", "protocol")
def list_sessions(slug: str):
    event = _event(slug)
    return jsonify(items=[_session_json(s) for s in programme.sessions_of(event)])


@bp.post("/events/<slug>/sessions/<int:session_id>/assignments")
@token_required("programme")
def create_assignment(slug: str, session_id: int):
    """Give a participant a seat: 201, or 409 ``full`` / ``conflict``, 403 ``restricted``."""
    event = _event(slug)
    session = db.session.get(ConferenceSession, session_id)
    if session is None or session.event_id != event.id:
        raise ApiError(404, "not_found", f"There is no session {session_id} at '{event.slug}'.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid", 'Send a JSON object: {"participant_id": N, "role": "attendee"}.')
    participant_id, role = body.get("participant_id"), body.get("role", "attendee")
    if not isinstance(participant_id, int) or isinstance(participant_id, bool):
        raise ApiError(400, "invalid", "'participant_id' must be a participant's id (a whole number).")
    if role not in ASSIGNMENT_ROLES:
        raise ApiError(400, "invalid", f"'role' must be one of {', '.join(ASSIGNMENT_ROLES)}.")
    reason = body.get("override_reason")
    if reason is not None and not isinstance(reason, str):
        raise ApiError(400, "invalid", "'override_reason' must be a sentence.")
    participant = _participant(event, participant_id)
    assignment = assignments.assign(participant, session, role, by=assignments.By(api_token=g.api_token),
                                    override_reason=reason, waitlist=body.get("waitlist") is True)
    db.session.commit()
    return jsonify(id=assignment.id, session_id=session.id, participant_id=participant.id, role=assignment.role,
                   status=assignment.status, assigned=session.assigned, capacity=session.capacity), 201

from delegates.api import declarations, scans  # noqa: E402,F401  (their routes attach to bp)
