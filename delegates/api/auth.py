"""Bearer-token authentication for the API: a token acts for one event with one role."""
from __future__ import annotations

import functools
from collections.abc import Callable

from flask import g, request

from delegates.admin.models import ApiToken
from delegates.admin.services import find_api_token
from delegates.api.errors import ApiError
from delegates.common.database import utcnow


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def token_required(*roles: str) -> Callable:
    """Guard an API view: a valid, unrevoked token for the URL's event, with one of ``roles`` (admin passes).

    Reading (GET) also admits ``viewer`` tokens.
    """

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            token = bearer_token()
            if token is None:
                raise ApiError(401, "unauthorized", "Send an API token: Authorization: Bearer <token>.")
            row: ApiToken | None = find_api_token(token)
            if row is None:
                raise ApiError(401, "unauthorized", "This API token is unknown or has been revoked.")
            slug = kwargs.get("slug")
            if slug is not None and row.event.slug != slug:
                raise ApiError(403, "forbidden", f"This token is for the event '{row.event.slug}', not '{slug}'.")
            allowed = set(roles) | {"admin"}
            if request.method in {"GET", "HEAD"}:
                allowed.add("viewer")
            if row.role not in allowed:
                raise ApiError(403, "forbidden",
                               f"A token with the role '{row.role}' may not do this; it needs {' or '.join(roles)}.")
            row.last_used_at = utcnow()
            g.api_token = row
            return view(*args, **kwargs)

        guarded.required_roles = roles
        return guarded

    return decorate
