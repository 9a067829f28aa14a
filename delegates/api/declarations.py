"""The declaration's API: list the declarations with their signature counts; record a country's signature."""
from __future__ import annotations

from datetime import date

from flask import g, jsonify, request

from delegates.api.auth import token_required
from delegates.api.errors import ApiError
from delegates.api.views import _event, bp
from delegates.declaration import services as declarations
from delegates.declaration.models import SIGNATURE_METHODS, Declaration, Signature
from delegates.extensions import db


def signature_json(signature: Signature) -> dict:
    return {"id": signature.id, "declaration_id": signature.declaration_id, "country": signature.country_code,
            "participant_id": signature.signatory_id, "method": signature.method,
            "signed_at": signature.signed_at.isoformat(),
            "letter_date": signature.letter_date.isoformat() if signature.letter_date else None,
            "letter_reference": signature.letter_reference, "declaration_version": signature.declaration_version}


@bp.get("/events/<slug>/declarations")
@token_required("protocol")
def list_declarations(slug: str):
    event = _event(slug)
    counts = declarations.signature_counts(event)
    return jsonify(items=[{"id": d.id, "code": d.code, "title": d.title, "current_version": d.current_version,
                           "state": declarations.state(d),
                           "opens_at": d.opens_at.isoformat() if d.opens_at else None,
                           "closes_at": d.closes_at.isoformat() if d.closes_at else None,
                           "signatures": counts.get(d.id, 0)}
                          for d in declarations.declarations_of(event)])


def _letter_date(body: dict) -> date | None:
    raw = body.get("letter_date")
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        pass
    raise ApiError(400, "invalid", "'letter_date' must be a date: YYYY-MM-DD.", field="letter_date")


@bp.post("/events/<slug>/declarations/<int:declaration_id>/signatures")
@token_required("protocol")
def create_signature(slug: str, declaration_id: int):
    """201 with the signature; 409 ``already_signed`` / ``not_open`` / ``closed``; 422 ``not_signatory``."""
    event = _event(slug)
    declaration = db.session.get(Declaration, declaration_id)
    if declaration is None or declaration.event_id != event.id:
        raise ApiError(404, "not_found", f"There is no declaration {declaration_id} at '{event.slug}'.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid", 'Send a JSON object: {"country": "ESP", "participant_id": N, '
                                       '"method": "in_person"}.')
    country, participant_id = body.get("country"), body.get("participant_id")
    method = body.get("method", "in_person")
    if not isinstance(country, str) or not country.strip():
        raise ApiError(400, "invalid", "'country' must be the country's ISO alpha-3 code.", field="country")
    if not isinstance(participant_id, int) or isinstance(participant_id, bool):
        raise ApiError(400, "invalid", "'participant_id' must be a participant's id (a whole number).",
                       field="participant_id")
    if method not in SIGNATURE_METHODS:
        raise ApiError(400, "invalid", f"'method' must be one of {', '.join(SIGNATURE_METHODS)}.", field="method")
    reference = body.get("letter_reference")
    if reference is not None and not isinstance(reference, str):
        raise ApiError(400, "invalid", "'letter_reference' must be text.", field="letter_reference")
    data = declarations.SignatureData(country=country, participant_id=participant_id, method=method,
                                      letter_date=_letter_date(body), letter_reference=reference,
                                      note=body.get("note") if isinstance(body.get("note"), str) else None)
    signature = declarations.sign(declaration, data, api_token=g.api_token)
    db.session.commit()
    return jsonify(signature_json(signature)), 201
