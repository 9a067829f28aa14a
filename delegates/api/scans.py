"""The scan API: a device (a token with the role checkin) reads a badge at a door."""
from __future__ import annotations

from flask import g, jsonify, request, url_for

from delegates.api.auth import token_required
from delegates.api.errors import ApiError
from delegates.api.views import _event, bp
from delegates.checkin import services as checkin
from delegates.common import database
from delegates.extensions import db
from delegates.registration import photos
from delegates.registration.models import Participant


@bp.post("/events/<slug>/scans")
@token_required("checkin", read_first=True)
def create_scan(slug: str):
    """Read a badge at the entrance or a session's door: 200 admitted / already / refused."""
    event = g.api_token.event  # token_required checked that it is the URL's event, and read its id, slug and zone
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid", 'Send a JSON object: {"code": "...", "place": "entrance"}.')
    code, place, key = body.get("code"), body.get("place", checkin.ENTRANCE), body.get("idempotency_key")
    if not isinstance(code, str | int) or isinstance(code, bool):
        raise ApiError(400, "invalid", "'code' must be the text of the badge's QR code, or a badge number.")
    if not isinstance(place, str):
        raise ApiError(400, "invalid_place", 'The place must be "entrance" or "session:<id>".')
    if key is not None and not isinstance(key, str):
        raise ApiError(400, "invalid", "'idempotency_key' must be a string (at most 80 characters).")
    # Many doors write at once: the write lock (SQLite) is held only to decide and record, not to read.
    # The badge is read in the read transaction that looked the token up (read_first), which ends here.
    reading = checkin.read_badge(event, str(code), place, idempotency_key=key)
    database.start_writing(db.session())
    answer = checkin.record(reading, device=g.api_token)
    db.session.commit()
    database.write_intent.set(False)
    photo = None
    if answer.participant is not None:
        photo = url_for("api.scan_photo", slug=event.slug, participant_id=answer.participant.id)
    return jsonify(checkin.answer_json(answer, photo_url=photo))


@bp.get("/events/<slug>/participants/<int:participant_id>/photo")
@token_required("checkin", "registrar", "protocol")
def scan_photo(slug: str, participant_id: int):
    """The participant's photo (JPEG), for the device that shows who holds the badge; 404 without one."""
    event = _event(slug)
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.event_id != event.id:
        raise ApiError(404, "not_found", f"There is no participant {participant_id} at '{event.slug}'.")
    if not participant.photo_filename:
        raise ApiError(404, "not_found", "This participant has no photo.")
    return photos.send_photo(participant)
