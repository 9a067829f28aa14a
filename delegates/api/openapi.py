"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json."""
from __future__ import annotations

from delegates.programme.models import ASSIGNMENT_ROLES, SESSION_KINDS
from delegates.registration.models import STATUSES

ERROR = {"$ref": "#/components/schemas/Error"}
PARTICIPANT = {"$ref": "#/components/schemas/Participant"}
PARTICIPANT_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
ROW_FIELDS = {
    "title": "Mr, Ms, Dr, H.E. …", "given_name": "in any script", "family_name": "in any script",
    "badge_name": "as printed; the names when empty", "country": "ISO alpha-3 or alpha-2, an English name, "
    "or an observer organisation's acronym", "category": "a category name of the event", "function": "",
    "organisation": "", "email": "", "phone": "international format: +39 06 4686 1234",
    "languages": "preferred language, then interpretation channel: fr;en", "dietary": "none, vegetarian, vegan, "
    "gluten_free, halal, kosher, or other: text", "accessibility": "", "arrival": "YYYY-MM-DD HH:MM; FLIGHT; AIRPORT "
    "in the event's time zone", "departure": "as arrival", "hotel": "a hotel name of the event",
    "status": "submitted (default) or accredited",
}


def _error_responses(*codes: int) -> dict:
    meaning = {400: "The request is invalid; the message says which field.",
               401: "No token, or an unknown or revoked one.",
               403: "The token's role or event does not allow this.",
               404: "No such event or object."}
    return {str(c): {"description": meaning[c], "content": {"application/json": {"schema": ERROR}}} for c in codes}


def openapi_document() -> dict:
    slug = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"},
            "description": "The event's slug, e.g. ga81."}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Delegates API",
            "version": "1",
            "description": "For scanning devices and integrations. Authenticate with "
                           "`Authorization: Bearer <token>`, a token from `delegates tokens create`. "
                           "Errors are JSON {\"error\": code, \"message\": sentence} with a 4xx status.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/events/{slug}/participants": {
                "get": {
                    "summary": "List an event's participants, a page at a time",
                    "parameters": [
                        slug,
                        {"name": "country", "in": "query", "schema": {"type": "string"},
                         "description": "ISO alpha-3 or alpha-2 code, or an observer organisation's acronym"},
                        {"name": "category", "in": "query", "schema": {"type": "string"}},
                        {"name": "status", "in": "query", "schema": {"type": "string", "enum": list(STATUSES)}},
                        {"name": "q", "in": "query", "schema": {"type": "string"},
                         "description": "Part of a name, email or badge number"},
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                        {"name": "per_page", "in": "query",
                         "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
                    ],
                    "responses": {
                        "200": {"description": "One page of participants and the number that match",
                                "content": {"application/json": {"schema": {
                                    "type": "object", "required": ["items", "total"],
                                    "properties": {
                                        "items": {"type": "array",
                                                  "items": {"$ref": "#/components/schemas/Participant"}},
                                        "total": {"type": "integer"},
                                        "page": {"type": "integer"},
                                        "per_page": {"type": "integer"}}}}}},
                        **_error_responses(400, 401, 403, 404),
                    },
                },
                "post": {
                    "summary": "Register one person; the private link is mailed to them",
                    "parameters": [slug],
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/ParticipantRow"}}}},
                    "responses": {
                        "201": {"description": "Registered: the participant, its id and private token",
                                "content": {"application/json": {"schema": {"allOf": [
                                    PARTICIPANT,
                                    {"type": "object", "required": ["id", "token"],
                                     "properties": {"token": {"type": "string"}}}]}}}},
                        "409": {"description": "Already registered (the body names its id), the quota is reached",
                                "content": {"application/json": {"schema": ERROR}}},
                        **_error_responses(400, 401, 403, 404),
                    },
                },
            },
            "/api/v1/events/{slug}/participants/{id}": {
                "get": {
                    "summary": "One participant",
                    "parameters": [slug, PARTICIPANT_ID],
                    "responses": {
                        "200": {"description": "The participant",
                                "content": {"application/json": {"schema": PARTICIPANT}}},
                        **_error_responses(401, 403, 404),
                    },
                },
            },
            "/api/v1/events/{slug}/participants/{id}/accredit": {
                "post": {
                    "summary": "Accredit a participant (mails them)",
                    "parameters": [slug, PARTICIPANT_ID],
                    "responses": {
                        "200": {"description": "The participant, accredited",
                                "content": {"application/json": {"schema": PARTICIPANT}}},
                        "409": {"description": "A cancelled registration cannot be accredited",
                                "content": {"application/json": {"schema": ERROR}}},
                        **_error_responses(401, 403, 404),
                    },
                },
            },
            "/api/v1/events/{slug}/sessions": {
                "get": {
                    "summary": "The event's programme: every session with its seats",
                    "parameters": [slug],
                    "responses": {
                        "200": {"description": "The sessions in time order",
                                "content": {"application/json": {"schema": {
                                    "type": "object", "required": ["items"],
                                    "properties": {"items": {"type": "array", "items": {
                                        "$ref": "#/components/schemas/Session"}}}}}}},
                        **_error_responses(401, 403, 404),
                    },
                },
            },
            "/api/v1/events/{slug}/sessions/{id}/assignments": {
                "post": {
                    "summary": "Give a participant a seat in a session (never beyond its capacity)",
                    "parameters": [slug, {"name": "id", "in": "path", "required": True,
                                          "schema": {"type": "integer"}, "description": "The session's id"}],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {
                        "type": "object", "required": ["participant_id"],
                        "properties": {
                            "participant_id": {"type": "integer"},
                            "role": {"type": "string", "enum": list(ASSIGNMENT_ROLES), "default": "attendee"},
                            "override_reason": {"type": "string", "description": "Allows an overlap with "
                                                "another of the person's sessions, on the record"},
                            "waitlist": {"type": "boolean", "default": False,
                                         "description": "When the session is full, join the waiting list "
                                                        "(201 with status waitlisted) instead of 409 full"}}}}}},
                    "responses": {
                        "201": {"description": "Assigned (or waitlisted)",
                                "content": {"application/json": {"schema": {
                                    "type": "object",
                                    "properties": {"id": {"type": "integer"}, "session_id": {"type": "integer"},
                                                   "participant_id": {"type": "integer"},
                                                   "role": {"type": "string"},
                                                   "status": {"type": "string", "enum": ["confirmed", "waitlisted"]},
                                                   "assigned": {"type": "integer"},
                                                   "capacity": {"type": "integer"}}}}}},
                        "409": {"description": "error `full` (no seat left), `conflict` (the person holds an "
                                               "overlapping session) or `already`",
                                "content": {"application/json": {"schema": ERROR}}},
                        **_error_responses(400, 401, 404),
                        "403": {"description": "The token may not assign, or error `restricted`: the person's "
                                               "category may not attend this session",
                                "content": {"application/json": {"schema": ERROR}}},
                    },
                },
            },
            "/api/v1/events/{slug}/scans": {
                "post": {
                    "summary": "Read a badge at the venue entrance or a session's door (token role checkin)",
                    "description": "A second scan of the same badge at the same place within the repeat window "
                                   "(10 minutes by default) answers `already` with the first scan's time, and "
                                   "records no new attendance. A retry with the same `idempotency_key` returns "
                                   "the first answer and records nothing.",
                    "parameters": [slug],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {
                        "type": "object", "required": ["code"],
                        "properties": {
                            "code": {"type": "string", "description": "what the badge's QR code holds, or a "
                                                                      "badge number typed by staff"},
                            "place": {"type": "string", "default": "entrance",
                                      "description": '"entrance" or "session:<id>"'},
                            "idempotency_key": {"type": "string", "maxLength": 80,
                                                "description": "the same for a device's retries of one reading"},
                        }}}}},
                    "responses": {
                        "200": {"description": "The answer (never a 5xx for a code that is not ours)",
                                "content": {"application/json": {"schema": {
                                    "type": "object", "required": ["result", "reason", "participant"],
                                    "properties": {
                                        "result": {"type": "string", "enum": ["admitted", "already", "refused"]},
                                        "reason": {"type": "string", "enum": ["", "unknown", "forged", "reissued",
                                                                              "not_accredited", "cancelled",
                                                                              "not_allowed", "other_event"]},
                                        "message": {"type": "string", "description": "the reason, as a sentence"},
                                        "first_scan_at": {"type": ["string", "null"], "format": "date-time"},
                                        "participant": {"type": ["object", "null"], "properties": {
                                            "id": {"type": "integer"}, "badge_name": {"type": "string"},
                                            "delegation": {"type": ["string", "null"]},
                                            "country": {"type": ["string", "null"]},
                                            "category": {"type": "string"},
                                            "badge_number": {"type": ["integer", "null"]},
                                            "photo_url": {"type": "string", "description": "only with a photo"},
                                        }},
                                    }}}}},
                        **_error_responses(400, 401, 403, 404),
                    },
                },
            },
            "/api/v1/events/{slug}/participants/{id}/photo": {
                "get": {
                    "summary": "A participant's photo (JPEG), as a door device shows it",
                    "parameters": [slug, PARTICIPANT_ID],
                    "responses": {"200": {"description": "The photo", "content": {"image/jpeg": {}}},
                                  **_error_responses(401, 403, 404)},
                },
            },
            "/api/v1/events/{slug}/declarations": {
                "get": {
                    "summary": "The event's declarations with their number of signatures (token role protocol)",
                    "parameters": [slug],
                    "responses": {
                        "200": {"description": "The declarations",
                                "content": {"application/json": {"schema": {
                                    "type": "object", "required": ["items"],
                                    "properties": {"items": {"type": "array", "items": {
                                        "type": "object", "required": ["id", "title", "signatures"],
                                        "properties": {
                                            "id": {"type": "integer"}, "code": {"type": "string"},
                                            "title": {"type": "string"}, "signatures": {"type": "integer"},
                                            "current_version": {"type": "integer"},
                                            "state": {"type": "string",
                                                      "enum": ["not_scheduled", "not_open", "open", "closed"]},
                                            "opens_at": {"type": ["string", "null"], "format": "date-time"},
                                            "closes_at": {"type": ["string", "null"], "format": "date-time"},
                                        }}}}}}}},
                        **_error_responses(401, 403, 404),
                    },
                },
            },
            "/api/v1/events/{slug}/declarations/{id}/signatures": {
                "post": {
                    "summary": "Record a country's signature, by its minister or head of delegation (once per country)",
                    "parameters": [slug, {"name": "id", "in": "path", "required": True,
                                          "schema": {"type": "integer"}, "description": "The declaration's id"}],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {
                        "type": "object", "required": ["country", "participant_id"],
                        "properties": {
                            "country": {"type": "string", "description": "ISO alpha-3 code, e.g. ESP"},
                            "participant_id": {"type": "integer", "description": "an accredited minister or head "
                                               "of delegation of that country's delegation"},
                            "method": {"type": "string", "enum": ["in_person", "letter"], "default": "in_person"},
                            "letter_date": {"type": "string", "format": "date",
                                            "description": "the note verbale's date; required for a letter"},
                            "letter_reference": {"type": "string", "maxLength": 120},
                            "note": {"type": "string"}}}}}},
                    "responses": {
                        "201": {"description": "Recorded",
                                "content": {"application/json": {"schema": {
                                    "type": "object",
                                    "properties": {"id": {"type": "integer"}, "declaration_id": {"type": "integer"},
                                                   "country": {"type": "string"},
                                                   "participant_id": {"type": "integer"},
                                                   "method": {"type": "string"},
                                                   "signed_at": {"type": "string", "format": "date-time"},
                                                   "letter_date": {"type": ["string", "null"], "format": "date"},
                                                   "letter_reference": {"type": ["string", "null"]},
                                                   "declaration_version": {"type": "integer"}}}}}},
                        "409": {"description": "error `already_signed` (the country signed; a correction is made "
                                               "by an organiser), `not_open` or `closed`",
                                "content": {"application/json": {"schema": ERROR}}},
                        "422": {"description": "error `not_signatory` (not an accredited minister or head of that "
                                               "country's delegation, or no such participant) or `unknown_country`",
                                "content": {"application/json": {"schema": ERROR}}},
                        **_error_responses(400, 401, 403, 404),
                    },
                },
            },
            "/api/v1/events/{slug}/stats": {
                "get": {
                    "summary": "The event's headline figures",
                    "parameters": [slug],
                    "responses": {
                        "200": {"description": "Counts by status, category and region",
                                "content": {"application/json": {"schema": {"type": "object"}}}},
                        **_error_responses(401, 403, 404),
                    },
                },
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error", "message"],
                          "properties": {"error": {"type": "string"}, "message": {"type": "string"}}},
                "ParticipantRow": {
                    "type": "object",
                    "description": "The participants file's columns. Required: country, category, email, and "
                                   "given_name or family_name.",
                    "required": ["country", "category", "email"],
                    "additionalProperties": False,
                    "properties": {name: {"type": "string", "description": text} | ({} if text else {})
                                   for name, text in ROW_FIELDS.items()},
                },
                "Session": {
                    "type": "object",
                    "required": ["id", "title", "kind", "room", "starts_at", "ends_at", "capacity", "assigned"],
                    "properties": {
                        "id": {"type": "integer"},
                        "code": {"type": ["string", "null"]},
                        "title": {"type": "string"},
                        "kind": {"type": "string", "enum": list(SESSION_KINDS)},
                        "room": {"type": ["string", "null"]},
                        "starts_at": {"type": "string", "format": "date-time"},
                        "ends_at": {"type": "string", "format": "date-time"},
                        "capacity": {"type": "integer"},
                        "assigned": {"type": "integer", "description": "seats taken"},
                    },
                },
                "Participant": {
                    "type": "object",
                    "required": ["id", "given_name", "family_name", "country", "category", "email", "status"],
                    "properties": {
                        "id": {"type": "integer"},
                        "title": {"type": ["string", "null"]},
                        "given_name": {"type": ["string", "null"]},
                        "family_name": {"type": ["string", "null"]},
                        "badge_name": {"type": "string"},
                        "country": {"type": "string", "description": "alpha-3 code or observer acronym"},
                        "delegation": {"type": ["string", "null"]},
                        "category": {"type": "string"},
                        "function": {"type": ["string", "null"]},
                        "organisation": {"type": ["string", "null"]},
                        "email": {"type": "string"},
                        "status": {"type": "string", "enum": list(STATUSES)},
                        "badge_number": {"type": ["integer", "null"]},
                        "created_at": {"type": "string", "format": "date-time"},
                        "updated_at": {"type": "string", "format": "date-time"},
                    },
                },
            },
        },
    }
