"""How the API shows the domain's objects."""
from __future__ import annotations

from delegates.registration.exports import delegation_code
from delegates.registration.models import Participant


def participant_json(p: Participant) -> dict:
    return {
        "id": p.id,
        "title": p.title,
        "given_name": p.given_name,
        "family_name": p.family_name,
        "badge_name": p.badge_name,
        "country": delegation_code(p.delegation),
        "delegation": p.delegation.name() if p.delegation else None,
        "category": p.category.name,
        "function": p.function,
        "organisation": p.organisation,
        "email": p.email,
        "status": p.status,
        "badge_number": p.badge_number,
        "created_at": p.created_at.isoformat(),
        "updated_at": p.updated_at.isoformat(),
    }
