"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json."""
from __future__ import annotations

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
