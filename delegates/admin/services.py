"""Organiser accounts, API tokens and the audit log: plain functions that flush, never commit."""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from delegates.admin.models import ROLES, ApiToken, AuditEntry, Organiser, OrganiserRole, new_session_token
from delegates.common.database import utcnow
from delegates.common.exceptions import DomainError
from delegates.extensions import db
from delegates.registration.models import Event

# Compared against when the email is unknown, so that a wrong email costs as much time as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-password-of-anyone", method="scrypt")


class AccountError(DomainError):
    """An organiser account or token cannot be made as asked."""


def normalise_email(value: str) -> str:
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as e:
        raise AccountError(f"The email '{value}' is not valid: {e}") from None


def check_roles(roles: Iterable[str]) -> list[str]:
    roles = list(dict.fromkeys(roles))
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise AccountError(f"Unknown role {', '.join(unknown) or '(none)'}: choose from {', '.join(ROLES)}.")
    return roles


def check_password_strength(password: str, email: str = "") -> None:
    minimum = current_app.config.get("PASSWORD_MIN_LENGTH", 12)
    if len(password) < minimum:
        raise AccountError(f"The password is too short: use at least {minimum} characters.")
    if email and password.lower() == email.lower():
        raise AccountError("The password must not be the email address.")


def create_organiser(email: str, password: str, roles: Iterable[str], name: str | None = None,
                     by: Organiser | None = None) -> Organiser:
    email = normalise_email(email)
    roles = check_roles(roles)
    check_password_strength(password, email)
    if db.session.scalar(select(Organiser).where(Organiser.email == email)):
        raise AccountError(f"An organiser with the email {email} exists already.")
    organiser = Organiser(email=email, name=name, password_hash=generate_password_hash(password, method="scrypt"))
    organiser.role_rows = [OrganiserRole(role=r) for r in roles]
    db.session.add(organiser)
    db.session.flush()
    record("organiser.created", organiser=by, target=organiser, changes={"roles": [None, sorted(roles)]})
    return organiser


def authenticate(email: str, password: str) -> Organiser | None:
    """The active organiser with these credentials, or None (the same answer for either mistake)."""
    email = (email or "").strip().lower()
    organiser = db.session.scalar(select(Organiser).where(Organiser.email == email))
    if organiser is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(organiser.password_hash, password or "") or not organiser.is_active:
        return None
    organiser.last_login_at = utcnow()
    return organiser


def end_sessions(organiser: Organiser) -> None:
    """Log the organiser out everywhere: every login cookie issued so far stops working."""
    organiser.session_token = new_session_token()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(event: Event, role: str, name: str, by: Organiser | None = None) -> tuple[ApiToken, str]:
    """A new bearer token; returns the row and the token, which is never stored and never shown again."""
    check_roles([role])
    name = (name or "").strip()
    if not name:
        raise AccountError("Give the token a name that says which device or integration holds it.")
    token = "dlg_" + secrets.token_urlsafe(32)
    row = ApiToken(event=event, role=role, name=name[:120], token_hash=hash_token(token), prefix=token[:10],
                   created_by_id=by.id if by else None)
    db.session.add(row)
    db.session.flush()
    record("api_token.created", event=event, organiser=by, target=row, changes={"role": [None, role]})
    return row, token


def revoke_api_token(row: ApiToken, by: Organiser | None = None) -> bool:
    """Stop a token working from now on; False when it was revoked already."""
    if row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    record("api_token.revoked", event=row.event, organiser=by, target=row, changes={"revoked": [False, True]})
    return True


def record(kind: str, *, event: Event | None = None, organiser: Organiser | None = None,
           api_token: ApiToken | None = None, participant=None, target=None,
           changes: dict | None = None, note: str | None = None) -> AuditEntry:
    """Add an entry to the audit log: who changed what, with old and new values."""
    entry = AuditEntry(
        event_id=event.id if event is not None else getattr(target, "event_id", None),
        organiser_id=organiser.id if organiser is not None else None,
        api_token_id=api_token.id if api_token is not None else None,
        participant_id=participant.id if participant is not None else None,
        kind=kind,
        target_type=type(target).__tablename__ if target is not None else None,
        target_id=getattr(target, "id", None),
        changes=changes or {},
        note=note,
    )
    db.session.add(entry)
    return entry
